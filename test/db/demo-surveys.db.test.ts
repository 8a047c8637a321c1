import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRows } from '../../src/platform/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { pdfText } from '../support/files.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(
    { database: t.database, auth: t.services.auth, audit: t.services.audit },
    { people: 600, seed: 5 },
  );
});
afterAll(() => t.close());

describe('the demo surveys', () => {
  it('hold synthetic answers from care coordinators across the plans, the first anonymous', async () => {
    const counts = await checkedRows(
      t.database.system,
      z.object({ code: z.string(), anonymous: z.boolean(), responses: z.number(), named: z.number() }),
      sql`select s.code, s.anonymous, count(r.id)::int as responses, count(r.person_id)::int as named
        from surveys s join survey_responses r on r.survey_id = s.id
          join organisations o on o.id = s.org_id and o.code = 'SHARED-LEARNING'
        group by s.code, s.anonymous order by s.code`,
    );
    expect(counts.map((c) => [c.code, c.anonymous])).toEqual([
      ['M1-EVAL', true],
      ['M1-NA', true],
      ['M2-NA', false],
    ]);
    for (const c of counts) {
      expect(c.responses).toBeGreaterThan(20);
      expect(c.named).toBe(c.anonymous ? 0 : c.responses);
    }
    const vendor = await t.signIn('training@onecare-learning.example', DEMO_PASSWORD);
    const own = (await vendor.get('/api/surveys')).json();
    const m1 = own.find((s: { code: string }) => s.code === 'M1-NA');
    expect(m1).toMatchObject({ publishedVersion: 1, link: 'needs_assessment' });
    const results = (await vendor.get(`/api/surveys/${m1.id}/results?by=plan`)).json();
    expect(results.overall.suppressed).toBe(false);
    expect(results.breakdown.length).toBeGreaterThan(1);
    expect(results.participation.overall.invited).toBeGreaterThan(results.participation.overall.completed);
    // After the module, coordinators say they are more familiar with open-ended questions.
    const evaluation = own.find((s: { code: string }) => s.code === 'M1-EVAL');
    const { comparison } = (await vendor.get(`/api/surveys/${evaluation.id}/comparison`)).json();
    expect(comparison.before.title).toBe('Module 1 needs assessment');
    const familiar = comparison.changes.find((c: { key: string }) => c.key === 'open_ended_familiarity');
    expect(
      familiar.shares.find((x: { value: string }) => x.value === 'very_familiar').change,
    ).toBeGreaterThan(0);
    // A plan's findings report: every plan together and the plan's own shares beside them.
    const plan = await t.signIn('compliance@baystateonecare.example', DEMO_PASSWORD);
    const report = await plan.get(`/api/surveys/${m1.id}/plan-findings`);
    expect(report.statusCode).toBe(200);
    const { text } = await pdfText(report.rawPayload);
    expect(text).toContain('Every plan together (blue) and Bay State One Care (green)');
    expect(text).toMatch(/\d+% of all plans\n.*\d+% of your plan/);
    // A demo care coordinator has not answered yet, and can.
    const maria = await t.signIn('maria.santos@bostoncommunityhealth.example', DEMO_PASSWORD);
    expect((await maria.get(`/api/surveys/${m1.id}/form`)).json()).toMatchObject({
      version: 1,
      savedAnswers: null,
    });
  });
});
