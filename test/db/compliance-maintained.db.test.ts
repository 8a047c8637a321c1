import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays, massachusettsDate } from '../../src/domains/compliance/rules.js';
import { pruneMarks } from '../../src/domains/compliance/status-state.repository.js';
import { computeStatuses, createStatusStore } from '../../src/domains/compliance/status-store.js';
import { summarize } from '../../src/domains/compliance/status-summary.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { checkedRow, checkedRows } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { plantTopics } from '../support/planted-rows.js';

/**
 * The kept statuses against the statuses computed from scratch, after random sequences of every kind of
 * write that a status depends on — completions recorded, imported and revoked; roles started and ended;
 * contracts ended and renewed; exemptions given and ended; requirements edited; qualifications; names — and
 * days passing. The changes are made in SQL, beneath every service, because the triggers must see them all.
 */
let t: TestContext;
let store: ReturnType<typeof createStatusStore>;
const PEOPLE = 8;
const ROLES = ['care_coordinator', 'rn', 'lts_coordinator'] as const;
const ids = {
  plan: '',
  providers: [] as string[],
  people: [] as string[],
  topics: [] as string[],
  requirements: [] as string[],
  /** A plan with no requirements: its refreshes prune the marks (and find the first plan's state idle). */
  bystander: '',
};
let today = massachusettsDate(new Date());
let serial = 0;

const exec = (query: SQL) => t.database.system.execute(query);
const idRow = z.object({ id: z.string() });

beforeAll(async () => {
  t = await createTestApp();
  // Three people to a slice: every refresh below is recomputed in slices, and must equal the statuses computed
  // in one go from scratch.
  store = createStatusStore(t.database, { slicePeople: 3 });
  const vendor = await t.org({ kind: 'training_vendor' });
  const plan = await t.org({ kind: 'plan' });
  ids.plan = plan.id;
  ids.bystander = (await t.org({ kind: 'plan' })).id;
  for (const _ of [0, 1]) {
    const provider = await t.org({ kind: 'provider' });
    ids.providers.push(provider.id);
    await insertRelationship(t.database.system, {
      orgId: plan.id,
      otherOrgId: provider.id,
      kind: 'network_contract',
      startsOn: addDays(today, -700),
    });
  }
  const homes = [plan.id, ...ids.providers];
  for (let i = 0; i < PEOPLE; i++) {
    const { person } = await t.user([{ orgId: homes[i % 3]!, role: ROLES[i % 3]! }]);
    ids.people.push(person.id);
  }
  ids.topics = await plantTopics(t.database.system, [
    { orgId: vendor.id, code: 'T-CULT', title: 'Cultural competence', shared: true },
    { orgId: vendor.id, code: 'T-ACC', title: 'Accessibility', shared: true },
    { orgId: plan.id, code: 'T-MOC', title: 'Model of care', shared: false },
  ]);
  const [cult, acc, moc] = ids.topics;
  const requirements = await checkedRows(
    t.database.system,
    idRow,
    sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, all_topics, qualification_name,
        scope, roles, program, trigger, due_within_days, recurrence, recurrence_months, program_year_start_month,
        grace_days, due_soon_days)
      values
        (${plan.id}, 'R-CULT', 'Cultural competence yearly', 'topics', array[${cult}]::uuid[], false, null, 'network',
          '{care_coordinator,rn}', 'One Care', 'role_start', 30, 'every_months', 12, null, 7, 30),
        (${plan.id}, 'R-MOC', 'Model of care each year', 'topics', array[${moc}, ${acc}]::uuid[], true, null,
          'organisation', '{}', 'One Care', 'role_start', 60, 'program_year', null, 1, 0, 14),
        (${plan.id}, 'R-ANY', 'Either topic once', 'topics', array[${cult}, ${acc}]::uuid[], false, null, 'network',
          '{}', null, 'contract_start', 90, 'once', null, null, 30, 30),
        (${plan.id}, 'R-CCM', 'A current CCM', 'qualification', '{}', false, 'CCM', 'network',
          '{care_coordinator}', null, 'role_start', 0, 'once', null, null, 0, 60)
      returning id`,
  );
  // Whom a requirement reaches and what satisfies it (decision 033): a care team joined at the first provider,
  // and either certification at a provider organisation.
  const targeted = await checkedRows(
    t.database.system,
    idRow,
    sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, qualification_names, scope,
        organisation_ids, organisation_kinds, programs, trigger, due_within_days, recurrence, recurrence_months)
      values
        (${plan.id}, 'R-TEAM', 'On joining a care team', 'topics', array[${acc}]::uuid[], '{}', 'network',
          array[${ids.providers[0]}]::uuid[], '{}', '{one_care}', 'team_start', 30, 'every_months', 12),
        (${plan.id}, 'R-CERT', 'A CDMS or CCM', 'qualification', '{}', '{CDMS,CCM}', 'network', '{}', '{provider}',
          '{}', 'role_start', 0, 'once', null)
      returning id`,
  );
  ids.requirements = [...requirements, ...targeted].map((r) => r.id);
});
afterAll(() => t.close());

