import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * Tomás runs training for a vendor. A link he stores is shown to every registrant as a button, so a link
 * that runs code (`javascript:`) would run in each of their sessions; Concord refuses it when stored.
 */
let t: TestContext;
let tomas: Client;
let topicId: string;

beforeAll(async () => {
  t = await createTestApp();
  const vendor = await t.org({ kind: 'training_vendor' });
  const { email } = await t.user([{ orgId: vendor.id, role: 'training_admin' }]);
  tomas = await t.signIn(email);
  const topic = await tomas.post('/api/training/topics', { code: 'LINKS', title: 'Links', shared: true });
  topicId = topic.json().id;
});
afterAll(() => t.close());

const live = (joinUrl: string) => ({
  topicId,
  kind: 'live',
  title: 'A live webinar',
  startsAt: '2027-01-10T15:00:00Z',
  endsAt: '2027-01-10T16:00:00Z',
  joinUrl,
});

describe('stored links', () => {
  it('refuse a join link or recording that would run code, naming the field', async () => {
    for (const link of ['javascript:alert(6)', 'data:text/html,<b>x</b>', 'http://webinar.example/j/1']) {
      const res = await tomas.post('/api/training/sessions', live(link));
      expect({ link, status: res.statusCode }).toEqual({ link, status: 400 });
      expect(res.json().issues[0].path).toBe('body.joinUrl');
    }
    const recorded = await tomas.post('/api/training/sessions', {
      topicId,
      kind: 'recorded',
      title: 'A recording',
      videoUrl: 'javascript:alert(6)',
      durationMinutes: 30,
    });
    expect(recorded.statusCode).toBe(400);
    expect(recorded.json().issues[0].path).toBe('body.videoUrl');
  });

  it('refuse the same when a live event’s recording is published', async () => {
    const session = await tomas.post('/api/training/sessions', live('https://webinar.example/j/81234567890'));
    expect(session.statusCode, session.body).toBe(201);
    const res = await tomas.post(`/api/training/sessions/${session.json().id}/recording`, {
      videoUrl: 'javascript:alert(6)',
      durationMinutes: 58,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('body.videoUrl');
  });
});
