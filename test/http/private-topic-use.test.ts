import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { multipartFile, uploadAndImport } from '../support/files.js';
import { operations } from '../support/openapi.js';
import { plantLiveSession } from '../support/planted-rows.js';

/**
 * Commonwealth Care Plan keeps its model-of-care topic private; Lowell Community Partner, its CP partner,
 * sees it in the catalog (the plan's own sessions of it reach the partner's staff). Seeing is not using:
 * every route that takes a topic — a session, a completion recorded or corrected, a completions import,
 * a program year, a requirement — answers the partner exactly as for a topic that does not exist, and a
 * partner's session of it (made before this was refused) can't be registered for, imported into, watched
 * or attested. The plan's own session stays open to the partner's staff.
 */
let t: TestContext;
let plan: Client;
let partner: Client;
let partnerStaff: Client;
let staffId: string;
let privateTopic: string;
let sharedTopic: string;
let planSession: string;
let partnerSession: string;
const MISSING = randomUUID();

beforeAll(async () => {
  t = await createTestApp();
  const planOrg = await t.org({ kind: 'plan', name: 'Commonwealth Care Plan' });
  const cp = await t.org({ kind: 'cp_bh', name: 'Lowell Community Partner' });
  await insertRelationship(t.database.system, {
    orgId: planOrg.id,
    otherOrgId: cp.id,
    kind: 'cp_partnership',
    startsOn: '2024-01-01',
  });
  plan = await t.signIn((await t.user([{ orgId: planOrg.id, role: 'org_admin' }])).email);
  partner = await t.signIn((await t.user([{ orgId: cp.id, role: 'org_admin' }])).email);
  const staff = await t.user([{ orgId: cp.id, role: 'care_coordinator' }], {
    email: 'rosa.delgado@lowellcp.example',
  });
  staffId = staff.person.id;
  partnerStaff = await t.signIn(staff.email);
  privateTopic = (
    await plan.post('/api/training/topics', { code: 'CCP-MOC', title: 'Our model of care', shared: false })
  ).json().id;
  sharedTopic = (
    await plan.post('/api/training/topics', { code: 'OC-CULT', title: 'Cultural competence', shared: true })
  ).json().id;
  const live = {
    kind: 'live',
    startsAt: '2099-06-01T14:00:00Z',
    endsAt: '2099-06-01T15:00:00Z',
  };
  const made = await plan.post('/api/training/sessions', {
    topicId: privateTopic,
    title: 'Model of care (live)',
    ...live,
  });
  expect(made.statusCode, made.body).toBe(201);
  planSession = made.json().id;
  // A session the partner made of the plan's topic before this was refused.
  partnerSession = randomUUID();
  await plantLiveSession(t.database.system, {
    orgId: cp.id,
    id: partnerSession,
    topicId: privateTopic,
    title: 'Model of care, our way',
    startsAt: '2099-06-02T14:00:00Z',
    endsAt: '2099-06-02T15:00:00Z',
    closesAt: '2099-07-01T00:00:00Z',
  });
});
afterAll(() => t.close());

/** The partner's answer for the plan's private topic, beside its answer for a topic no one has. */
async function bothWays(send: (topicId: string) => Promise<{ statusCode: number; json(): unknown }>) {
  const missing = await send(MISSING);
  const privateOne = await send(privateTopic);
  const mask = (body: unknown) => JSON.parse(JSON.stringify(body).replaceAll(MISSING, privateTopic));
  expect(privateOne.statusCode).toBe(missing.statusCode);
  expect(privateOne.json()).toEqual(mask(missing.json()));
  return privateOne;
}

/** Every route that takes a topic id (path or body), each answered for a private topic below. */
const TOPIC_ROUTES = [
  'PATCH /api/training/completions/{id}',
  'POST /api/compliance/requirements',
  'POST /api/training/completions',
  'POST /api/training/program-years',
  'POST /api/training/sessions',
  'PUT /api/compliance/requirements/{id}',
  'PUT /api/training/program-years/{id}',
];