const person = fc.nat({ max: PEOPLE - 1 }).map((i) => () => ids.people[i]!);
const days = (min: number, max: number) => fc.integer({ min, max });

type Change = { label: string; run: () => Promise<unknown> };
const change = <T>(arb: fc.Arbitrary<T>, label: (v: T) => string, run: (v: T) => Promise<unknown>) =>
  arb.map((v): Change => ({ label: label(v), run: () => run(v) }));

const complete = (personId: string, topic: number, on: string) =>
  sql`(${ids.plan}, ${personId}, 'x', ${ids.topics[topic]}, ${on}, 'live', 'Trainer', ${`MNT-${serial++}-${Date.now()}`})`;

const changes: fc.Arbitrary<Change> = fc.oneof(
  change(
    fc.tuple(person, fc.nat({ max: 2 }), days(-500, 20)),
    ([, topic, d]) => `complete topic ${topic} on day ${d}`,
    ([p, topic, d]) =>
      exec(
        sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code) values ${complete(p(), topic, addDays(today, d))}`,
      ),
  ),
  change(
    fc.tuple(fc.array(fc.tuple(person, fc.nat({ max: 2 }), days(-400, 0)), { minLength: 2, maxLength: 6 })),
    ([list]) => `import ${list.length} completions`,
    ([list]) =>
      exec(
        sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code) values ${sql.join(
            list.map(([p, topic, d]) => complete(p(), topic, addDays(today, d))),
            sql`, `,
          )}`,
      ),
  ),
  change(
    person,
    () => 'revoke a completion',
    (p) =>
      exec(
        sql`update training_completions set revoked_at = now(), revoked_reason = 'wrong person'
          where id = (select id from training_completions where person_id = ${p()} and revoked_at is null limit 1)`,
      ),
  ),
  change(
    fc.tuple(person, days(-2, 10)),
    ([, d]) => `end a role on day ${d}`,
    ([p, d]) =>
      exec(
        sql`update person_roles set ends_on = greatest(starts_on, ${addDays(today, d)}::date)
          where id = (select id from person_roles where person_id = ${p()} and ends_on is null limit 1)`,
      ),
  ),
  change(
    fc.tuple(
      person,
      fc.nat({ max: 2 }),
      fc.nat({ max: 2 }),
      days(-400, 15),
      fc.option(fc.constantFrom('ICT North', 'ICT South')),
    ),
    ([, org, role, d, team]) => `start ${ROLES[role]} at organisation ${org} on day ${d} (${team})`,
    ([p, org, role, d, team]) =>
      exec(
        sql`insert into person_roles (org_id, person_id, role, team, starts_on)
          values (${[ids.plan, ...ids.providers][org]}, ${p()}, ${ROLES[role]}, ${team}, ${addDays(today, d)})
          on conflict do nothing`,
      ),
  ),
  change(
    fc.tuple(fc.nat({ max: 1 }), fc.option(days(-1, 20))),
    ([provider, d]) => `contract with provider ${provider} ends on day ${d}`,
    ([provider, d]) =>
      exec(
        sql`update org_relationships set ends_on = ${d === null ? null : addDays(today, d)}
          where other_org_id = ${ids.providers[provider]} and kind = 'network_contract'`,
      ),
  ),
  change(
    fc.tuple(person, fc.nat({ max: 3 }), fc.option(days(0, 40))),
    ([, r, d]) => `exempt from requirement ${r} until day ${d}`,
    ([p, r, d]) =>
      exec(
        sql`insert into compliance_exemptions (org_id, requirement_id, person_id, reason, starts_on, until, approved_by_name)
          values (${ids.plan}, ${ids.requirements[r]}, ${p()}, 'leave', ${today}, ${d === null ? null : addDays(today, d)}, 'Officer')`,
      ),
  ),
  change(
    person,
    () => 'end an exemption',
    (p) =>
      exec(
        sql`update compliance_exemptions set ended_at = now() where person_id = ${p()} and ended_at is null`,
      ),
  ),
  change(
    fc.tuple(fc.nat({ max: 3 }), days(0, 120), days(0, 30), fc.boolean()),
    ([r, due, grace, active]) => `edit requirement ${r}: due ${due}, grace ${grace}, active ${active}`,
    ([r, due, grace, active]) =>
      exec(
        sql`update compliance_requirements set due_within_days = ${due}, grace_days = ${grace}, active = ${active}
          where id = ${ids.requirements[r]}`,
      ),
  ),
  change(
    days(0, 30),
    (d) => `a new requirement comes into force on day ${d}`,
    (d) =>
      exec(
        sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, scope, trigger, due_within_days,
            recurrence, in_force_from)
          values (${ids.plan}, ${`R-NEW-${serial++}`}, 'Accessibility once', 'topics', array[${ids.topics[1]}]::uuid[],
            'network', 'role_start', 30, 'once', ${addDays(today, d)})`,
      ),
  ),
  change(
    fc.tuple(person, days(-30, 400)),
    ([, d]) => `CCM expiring on day ${d}`,
    ([p, d]) =>
      exec(
        sql`insert into qualifications (org_id, person_id, kind, name, issuer, issued_on, expires_on)
          values (${ids.plan}, ${p()}, 'certification', 'CCM certification', 'CCMC', ${addDays(today, -400)},
            ${addDays(today, d)})`,
      ),
  ),
  change(
    fc.constantFrom('Cultural competence', 'Cultural competence and humility'),
    (title) => `rename a topic to ${title}`,
    (title) => exec(sql`update training_topics set title = ${title} where id = ${ids.topics[0]}`),
  ),
  change(
    fc.tuple(person, fc.nat({ max: 2 })),
    ([, topic]) =>
      `complete topic ${topic} while the kept statuses sit idle past IDLE_STATE, then marks are pruned`,
    async ([p, topic]) => {
      await exec(
        sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code) values ${complete(p(), topic, today)}`,
      );
      await exec(
        sql`update compliance_status_state set updated_at = now() - interval '1 day' where org_id = ${ids.plan}`,
      );
      await store.refresh(ids.bystander, today);
      // Refreshing a state already current does not prune: prune as a refresh that changed something would.
      await pruneMarks(t.database.system);
    },
  ),
  change(
    days(1, 200),
    (d) => `${d} days pass`,
    async (d) => {
      today = addDays(today, d);
    },
  ),
);

