import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * The vendor's two-hour live webinar is over and its recording goes into the catalog. Rosa, a coordinator
 * at a provider, opens the recording's page: it must tell her how to finish it, and give her the way to.
 */
let t: TestContext;
let vendor: Client;
let rosa: Client;
let topicId: string;

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  rosa = await t.signIn((await t.user([{ orgId: provider.id, role: 'care_coordinator' }])).email);
  topicId = (
    await vendor.post('/api/training/topics', { code: 'OC-CULT', title: 'Cultural competence', shared: true })
  ).json().id;
});
afterAll(() => t.close());

/** A live webinar from 10:00 to 12:00 that ended yesterday. */
async function twoHourEvent() {
  const res = await vendor.post('/api/training/sessions', {
    topicId,
    kind: 'live',
    title: 'Cultural competence (live)',
    startsAt: hoursAgo(26),
    endsAt: hoursAgo(24),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('publishing a live event’s recording', () => {
  it('carries the event’s length when the organiser gives none: 120 minutes, not 60', async () => {
    const event = await twoHourEvent();
    const res = await vendor.post(`/api/training/sessions/${event}/recording`, {
      videoUrl: 'https://video.example/cultural.mp4',
    });
    expect(res.statusCode, res.body).toBe(201);
    const recording = (await vendor.get(`/api/training/sessions/${res.json().id}`)).json();
    // The minimum to watch is three quarters of the real length (decision 022's cap is that length too).
    expect(recording).toMatchObject({ kind: 'recorded', durationMinutes: 120, minMinutes: 90 });
  });

  it('keeps the length the organiser gives (the recording was trimmed)', async () => {
    const event = await twoHourEvent();
    const res = await vendor.post(`/api/training/sessions/${event}/recording`, {
      videoUrl: 'https://video.example/cultural-trimmed.mp4',
      durationMinutes: 104,
    });
    expect((await vendor.get(`/api/training/sessions/${res.json().id}`)).json().durationMinutes).toBe(104);
  });
});

describe('a recorded webinar’s page, for the person watching it', () => {
  it('gives Rosa her attestation link, which opens her own watch time against the rule', async () => {
    const event = await twoHourEvent();
    const id = (
      await vendor.post(`/api/training/sessions/${event}/recording`, {
        videoUrl: 'https://video.example/cultural.mp4',
      })
    ).json().id;
    const page = (await rosa.get(`/api/training/sessions/${id}`)).json();
    expect(page.attestationUrl).toBeNull(); // the running team's panel stays theirs
    expect(page.myAttestationUrl).toMatch(/^http:\/\/127\.0\.0\.1:3000\/attest\/[\w-]{20,}$/);
    const token = page.myAttestationUrl.split('/').pop();
    const attestation = await rosa.get(`/api/training/attest/${token}`);
    expect(attestation.json()).toMatchObject({
      kind: 'recorded',
      evidence: { minutes: 0, minimum: 90 },
      ruleMet: false,
    });
  });

  it('gives no such link on a live session: its team shows the link at the end of the event', async () => {
    const event = await twoHourEvent();
    expect((await rosa.get(`/api/training/sessions/${event}`)).json().myAttestationUrl).toBeNull();
  });
});
