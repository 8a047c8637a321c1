import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { z } from 'zod';
import { APP_ROLE, checkedRows, type Db } from '../db/client.js';

const regclass = z.object({ t: z.string().nullable() });

/**
 * The questions a backup asks of a database, as plain SQL text with the row schema its answer is checked
 * against: they run on the application's connection (PGlite) or on the connection that holds pg_dump's
 * snapshot open (PostgreSQL).
 */
export type Query = <S extends z.ZodType>(schema: S, text: string) => Promise<z.output<S>[]>;

/** Questions asked through an open database. */
export const queryOf =
  (db: Db): Query =>
  (schema, text) =>
    checkedRows(db, schema, sql.raw(text));

/** Questions asked through a plain pg client (the one holding the snapshot). */
export const clientQuery =
  (client: pg.ClientBase): Query =>
  async (schema, text) =>
    (await client.query(text)).rows.map((row) => schema.parse(row));

/** Creates the application role unless the server has it: roles belong to the server, not the database. */
export async function ensureAppRole(db: Db) {
  await db.execute(
    sql.raw(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
      END $$`),
  );
}

/** The snapshot pg_dump is to read, exported by the transaction on `client`. */
export async function exportSnapshot(client: pg.ClientBase): Promise<string> {
  const [row] = await clientQuery(client)(
    z.object({ snapshot: z.string() }),
    'select pg_export_snapshot() as snapshot',
  );
  return row!.snapshot;
}

/** Every table outside the system schemas, as a quoted, schema-qualified name. */
export async function listTables(query: Query): Promise<string[]> {
  const found = await query(
    z.object({ name: z.string() }),
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
    const found = await query(
      z.object({ t: z.string(), n: z.union([z.number(), z.string()]) }),
      part.map((t) => `select '${t.replace(/'/g, "''")}' as t, count(*) as n from ${t}`).join(' union all '),
    );
    for (const r of found) counts[r.t] = Number(r.n);
  }
  return counts;
}

/** When the newest migration applied was written (drizzle's record), or null before any. */
export async function lastMigrationAt(query: Query): Promise<number | null> {
  const [exists] = await query(regclass, `select to_regclass('drizzle.__drizzle_migrations')::text as t`);
  if (!exists?.t) return null;
  const [row] = await query(
    z.object({ at: z.union([z.string(), z.number()]).nullable() }),
    'select max(created_at) as at from drizzle.__drizzle_migrations',
  );
  return row?.at === null || row?.at === undefined ? null : Number(row.at);
}

/** Each audit chain's head, to compare after a restore. */
export async function auditHeads(query: Query): Promise<{ orgId: string; seq: number; hash: string }[]> {
  const [exists] = await query(regclass, `select to_regclass('public.audit_heads')::text as t`);
  if (!exists?.t) return [];
  const found = await query(
    z.object({ org_id: z.string(), seq: z.union([z.number(), z.string()]), hash: z.string() }),
    'select org_id, seq, hash from audit_heads order by org_id',
  );
  return found.map((r) => ({ orgId: r.org_id, seq: Number(r.seq), hash: r.hash }));
}

/** Whether a database holds no tables of its own (a restore goes only into an empty one). */
export async function isEmpty(query: Query): Promise<boolean> {
  return (await listTables(query)).length === 0;
}
