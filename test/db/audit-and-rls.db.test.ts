import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../src/platform/db/client.js';
import { withReadScope, withScope } from '../../src/platform/db/scope.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('row-level security', () => {
  it('is on, with a policy, for every table that carries an organisation id', async () => {
    const tables = await checkedRows(
      t.database.system,
      z.object({ table: z.string(), rls: z.boolean(), policies: z.number() }),
      sql`select c.relname as "table", c.relrowsecurity as rls,
                 (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname in ('org_id', 'home_org_id') and not a.attisdropped)
          order by 1`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(10);
    expect(tables.filter((r) => !r.rls || r.policies === 0).map((r) => r.table)).toEqual([]);
  });

  it('runs request work as a role that owns nothing, and hides rows outside the scope even without a filter', async () => {
    const a = await t.org();
    const b = await t.org();
    await t.database.system.execute(
      sql`insert into service_areas (org_id, county, starts_on) values (${a.id}, 'Suffolk', '2024-01-01'), (${b.id}, 'Essex', '2024-01-01')`,
    );
    const seen = await withScope(t.database, { orgIds: [a.id] }, (tx) =>
      checkedRows(
        tx,
        z.object({ org_id: z.string(), owner: z.boolean() }),
        sql`select org_id, (select relowner = (select oid from pg_roles where rolname = current_user) from pg_class where relname = 'service_areas') as owner from service_areas`,
      ),
    );
    expect(seen.map((r) => r.org_id)).toEqual([a.id]);
    expect(seen[0]!.owner).toBe(false);
    const write = withScope(t.database, { orgIds: [a.id] }, (tx) =>
      tx.execute(
        sql`insert into service_areas (org_id, county, starts_on) values (${b.id}, 'Dukes', '2024-01-01')`,
      ),
    );
    await expect(write).rejects.toThrow();
  });

  it('gives each read its own scope, whatever the pooled connection was last used for', async () => {
    const a = await t.org();
    const b = await t.org();
    await t.database.system.execute(
      sql`insert into service_areas (org_id, county, starts_on) values (${a.id}, 'Suffolk', '2024-01-01'), (${b.id}, 'Essex', '2024-01-01')`,
    );
    const orgsSeen = (db: Db) =>
      checkedRows(
        db,
        z.object({ org_id: z.string() }),
        sql`select org_id from service_areas where org_id in (${a.id}, ${b.id}) order by county`,
      ).then((r) => r.map((x) => x.org_id));
    // Reads and transactions alternate between the two scopes, one at a time and side by side.
    expect(await withReadScope(t.database, { orgIds: [a.id] }, orgsSeen)).toEqual([a.id]);
    expect(await withReadScope(t.database, { orgIds: [b.id] }, orgsSeen)).toEqual([b.id]);
    expect(await withScope(t.database, { orgIds: [a.id] }, orgsSeen)).toEqual([a.id]);
    expect(await withReadScope(t.database, { orgIds: [b.id] }, orgsSeen)).toEqual([b.id]);
    expect(await withReadScope(t.database, { orgIds: [a.id, b.id] }, orgsSeen)).toEqual([b.id, a.id]);
    const side = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        withReadScope(t.database, { orgIds: [i % 2 ? a.id : b.id] }, orgsSeen),
      ),
    );
    expect(side).toEqual(Array.from({ length: 12 }, (_, i) => [i % 2 ? a.id : b.id]));
    // A failed read leaves the next one correctly scoped.
    await expect(
      withReadScope(t.database, { orgIds: [a.id] }, (db) => db.execute(sql`select 1/0`)),
    ).rejects.toThrow();
    expect(await withReadScope(t.database, { orgIds: [b.id] }, orgsSeen)).toEqual([b.id]);
  });
});

describe('the audit trail', () => {
  it('cannot be changed by the application role, nor by the owner while its trigger stands', async () => {
    const org = await t.org();
    await t.services.audit.recordNow(
      { userId: null, name: 'tester', ip: null, userAgent: null, orgId: org.id },
      { action: 'test', entityType: 'database' },
    );
    const asApp = withScope(t.database, { orgIds: [org.id] }, (tx) =>
      tx.execute(sql`update audit_log set action = 'changed' where org_id = ${org.id}`),
    );
    await expect(asApp).rejects.toThrow();
    await expect(
      t.database.system.execute(sql`delete from audit_log where org_id = ${org.id}`),
    ).rejects.toThrow();
  });

  it.each([
    ['whose chain has not begun', 0],
    ['whose chain has begun (one statement an event, hashed by the database)', 1],
  ])('keeps one unbroken chain when many requests append at once to an organisation %s', async (_, first) => {
    const org = await t.org();
    const actor = { userId: null, name: 'tester', ip: null, userAgent: null, orgId: org.id };
    const record = (i: number) =>
      t.services.audit.recordNow(actor, { action: 'update', entityType: 'person', entityId: `p${i}` });
    for (let i = 0; i < first; i++) await record(i);
    await Promise.all(Array.from({ length: 25 }, (_, i) => record(first + i)));
    const result = await t.services.audit.verify();
    expect(result).toMatchObject({ ok: true });
    const row = await checkedRow(
      t.database.system,
      z.object({ n: z.number(), max: z.number() }),
      sql`select count(*)::int as n, max(seq)::int as max from audit_log where org_id = ${org.id}`,
    );
    expect(row).toEqual({ n: 25 + first, max: 25 + first });
  });

  it('hashes in the database exactly as the verifier does, whatever the event holds', async () => {
    // Any text a database can hold (no NUL).
    const text = (unit: 'grapheme' | 'binary' | 'grapheme-ascii' = 'grapheme-ascii') =>
      fc.string({ unit }).map((s) => s.replaceAll('\0', ''));
    const org = await t.org();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: text('grapheme'),
          userAgent: fc.option(text('grapheme')),
          entityId: fc.option(text('binary')),
          // A "seq" of the number that marks where the row's own goes in the hashed text, now and then.
          details: fc.dictionary(
            fc.oneof(text(), fc.constant('seq')),
            fc.oneof(
              text('grapheme'),
              fc.integer(),
              fc.boolean(),
              fc.constant(null),
              fc.constant(2 ** 53 - 1),
            ),
          ),
        }),
        async ({ name, userAgent, entityId, details }) => {
          await t.services.audit.recordNow(
            { userId: null, name, ip: '10.0.0.1', userAgent, orgId: org.id },
            { action: 'update', entityType: 'person', entityId, details },
          );
        },
      ),
      { numRuns: 60 },
    );
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('verifies, and names the first row that was edited behind its back', async () => {
    const org = await t.org();
    const actor = { userId: null, name: 'tester', ip: '10.0.0.1', userAgent: 'test', orgId: org.id };
    for (let i = 0; i < 5; i++)
      await t.services.audit.recordNow(actor, {
        action: 'update',
        entityType: 'person',
        entityId: `p${i}`,
        details: { i },
      });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });

    // Someone with the owner's password disables the trigger and rewrites history.
    await t.database.system.execute(sql`alter table audit_log disable trigger audit_log_no_change`);
    await t.database.system.execute(
      sql`update audit_log set actor_name = 'someone else' where org_id = ${org.id} and seq = 3`,
    );
    await t.database.system.execute(sql`alter table audit_log enable trigger audit_log_no_change`);
    const result = await t.services.audit.verify();
    expect(result).toMatchObject({
      ok: false,
      break: { orgId: org.id, seq: 3, reason: expect.stringMatching(/edited/) },
    });
  });
});
