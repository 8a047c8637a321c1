/**
 * The questions a backup asks of a database, as plain SQL text: they run on the application's connection
 * (PGlite) or on the connection that holds pg_dump's snapshot open (PostgreSQL).
 */
export type Query = <T>(text: string) => Promise<T[]>;

/** Every table outside the system schemas, as a quoted, schema-qualified name. */
export async function listTables(query: Query): Promise<string[]> {
  const found = await query<{ name: string }>(
    `select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
       and n.nspname not like 'pg\\_%'
     order by 1`,
  );
  return found.map((r) => r.name);
}

/** The number of rows in each table. */
export async function countRows(query: Query, tables: string[]): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < tables.length; i += 50) {
    const part = tables.slice(i, i + 50);
    const found = await query<{ t: string; n: number | string }>(
      part.map((t) => `select '${t.replace(/'/g, "''")}' as t, count(*) as n from ${t}`).join(' union all '),
    );
    for (const r of found) counts[r.t] = Number(r.n);
  }
  return counts;
}

/** When the newest migration applied was written (drizzle's record), or null before any. */
export async function lastMigrationAt(query: Query): Promise<number | null> {
  const [exists] = await query<{ t: string | null }>(
    `select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  );
  if (!exists?.t) return null;
  const [row] = await query<{ at: string | number | null }>(
    'select max(created_at) as at from drizzle.__drizzle_migrations',
  );
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/** Each audit chain's head, to compare after a restore. */
export async function auditHeads(query: Query): Promise<{ orgId: string; seq: number; hash: string }[]> {
  const [exists] = await query<{ t: string | null }>(`select to_regclass('public.audit_heads')::text as t`);
  if (!exists?.t) return [];
  const found = await query<{ org_id: string; seq: number | string; hash: string }>(
    'select org_id, seq, hash from audit_heads order by org_id',
  );
  return found.map((r) => ({ orgId: r.org_id, seq: Number(r.seq), hash: r.hash }));
}

/** Whether a database holds no tables of its own (a restore goes only into an empty one). */
export async function isEmpty(query: Query): Promise<boolean> {
  return (await listTables(query)).length === 0;
}
