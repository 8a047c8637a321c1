import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { trainingAgreement } from '../support/surveys.js';

/**
 * A training vendor's survey, answered by coordinators of three plans' networks: seven of Plan A's, six
 * of Plan B's, two of Plan C's. Each wrote a few words. A plan reading the results sees every plan's counts
 * together, and words written only by its own respondents — and only when its group is shown at all:
 * Plan C has too few, and Plan B is the next smallest, withheld so Plan C's cannot be worked out.
 */
let t: TestContext;
let surveyId: string;
const plans: Record<string, Client> = {};

const definition = {
  sections: [
    {
      questions: [
        { key: 'useful', type: 'yes_no', text: 'Was the session useful?', required: true },
        { key: 'change', type: 'long_text', text: 'What would you change?', required: false },
      ],
    },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const made = await vendor.post('/api/surveys', {
    code: 'EVAL',
    title: 'Session evaluation',
    definition,
    roles: ['care_coordinator'],
  });
  expect(made.statusCode, made.body).toBe(201);
  surveyId = made.json().id;
  expect((await vendor.post(`/api/surveys/${surveyId}/publish`)).statusCode).toBe(200);
  for (const [plan, n] of [
    ['Plan A', 7],
    ['Plan B', 6],
    ['Plan C', 2],
  ] as const) {
    const org = await t.org({ kind: 'plan', name: plan });
    await trainingAgreement(t, org.id, vendorOrg.id);
    plans[plan] = await t.signIn((await t.user([{ orgId: org.id, role: 'training_admin' }])).email);
    for (let i = 0; i < n; i++)
      await t.database.system.execute(
        sql`insert into survey_responses (org_id, survey_id, version_number, answers, groups, submitted_on)
          values (${vendorOrg.id}, ${surveyId}, 1,
            ${JSON.stringify({ useful: { value: 'yes' }, change: { value: `${plan} coordinator ${i} wrote this` } })}::jsonb,
            ${JSON.stringify({ plan, organisation: plan, role: 'care_coordinator' })}::jsonb, current_date)`,
      );
  }
});
afterAll(() => t.close());

const words = (group: { questions: { key: string; texts: { text: string }[] }[] | null }) =>
  group.questions?.find((q) => q.key === 'change')?.texts.map((t) => t.text) ?? [];

describe('words written, as a plan sees a vendor’s survey', () => {
  it('are its own respondents’ only, beside every plan’s counts', async () => {
    const view = (await plans['Plan A']!.get(`/api/surveys/${surveyId}/plan-results`)).json();
    expect(view.overall).toMatchObject({ respondents: 15, suppressed: false });
    expect(view.overall.questions[0].counts).toEqual({ yes: 15, no: 0 });
    expect(words(view.overall)).toEqual([]);
    expect(view.mine).toMatchObject({ group: 'Plan A', respondents: 7, suppressed: false });
    expect(words(view.mine)).toHaveLength(7);
    expect(words(view.mine).every((w: string) => w.startsWith('Plan A'))).toBe(true);
    expect(JSON.stringify(view)).not.toMatch(/Plan [BC] coordinator/);
  });

  it('are withheld with the plan’s group: too few, or the next smallest', async () => {
    for (const plan of ['Plan B', 'Plan C']) {
      const view = await plans[plan]!.get(`/api/surveys/${surveyId}/plan-results`);
      expect(view.statusCode).toBe(200);
      expect(view.json().mine).toMatchObject({ group: plan, suppressed: true, questions: null });
      expect(view.body).not.toContain('wrote this');
    }
  });
});
