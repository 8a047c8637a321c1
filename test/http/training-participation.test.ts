import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * The other ways through a topic: a self-paced module with a knowledge check, a recording whose watch time
 * is the evidence, a full live session whose waitlist moves up when someone cancels, and the training
 * team's review of an attestation that was held.
 */
let t: TestContext;
let vendor: Client;
let rosa: Client;
let kwame: Client;
let topicId: string;

const MODULE = {
  pages: [
    { title: 'What person-centered planning is', body: 'The person leads; the team listens.' },
    { title: 'Planning together', body: 'Goals in the person’s own words.' },
  ],
  questions: [
    { prompt: 'Who leads the care plan?', options: ['The plan', 'The person', 'The PCP'], answer: 1 },
    {
      prompt: 'Whose words are goals written in?',
      options: ['The person’s', 'The coordinator’s'],
      answer: 0,
    },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  rosa = await t.signIn(
    (
      await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
        givenName: 'Rosa',
        familyName: 'Delgado',
      })
    ).email,
  );
  kwame = await t.signIn(
    (await t.user([{ orgId: provider.id, role: 'rn' }], { givenName: 'Kwame', familyName: 'Mensah' })).email,
  );
  const topic = await vendor.post('/api/training/topics', {
    code: 'OC-PCP',
    title: 'Person-centered planning',
    shared: true,
  });
  topicId = topic.json().id;
});
afterAll(() => t.close());

