import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries, openViewings } from '../support/database-facts.js';
import { ageViewings } from '../support/planted-rows.js';

/**
 * Rosa watches the vendor's 2-minute recording. The server clocks her viewing: it starts when her page
 * asks, and only the time between the heartbeats it receives counts — each gap at most 30 seconds and a
 * 15-second grace, never past the recording's length. What her page says about when she watched is
 * refused. Time passing is played by moving the viewing's server-recorded times back (no test waits).
 */
let t: TestContext;
let vendor: Client;
let rosa: Client;
let kwame: Client;
let rosaId: string;
let topicId: string;

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const r = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
    givenName: 'Rosa',
    familyName: 'Delgado',
  });
  rosaId = r.person.id;
  rosa = await t.signIn(r.email);
  kwame = await t.signIn((await t.user([{ orgId: provider.id, role: 'rn' }])).email);
  topicId = (
    await vendor.post('/api/training/topics', {
      code: 'OC-PCP',
      title: 'Person-centered planning',
      shared: true,
    })
  ).json().id;
});
afterAll(() => t.close());

async function recording() {
  const res = await vendor.post('/api/training/sessions', {
    topicId,
    kind: 'recorded',
    title: 'Person-centered planning (recording)',
    videoUrl: 'https://learning.example/rec/pcp.mp4',
    durationMinutes: 2,
    minMinutes: 2,
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const token = (await vendor.get(`/api/training/sessions/${id}`)).json().attestationUrl.split('/').pop();
  return { id, token: token as string };
}

/** `seconds` pass for the person's viewings of a session, as the server sees them. */
const passes = (sessionId: string, seconds: number) =>
  ageViewings(t.database.system, sessionId, rosaId, seconds);

const beat = async (client: Client, sessionId: string, viewingId: string) =>
  client.post(`/api/training/sessions/${sessionId}/viewings/${viewingId}/heartbeats`);

const watched = async (token: string) => (await rosa.get(`/api/training/attest/${token}`)).json();

describe('watching a recording', () => {
  it('refuses a stretch of viewing the page times itself, and credits none of it', async () => {
    const { id, token } = await recording();
    const fiveHoursAgo = new Date(Date.now() - 5 * 3_600_000).toISOString();
    const forged = await rosa.post(`/api/training/sessions/${id}/viewings`, {
      from: fiveHoursAgo,
      to: new Date().toISOString(),
    });
    expect(forged.statusCode).toBe(400);
    expect(await watched(token)).toMatchObject({ evidence: { minutes: 0, minimum: 2 }, ruleMet: false });
  });

  it('credits only the gaps between heartbeats it observes, each capped, never past the recording’s length', async () => {
    const { id, token } = await recording();
    const started = await rosa.post(`/api/training/sessions/${id}/viewings`);
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ heartbeatSeconds: 30 });
    const viewing = started.json().id as string;

    // Ten minutes with the page closed, then a heartbeat: one gap, credited 45 seconds at most.
    await passes(id, 600);
    expect((await beat(rosa, id, viewing)).json()).toMatchObject({ creditedSeconds: 45, minutes: 0 });
    await passes(id, 600);
    expect((await beat(rosa, id, viewing)).json()).toMatchObject({ creditedSeconds: 90, minutes: 1 });
    expect(await watched(token)).toMatchObject({ evidence: { minutes: 1 }, ruleMet: false });
    // A heartbeat can say nothing about time: a body is refused.
    const claim = await rosa.post(`/api/training/sessions/${id}/viewings/${viewing}/heartbeats`, {
      minutes: 600,
    });
    expect(claim.statusCode).toBe(400);
    // Then only the 30 seconds left of the 2-minute recording, however long it runs.
    await passes(id, 600);
    expect((await beat(rosa, id, viewing)).json()).toMatchObject({ creditedSeconds: 120, minutes: 2 });
    await passes(id, 600);
    expect((await beat(rosa, id, viewing)).json()).toMatchObject({ creditedSeconds: 120, minutes: 2 });
    expect(await watched(token)).toMatchObject({ evidence: { minutes: 2, minimum: 2 }, ruleMet: true });
    expect((await vendor.get(`/api/training/sessions/${id}`)).json().counts.attended).toBe(1);
    expect((await rosa.post(`/api/training/attest/${token}`, { agree: true })).json().status).toBe(
      'accepted',
    );
  });

  it('is the signed-in person’s own, one at a time, and audited', async () => {
    const { id } = await recording();
    const first = (await rosa.post(`/api/training/sessions/${id}/viewings`)).json().id as string;
    // Kwame cannot beat Rosa's viewing.
    expect((await beat(kwame, id, first)).statusCode).toBe(404);
    // A second window starts another viewing, which ends the first: the same minutes never count twice.
    const second = (await rosa.post(`/api/training/sessions/${id}/viewings`)).json().id as string;
    await passes(id, 20);
    const stale = await beat(rosa, id, first);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VIEWING_ENDED');
    expect((await beat(rosa, id, second)).statusCode).toBe(200);
    // Two windows starting at the same moment: both start, and one viewing is left open.
    const both = await Promise.all([1, 2].map(() => rosa.post(`/api/training/sessions/${id}/viewings`)));
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(await openViewings(t.database.system, id, rosaId)).toBe(1);
    const audited = await auditEntries(t.database.system, { entityType: 'training_session', entityId: id });
    const starts = audited.filter((a) => a.action === 'viewing.start');
    expect(starts.map((a) => a.details.viewingId).slice(0, 2)).toEqual([first, second]);
    expect(starts).toHaveLength(4);
    expect(starts.every((a) => a.actorName?.startsWith('Rosa'))).toBe(true);
  });
});
