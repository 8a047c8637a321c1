import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { publishedSurvey, trainingAgreement } from '../support/surveys.js';

/**
 * Results by plan cannot be worked out by subtraction (decision 021): the total less the plans shown never
 * gives a group of fewer than five, and the total less a plan's own never gives another plan's.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A vendor's published survey with responses counted in plans (null: in none), as submitting writes them. */
async function surveyAnsweredBy(plans: Record<string, number>, inNoPlan = 0) {
  const vendorOrg = await t.org({ kind: 'training_vendor' });
  const vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const readers: Record<string, Awaited<ReturnType<TestContext['signIn']>>> = {};
  for (const name of Object.keys(plans)) {
    const org = await t.org({ kind: 'plan', name: `${name} ${vendorOrg.code}` });
    await trainingAgreement(t, org.id, vendorOrg.id);
    readers[name] = await t.signIn((await t.user([{ orgId: org.id, role: 'training_admin' }])).email);
  }
  const id = await publishedSurvey(vendor, { roles: ['care_coordinator'] });
  const rows = [
    ...Object.entries(plans).flatMap(([name, n]) => Array(n).fill(`${name} ${vendorOrg.code}`)),
    ...Array(inNoPlan).fill(null),
  ];
  for (const plan of rows)
    await t.database.system.execute(
      sql`insert into survey_responses (org_id, survey_id, version_number, answers, groups, submitted_on)
        values (${vendorOrg.id}, ${id}, 1, '{"useful":{"value":"yes"}}'::jsonb,
          ${JSON.stringify({ plan, organisation: 'Somewhere', role: 'care_coordinator' })}::jsonb, current_date)`,
    );
  // Closed, so every response counts (while open only whole fives do: survey-release-in-fives.test.ts).
  await t.database.system.execute(sql`update surveys set closes_on = current_date - 2 where id = ${id}`);
  return { id, vendor, readers };
}

describe('results by plan', () => {
  it('withhold a plan when the total less the plans shown would be the few in no plan', async () => {
    const { id, vendor } = await surveyAnsweredBy({ North: 10, South: 6 }, 2);
    const r = (await vendor.get(`/api/surveys/${id}/results?by=plan`)).json();
    expect(r.overall.respondents).toBe(18);
    expect(r.breakdown.map((g: { respondents: number | null }) => g.respondents)).toEqual([10, null]);
  });

  it('withhold the next smallest when the plans withheld number fewer than five together', async () => {
    const { id, vendor } = await surveyAnsweredBy({ North: 10, South: 6, East: 2, West: 1 });
    const r = (await vendor.get(`/api/surveys/${id}/results?by=plan`)).json();
    expect(r.breakdown.map((g: { respondents: number | null }) => g.respondents)).toEqual([
      10,
      null,
      null,
      null,
    ]);
  });

  it('do not show a plan its own figures when every plan’s total less them would be the one other plan’s', async () => {
    const { id, readers } = await surveyAnsweredBy({ North: 10, South: 6 });
    const north = (await readers.North!.get(`/api/surveys/${id}/plan-results`)).json();
    expect(north.overall.respondents).toBe(16);
    expect(north.mine).toMatchObject({ suppressed: true, respondents: null, questions: null });
    // With a third plan, the rest is two plans together: North sees its own.
    const three = await surveyAnsweredBy({ North: 10, South: 6, East: 5 });
    const view = (await three.readers.North!.get(`/api/surveys/${three.id}/plan-results`)).json();
    expect(view.mine).toMatchObject({ suppressed: false, respondents: 10 });
  });
});
