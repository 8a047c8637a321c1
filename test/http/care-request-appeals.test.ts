import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { decideRequest, recordRequest, requestPlan } from '../support/care-requests.js';
import { enrollee } from '../support/factories.js';

// Appeals of service request decisions, the request clocks running out and the monthly report (issue 20), over
// HTTP on a real database (requests, decisions and notices: care-requests.test.ts).
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

describe('an appeal', () => {
  async function denied(values: Record<string, unknown> = {}) {
    const p = await plan();
    const r = await record(p.client, p.id);
    const d = await decide(p.client, r, {
      decision: 'denied',
      denialReason: 'out_of_network',
      explanation: 'An in-network supplier can provide the wheelchair.',
      decidedAt: '2026-01-06T15:00:00Z',
      noticeSentOn: '2026-01-06',
      ...values,
    });
    expect(d.statusCode, d.body).toBe(200);
    return { ...p, request: d.json() };
  }
  const APPEAL = {
    priority: 'standard',
    filedBy: 'enrollee',
    receivedVia: 'phone',
    reason: 'I need this chair.',
  };

  it('runs the filing window from the notice, keeps the service when filed within 10 days, and gives the plan 30', async () => {
    const { client, request } = await denied();
    expect(request.appealWindow).toMatchObject({ dueOn: '2026-03-07', continuationUntil: '2026-01-16' });
    const res = await client.post(`/api/care/requests/${request.id}/appeal`, {
      ...APPEAL,
      filedAt: '2026-01-12T15:00:00Z',
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json().appeal;
    expect(a.filing).toMatchObject({
      rule: { kind: 'appeal_filing', program: 'one_care', version: 1 },
      dueOn: '2026-03-07',
      continuationUntil: '2026-01-16',
      onTime: true,
      benefitsContinue: true,
    });
    expect(a.filing.explanation).toContain('One Care appeal filing rule v1');
    expect(a.clock).toMatchObject({
      rule: { kind: 'appeal_decision', version: 1 },
      dueOn: '2026-02-11',
      overdue: true,
    });
    expect(res.json().appealWindow).toBeNull();
    const twice = await client.post(`/api/care/requests/${request.id}/appeal`, {
      ...APPEAL,
      filedAt: '2026-01-13T15:00:00Z',
    });
    expect(twice.statusCode).toBe(409);
  });

  it('does not keep the service when filed after 10 days, and an expedited appeal gets 72 hours', async () => {
    const { client, request } = await denied();
    const filedAt = '2026-01-20T15:00:00Z';
    const a = (
      await client.post(`/api/care/requests/${request.id}/appeal`, {
        ...APPEAL,
        priority: 'expedited',
        filedAt,
      })
    ).json().appeal;
    expect(a.filing).toMatchObject({ onTime: true, benefitsContinue: false });
    expect(Date.parse(a.clock.dueAt) - Date.parse(filedAt)).toBe(72 * HOUR);
  });

  it('is refused after the last day to appeal, naming it', async () => {
    const { client, request } = await denied();
    const late = await client.post(`/api/care/requests/${request.id}/appeal`, {
      ...APPEAL,
      filedAt: '2026-03-08T15:00:00Z',
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().issues).toEqual([
      expect.objectContaining({
        path: 'body.filedAt',
        message: 'The last day to appeal this decision was 7 March 2026 (One Care appeal filing rule v1)',
      }),
    ]);
  });

  it('is refused on an approved request', async () => {
    const { client, id } = await plan();
    const r = await record(client, id);
    const approved = (
      await decide(client, r, { decision: 'approved', decidedAt: '2026-01-06T15:00:00Z' })
    ).json();
    const res = await client.post(`/api/care/requests/${approved.id}/appeal`, {
      ...APPEAL,
      filedAt: '2026-01-12T15:00:00Z',
    });
    expect(res.statusCode).toBe(409);
  });

  it('once upheld, opens the next level for 120 days from the appeal decision’s notice', async () => {
    const { client, request } = await denied();
    const filed = (
      await client.post(`/api/care/requests/${request.id}/appeal`, {
        ...APPEAL,
        filedAt: '2026-01-12T15:00:00Z',
      })
    ).json();
    const early = await client.post(
      `/api/care/requests/${request.id}/appeal/next-level`,
      { level: 'board_of_hearings', requestedOn: '2026-02-20' },
      { 'if-match': `"${filed.appeal.version}"` },
    );
    expect(early.statusCode).toBe(409);
    const decided = await client.post(
      `/api/care/requests/${request.id}/appeal/decision`,
      {
        outcome: 'upheld',
        explanation: 'The in-network supplier can provide the same chair.',
        decidedAt: '2026-02-01T15:00:00Z',
        noticeSentOn: '2026-02-02',
      },
      { 'if-match': `"${filed.appeal.version}"` },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const a = decided.json().appeal;
    expect(a.clock.met).toMatchObject({ onTime: true });
    expect(a.decision).toMatchObject({ outcome: 'upheld', noticeSentOn: '2026-02-02' });
    expect(a.nextLevel).toMatchObject({
      rule: { kind: 'next_level_request', program: 'one_care', version: 1 },
      dueOn: '2026-06-02',
      level: null,
    });
    expect(a.nextLevel.explanation).toContain('One Care next appeal level rule v1');
    const asked = await client.post(
      `/api/care/requests/${request.id}/appeal/next-level`,
      { level: 'board_of_hearings', requestedOn: '2026-02-20' },
      { 'if-match': `"${a.version}"` },
    );
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json().appeal.nextLevel).toMatchObject({
      level: 'board_of_hearings',
      requestedOn: '2026-02-20',
      onTime: true,
    });
  });
});

describe('the request clocks running out', () => {
  it('lists open requests and appeals soonest first, with hours left and the rule version', async () => {
    const { client, id } = await plan();
    const soon = await record(client, id, {
      priority: 'expedited',
      receivedAt: new Date(Date.now() - 10 * HOUR).toISOString(),
    });
    const late = await record(client, id, { receivedAt: '2026-01-05T15:00:00Z' });
    const res = await client.get('/api/care/requests/queue');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as {
      requestId: string;
      hoursLeft: number;
      overdue: boolean;
      rule: unknown;
    }[];
    expect(items.map((i) => i.requestId)).toEqual([late.id, soon.id]);
    expect(items[0]).toMatchObject({ overdue: true, rule: { kind: 'request_decision', version: 2 } });
    expect(items[0]!.hoursLeft).toBeLessThan(0);
    expect(items[1]).toMatchObject({ overdue: false, hoursLeft: 61, kind: 'request_decision' });
    const overdue = (await client.get('/api/care/requests/queue?overdue=true')).json().items;
    expect(overdue.map((i: { requestId: string }) => i.requestId)).toEqual([late.id]);
    // A search by the enrollee's name (accents aside) or the service; a page of one, with the total.
    const other = await enrollee(client, { givenName: 'José', familyName: 'Quiñones' });
    await client.post(`/api/care/enrollees/${other}/enrollments`, {
      program: 'one_care',
      effectiveOn: '2025-01-01',
    });
    const hoist = await record(client, other, { service: 'Ceiling hoist' });
    const named = (await client.get('/api/care/requests/queue?q=quinones')).json();
    expect(named.items.map((i: { requestId: string }) => i.requestId)).toEqual([hoist.id]);
    expect((await client.get('/api/care/requests/queue?q=hoist')).json().total).toBe(1);
    const paged = (await client.get('/api/care/requests/queue?pageSize=1&page=2')).json();
    expect(paged).toMatchObject({ total: 3 });
    expect(paged.items).toHaveLength(1);
  });
});

describe('the monthly report', () => {
  it('counts decisions by outcome, hours to decision, the share on time and denial reasons, and exports them', async () => {
    const { client, id, org } = await plan();
    // 48 hours, on time; 432 hours, late (due 9 January); expedited, 24 hours, on time.
    const a = await record(client, id, { receivedAt: '2026-01-05T15:00:00Z' });
    await decide(client, a, { decision: 'approved', decidedAt: '2026-01-07T15:00:00Z' });
    const b = await record(client, id, { receivedAt: '2026-01-02T15:00:00Z' });
    await decide(client, b, {
      decision: 'denied',
      denialReason: 'not_medically_necessary',
      explanation: 'Not needed.',
      decidedAt: '2026-01-20T15:00:00Z',
    });
    const c = await record(client, id, { priority: 'expedited', receivedAt: '2026-01-10T12:00:00Z' });
    await decide(client, c, {
      decision: 'partly_approved',
      denialReason: 'not_covered',
      explanation: 'The cushion is covered; the tray is not.',
      decidedAt: '2026-01-11T12:00:00Z',
    });
    // Another month's request counts in neither.
    await record(client, id, { receivedAt: '2026-02-02T15:00:00Z' });

    const admin = await t.signIn((await t.user([{ orgId: org.id, role: 'org_admin' }])).email);
    const res = await admin.get('/api/care/requests/report?month=2026-01');
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ month: '2026-01', organisation: org.name, received: 3 });
    expect(r.requests.all).toEqual({
      decided: 3,
      onTime: 2,
      onTimeShare: 0.667,
      medianHours: 48,
      meanHours: 168,
    });
    expect(r.requests.standard).toMatchObject({ decided: 2, medianHours: 240, meanHours: 240 });
    expect(r.requests.expedited).toMatchObject({ decided: 1, onTime: 1, medianHours: 24 });
    expect(r.requests.byDecision).toEqual({ approved: 1, partly_approved: 1, denied: 1 });
    expect(
      r.requests.denialReasons.map((d: { reason: string; count: number }) => [d.reason, d.count]),
    ).toEqual([
      ['not_covered', 1],
      ['not_medically_necessary', 1],
    ]);

    const csv = await admin.get('/api/care/requests/report/export?month=2026-01&format=csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('service-requests-2026-01.csv');
    expect(csv.body).toContain('Requests,Median hours to decision,48');
    expect(csv.body).toContain('Requests,Share on time,66.7%');
    expect(csv.body).toContain('Denial reasons,Not medically necessary,1');

    const xlsx = await admin.get('/api/care/requests/report/export?month=2026-01&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Decisions']);
    const decisions = book.getWorksheet('Decisions')!;
    expect(decisions.rowCount).toBe(4);
    expect(decisions.getRow(2).getCell(9).value).toBe(48);

    const bad = await admin.get('/api/care/requests/report?month=2026-13');
    expect(bad.statusCode).toBe(400);
  });
});
