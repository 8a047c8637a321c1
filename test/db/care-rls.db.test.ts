import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRows } from '../../src/platform/db/client.js';
import { withScope } from '../../src/platform/db/scope.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** What each care table shows a scope, without any filter of the repository's. */
async function seenBy(orgId: string, enrolleeId: string) {
  return withScope(t.database, { orgIds: [orgId] }, async (tx) => {
    const n = async (table: string, column: string) =>
      (
        await checkedRows(
          tx,
          z.object({ n: z.number() }),
          sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} = ${enrolleeId}`,
        )
      )[0]!.n;
    return {
      enrollees: await n('care_enrollees', 'id'),
      enrollments: await n('care_enrollments', 'enrollee_id'),
      team: await n('care_team_members', 'enrollee_id'),
      contacts: await n('care_contacts', 'enrollee_id'),
    };
  });
}

describe('row-level security on the care tables', () => {
  it('shows an enrollee to the plan, and to another organisation only while it is on the care team', async () => {
    const plan = await t.org({ kind: 'plan' });
    const provider = await t.org({ kind: 'provider' });
    const stranger = await t.org({ kind: 'provider' });
    const person = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
    const [{ id }] = (await checkedRows(
      t.database.system,
      z.object({ id: z.string() }),
      sql`insert into care_enrollees (org_id, masshealth_id, given_name, family_name, date_of_birth)
          values (${plan.id}, '100000000001', 'Rosa', 'Diaz', '1950-01-01') returning id`,
    )) as [{ id: string }];
    await t.database.system.execute(
      sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on) values (${plan.id}, ${id}, 'one_care', '2024-01-01')`,
    );
    const [{ id: memberId }] = (await checkedRows(
      t.database.system,
      z.object({ id: z.string() }),
      sql`insert into care_team_members (org_id, enrollee_id, person_id, role, member_org_id, starts_on)
          values (${plan.id}, ${id}, ${person.person.id}, 'care_coordinator', ${provider.id}, '2024-01-01') returning id`,
    )) as [{ id: string }];

    expect(await seenBy(plan.id, id)).toEqual({ enrollees: 1, enrollments: 1, team: 1, contacts: 0 });
    expect(await seenBy(provider.id, id)).toEqual({ enrollees: 1, enrollments: 1, team: 1, contacts: 0 });
    expect(await seenBy(stranger.id, id)).toEqual({ enrollees: 0, enrollments: 0, team: 0, contacts: 0 });

    // The team member's organisation may record a contact on the plan's record, but not change the record.
    await withScope(t.database, { orgIds: [provider.id] }, (tx) =>
      tx.execute(
        sql`insert into care_contacts (org_id, enrollee_id, mode, reached, made_by, made_for_org_id, occurred_at)
            values (${plan.id}, ${id}, 'phone', false, ${person.person.id}, ${provider.id}, now())`,
      ),
    );
    const changed = await withScope(t.database, { orgIds: [provider.id] }, (tx) =>
      tx.execute(sql`update care_enrollees set town = 'Lowell' where id = ${id}`),
    ).catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(Error);
    await expect(
      withScope(t.database, { orgIds: [stranger.id] }, (tx) =>
        tx.execute(
          sql`insert into care_contacts (org_id, enrollee_id, mode, reached, made_by, made_for_org_id, occurred_at)
              values (${plan.id}, ${id}, 'phone', false, ${person.person.id}, ${stranger.id}, now())`,
        ),
      ),
    ).rejects.toThrow();

    // Ended yesterday: nothing is seen any more.
    await t.database.system.execute(
      sql`update care_team_members set ends_on = (now() AT TIME ZONE 'America/New_York')::date - 1 where id = ${memberId}`,
    );
    expect(await seenBy(provider.id, id)).toEqual({ enrollees: 0, enrollments: 0, team: 0, contacts: 0 });
    expect(await seenBy(plan.id, id)).toEqual({ enrollees: 1, enrollments: 1, team: 1, contacts: 1 });
  });

  it('holds the standard rule catalogue, one version in force per kind and program on any day', async () => {
    const rules = await checkedRows(
      t.database.system,
      z.object({ kind: z.string(), program: z.string(), version: z.number(), days: z.number().nullable() }),
      sql`select kind::text, program::text, version, (parameters->>'days')::int as days from care_rules order by 1, 2, 3`,
    );
    expect(rules).toHaveLength(58); // 22 clocks of issue 19, 36 sign-off, request and appeal deadlines
    expect(rules.filter((r) => r.kind === 'cp_engagement').map((r) => r.days)).toEqual([90, 120, 150]);
    const overlaps = await checkedRows(
      t.database.system,
      z.object({ n: z.number() }),
      sql`select count(*)::int as n from care_rules a join care_rules b
            on a.kind = b.kind and a.program = b.program and a.version < b.version
           and daterange(a.effective_from, a.effective_to, '[]') && daterange(b.effective_from, b.effective_to, '[]')`,
    );
    expect(overlaps[0]!.n).toBe(0);
  });
});