describe('a partner and the plan’s private topic', () => {
  it('is checked on every route that takes a topic id: a new one must join this file', async () => {
    const taking = (await operations(t)).filter(({ op }) => {
      const body = op.requestBody?.content?.['application/json']?.schema?.properties ?? {};
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      return [...Object.keys(body), ...params].some((k) => /^topicIds?$/.test(k));
    });
    expect(taking.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(TOPIC_ROUTES);
  });

  it('sees it in the catalog', async () => {
    const topics = (await partner.get('/api/training/topics')).json().items;
    expect(topics.map((x: { id: string }) => x.id)).toContain(privateTopic);
  });

  it('cannot offer a session of it', async () => {
    const res = await bothWays((topicId) =>
      partner.post('/api/training/sessions', {
        topicId,
        title: 'Model of care (ours)',
        kind: 'recorded',
        videoUrl: 'https://learning.example/moc',
        durationMinutes: 40,
      }),
    );
    expect(res.statusCode).toBe(404);
  });

  it('cannot record a completion of it, nor correct one to it', async () => {
    const res = await bothWays((topicId) =>
      partner.post('/api/training/completions', { personId: staffId, topicId, completedOn: '2026-03-02' }),
    );
    expect(res.statusCode).toBe(404);
    const own = await partner.post('/api/training/completions', {
      personId: staffId,
      topicId: sharedTopic,
      completedOn: '2026-03-02',
    });
    expect(own.statusCode, own.body).toBe(201);
    const corrected = await bothWays((topicId) =>
      partner.patch(
        `/api/training/completions/${own.json().id}`,
        { topicId, reason: 'Wrong topic' },
        { 'if-match': '"1"' },
      ),
    );
    expect(corrected.statusCode).toBe(404);
  });

  it('cannot name it in a program year or a requirement, new or changed', async () => {
    const yearOf = (topicId: string) => ({
      title: 'Performance year 2027',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      topicIds: [topicId],
    });
    const requirementOf = (topicId: string) => ({
      code: 'MOC',
      title: 'Model of care',
      what: 'topics',
      topicIds: [topicId],
      scope: 'organisation',
      trigger: 'role_start',
      dueWithinDays: 30,
      recurrence: 'once',
      inForceFrom: '2024-01-01',
    });
    const year = await bothWays((topicId) => partner.post('/api/training/program-years', yearOf(topicId)));
    expect(year.statusCode).toBe(400);
    const requirement = await bothWays((topicId) =>
      partner.post('/api/compliance/requirements', requirementOf(topicId)),
    );
    expect(requirement.statusCode).toBe(400);

    const ownYear = await partner.post('/api/training/program-years', yearOf(sharedTopic));
    expect(ownYear.statusCode, ownYear.body).toBe(201);
    const yearChanged = await bothWays((topicId) =>
      partner.put(`/api/training/program-years/${ownYear.json().id}`, yearOf(topicId), { 'if-match': '"1"' }),
    );
    expect(yearChanged.statusCode).toBe(400);
    const ownRequirement = await partner.post('/api/compliance/requirements', requirementOf(sharedTopic));
    expect(ownRequirement.statusCode, ownRequirement.body).toBe(201);
    const requirementChanged = await bothWays((topicId) =>
      partner.put(`/api/compliance/requirements/${ownRequirement.json().id}`, requirementOf(topicId), {
        'if-match': '"1"',
      }),
    );
    expect(requirementChanged.statusCode).toBe(400);
  });

  it('cannot import completions of it: the row is one whose code names no topic it may use', async () => {
    const csv = ['E-mail,NPI,Topic code,Completed on', 'rosa.delgado@lowellcp.example,,CCP-MOC,2026-03-02'];
    const { started, job, lines } = await uploadAndImport(
      t,
      partner,
      '/api/training/completions/imports',
      'moc.csv',
      csv.join('\n'),
    );
    expect(started.statusCode, started.body).toBe(202);
    expect(job.result, JSON.stringify(job.result)).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(lines.join('\n')).toContain('"CCP-MOC" is not a topic in your catalog or the shared catalog');
    const hers = (await partnerStaff.get('/api/training/completions')).json().items;
    expect(hers.filter((c: { topicId: string }) => c.topicId === privateTopic)).toEqual([]);
  });

  it('cannot use a session it made of it: not found to register, import attendance, read or attest', async () => {
    expect(
      (await partnerStaff.post(`/api/training/sessions/${partnerSession}/registrations`)).statusCode,
    ).toBe(404);
    expect((await partner.get(`/api/training/sessions/${partnerSession}`)).statusCode).toBe(404);
    const report = multipartFile('participants.csv', 'Name,Email,Duration (Minutes)\nRosa,rosa@x.example,60');
    const imported = await partner.post(
      `/api/training/sessions/${partnerSession}/attendance`,
      report.payload,
      report.headers,
    );
    expect(imported.statusCode).toBe(404);
    expect((await partnerStaff.get(`/api/training/attest/tok-${partnerSession}`)).statusCode).toBe(404);
  });

  it('still lets its staff register for the plan’s own session of it', async () => {
    const res = await partnerStaff.post(`/api/training/sessions/${planSession}/registrations`);
    expect(res.statusCode, res.body).toBe(201);
  });
});
