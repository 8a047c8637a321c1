// FHIR Bulk Data export (decision 066): kick-off, status and NDJSON files, scoped and audited like every
// read; `_type`, `_since` and Group level; API clients within their scopes; cancellation. And `_lastUpdated`,
// which asks a search what `_since` asks an export, and `_include`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { enrollee } from '../support/factories.js';
import { validateFhir } from '../support/fhir.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Client = Awaited<ReturnType<TestContext['signIn']>>;
const ASYNC = { prefer: 'respond-async', accept: 'application/fhir+json' };

async function world() {
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2020-01-01',
  });
  const admin = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
  const coordinator = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
  const ids: string[] = [];
  for (const [i, program] of (['one_care', 'one_care', 'cp'] as const).entries()) {
    const id = await enrollee(admin, { givenName: `Export${i}` });
    const enrolled = await admin.post(`/api/care/enrollees/${id}/enrollments`, {
      program,
      effectiveOn: '2025-01-01',
    });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    ids.push(id);
  }
  const spoc = await admin.post(`/api/care/enrollees/${ids[0]}/team/single-point-of-contact`, {
    personId: coordinator.person.id,
    role: 'care_coordinator',
    memberOrgId: provider.id,
    startsOn: '2025-01-15',
  });
  expect(spoc.statusCode, spoc.body).toBe(201);
  // Another plan's enrollee, which no export of this plan may hold.
  const other = await t.org({ kind: 'plan' });
  const otherAdmin = await t.signIn((await t.user([{ orgId: other.id, role: 'org_admin' }])).email);
  const stranger = await enrollee(otherAdmin, { givenName: 'Stranger' });
  return { plan, provider, admin, otherAdmin, ids, stranger, coordinator };
}

/** An API client's access token (the client credentials grant), for the scope asked or all granted. */
async function accessToken(clientId: string, clientSecret: string, scope?: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      ...(scope ? { scope } : {}),
    }).toString(),
  });
  return res.json().access_token as string;
}

/** Kicks off, runs the queue, and gives the manifest. */
async function exported(client: Client, url: string) {
  const kick = await client.get(url, ASYNC);
  expect(kick.statusCode, kick.body).toBe(202);
  const status = kick.headers['content-location'] as string;
  expect(status).toMatch(/\/fhir\/R4\/\$export-status\/[0-9a-f-]{36}$/);
  const path = new URL(status).pathname;
  const waiting = await client.get(path);
  expect(waiting.statusCode).toBe(202);
  expect(waiting.headers['x-progress']).toBeTruthy();
  await t.services.jobs.drain();
  const done = await client.get(path);
  expect(done.statusCode, done.body).toBe(200);
  return {
    path,
    manifest: done.json() as {
      transactionTime: string;
      requiresAccessToken: boolean;
      output: { type: string; url: string; count: number }[];
      error: { type: string; url: string }[];
    },
  };
}

async function lines(client: Client, url: string) {
  const res = await client.get(new URL(url).pathname);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
  return res.body
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { resourceType: string; id: string; subject?: { reference: string } });
}

