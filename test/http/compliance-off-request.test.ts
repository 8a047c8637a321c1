import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INLINE_PAIRS, massachusettsDate } from '../../src/domains/compliance/index.js';
import { checkedRow } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { jobCount } from '../support/database-facts.js';
import { hireInBulk, plantCompletion, plantTopic } from '../support/planted-rows.js';

/**
 * No request pays for a large recompute of kept statuses (decision 020). A plan's two requirements reach
 * everyone who holds a role there. When an import brings in thousands of people at once, the dashboard and
 * the statuses list answer straight away from the figures as kept, saying they are being updated and as of
 * when, and a background job brings them up to date. One person's statuses are computed for that person
 * alone, whatever state the organisation's kept statuses are in.
 */
let t: TestContext;
let topic: string;
/** Enough people that, with two requirements each, more pairs change than a request takes in itself. */
const MANY = Math.ceil(INLINE_PAIRS / 2) + 100;

beforeAll(async () => {
  t = await createTestApp();
  const vendor = await t.org({ kind: 'training_vendor' });
  topic = await plantTopic(t.database.system, {
    orgId: vendor.id,
    code: 'OFF-CULT',
    title: 'Cultural competence',
    shared: true,
  });
});
afterAll(() => t.close());

/** A plan with two requirements for everyone holding a role there, and its compliance officer signed in. */
async function plan() {
  const org = await t.org({ kind: 'plan' });
  await t.database.system.execute(
    sql`insert into compliance_requirements (org_id, code, title, what, topic_ids, scope, trigger, due_within_days,
        recurrence, recurrence_months, in_force_from)
      values (${org.id}, 'CULT-Y', 'Cultural competence yearly', 'topics', array[${topic}]::uuid[], 'organisation',
          'role_start', 30, 'every_months', 12, '2020-01-01'),
        (${org.id}, 'CULT-1', 'Cultural competence once', 'topics', array[${topic}]::uuid[], 'organisation',
          'role_start', 30, 'once', null, '2020-01-01')`,
  );
  const officer = await t.signIn((await t.user([{ orgId: org.id, role: 'compliance_officer' }])).email);
  return { id: org.id, officer };
}

/** Many people with a care coordinator's role at the organisation, as an import adds them: in one go. */
const hire = (orgId: string, n: number) => hireInBulk(t.database.system, orgId, n);

const dashboard = async (officer: Client) => {
  const res = await officer.get('/api/compliance/dashboard');
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const statuses = async (officer: Client, query = '') => {
  const res = await officer.get(`/api/compliance/statuses?pageSize=10${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const queuedRefreshes = (orgId: string) => jobCount(t.database.system, 'compliance.refresh', orgId, 'queued');

describe('kept statuses far behind the facts', () => {
  it('are shown as they were, marked as being updated, until the background job brings them up to date', async () => {
    const { id, officer } = await plan();
    // A few changes are taken in by the read itself: the officer is reached by both requirements.
    const before = await dashboard(officer);
    expect(before).toMatchObject({ people: 1, updating: false });
    expect(Date.parse(before.figuresAsOf)).not.toBeNaN();

    await hire(id, MANY);
    const behind = await dashboard(officer);
    expect(behind).toMatchObject({ people: 1, updating: true, total: before.total });
    const kept = await checkedRow(
      t.database.system,
      z.object({ at: z.string() }),
      sql`select updated_at as at from compliance_status_state where org_id = ${id}`,
    );
    expect(Date.parse(behind.figuresAsOf)).toBe(Math.floor(new Date(kept!.at).getTime() / 1000) * 1000);
    expect(await statuses(officer)).toMatchObject({ total: 2, updating: true });
    // However often they are read meanwhile, one job is queued.
    await dashboard(officer);
    expect(await queuedRefreshes(id)).toBe(1);

    await t.services.jobs.drain();
    const after = await dashboard(officer);
    expect(after).toMatchObject({ people: MANY + 1, updating: false });
    expect(after.total.pending + after.total.overdue).toBe(2 * (MANY + 1));
    expect(await statuses(officer)).toMatchObject({ total: 2 * (MANY + 1), updating: false });
  });

  it('of a large organisation never kept before are prepared in the background, saying so', async () => {
    const { id, officer } = await plan();
    await hire(id, MANY);
    const first = await dashboard(officer);
    expect(first).toMatchObject({ people: 0, updating: true, figuresAsOf: null });
    expect(await statuses(officer)).toMatchObject({ total: 0, updating: true, figuresAsOf: null });

    await t.services.jobs.drain();
    expect(await dashboard(officer)).toMatchObject({ people: MANY + 1, updating: false });
  });
});

describe("one person's statuses", () => {
  it('are computed for that person alone, without bringing the whole organisation up to date', async () => {
    const { id, officer } = await plan();
    await hire(id, 50);
    const { email, person } = await t.user([{ orgId: id, role: 'care_coordinator' }]);
    const staff = await t.signIn(email);

    const mine = await staff.get('/api/compliance/me');
    expect(mine.statusCode, mine.body).toBe(200);
    expect(
      mine
        .json()
        .items.map((r: { requirementCode: string }) => r.requirementCode)
        .sort(),
    ).toEqual(['CULT-1', 'CULT-Y']);
    const page = await officer.get(`/api/compliance/people/${person.id}`);
    expect(page.json().items).toHaveLength(2);
    const listed = await statuses(officer, `&personId=${person.id}`);
    expect(listed).toMatchObject({ total: 2, updating: false });
    expect(listed.items.every((r: { personId: string }) => r.personId === person.id)).toBe(true);

    // Nobody else's status was computed and kept on the way.
    const kept = await checkedRow(
      t.database.system,
      z.object({ states: z.number(), statuses: z.number() }),
      sql`select (select count(*)::int from compliance_status_state where org_id = ${id}) as states,
        (select count(*)::int from compliance_statuses where org_id = ${id}) as statuses`,
    );
    expect(kept).toEqual({ states: 0, statuses: 0 });
  });

  it('are read as kept when nothing about them changed, and computed afresh for them alone when it did', async () => {
    const { id, officer } = await plan();
    const { email, person } = await t.user([{ orgId: id, role: 'care_coordinator' }]);
    const staff = await t.signIn(email);
    await dashboard(officer);
    const keptAt = async () =>
      (await checkedRow(
        t.database.system,
        z.object({ at: z.string() }),
        sql`select updated_at::text as at from compliance_status_state where org_id = ${id}`,
      ))!.at;
    const before = await keptAt();
    const owed = async () =>
      Object.fromEntries(
        (await staff.get('/api/compliance/me'))
          .json()
          .items.map((r: { requirementCode: string; status: string }) => [r.requirementCode, r.status]),
      );
    expect(await owed()).toEqual({ 'CULT-Y': 'overdue', 'CULT-1': 'overdue' });

    // Completing the topic marks this person: what they owe is worked out for them from the facts.
    await plantCompletion(
      t.database.system,
      {
        orgId: id,
        personId: person.id,
        personName: 'x',
        topicId: topic,
        completedOn: massachusettsDate(new Date()),
      },
      { certificateCode: 'OFF-00001' },
    );
    expect(await owed()).toEqual({ 'CULT-Y': 'compliant', 'CULT-1': 'compliant' });
    expect((await statuses(officer, `&personId=${person.id}&status=compliant`)).total).toBe(2);
    // The organisation's kept statuses were not brought up to date on the way.
    expect(await keptAt()).toBe(before);
  });
});
