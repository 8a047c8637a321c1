import { addDays } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
// The enrollee's clocks over HTTP, as findings from outside testing exposed them: what meets a major change,
// a clock met late, and an assessment that did not count for the initial one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { enrollee } from '../support/factories.js';

/** A day as the clocks' explanations write it: "11 November 2026". */
const inWords = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const daysAgo = (n: number) => addDays(massachusettsToday(), -n);

/** A plan's care coordinator and an enrollee of the plan in One Care from `effectiveOn`. */
async function oneCareEnrollee(effectiveOn: string) {
  const plan = await t.org({ kind: 'plan' });
  const admin = await t.user([{ orgId: plan.id, role: 'care_coordinator' }]);
  const client = await t.signIn(admin.email);
  const id = await enrollee(client);
  const e = await client.post(`/api/care/enrollees/${id}/enrollments`, { program: 'one_care', effectiveOn });
  expect(e.statusCode, e.body).toBe(201);
  return { client, id };
}

type ClockRow = {
  kind: string;
  metOn: string | null;
  late: boolean;
  daysLate: number | null;
  explanation: string;
};
const clockOf = async (
  client: Awaited<ReturnType<typeof oneCareEnrollee>>['client'],
  id: string,
  kind: string,
) =>
  ((await client.get(`/api/care/enrollees/${id}/clocks`)).json().clocks as ClockRow[]).find(
    (c) => c.kind === kind,
  );

describe('a major change', () => {
  it('is not met by an assessment recorded before it on the same day, and is by one recorded after', async () => {
    const { client, id } = await oneCareEnrollee(daysAgo(30));
    const day = daysAgo(1);
    const first = await client.post(`/api/care/enrollees/${id}/assessments`, {
      kind: 'comprehensive',
      completedOn: day,
      inPerson: true,
    });
    expect(first.json().satisfied).toMatchObject({ kind: 'initial_assessment' });
    const change = await client.post(`/api/care/enrollees/${id}/major-changes`, {
      occurredOn: day,
      reason: 'Hospital stay',
    });
    expect(change.statusCode, change.body).toBe(201);
    const open = await clockOf(client, id, 'major_change_reassessment');
    expect(open).toMatchObject({ metOn: null });
    expect(open!.explanation).toContain('did not count: it was recorded before the major change');

    const after = await client.post(`/api/care/enrollees/${id}/assessments`, {
      kind: 'major_change',
      completedOn: day,
      inPerson: true,
      majorChangeReason: 'Hospital stay',
    });
    expect(after.json().satisfied).toMatchObject({ kind: 'major_change_reassessment' });
    expect(await clockOf(client, id, 'major_change_reassessment')).toMatchObject({ metOn: day, late: false });
  });
});

describe('a clock met after its due date', () => {
  it('says it was met late, and by how many days', async () => {
    const { client, id } = await oneCareEnrollee(daysAgo(120));
    await client.post(`/api/care/enrollees/${id}/assessments`, {
      kind: 'comprehensive',
      completedOn: daysAgo(20),
      inPerson: true,
    });
    const initial = await clockOf(client, id, 'initial_assessment');
    expect(initial).toMatchObject({ metOn: daysAgo(20), late: true, daysLate: 10 });
    expect(initial!.explanation).toContain(`Met late on ${inWords(daysAgo(20))}, 10 days after the due date`);
  });
});

describe('an assessment that did not count for the initial one', () => {
  it('starts no yearly clock, and the initial clock says why it did not count', async () => {
    const { client, id } = await oneCareEnrollee(daysAgo(120));
    await client.post(`/api/care/enrollees/${id}/assessments`, {
      kind: 'comprehensive',
      completedOn: daysAgo(100),
      inPerson: false,
    });
    const clocks = (await client.get(`/api/care/enrollees/${id}/clocks`)).json().clocks as ClockRow[];
    expect(clocks.map((c) => c.kind)).toEqual(['initial_assessment']);
    expect(clocks[0]).toMatchObject({ metOn: null, overdue: true });
    expect(clocks[0]!.explanation).toContain(
      `The assessment on ${inWords(daysAgo(100))} did not count: not in person; One Care requires an in-person meeting`,
    );
  });
});