describe('FHIR Bulk Data export', () => {
  it('exports what the organisation sees as valid NDJSON, one file per type, audited', async () => {
    const { admin, ids, stranger } = await world();
    const { manifest } = await exported(admin, '/fhir/R4/$export');
    expect(manifest.requiresAccessToken).toBe(true);
    const byType = Object.fromEntries(manifest.output.map((o) => [o.type, o]));
    // The directory too: the organisations, the people holding a role here and their roles.
    expect(Object.keys(byType)).toEqual(
      expect.arrayContaining(['Organization', 'Practitioner', 'PractitionerRole', 'Patient', 'CareTeam']),
    );
    for (const o of manifest.output)
      for (const r of await lines(admin, o.url))
        expect(validateFhir(r)).toMatchObject({ resourceType: o.type });
    expect(byType.Patient?.count).toBe(3);
    // Every enrollee's team, as the search gives it: one with its coordinator, two proposed and empty.
    expect(byType.CareTeam?.count).toBe(3);
    const patients = await lines(admin, byType.Patient!.url);
    expect(patients.map((p) => p.id).sort()).toEqual([...ids].sort());
    expect(patients.map((p) => p.id)).not.toContain(stranger);
    for (const p of patients) validateFhir(p);
    const team = (await lines(admin, byType.CareTeam!.url)).find((r) => r.id === ids[0]);
    expect(validateFhir(team)).toMatchObject({ resourceType: 'CareTeam', status: 'active' });
    // The same resource as the read gives.
    const read = await admin.get(`/fhir/R4/CareTeam/${ids[0]}`);
    expect(team).toEqual(read.json());
    await t.services.audit.flush();
    const [made] = await auditEntries(t.database.system, { action: 'export', entityType: 'fhir_export' });
    expect(made).toBeTruthy();
  });

  it('gives only what changed after _since, only the types asked for, and a Group’s members', async () => {
    const { admin, ids } = await world();
    const since = new Date(Date.now() - 1000).toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    const later = await enrollee(admin, { givenName: 'Later' });
    const { manifest } = await exported(
      admin,
      `/fhir/R4/Patient/$export?_type=Patient&_since=${encodeURIComponent(new Date(Date.now() - 500).toISOString())}`,
    );
    expect(manifest.output.map((o) => o.type)).toEqual(['Patient']);
    expect((await lines(admin, manifest.output[0]!.url)).map((p) => p.id)).toEqual([later]);
    expect(since < manifest.transactionTime).toBe(true);

    const group = await admin.get('/fhir/R4/Group/one-care');
    expect(validateFhir(group.json())).toMatchObject({ resourceType: 'Group', quantity: 2 });
    const inGroup = await exported(admin, '/fhir/R4/Group/one-care/$export?_type=Patient');
    expect((await lines(admin, inGroup.manifest.output[0]!.url)).map((p) => p.id).sort()).toEqual(
      [ids[0], ids[1]].sort(),
    );
    expect((await admin.get('/fhir/R4/Group/martian/$export', ASYNC)).statusCode).toBe(404);
  });

  it('refuses a kick-off it cannot answer as asked, naming the parameter', async () => {
    const { admin } = await world();
    const cases: [string, Record<string, string>, string][] = [
      ['/fhir/R4/$export', { accept: 'application/fhir+json' }, 'Prefer'],
      ['/fhir/R4/$export?_since=yesterday', ASYNC, '_since'],
      ['/fhir/R4/$export?_outputFormat=text/csv', ASYNC, '_outputFormat'],
      ['/fhir/R4/Patient/$export?_type=Martian', ASYNC, '_type'],
      ['/fhir/R4/$export?_elements=id', ASYNC, '_elements'],
    ];
    for (const [url, headers, field] of cases) {
      const res = await admin.get(url, headers);
      expect(res.statusCode, url).toBe(400);
      expect(validateFhir(res.json())).toMatchObject({
        resourceType: 'OperationOutcome',
        issue: [{ expression: [field] }],
      });
    }
  });

  it('shows an export, its files and its cancellation to its requester only', async () => {
    const { admin, otherAdmin, plan } = await world();
    const { path, manifest } = await exported(admin, '/fhir/R4/$export?_type=Patient');
    const file = new URL(manifest.output[0]!.url).pathname;
    // Another organisation's administrator, and another administrator of the same plan.
    const colleague = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
    for (const other of [otherAdmin, colleague]) {
      expect((await other.get(path)).statusCode).toBe(404);
      expect((await other.get(file)).statusCode).toBe(404);
      expect((await other.delete(path)).statusCode).toBe(404);
    }
    // A training administrator may export no patient: refused before anything is queued.
    const trainer = await t.signIn((await t.user([{ orgId: plan.id, role: 'training_admin' }])).email);
    expect((await trainer.get('/fhir/R4/Patient/$export', ASYNC)).statusCode).toBe(403);
    const refused = await trainer.get('/fhir/R4/$export?_type=Patient', ASYNC);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Patient');
    // Deleting forgets the export and its files.
    expect((await admin.delete(path)).statusCode).toBe(202);
    expect((await admin.get(path)).statusCode).toBe(404);
    expect((await admin.get(file)).statusCode).toBe(404);
  });

  it('keeps each requester to two exports at a time, starts none on HEAD, and reads Prefer in any case', async () => {
    const { admin } = await world();
    const head = await t.app.inject({
      method: 'HEAD',
      url: '/fhir/R4/Patient/$export',
      cookies: { concord_session: admin.cookie },
      headers: ASYNC,
    });
    expect(head.statusCode).toBe(404);
    expect((await admin.get('/fhir/R4/Patient/$export', { prefer: 'RESPOND-ASYNC' })).statusCode).toBe(202);
    expect((await admin.get('/fhir/R4/Patient/$export?_type=Patient', ASYNC)).statusCode).toBe(202);
    const busy = await admin.get('/fhir/R4/$export', ASYNC);
    expect(busy.statusCode).toBe(429);
    expect(busy.headers['retry-after']).toBe('30');
    expect(validateFhir(busy.json())).toMatchObject({ issue: [{ code: 'throttled' }] });
    expect((await admin.get('/fhir/R4/$export?_type=', ASYNC)).statusCode).toBe(400);
    await t.services.jobs.drain();
    expect((await admin.get('/fhir/R4/$export', ASYNC)).statusCode).toBe(202);
    await t.services.jobs.drain();
  });

  it('lets an API client export within its scopes, with its token on every step', async () => {
    const { admin, plan, ids } = await world();
    const identity = await t.user([{ orgId: plan.id, role: 'auditor' }]);
    const created = await admin.post('/api/api-clients', {
      name: 'Bulk feed',
      personId: identity.person.id,
      scopes: ['system/Patient.rs'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { clientId, clientSecret } = created.json();
    const token = await accessToken(clientId, clientSecret);
    const as = (method: 'GET' | 'DELETE', url: string) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...ASYNC } });
    const outside = await as('GET', '/fhir/R4/$export?_type=CareTeam');
    expect(outside.statusCode).toBe(403);
    expect(outside.body).toContain('system/CareTeam.s');
    const kick = await as('GET', '/fhir/R4/$export');
    expect(kick.statusCode, kick.body).toBe(202);
    await t.services.jobs.drain();
    const status = new URL(kick.headers['content-location'] as string).pathname;
    const manifest = (await as('GET', status)).json();
    expect(manifest.output.map((o: { type: string }) => o.type)).toEqual(['Patient']);
    const body = (await as('GET', new URL(manifest.output[0].url).pathname)).body;
    expect(body.split('\n').filter(Boolean)).toHaveLength(ids.length);
    expect((await as('DELETE', status)).statusCode).toBe(202);
    expect((await as('GET', status)).statusCode).toBe(404);
  });

  it('shows a narrower token of the same client only the files its scopes cover', async () => {
    const { admin, plan } = await world();
    const identity = await t.user([{ orgId: plan.id, role: 'auditor' }]);
    const { clientId, clientSecret } = (
      await admin.post('/api/api-clients', {
        name: 'Wide feed',
        personId: identity.person.id,
        scopes: ['system/*.rs'],
      })
    ).json();
    const tokenFor = (scope?: string) => accessToken(clientId, clientSecret, scope);
    const as = (token: string, url: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...ASYNC } });
    const wide = await tokenFor();
    const kick = await as(wide, '/fhir/R4/$export?_type=Patient,CareTeam');
    expect(kick.statusCode, kick.body).toBe(202);
    await t.services.jobs.drain();
    const status = new URL(kick.headers['content-location'] as string).pathname;
    const all = (await as(wide, status)).json().output as { type: string; url: string }[];
    expect(all.map((o) => o.type)).toEqual(['Patient', 'CareTeam']);
    const narrow = await tokenFor('system/Patient.rs');
    expect((await as(narrow, status)).json().output.map((o: { type: string }) => o.type)).toEqual([
      'Patient',
    ]);
    const team = await as(narrow, new URL(all[1]!.url).pathname);
    expect(team.statusCode).toBe(403);
    expect(team.body).toContain('system/CareTeam.s');
    // A Group's members are read through the Group: without its scope, no Group export.
    expect((await as(narrow, '/fhir/R4/Group/one-care/$export')).statusCode).toBe(403);
  });
});

