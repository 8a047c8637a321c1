import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { publishedSurvey, staffOf, trainingAgreement } from '../support/surveys.js';

/**
 * Results move only in whole fives while a survey is open (decision 021): reading them before and after one
 * answer tells nothing about it, for a plan reading a vendor's survey or for the vendor itself; closing the
 * survey counts everyone.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('results released in fives', () => {
  it('leave every figure unchanged for one to four new answers, move by five at the tenth, count all once closed', async () => {
    const vendorOrg = await t.org({ kind: 'training_vendor' });
    const vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
    const north = await t.org({ kind: 'plan', name: `North ${vendorOrg.code}` });
    const south = await t.org({ kind: 'plan', name: `South ${vendorOrg.code}` });
    const east = await t.org({ kind: 'plan', name: `East ${vendorOrg.code}` });
    for (const p of [north, south, east]) await trainingAgreement(t, p.id, vendorOrg.id);
    const officer = await t.signIn((await t.user([{ orgId: north.id, role: 'compliance_officer' }])).email);
    const id = await publishedSurvey(vendor, { roles: ['care_coordinator'] });
    // Alternating plans, so that any single answer would show in the plans' figures.
    const [n, s, e] = [
      await staffOf(t, north.id, 5),
      await staffOf(t, south.id, 5),
      await staffOf(t, east.id, 5),
    ];
    const answering = [0, 1, 2, 3].flatMap((i) => [n[i]!, s[i]!, e[i]!]);
    const answer = async (k: number) => {
      const r = await answering[k]!.client.post(`/api/surveys/${id}/answers`, {
        answers: { useful: { value: k % 2 ? 'yes' : 'no' } },
      });
      expect(r.statusCode, r.body).toBe(204);
    };
    /** Everything the plan and the vendor can read about the survey's answers. */
    const figures = async () => {
      const reads = await Promise.all([
        officer.get(`/api/surveys/${id}/plan-results`),
        vendor.get(`/api/surveys/${id}/results?by=plan`),
        vendor.get(`/api/surveys/${id}/results?by=organisation`),
        vendor.get(`/api/surveys/${id}/results?by=role`),
        vendor.get(`/api/surveys/${id}/export?format=csv`),
        vendor.get(`/api/surveys`),
      ]);
      for (const r of reads) expect(r.statusCode, r.body).toBe(200);
      const [plan, byPlan, byOrg, byRole, csv, list] = reads;
      // "Started" says someone began, as saving always has; it carries no answer.
      const body = (r: (typeof reads)[number]) =>
        JSON.parse(r!.body.replace(/"started":\d+/g, '"started":0'));
      return {
        plan: body(plan),
        byPlan: body(byPlan),
        byOrg: body(byOrg),
        byRole: body(byRole),
        csv: csv!.body.split('\n').filter(Boolean).length,
        listed: list!.json().find((x: { id: string }) => x.id === id).responses as number,
      };
    };
    const completed = (r: { participation: { groups: { completed: number | null }[] } }) =>
      r.participation.groups.map((g) => g.completed);

    for (let k = 0; k < 5; k++) await answer(k);
    const five = await figures();
    expect(five.plan.overall.respondents).toBe(5);
    expect(five.byPlan.overall.respondents).toBe(5);
    expect(five.listed).toBe(5);
    expect(five.byPlan.participation.overall.completed).toBe(5);
    expect(completed(five.byPlan).sort()).toEqual([1, 2, 2]);
    for (let k = 5; k < 9; k++) {
      await answer(k);
      expect(await figures()).toEqual(five);
    }
    await answer(9);
    const ten = await figures();
    expect(ten.plan.overall.respondents).toBe(10);
    expect(ten.byPlan.overall.respondents).toBe(10);
    expect(ten.csv - five.csv).toBe(5);
    expect(ten.listed).toBe(10);
    expect(ten.byPlan.participation.overall.completed).toBe(10);
    expect(completed(ten.byPlan)).not.toEqual(completed(five.byPlan));
    for (let k = 10; k < 12; k++) {
      await answer(k);
      expect(await figures()).toEqual(ten);
    }
    // Each person still sees their own submission: the eleventh is told it is answered.
    const again = await answering[10]!.client.get(`/api/surveys/${id}/form`);
    expect(again.json().code ?? again.json().error?.code ?? again.body).toMatch(/ANSWERED/i);

    await t.database.system.execute(sql`update surveys set closes_on = current_date - 2 where id = ${id}`);
    const closed = await figures();
    expect(closed.plan.overall.respondents).toBe(12);
    expect(closed.byPlan.overall.respondents).toBe(12);
    expect(closed.listed).toBe(12);
    expect(completed(closed.byPlan)).toEqual([4, 4, 4]);
    expect(closed.csv - five.csv).toBe(7);
  });
});