const createSession = async (body: Record<string, unknown>) => {
  const res = await vendor.post('/api/training/sessions', { topicId, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

describe('a self-paced module', () => {
  let id: string;
  beforeAll(async () => {
    id = await createSession({
      kind: 'self_paced',
      title: 'Person-centered planning (online)',
      content: MODULE,
      maxAttempts: 2,
    });
  });

  it('needs its pages, and a right answer that is one of the options', async () => {
    const none = await vendor.post('/api/training/sessions', { topicId, kind: 'self_paced', title: 'Empty' });
    expect(none.json().issues).toMatchObject([expect.objectContaining({ path: 'body.content' })]);
    const wrong = await vendor.post('/api/training/sessions', {
      topicId,
      kind: 'self_paced',
      title: 'Bad answer',
      content: { pages: MODULE.pages, questions: [{ prompt: 'Q', options: ['a', 'b'], answer: 2 }] },
    });
    expect(wrong.json().issues).toMatchObject([
      expect.objectContaining({ path: 'body.content.questions.0.answer' }),
    ]);
  });

  it('shows the learner the pages and questions but never the answers; the pass mark defaults to 80%', async () => {
    const view = (await rosa.get(`/api/training/sessions/${id}/module`)).json();
    expect(view).toMatchObject({ passMark: 80, maxAttempts: 2, attemptsLeft: 2, complete: false });
    expect(JSON.stringify(view)).not.toContain('"answer"');
    // The module opens at its first page, which so counts as viewed (decision 023).
    expect(view.reason).toBe('Viewed 1 of 2 pages');
  });

  it('records attempts, completes on a pass once every page is viewed, and refuses more', async () => {
    const failed = await rosa.post(`/api/training/sessions/${id}/module/attempts`, { answers: [0, 0] });
    expect(failed.statusCode, failed.body).toBe(201);
    expect(failed.json()).toMatchObject({ score: 50, passed: false, attemptsLeft: 1, complete: false });
    const short = await rosa.post(`/api/training/sessions/${id}/module/attempts`, { answers: [1] });
    expect(short.json().issues[0].message).toBe('Answer all 2 questions');
    const passed = (
      await rosa.post(`/api/training/sessions/${id}/module/attempts`, { answers: [1, 0] })
    ).json();
    expect(passed).toMatchObject({ score: 100, passed: true, attemptsLeft: 0, complete: false });
    await rosa.put(`/api/training/sessions/${id}/module/pages/0`);
    const done = (await rosa.put(`/api/training/sessions/${id}/module/pages/1`)).json();
    expect(done).toMatchObject({ complete: true, pagesViewed: [0, 1] });
    expect(done.reason).toBe('Passed the knowledge check with 100% (pass mark 80%)');
    const more = await rosa.post(`/api/training/sessions/${id}/module/attempts`, { answers: [1, 0] });
    expect(more.json().code).toBe('ALREADY_COMPLETED');
    const mine = (await rosa.get('/api/training/completions')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({
        method: 'self_paced',
        recordedByName: expect.stringMatching(/self-paced module/),
      }),
    ]);
    expect((await rosa.put(`/api/training/sessions/${id}/module/pages/7`)).statusCode).toBe(404);
  });

  it('stops counting after the attempts allowed', async () => {
    for (const _ of [1, 2])
      await kwame.post(`/api/training/sessions/${id}/module/attempts`, { answers: [0, 1] });
    const third = await kwame.post(`/api/training/sessions/${id}/module/attempts`, { answers: [1, 0] });
    expect(third.statusCode).toBe(409);
    expect(third.json().code).toBe('NO_ATTEMPTS_LEFT');
    const view = (await kwame.get(`/api/training/sessions/${id}/module`)).json();
    expect(view.attempts.map((a: { score: number }) => a.score)).toEqual([0, 0]);
  });
});

describe('a recorded webinar', () => {
  it('takes the watch time the server clocked as the evidence for the attestation', async () => {
    const id = await createSession({
      kind: 'recorded',
      title: 'Person-centered planning (recording)',
      videoUrl: 'https://learning.example/rec/pcp',
      durationMinutes: 40,
    });
    const token = (await vendor.get(`/api/training/sessions/${id}`)).json().attestationUrl.split('/').pop();
    const started = await rosa.post(`/api/training/sessions/${id}/viewings`);
    expect(started.statusCode, started.body).toBe(201);
    // 35 minutes of heartbeats every 30 seconds, played by moving the server's clock of the viewing back.
    for (let beat = 0; beat < 70; beat++) {
      await t.database.system.execute(
        sql`update training_viewings set last_beat_at = last_beat_at - interval '30 seconds'
          where id = ${started.json().id}`,
      );
      const res = await rosa.post(`/api/training/sessions/${id}/viewings/${started.json().id}/heartbeats`);
      expect(res.statusCode, res.body).toBe(200);
    }
    const page = (await rosa.get(`/api/training/attest/${token}`)).json();
    expect(page).toMatchObject({ evidence: { minutes: 35, minimum: 30 }, ruleMet: true });
    expect((await rosa.post(`/api/training/attest/${token}`, { agree: true })).json().status).toBe(
      'accepted',
    );
  });
});

describe('a full live session and a held attestation', () => {
  let id: string;
  beforeAll(async () => {
    id = await createSession({
      kind: 'live',
      title: 'Person-centered planning (live)',
      // Offered ahead (registration closes when it ends); it takes place on 1 June 2026 (below).
      startsAt: '2099-06-01T14:00:00Z',
      endsAt: '2099-06-01T15:00:00Z',
      capacity: 1,
      attestationClosesAt: '2099-01-01T00:00:00Z',
    });
  });

  it('moves the first on the waitlist into a seat someone cancels', async () => {
    expect((await rosa.post(`/api/training/sessions/${id}/registrations`)).json().status).toBe('registered');
    expect((await kwame.post(`/api/training/sessions/${id}/registrations`)).json().status).toBe('waitlisted');
    const cancelled = await rosa.delete(`/api/training/sessions/${id}/registrations`);
    expect(cancelled.json()).toEqual({ promoted: true });
    expect((await kwame.get(`/api/training/sessions/${id}`)).json().myRegistration).toBe('registered');
    expect((await rosa.delete(`/api/training/sessions/${id}/registrations`)).statusCode).toBe(404);
    // Registering again after cancelling is allowed; the seat is taken, so it is the waitlist.
    expect((await rosa.post(`/api/training/sessions/${id}/registrations`)).json().status).toBe('waitlisted');
  });

  it('lets the training team accept a held attestation with a reason, which completes the topic', async () => {
    await t.database.system.execute(
      sql`update training_sessions set starts_at = '2026-06-01T14:00:00Z', ends_at = '2026-06-01T15:00:00Z'
        where id = ${id}`,
    );
    const token = (await vendor.get(`/api/training/sessions/${id}`)).json().attestationUrl.split('/').pop();
    expect((await kwame.post(`/api/training/attest/${token}`, { agree: true })).json().status).toBe('held');
    const list = (await vendor.get(`/api/training/sessions/${id}/attestations`)).json();
    expect(list).toEqual([expect.objectContaining({ name: 'Kwame Mensah', status: 'held' })]);
    const url = `/api/training/sessions/${id}/attestations/${list[0].id}/decision`;
    const refused = await kwame.post(url, { decision: 'accept', reason: 'I was there' });
    expect(refused.statusCode).toBe(403);
    const accepted = await vendor.post(url, {
      decision: 'accept',
      reason: 'Joined by phone; the sign-in sheet shows the whole hour',
    });
    expect(accepted.json()).toMatchObject({ status: 'accepted', completionId: expect.any(String) });
    expect((await vendor.post(url, { decision: 'reject', reason: 'Changed my mind' })).json().code).toBe(
      'NOT_HELD',
    );
    const mine = (await kwame.get('/api/training/completions')).json();
    expect(mine.items[0]).toMatchObject({ method: 'live', completedOn: '2026-06-01' });
    expect(mine.items[0].evidence.review).toBe('Joined by phone; the sign-in sheet shows the whole hour');
  });
});
