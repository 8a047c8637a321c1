import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { decideRequest, REQUEST, recordRequest, requestPlan } from '../support/care-requests.js';
import { pdfText } from '../support/files.js';

// Service requests, their decision clocks, notices and appeals (issue 20), over HTTP on a real database.
// Every deadline names the rule version in force the day its clock started: the request received (14 days
// until the end of 2025, 7 from 2026), the notice sent (60 days to appeal, 10 to keep the service), the
// appeal filed (30 days), the appeal decision's notice (120 days to the next level).

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3_600_000;

const plan = (values: Record<string, unknown> = {}) => requestPlan(t, values);
const record = recordRequest;
const decide = decideRequest;

describe('a service request’s decision clock', () => {
  it('gives a standard request received in 2025 fourteen days (v1), and one received in 2026 seven (v2)', async () => {
    const { client, id } = await plan();
    const old = await record(client, id, { receivedAt: '2025-06-02T14:00:00Z' });
    expect(old.clock).toMatchObject({
      rule: { kind: 'request_decision', program: 'one_care', version: 1 },
      ruleLabel: 'One Care request decision rule v1',
      dueOn: '2025-06-16',
      dueAt: '2025-06-17T03:59:59.999Z',
      overdue: true,
      met: null,
    });
    expect(old.clock.explanation).toContain(
      '14 calendar days after the standard request received on 2 June 2025',
    );
    const now = await record(client, id, { receivedAt: '2026-01-05T15:00:00Z' });
    expect(now.clock).toMatchObject({
      rule: { version: 2 },
      ruleLabel: 'One Care request decision rule v2',
      dueOn: '2026-01-12',
    });
    expect(now.clock.explanation).toContain('7 calendar days after');
  });

  it('gives an expedited request 72 hours from the moment it was received, with the hours left', async () => {
    const { client, id } = await plan();
    const receivedAt = new Date(Date.now() - 2 * HOUR - 60_000).toISOString();
    const r = await record(client, id, { priority: 'expedited', receivedAt });
    expect(Date.parse(r.clock.dueAt) - Date.parse(receivedAt)).toBe(72 * HOUR);
    expect(r.clock.hoursLeft).toBe(69);
    expect(r.clock.explanation).toMatch(/^Decide by .*: 72 hours after the expedited request received at /);
  });

  it('refuses a request received on a day the enrollee had no coverage, naming the field', async () => {
    const { client, id } = await plan();
    const res = await client.post(`/api/care/enrollees/${id}/requests`, {
      ...REQUEST,
      receivedAt: '2024-06-01T15:00:00Z',
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ path: 'body.receivedAt', message: expect.stringContaining('1 June 2024') }),
    ]);
  });
});

describe('deciding a request', () => {
  it('needs a reason from the catalogue for a denial, and the version in If-Match', async () => {
    const { client, id } = await plan();
    const r = await record(client, id);
    const noReason = await decide(client, r, { decision: 'denied', explanation: 'Not needed.' });
    expect(noReason.statusCode).toBe(400);
    expect(JSON.stringify(noReason.json().issues)).toContain('body.denialReason');
    const noVersion = await client.post(`/api/care/requests/${r.id}/decision`, { decision: 'approved' });
    expect(noVersion.statusCode).toBe(428);
    const stale = await client.post(
      `/api/care/requests/${r.id}/decision`,
      { decision: 'approved' },
      { 'if-match': '"9"' },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('records an approval on time, with how long it took, and a notice in English', async () => {
    const { client, id } = await plan();
    const r = await record(client, id);
    const res = await decide(client, r, { decision: 'approved', decidedAt: '2026-01-07T15:00:00Z' });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.clock).toMatchObject({
      hoursLeft: null,
      overdue: false,
      met: { onTime: true, hoursToDecision: 48 },
    });
    expect(d.decision).toMatchObject({
      decision: 'approved',
      denialReason: null,
      noticeSentOn: '2026-01-07',
    });
    expect(d.notice).toMatchObject({ language: 'en', fallback: false });
    expect(d.appealWindow).toBeNull();
    const again = await decide(client, d, {
      decision: 'denied',
      denialReason: 'duplicate',
      explanation: 'x',
    });
    expect(again.statusCode).toBe(409);
  });

  it('writes the notice in Spanish for a Spanish-speaking enrollee, with the appeal deadlines', async () => {
    const { client, id } = await plan({ preferredLanguage: 'Spanish' });
    const r = await record(client, id);
    const res = await decide(client, r, {
      decision: 'denied',
      denialReason: 'not_medically_necessary',
      explanation: 'Su médico no envió el resultado de la evaluación de movilidad.',
      decidedAt: '2026-01-09T15:00:00Z',
      noticeSentOn: '2026-01-09',
    });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.notice).toMatchObject({
      language: 'es',
      fallback: false,
      url: `/api/care/requests/${r.id}/notice`,
    });
    expect(d.appealWindow).toMatchObject({
      rule: { kind: 'appeal_filing', version: 1 },
      dueOn: '2026-03-10',
      continuationUntil: '2026-01-19',
    });
    const pdf = await client.get(d.notice.url);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.rawPayload)).text;
    expect(text).toContain('Hemos denegado esta solicitud');
    expect(text).toContain('no es médicamente necesario');
    expect(text).toContain('10 de marzo de 2026');
    expect(text).toContain('19 de enero de 2026');
  });

  it('falls back to English for a language with no template, and says so', async () => {
    const { client, id } = await plan({ preferredLanguage: 'Vietnamese' });
    const r = await record(client, id);
    const d = (
      await decide(client, r, {
        decision: 'partly_approved',
        denialReason: 'benefit_limit_reached',
        explanation: 'Ten visits approved of twenty.',
      })
    ).json();
    expect(d.notice).toMatchObject({ language: 'en', fallback: true });
    expect(d.notice.message).toContain('no notice template in Vietnamese');
    const text = (await pdfText((await client.get(d.notice.url)).rawPayload)).text;
    expect(text).toContain('We have approved part of this request');
  });
});

