// A resource's history and version read (decision 072): the current version, with its id in meta.versionId
// and the ETag; an older version is not kept and not found; each is read as the resource is, for whom it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { enrollee } from '../support/factories.js';
import { validateFhir } from '../support/fhir.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function plan() {
  const org = await t.org({ kind: 'plan' });
  const admin = await t.signIn((await t.user([{ orgId: org.id, role: 'org_admin' }])).email);
  return { org, admin };
}

describe('the history of a FHIR resource', () => {
  it('is the current version, which the read and the version read give with the same id', async () => {
    const { admin } = await plan();
    const id = await enrollee(admin, { givenName: 'Hester' });
    const read = await admin.get(`/fhir/R4/Patient/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    const versionId = read.json().meta.versionId as string;
    expect(versionId).toMatch(/^[0-9a-f]{16}$/);
    expect(read.headers.etag).toBe(`W/"${versionId}"`);

    const history = await admin.get(`/fhir/R4/Patient/${id}/_history`);
    expect(history.statusCode, history.body).toBe(200);
    const bundle = validateFhir(history.json()) as {
      type: string;
      total: number;
      entry: { fullUrl: string; resource: { meta: { versionId: string } }; response: { etag: string } }[];
    };
    expect(bundle).toMatchObject({ type: 'history', total: 1 });
    expect(bundle.entry).toHaveLength(1);
    expect(bundle.entry[0]!.fullUrl).toMatch(new RegExp(`/fhir/R4/Patient/${id}$`));
    expect(bundle.entry[0]!.resource).toEqual(read.json());
    expect(bundle.entry[0]!.response.etag).toBe(`W/"${versionId}"`);

    const vread = await admin.get(`/fhir/R4/Patient/${id}/_history/${versionId}`);
    expect(vread.statusCode).toBe(200);
    expect(vread.json()).toEqual(read.json());

    // A change makes a new version; the old one is no longer kept.
    const changed = await admin.patch(
      `/api/care/enrollees/${id}`,
      { givenName: 'Hetty' },
      { 'if-match': '1' },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    const now = (await admin.get(`/fhir/R4/Patient/${id}`)).json();
    expect(now.meta.versionId).not.toBe(versionId);
    expect(now.name[0].given).toEqual(['Hetty']);
    const old = await admin.get(`/fhir/R4/Patient/${id}/_history/${versionId}`);
    expect(old.statusCode).toBe(404);
    expect(old.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
    expect(JSON.stringify(old.json())).toContain(now.meta.versionId);

    // Each history read is audited as a read of the enrollee.
    await t.services.audit.flush();
    const reads = await auditEntries(t.database.system, { entityId: id, action: 'fhir_patient' });
    // The read, the history, the version read, the read after the change, and the refused old version.
    expect(reads).toHaveLength(5);
  });

  it('is not found for another organisation’s record, nor for an id Concord does not make', async () => {
    const { admin } = await plan();
    const other = await plan();
    const stranger = await enrollee(other.admin, { givenName: 'Stranger' });
    const seen = (await other.admin.get(`/fhir/R4/Patient/${stranger}`)).json().meta.versionId as string;
    for (const url of [
      `/fhir/R4/Patient/${stranger}/_history`,
      `/fhir/R4/Patient/${stranger}/_history/${seen}`,
      '/fhir/R4/Patient/not-an-id/_history',
      `/fhir/R4/CareTeam/${stranger}/_history`,
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().resourceType, url).toBe('OperationOutcome');
      expect(res.body, url).not.toContain('Stranger');
    }
  });

  it('is read with a token that may read the type, and refused to one that may only search it', async () => {
    const { admin, org } = await plan();
    const id = await enrollee(admin, { givenName: 'Token' });
    const identity = await t.user([{ orgId: org.id, role: 'auditor' }]);
    const { clientId, clientSecret } = (
      await admin.post('/api/api-clients', {
        name: 'History feed',
        personId: identity.person.id,
        scopes: ['system/Patient.rs'],
      })
    ).json();
    const token = async (scope: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/oauth/token',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: clientId,
            client_secret: clientSecret,
            scope,
          }).toString(),
        })
      ).json().access_token as string;
    const as = async (scope: string) =>
      t.app.inject({
        method: 'GET',
        url: `/fhir/R4/Patient/${id}/_history`,
        headers: { authorization: `Bearer ${await token(scope)}` },
      });
    expect((await as('system/Patient.r')).statusCode).toBe(200);
    const refused = await as('system/Patient.s');
    expect(refused.statusCode).toBe(403);
    expect(JSON.stringify(refused.json())).toContain('system/Patient.r');
  });

  it('is stated for every type read by id', async () => {
    const statement = (await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' })).json() as {
      rest: { resource: { type: string; interaction: { code: string }[]; readHistory?: boolean }[] }[];
    };
    const read = statement.rest[0]!.resource.filter((k) => k.interaction.some((i) => i.code === 'read'));
    expect(read.map((k) => k.type)).toEqual(
      expect.arrayContaining([
        'Patient',
        'Practitioner',
        'Organization',
        'CareTeam',
        'CarePlan',
        'Questionnaire',
        'Consent',
        'Task',
        'ServiceRequest',
        'DocumentReference',
      ]),
    );
    for (const k of read) {
      expect(k.interaction.map((i) => i.code).slice(0, 3)).toEqual(['read', 'vread', 'history-instance']);
      expect(k.readHistory).toBe(false);
      expect(t.app.hasRoute({ method: 'GET', url: `/fhir/R4/${k.type}/:id/_history` }), k.type).toBe(true);
      expect(t.app.hasRoute({ method: 'GET', url: `/fhir/R4/${k.type}/:id/_history/:vid` }), k.type).toBe(
        true,
      );
    }
  });
});