describe('_lastUpdated', () => {
  it('finds what changed in the span, in Patient and in the patient’s records, refusing what is no date', async () => {
    const { admin, ids } = await world();
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    const later = await enrollee(admin, { givenName: 'Later' });
    const since = encodeURIComponent(`gt${new Date(Date.now() - 600).toISOString()}`);
    const patients = (await admin.get(`/fhir/R4/Patient?_lastUpdated=${since}`)).json();
    expect(validateFhir(patients)).toMatchObject({ total: 1, entry: [{ resource: { id: later } }] });
    expect(patients.link[0].url).toContain('_lastUpdated=');
    const earlier = encodeURIComponent(`lt${before}`);
    const byId = (await admin.get(`/fhir/R4/Patient?_id=${ids[0]}&_lastUpdated=${earlier}`)).json();
    expect(byId.total).toBe(1);
    expect((await admin.get(`/fhir/R4/Patient?_id=${later}&_lastUpdated=${earlier}`)).json().total).toBe(0);
    // The care team: changed when its first member joined, so in a span that ends later, not one that ends before.
    const team = (await admin.get(`/fhir/R4/CareTeam?patient=${ids[0]}&_lastUpdated=${earlier}`)).json();
    expect(validateFhir(team)).toMatchObject({ total: 1 });
    expect((await admin.get(`/fhir/R4/CareTeam?patient=${ids[0]}&_lastUpdated=${since}`)).json().total).toBe(
      0,
    );
    const range = `_lastUpdated=ge2020-01-01&_lastUpdated=le2099-12-31`;
    expect((await admin.get(`/fhir/R4/CareTeam?patient=${ids[0]}&${range}`)).json().total).toBe(1);
    const bad = await admin.get(`/fhir/R4/Patient?_lastUpdated=yesterday`);
    expect(bad.statusCode).toBe(400);
    expect(validateFhir(bad.json())).toMatchObject({ issue: [{ expression: ['_lastUpdated'] }] });
    // A search that does not list the parameter refuses it.
    const qr = await admin.get(`/fhir/R4/QuestionnaireResponse?patient=${ids[0]}&_lastUpdated=ge2020-01-01`);
    expect(qr.statusCode).toBe(400);
  });
});

