import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { yesNoSurvey as definition, publishedSurvey, staffOf } from '../support/surveys.js';

/**
 * Someone a survey is not addressed to learns nothing of it: its form and its answers answer exactly as for
 * an id no survey has, before anything sent is checked against its questions.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const staff = (orgId: string, n: number) => staffOf(t, orgId, n);

describe('a survey someone is not addressed to', () => {
  it('answers exactly as a survey that does not exist, whatever its state and whatever is sent', async () => {
    const owner = await t.org({ kind: 'provider' });
    const builder = await t.signIn((await t.user([{ orgId: owner.id, role: 'training_admin' }])).email);
    // A coordinator at the same organisation, but the surveys are for nurses.
    const [outsider] = await staff(owner.id, 1);
    const open = await publishedSurvey(builder, { roles: ['rn'] });
    const draft = (
      await builder.post('/api/surveys', { code: 'DRAFT', title: 'Draft', definition, roles: ['rn'] })
    ).json().id as string;
    // Closed after it was opened (a survey is not opened once its closing day has passed).
    const closed = await publishedSurvey(builder, { roles: ['rn'] });
    await t.database.system.execute(sql`update surveys set closes_on = '2021-01-31' where id = ${closed}`);
    const missing = randomUUID();
    const me = outsider!.client;

    const answer = async (id: string) => {
      const replies = await Promise.all([
        me.get(`/api/surveys/${id}/form`),
        me.put(`/api/surveys/${id}/answers`, { answers: { useful: { value: 'yes' } } }),
        me.post(`/api/surveys/${id}/answers`, { answers: { useful: { value: 'yes' } } }),
        me.post(`/api/surveys/${id}/answers`, { answers: { nothing: { value: 'x' } } }), // fails the definition
        me.post(`/api/surveys/${id}/answers`, { answers: {} }),
        me.post(`/api/surveys/${id}/answers`, { answers: 'not answers' }), // fails the request's shape
      ]);
      return replies.map((r) => ({ status: r.statusCode, body: r.json() }));
    };
    const nothing = await answer(missing);
    expect(nothing.slice(0, 5).map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    expect(nothing[0]!.body).toEqual({
      code: 'NOT_FOUND',
      message: 'The survey was not found, or you do not have access to it.',
    });
    for (const id of [open, draft, closed]) expect(await answer(id)).toEqual(nothing);
  });
});