async function expectKeptEqualsComputed(history: string[]) {
  const summary = await store.refresh(ids.plan, today);
  const kept = await store.statusesAt(ids.plan, today, today);
  const computed = await computeStatuses(t.database.system, ids.plan, today);
  const comparable = (r: (typeof kept)[number]) =>
    `${r.requirementId}|${r.personId}|${r.status}|${r.dueOn}|${r.validUntil}|${r.satisfiedBy}|${r.explanation}|${[...r.roles].sort()}|${[...r.organisations].sort()}`;
  const why = `on ${today} after:\n  ${history.join('\n  ')}`;
  expect(kept.map(comparable).sort(), why).toEqual(computed.map(comparable).sort());
  expect(summary, why).toEqual(summarize(computed, await store.programsOf(ids.plan, today)));
  return kept;
}

describe('kept compliance statuses', () => {
  it('follow a new care coordinator through every status as days pass', async () => {
    const { person } = await t.user([]);
    await exec(
      sql`insert into person_roles (org_id, person_id, role, starts_on)
        values (${ids.providers[0]}, ${person.id}, 'care_coordinator', ${today})`,
    );
    const seen: string[] = [];
    const step = async (label: string, run: () => Promise<unknown>) => {
      await run();
      const kept = await expectKeptEqualsComputed([label]);
      const mine = kept.find((r) => r.personId === person.id && r.requirementId === ids.requirements[0]);
      seen.push(mine?.status ?? 'none');
    };
    const pass = (d: number) => async () => {
      today = addDays(today, d);
    };
    await step('hired today', async () => {});
    await step('31 days on: in grace', pass(31));
    await step('38 days on', pass(7));
    await step('completes the topic', () =>
      exec(
        sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code) values ${complete(person.id, 0, today)}`,
      ),
    );
    await step('340 days on', pass(340));
    await step('40 days on: lapsed, past grace', pass(40));
    await step('exempted', () =>
      exec(
        sql`insert into compliance_exemptions (org_id, requirement_id, person_id, reason, starts_on, until, approved_by_name)
          values (${ids.plan}, ${ids.requirements[0]}, ${person.id}, 'leave', ${today}, ${addDays(today, 10)}, 'Officer')`,
      ),
    );
    await step('exemption over', pass(11));
    expect(seen).toEqual([
      'due_soon',
      'due_soon',
      'overdue',
      'compliant',
      'due_soon',
      'expired',
      'exempt',
      'expired',
    ]);
    const other = await checkedRow(
      t.database.system,
      z.object({ status: z.string() }),
      sql`select status from compliance_statuses where person_id = ${person.id} and requirement_id = ${ids.requirements[2]}`,
    );
    expect(other).toBeDefined();
  });

  it('equal the statuses computed from scratch after any sequence of changes', async () => {
    const history: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(changes, { minLength: 1, maxLength: 12 }), async (sequence) => {
        for (const c of sequence) {
          await c.run();
          history.push(c.label);
          await expectKeptEqualsComputed(history.slice(-20));
        }
      }),
      { numRuns: 25, endOnFailure: true },
    );
  });

  it('marks are pruned once every organisation has seen them', async () => {
    await exec(
      sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
        recorded_by_name, certificate_code) values ${complete(ids.people[0]!, 0, today)}`,
    );
    await store.refresh(ids.bystander, today);
    await store.refresh(ids.plan, today);
    const left = await checkedRow(
      t.database.system,
      z.object({ n: z.number() }),
      sql`select count(*)::int as n from compliance_changes`,
    );
    expect(left!.n).toBe(0);
  });

  it('are not held back by an organisation whose kept statuses nobody reads', async () => {
    const marks = () =>
      checkedRows(
        t.database.system,
        z.object({ personId: z.string().nullable(), orgId: z.string().nullable() }),
        sql`select person_id as "personId", org_id as "orgId" from compliance_changes`,
      );
    await store.refresh(ids.bystander, today);
    await store.refresh(ids.plan, today);
    await exec(
      sql`update compliance_status_state set updated_at = now() - interval '1 day' where org_id = ${ids.bystander}`,
    );
    for (const p of ids.people.slice(0, 4))
      await exec(
        sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
          recorded_by_name, certificate_code) values ${complete(p, 1, today)}`,
      );
    expect((await marks()).filter((m) => m.personId).length).toBeGreaterThanOrEqual(4);
    await store.refresh(ids.plan, today);
    // The people's marks are gone; one mark for the idle organisation stands in for them.
    expect(await marks()).toEqual([{ personId: null, orgId: ids.bystander }]);
    expect(await store.keptIsCurrent(ids.bystander, today, [ids.people[0]!])).toBe(false);
    await store.refresh(ids.bystander, today);
    expect(await store.keptIsCurrent(ids.bystander, today, [ids.people[0]!])).toBe(true);
    expect(await store.keptIsCurrent(ids.plan, today, ids.people)).toBe(true);
  });

  it('count a change as unseen when its transaction was in progress as the snapshot was taken', async () => {
    await store.refresh(ids.plan, today);
    await exec(
      sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
        recorded_by_name, certificate_code) values ${complete(ids.people[1]!, 2, today)}`,
    );
    const [mark] = await checkedRows(
      t.database.system,
      z.object({ xid: z.string() }),
      sql`select max(xid)::text as xid from compliance_changes`,
    );
    const xid = BigInt(mark!.xid);
    const snapshotIs = (text: string) =>
      exec(sql`update compliance_status_state set snapshot = ${text} where org_id = ${ids.plan}`);
    // Taken while the change's transaction ran (in its xip list), the snapshot did not see it ...
    await snapshotIs(`${xid}:${xid + 1n}:${xid}`);
    expect(await store.keptIsCurrent(ids.plan, today, [ids.people[1]!])).toBe(false);
    expect((await store.current(ids.plan, today)).figuresAsOf).not.toBeNull();
    // ... taken after it committed, the same snapshot saw it.
    await snapshotIs(`${xid}:${xid + 1n}:`);
    expect(await store.keptIsCurrent(ids.plan, today, [ids.people[1]!])).toBe(true);
    await snapshotIs(`${xid}:${xid}:`);
    expect(await store.keptIsCurrent(ids.plan, today, [ids.people[1]!])).toBe(false);
  });
});
