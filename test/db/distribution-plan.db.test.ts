// The rules the Citus distribution plan relies on (decision 073), checked against the migrated schema: every
// table placed once; every distributed table keyed by organisation, in its unique keys and in the foreign
// keys between distributed tables; nothing outside them pointing into them.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COORDINATOR_TABLES, REFERENCE_TABLES, UNIQUE_KEYS_TO_REPLACE } from '../../src/distribution.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const placedElsewhere = new Set<string>([...REFERENCE_TABLES, ...COORDINATOR_TABLES]);

async function tables() {
  return checkedRows(
    t.database.system,
    z.object({ name: z.string(), orgId: z.boolean(), orgIdNotNull: z.boolean() }),
    sql`select c.relname as name,
          exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id'
                  and not a.attisdropped) as "orgId",
          exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'org_id'
                  and a.attnotnull) as "orgIdNotNull"
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname not like '\\_\\_%'
        order by 1`,
  );
}

describe('the Citus distribution plan', () => {
  it('places every table once, and distributes by organisation only tables that carry it', async () => {
    const all = await tables();
    const names = new Set(all.map((r) => r.name));
    for (const placed of placedElsewhere) expect(names.has(placed), `${placed} is a table`).toBe(true);
    expect(REFERENCE_TABLES.filter((n) => (COORDINATOR_TABLES as readonly string[]).includes(n))).toEqual([]);
    const distributed = all.filter((r) => !placedElsewhere.has(r.name));
    expect(distributed.length).toBeGreaterThan(50);
    // A distributed table without an organisation is a new table nobody placed: place it in src/distribution.ts.
    expect(distributed.filter((r) => !r.orgIdNotNull).map((r) => r.name)).toEqual([]);
  });

  it('keys every distributed table’s unique indexes by organisation, but for the keys the plan replaces', async () => {
    const rows = await checkedRows(
      t.database.system,
      z.object({ table: z.string(), index: z.string() }),
      sql`select c.relname as "table", ic.relname as "index"
          from pg_index i
          join pg_class c on c.oid = i.indrelid
          join pg_class ic on ic.oid = i.indexrelid
          join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and i.indisunique
            and not exists (select 1 from unnest(i.indkey) k
                            join pg_attribute a on a.attrelid = c.oid and a.attnum = k
                            where a.attname = 'org_id')
          order by 2`,
    );
    const broken = rows.filter((r) => !placedElsewhere.has(r.table)).map((r) => r.index);
    expect(broken).toEqual(Object.keys(UNIQUE_KEYS_TO_REPLACE).sort());
  });

  it('joins distributed tables by organisation in every foreign key, and points nothing else into them', async () => {
    const keys = await checkedRows(
      t.database.system,
      z.object({
        name: z.string(),
        from: z.string(),
        to: z.string(),
        pairs: z.array(z.string()),
      }),
      sql`select con.conname as name, c.relname as "from", r.relname as "to",
            array(select fa.attname || '=' || ra.attname
                  from unnest(con.conkey, con.confkey) as k(f, r)
                  join pg_attribute fa on fa.attrelid = con.conrelid and fa.attnum = k.f
                  join pg_attribute ra on ra.attrelid = con.confrelid and ra.attnum = k.r) as pairs
          from pg_constraint con
          join pg_class c on c.oid = con.conrelid
          join pg_class r on r.oid = con.confrelid
          where con.contype = 'f' and con.connamespace = 'public'::regnamespace
          order by 1`,
    );
    const isDistributed = (name: string) => !placedElsewhere.has(name);
    const between = keys.filter((k) => isDistributed(k.from) && isDistributed(k.to));
    expect(between.length).toBeGreaterThan(20);
    expect(between.filter((k) => !k.pairs.includes('org_id=org_id')).map((k) => k.name)).toEqual([]);
    // A reference or coordinator table cannot point into a distributed one (Citus refuses it).
    expect(keys.filter((k) => !isDistributed(k.from) && isDistributed(k.to)).map((k) => k.name)).toEqual([]);
  });
});
