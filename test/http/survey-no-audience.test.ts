import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { yesNoSurvey as definition, publishedSurvey, staffOf } from '../support/surveys.js';

/** An empty audience means no one: such a survey is not opened, and one left so in the data reaches no one. */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const staff = (orgId: string, n: number) => staffOf(t, orgId, n);

describe('a survey for no one', () => {
  it('is not opened: publishing says to choose who it is for, naming the field', async () => {
    const home = await t.org({ kind: 'provider' });
    const builder = await t.signIn((await t.user([{ orgId: home.id, role: 'training_admin' }])).email);
    const someone = await staff(home.id, 1);
    const made = await builder.post('/api/surveys', { code: 'NOBODY', title: 'For no one yet', definition });
    expect(made.statusCode).toBe(201); // a draft may wait for its audience
    const id = made.json().id;
    const refused = await builder.post(`/api/surveys/${id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'Choose who this survey is for before opening it.',
      issues: [
        {
          path: 'body.roles',
          message: 'Choose who this survey is for: roles, organisations, or a session for its registrants',
        },
      ],
    });
    // Nothing was opened: no one sees it, and a reminder reaches no one.
    expect((await someone[0]!.client.get('/api/surveys/mine')).json()).toEqual([]);
    expect((await builder.post(`/api/surveys/${id}/reminders`)).json().code).toBe('NOT_PUBLISHED');
  });

  it('names only roles Concord knows: a mistyped role is a 400 naming it, not a survey that reaches no one', async () => {
    const home = await t.org({ kind: 'provider' });
    const builder = await t.signIn((await t.user([{ orgId: home.id, role: 'training_admin' }])).email);
    const made = await builder.post('/api/surveys', {
      code: 'TYPO',
      title: 'Mistyped role',
      definition,
      roles: ['care_coordinator', 'care_cordinator'],
    });
    expect(made.statusCode).toBe(400);
    expect(made.json().issues).toMatchObject([
      { path: 'body.roles.1', message: expect.stringMatching(/role/) },
    ]);
  });

  it('cannot lose its audience once opened, and an empty audience left in the data reaches no one', async () => {
    const home = await t.org({ kind: 'provider' });
    const builder = await t.signIn((await t.user([{ orgId: home.id, role: 'training_admin' }])).email);
    const someone = await staff(home.id, 1);
    const id = await publishedSurvey(builder, { roles: ['care_coordinator'] });
    const current = (await builder.get(`/api/surveys/${id}`)).json();
    const emptied = await builder.put(
      `/api/surveys/${id}`,
      { code: current.code, title: current.title, definition, roles: [] },
      { 'if-match': `"${current.version}"` },
    );
    expect(emptied.statusCode).toBe(400);
    expect(emptied.json().issues).toMatchObject([
      {
        path: 'body.roles',
        message: 'Choose who this survey is for: roles, organisations, or a session for its registrants',
      },
    ]);
    await t.database.system.execute(sql`update surveys set roles = '{}' where id = ${id}`);
    expect((await someone[0]!.client.get('/api/surveys/mine')).json()).toEqual([]);
    expect((await builder.post(`/api/surveys/${id}/reminders`)).json()).toEqual({
      queued: 0,
      alreadySent: 0,
    });
  });
});