describe('_include', () => {
  it('adds the enrollee to a search of their records, and the person to a search of their roles', async () => {
    const { admin, ids, plan } = await world();
    const staff = await t.user([{ orgId: plan.id, role: 'care_coordinator' }]);
    const team = validateFhir(
      (await admin.get(`/fhir/R4/CareTeam?patient=${ids[0]}&_include=CareTeam:patient`)).json(),
    ) as {
      total: number;
      entry: { resource: { resourceType: string; id: string }; search: { mode: string } }[];
    };
    expect(team.total).toBe(1);
    expect(team.entry.map((e) => [e.resource.resourceType, e.search.mode])).toEqual([
      ['CareTeam', 'match'],
      ['Patient', 'include'],
    ]);
    expect(team.entry[1]!.resource.id).toBe(ids[0]);
    // Nothing matched: nothing to include.
    const none = (await admin.get(`/fhir/R4/CarePlan?patient=${ids[0]}&_include=CarePlan:subject`)).json();
    expect(none).toMatchObject({ total: 0 });
    expect(none.entry).toBeUndefined();
    const wrong = await admin.get(`/fhir/R4/CareTeam?patient=${ids[0]}&_include=CareTeam:participant`);
    expect(wrong.statusCode).toBe(400);
    expect(validateFhir(wrong.json())).toMatchObject({ issue: [{ expression: ['_include'] }] });
    const roles = (
      await admin.get(
        `/fhir/R4/PractitionerRole?practitioner=${staff.person.id}&_include=PractitionerRole:practitioner`,
      )
    ).json();
    expect(roles.entry.at(-1)).toMatchObject({
      resource: { resourceType: 'Practitioner' },
      search: { mode: 'include' },
    });
    // The statement says what each type may include.
    const statement = (await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })).json();
    const careTeam = statement.rest[0].resource.find((r: { type: string }) => r.type === 'CareTeam');
    expect(careTeam.searchInclude).toEqual(['CareTeam:patient', 'CareTeam:subject']);
  });
});
