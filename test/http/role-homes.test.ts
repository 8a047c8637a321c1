import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { cancelSessionQuietly, holdAttestation } from '../support/planted-rows.js';

/**
 * Three plans contract with Lowell Community Health, and each requires cultural competence of the network's
 * care coordinators: Bay State within 30 days of the contract, Harbor within 60, Pioneer within 400 (all three long past). Bay
 * State also requires its accessibility topic. Ana, a coordinator at Lowell, owes cultural competence once
 * — required by the three plans — and accessibility once. A training vendor offers cultural competence
 * three times: one cancelled, one full, one with seats.
 */
let t: TestContext;
let ana: Client;
let vendor: Client;
let planOfficer: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.system;
  const plans = await Promise.all(
    ['Bay State One Care', 'Harbor Health Plan', 'Pioneer Valley Plan'].map((name) =>
      t.org({ kind: 'plan', name }),
    ),
  );
  const lowell = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  for (const plan of plans)
    await insertRelationship(db, {
      orgId: plan.id,
      otherOrgId: lowell.id,
      kind: 'network_contract',
      startsOn: '2025-01-01',
    });
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const anaUser = await t.user([{ orgId: lowell.id, role: 'care_coordinator' }], { givenName: 'Ana' });
  ana = await t.signIn(anaUser.email);
  const topic = async (code: string, title: string) => {
    const res = await vendor.post('/api/training/topics', { code, title, shared: true });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  ids.cult = await topic('OC-CULT', 'Cultural competence');
  ids.access = await topic('OC-ACC', 'Accessibility and accommodations');
  const days = [30, 60, 400];
  for (const [i, plan] of plans.entries()) {
    const officer = await t.signIn((await t.user([{ orgId: plan.id, role: 'compliance_officer' }])).email);
    if (i === 0) planOfficer = officer;
    const require = (code: string, topicId: string) =>
      officer.post('/api/compliance/requirements', {
        code,
        title: `${plan.name}: ${code}`,
        what: 'topics',
        topicIds: [topicId],
        scope: 'network',
        trigger: 'contract_start',
        dueWithinDays: days[i],
        recurrence: 'once',
        inForceFrom: '2024-01-01',
        roles: ['care_coordinator'],
      });
    expect((await require('CULT', ids.cult)).statusCode).toBe(201);
    if (i === 0) expect((await require('ACC', ids.access)).statusCode).toBe(201);
  }
  const offer = async (title: string, capacity: number) => {
    const res = await vendor.post('/api/training/sessions', {
      topicId: ids.cult,
      kind: 'live',
      title,
      startsAt: '2099-11-10T15:00:00Z',
      endsAt: '2099-11-10T17:00:00Z',
      capacity,
      joinUrl: 'https://webinar.example/j/81234567890',
      attestationClosesAt: '2099-12-01T00:00:00Z',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  ids.cancelled = await offer('Cultural competence (called off)', 50);
  ids.full = await offer('Cultural competence (full)', 1);
  ids.open = await offer('Cultural competence (seats left)', 50);
  await cancelSessionQuietly(db, ids.cancelled);
  const other = await t.user([{ orgId: lowell.id, role: 'care_coordinator' }]);
  ids.other = other.person.id;
  ids.ana = anaUser.person.id;
  ids.vendorOrg = vendorOrg.id;
  expect(
    (await (await t.signIn(other.email)).post(`/api/training/sessions/${ids.full}/registrations`)).statusCode,
  ).toBe(201);
});
afterAll(() => t.close());

describe('what you owe, once per topic', () => {
  it('is one row for a topic three plans require, naming each, with the earliest due date still open', async () => {
    const res = await ana.get('/api/compliance/me');
    expect(res.statusCode, res.body).toBe(200);
    const { items, owed } = res.json();
    // Each plan's requirement is still there for API clients that want them one by one.
    expect(items).toHaveLength(4);
    // Both overdue since the same day: by title.
    expect(owed.map((o: { title: string }) => o.title)).toEqual([
      'Accessibility and accommodations',
      'Cultural competence',
    ]);
    const cult = owed[1];
    expect(cult).toMatchObject({
      what: 'topics',
      topicIds: [ids.cult],
      status: 'overdue',
      dueOn: '2025-01-31',
      requiredBy: ['Bay State One Care', 'Harbor Health Plan', 'Pioneer Valley Plan'],
    });
    expect(cult.requirements.map((r: { dueOn: string }) => r.dueOn)).toEqual([
      '2025-01-31',
      '2025-03-02',
      '2026-02-05',
    ]);
  });

  it('leads to the next session of the topic that still takes people: not a cancelled one, not a full one', async () => {
    const res = await ana.get(
      `/api/training/sessions?topicIds=${ids.cult},${ids.access}&upcoming=true&open=true`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((s: { id: string }) => s.id)).toEqual([ids.open]);
    const all = await ana.get(`/api/training/sessions?topicIds=${ids.cult}`);
    expect(all.json().total).toBe(3);
    expect((await ana.get('/api/training/sessions?topicIds=not-a-topic')).statusCode).toBe(400);
  });
});

describe('your next sessions', () => {
  it('are the upcoming ones you are registered or waitlisted for', async () => {
    expect((await ana.get('/api/training/sessions?mine=true')).json().total).toBe(0);
    expect((await ana.post(`/api/training/sessions/${ids.open}/registrations`)).statusCode).toBe(201);
    const mine = (await ana.get('/api/training/sessions?mine=true&upcoming=true')).json();
    expect(mine.items.map((s: { id: string }) => s.id)).toEqual([ids.open]);
  });
});

describe('the training team’s held attestations', () => {
  it('counts those waiting per session it runs, naming no one, and only for those who run sessions', async () => {
    const hold = (sessionId: string, personId: string) =>
      holdAttestation(t.database.system, { orgId: ids.vendorOrg!, sessionId, personId });
    await hold(ids.open!, ids.ana!);
    await hold(ids.open!, ids.other!);
    await hold(ids.full!, ids.ana!);
    const res = await vendor.get('/api/training/attestations/held');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({ sessionId: ids.open, title: 'Cultural competence (seats left)', held: 2 }),
      expect.objectContaining({ sessionId: ids.full, held: 1 }),
    ]);
    expect(JSON.stringify(res.json())).not.toContain('Ana');
    // A plan's officer runs only the plan's private sessions: none of the vendor's shared ones show.
    expect((await planOfficer.get('/api/training/attestations/held')).json()).toEqual([]);
    expect((await ana.get('/api/training/attestations/held')).statusCode).toBe(403);
  });
});