describe('a Community Partner on the care team', () => {
  it('records and follows a request and the updates it gave, but is refused deciding it', async () => {
    const { org, client: planClient, id } = await plan();
    const cp = await t.org({ kind: 'cp_bh' });
    await insertRelationship(t.database.system, {
      orgId: org.id,
      otherOrgId: cp.id,
      kind: 'cp_partnership',
      startsOn: '2024-01-01',
    });
    const staff = await t.user([{ orgId: cp.id, role: 'care_coordinator' }]);
    const joined = await planClient.post(`/api/care/enrollees/${id}/team`, {
      personId: staff.person.id,
      role: 'care_coordinator',
      memberOrgId: cp.id,
      startsOn: '2025-01-01',
    });
    expect(joined.statusCode, joined.body).toBe(201);
    const partner = await t.signIn(staff.email);

    // Not before the partner joined the team.
    const before = await partner.post(`/api/care/enrollees/${id}/requests`, {
      ...REQUEST,
      receivedAt: '2024-12-30T15:00:00Z',
    });
    expect(before.statusCode).toBe(400);
    expect(JSON.stringify(before.json())).toContain(
      'was not on the enrollee’s care team on 30 December 2024',
    );
    const r = await record(partner, id, { requestedBy: 'care_team' });
    expect(r.recordedForOrgName).toBe(cp.name);
    const early = await partner.post(`/api/care/requests/${r.id}/updates`, {
      communicatedAt: '1900-01-01T18:00:00Z',
      mode: 'phone',
      communicatedTo: 'enrollee',
      summary: 'Before the request.',
    });
    expect(early.statusCode).toBe(400);
    expect(JSON.stringify(early.json())).toContain('body.communicatedAt');
    expect(r.decideRefusal).toBe(
      'Community Partners record and follow service requests; the member’s plan decides them.',
    );
    const update = await partner.post(`/api/care/requests/${r.id}/updates`, {
      communicatedAt: '2026-01-06T16:00:00Z',
      mode: 'phone',
      communicatedTo: 'enrollee',
      summary: 'Told Rosa the plan has the request and will decide by 12 January.',
    });
    expect(update.statusCode, update.body).toBe(201);
    expect(update.json().updates).toHaveLength(1);

    const refused = await decide(partner, r, { decision: 'approved' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe(
      'Community Partners record and follow service requests; the member’s plan decides them.',
    );
    // The plan sees what the partner recorded, and decides it.
    const listed = (await planClient.get(`/api/care/enrollees/${id}/requests`)).json().items;
    expect(listed.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect(listed[0].decideRefusal).toBeNull();
    expect((await decide(planClient, listed[0], { decision: 'approved' })).statusCode).toBe(200);
    // The partner follows it in its queue while open; once decided it has left.
    const queue = (await partner.get('/api/care/requests/queue')).json();
    expect(queue.items.map((x: { requestId: string }) => x.requestId)).not.toContain(r.id);
    expect((await partner.get(`/api/care/requests/${r.id}`)).json().decision.decision).toBe('approved');
  });

  it('is decided by a clinical reviewer or the plan’s administrator, not a care coordinator or enrollment clerk', async () => {
    const p = await plan();
    const r = await record(p.client, p.id);
    for (const role of ['care_coordinator', 'enrollment_submitter'] as const) {
      const clerk = await t.signIn((await t.user([{ orgId: p.org.id, role }])).email);
      const refused = await decide(clerk, r, { decision: 'approved' });
      expect(refused.statusCode, role).toBe(403);
      expect(refused.json().message).toBe(
        'Only the plan’s clinical care managers, nurses and administrators decide service requests and appeals.',
      );
    }
  });
});

describe('another organisation', () => {
  it('gets 404 for the plan’s requests, whatever it asks', async () => {
    const { client, id } = await plan();
    const r = await record(client, id);
    await decide(client, r, { decision: 'denied', denialReason: 'duplicate', explanation: 'Asked twice.' });
    const other = await t.org({ kind: 'plan' });
    const stranger = await t.signIn((await t.user([{ orgId: other.id, role: 'org_admin' }])).email);
    expect((await stranger.get(`/api/care/requests/${r.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/care/requests/${r.id}/notice`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/care/enrollees/${id}/requests`)).statusCode).toBe(404);
    expect((await stranger.post(`/api/care/enrollees/${id}/requests`, REQUEST)).statusCode).toBe(404);
    const decision = await stranger.post(
      `/api/care/requests/${r.id}/decision`,
      { decision: 'approved' },
      { 'if-match': '"2"' },
    );
    expect(decision.statusCode).toBe(404);
    const update = await stranger.post(`/api/care/requests/${r.id}/updates`, {
      communicatedAt: '2026-01-06T16:00:00Z',
      mode: 'phone',
      communicatedTo: 'enrollee',
      summary: 'Hello',
    });
    expect(update.statusCode).toBe(404);
    const appeal = await stranger.post(`/api/care/requests/${r.id}/appeal`, {
      priority: 'standard',
      filedAt: '2026-01-12T15:00:00Z',
      filedBy: 'enrollee',
      receivedVia: 'phone',
    });
    expect(appeal.statusCode).toBe(404);
    expect((await stranger.get('/api/care/requests/queue')).json().items).toEqual([]);
    const report = (await stranger.get('/api/care/requests/report?month=2026-01')).json();
    expect(report.requests.all.decided).toBe(0);
  });
});
