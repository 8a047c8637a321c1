import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { outboxMessages } from '../support/database-facts.js';

/**
 * A plan runs live sessions of its own model of care for its contracted provider's staff. Rosa and Kwame
 * (provider staff) register; the plan changes, cancels and reminds, and everything they are told reaches
 * them by e-mail with the session as a calendar file.
 */
let t: TestContext;
let plan: Client;
let officer: Client;
let rosa: Client;
let kwame: Client;
let ids: { plan: string; topic: string; rosa: string; kwame: string };

const DAY = 86_400_000;
const inDays = (d: number, hours = 0) => new Date(Date.now() + d * DAY + hours * 3_600_000).toISOString();

async function newSession(over: Record<string, unknown> = {}, by = plan) {
  const res = await by.post('/api/training/sessions', {
    topicId: ids.topic,
    kind: 'live',
    title: 'Model of care, live',
    startsAt: inDays(10),
    endsAt: inDays(10, 1),
    capacity: 1,
    joinUrl: 'https://webinar.example/j/1',
    attestationClosesAt: '2099-01-01T00:00:00Z',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** The messages in the plan's outbox about a session, oldest first. */
function mailAbout(sessionId: string) {
  const mail = outboxMessages(t.database.system, { entityId: sessionId }).then((list) =>
    list.map(({ to, subject, body, attachments }) => ({ to, subject, body, attachments })),
  );
  // Calendar lines fold at 75 octets (RFC 5545): read them unfolded.
  return mail.then((list) =>
    list.map((m) => ({
      ...m,
      attachments: m.attachments.map((a) => ({ ...a, content: a.content.replace(/\r\n /g, '') })),
    })),
  );
}

const versionOf = async (id: string) => (await plan.get(`/api/training/sessions/${id}`)).json().version;

beforeAll(async () => {
  t = await createTestApp();
  const planOrg = await t.org({ kind: 'plan', name: 'Plan One' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Provider' });
  await insertRelationship(t.database.system, {
    orgId: planOrg.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2024-01-01',
  });
  const admin = await t.user([{ orgId: planOrg.id, role: 'training_admin' }]);
  const co = await t.user([{ orgId: planOrg.id, role: 'compliance_officer' }]);
  const r = await t.user([{ orgId: provider.id, role: 'provider_staff' }], {
    email: 'rosa@lowell.example',
    givenName: 'Rosa',
    familyName: 'Diaz',
  });
  const k = await t.user([{ orgId: provider.id, role: 'provider_staff' }], {
    email: 'kwame@lowell.example',
    givenName: 'Kwame',
    familyName: 'Mensah',
  });
  plan = await t.signIn(admin.email);
  officer = await t.signIn(co.email);
  rosa = await t.signIn(r.email);
  kwame = await t.signIn(k.email);
  const topic = await plan.post('/api/training/topics', { code: 'P1-MOC', title: 'Plan One model of care' });
  ids = { plan: planOrg.id, topic: topic.json().id, rosa: r.person.id, kwame: k.person.id };
});
afterAll(() => t.close());

describe('registering', () => {
  it('e-mails the registered, the waitlisted and the one who moves up, each with the calendar file', async () => {
    const id = await newSession();
    expect((await rosa.post(`/api/training/sessions/${id}/registrations`)).json().status).toBe('registered');
    expect((await kwame.post(`/api/training/sessions/${id}/registrations`)).json().status).toBe('waitlisted');
    await rosa.delete(`/api/training/sessions/${id}/registrations`);
    const mail = await mailAbout(id);
    expect(mail.map((m) => [m.to, m.subject])).toEqual([
      ['rosa@lowell.example', 'Registered: Model of care, live'],
      ['kwame@lowell.example', 'Waitlisted: Model of care, live'],
      ['kwame@lowell.example', 'A seat is yours: Model of care, live'],
    ]);
    for (const m of mail) {
      expect(m.attachments).toHaveLength(1);
      expect(m.attachments[0]!.contentType).toContain('method=REQUEST');
      expect(m.attachments[0]!.content).toContain('METHOD:REQUEST');
      expect(m.attachments[0]!.content).toContain(`UID:${id}@concord`);
      expect(m.attachments[0]!.content).toContain(`mailto:${m.to}`);
    }
    expect(mail[1]!.attachments[0]!.content).toContain('STATUS:TENTATIVE');
    expect(mail[2]!.attachments[0]!.content).toContain('STATUS:CONFIRMED');
    expect(mail[0]!.body).toContain('Join: https://webinar.example/j/1');
  });

  it('refuses a session that has ended, and says so on the session', async () => {
    const id = await newSession({ startsAt: inDays(-2), endsAt: inDays(-2, 1) });
    const res = await rosa.post(`/api/training/sessions/${id}/registrations`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SESSION_ENDED');
    expect((await rosa.get(`/api/training/sessions/${id}`)).json()).toMatchObject({ ended: true });
  });

  it('shows the seats left in the sessions list and on the public events page', async () => {
    const id = await newSession({ capacity: 3, title: 'Seats counted' });
    await kwame.post(`/api/training/sessions/${id}/registrations`);
    // Rosa cannot see Kwame's registration, but the seats left count everyone's.
    const listed = (await rosa.get('/api/training/sessions?upcoming=true&pageSize=100')).json().items;
    expect(listed.find((s: { id: string }) => s.id === id)).toMatchObject({ seatsLeft: 2 });
    expect((await plan.post(`/api/training/sessions/${id}/announce`)).statusCode).toBe(200);
    const events = (await t.app.inject({ method: 'GET', url: '/api/events' })).json().items;
    expect(events.find((e: { id: string }) => e.id === id)).toMatchObject({ seatsLeft: 2, cancelled: false });
  });
});

describe('changing and cancelling a session', () => {
  it('sends registrants and the waitlisted the changed event with its SEQUENCE raised', async () => {
    const id = await newSession();
    await rosa.post(`/api/training/sessions/${id}/registrations`);
    await kwame.post(`/api/training/sessions/${id}/registrations`);
    const moved = { title: 'Model of care, live', startsAt: inDays(11), endsAt: inDays(11, 1), capacity: 1 };
    const res = await plan.put(`/api/training/sessions/${id}`, moved, {
      'if-match': `"${await versionOf(id)}"`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ told: 2, promoted: 0 });
    const changed = (await mailAbout(id)).filter((m) => m.subject.startsWith('Changed'));
    expect(changed.map((m) => m.to).sort()).toEqual(['kwame@lowell.example', 'rosa@lowell.example']);
    for (const m of changed) {
      expect(m.attachments[0]!.content).toContain('METHOD:REQUEST');
      expect(m.attachments[0]!.content).toContain('SEQUENCE:1');
    }
    // The same version again is stale: nothing is changed twice.
    const stale = await plan.put(`/api/training/sessions/${id}`, moved, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    // A registrant may not change it.
    const theirs = await rosa.put(`/api/training/sessions/${id}`, moved, {
      'if-match': `"${await versionOf(id)}"`,
    });
    expect([403, 404]).toContain(theirs.statusCode);
  });

  it('moves the waitlist up when seats are added, and tells each', async () => {
    const id = await newSession();
    await rosa.post(`/api/training/sessions/${id}/registrations`);
    await kwame.post(`/api/training/sessions/${id}/registrations`);
    const { startsAt, endsAt, joinUrl } = (await plan.get(`/api/training/sessions/${id}`)).json();
    const res = await plan.put(
      `/api/training/sessions/${id}`,
      { title: 'Model of care, live', startsAt, endsAt, joinUrl, capacity: 5 },
      { 'if-match': `"${await versionOf(id)}"` },
    );
    expect(res.json()).toMatchObject({ told: 0, promoted: 1 });
    expect((await kwame.get(`/api/training/sessions/${id}`)).json().myRegistration).toBe('registered');
    expect((await mailAbout(id)).at(-1)).toMatchObject({ to: 'kwame@lowell.example' });
  });

  it('cancels: everyone placed gets METHOD:CANCEL, the session shows cancelled and takes no one', async () => {
    const id = await newSession();
    await rosa.post(`/api/training/sessions/${id}/registrations`);
    await kwame.post(`/api/training/sessions/${id}/registrations`);
    const res = await plan.post(
      `/api/training/sessions/${id}/cancel`,
      { reason: 'The speaker is ill' },
      { 'if-match': `"${await versionOf(id)}"` },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().told).toBe(2);
    const cancelled = (await mailAbout(id)).filter((m) => m.subject.startsWith('Cancelled'));
    expect(cancelled).toHaveLength(2);
    for (const m of cancelled) {
      expect(m.attachments[0]!.contentType).toContain('method=CANCEL');
      expect(m.attachments[0]!.content).toContain('METHOD:CANCEL');
      expect(m.attachments[0]!.content).toContain('STATUS:CANCELLED');
      expect(m.attachments[0]!.content).toContain('SEQUENCE:1');
      expect(m.body).toContain('The speaker is ill');
    }
    expect((await rosa.get(`/api/training/sessions/${id}`)).json()).toMatchObject({
      cancelledAt: expect.any(String),
      cancelReason: 'The speaker is ill',
    });
    await rosa.delete(`/api/training/sessions/${id}/registrations`);
    const again = await rosa.post(`/api/training/sessions/${id}/registrations`);
    expect(again.json().code).toBe('SESSION_CANCELLED');
    const ics = await rosa.get(`/api/training/sessions/${id}/calendar.ics`);
    expect(ics.body).toContain('STATUS:CANCELLED');
  });
});

describe('the reminder a day before', () => {
  it('is sent once to each person registered, however often the job runs', async () => {
    const id = await newSession({ startsAt: inDays(0, 20), endsAt: inDays(0, 21) });
    await rosa.post(`/api/training/sessions/${id}/registrations`);
    await kwame.post(`/api/training/sessions/${id}/registrations`);
    await t.services.jobs.drain();
    const job = async () =>
      t.database.system.transaction((tx) =>
        t.services.jobs.enqueue(tx as never, {
          orgId: ids.plan,
          kind: 'training.session-reminder',
          payload: { sessionId: id },
        }),
      );
    await job();
    await t.services.jobs.drain();
    await job();
    await t.services.jobs.drain();
    const reminders = (await mailAbout(id)).filter((m) => m.subject.startsWith('Tomorrow'));
    expect(reminders.map((m) => m.to)).toEqual(['rosa@lowell.example']);
    expect(reminders[0]!.attachments[0]!.content).toContain('METHOD:REQUEST');
  });
});

describe('the attestation link', () => {
  it('can be reopened by the organiser with a new closing time', async () => {
    const id = await newSession({
      startsAt: inDays(-3),
      endsAt: inDays(-3, 1),
      attestationClosesAt: inDays(-1),
    });
    const session = (await plan.get(`/api/training/sessions/${id}`)).json();
    const token = session.attestationUrl.split('/').pop();
    expect((await rosa.get(`/api/training/attest/${token}`)).json().closed).toBe(true);
    const past = await plan.put(
      `/api/training/sessions/${id}/attestation-closes`,
      { closesAt: inDays(-1) },
      { 'if-match': `"${session.version}"` },
    );
    expect(past.statusCode).toBe(400);
    const reopened = await plan.put(
      `/api/training/sessions/${id}/attestation-closes`,
      { closesAt: inDays(7) },
      { 'if-match': `"${session.version}"` },
    );
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect((await rosa.get(`/api/training/attest/${token}`)).json().closed).toBe(false);
    const notTheirs = await rosa.put(
      `/api/training/sessions/${id}/attestation-closes`,
      { closesAt: inDays(8) },
      { 'if-match': `"${reopened.json().version}"` },
    );
    expect([403, 404]).toContain(notTheirs.statusCode);
  });
});

describe("a plan's compliance officer", () => {
  it("offers the plan's own model of care: a private topic and its sessions, which they run", async () => {
    const topic = await officer.post('/api/training/topics', { code: 'P1-MOC-2', title: 'Model of care 2' });
    expect(topic.statusCode, topic.body).toBe(201);
    const session = await officer.post('/api/training/sessions', {
      topicId: topic.json().id,
      kind: 'live',
      title: 'Model of care 2, live',
      startsAt: inDays(5),
      endsAt: inDays(5, 1),
    });
    expect(session.statusCode, session.body).toBe(201);
    const id = session.json().id;
    expect((await officer.get(`/api/training/sessions/${id}`)).json().attestationUrl).toEqual(
      expect.any(String),
    );
    expect((await officer.get(`/api/training/sessions/${id}/registrations`)).statusCode).toBe(200);
    // The plan's training administrator's own topic, private too: the officer may offer it as well.
    expect((await newSession({}, officer)).length).toBe(36);
  });

  it('does not add to the shared catalog or run a shared topic', async () => {
    const shared = await officer.post('/api/training/topics', {
      code: 'P1-SH',
      title: 'Shared',
      shared: true,
    });
    expect(shared.statusCode).toBe(403);
    const topic = await plan.post('/api/training/topics', {
      code: 'P1-SH2',
      title: 'Shared 2',
      shared: true,
    });
    const session = await officer.post('/api/training/sessions', {
      topicId: topic.json().id,
      kind: 'live',
      title: 'Shared, live',
      startsAt: inDays(5),
      endsAt: inDays(5, 1),
    });
    expect(session.statusCode).toBe(403);
  });
});
