// API clients read the FHIR API with the OAuth 2.0 client credentials grant, within their SMART system
// scopes and with the roles of their service identity; a token is taken nowhere else (decision 065).
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

async function world() {
  const plan = await t.org({ kind: 'plan' });
  const admin = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
  const id = await enrollee(admin, { givenName: 'Rosa', familyName: 'Delgado' });
  // The service identity: an auditor at the plan, who may read enrollees but change nothing.
  const identity = await t.user([{ orgId: plan.id, role: 'auditor' }], {
    givenName: 'EHR',
    familyName: 'Feed',
  });
  const created = await admin.post('/api/api-clients', {
    name: 'Epic nightly feed',
    personId: identity.person.id,
    scopes: ['system/Patient.rs', 'system/CareTeam.s'],
  });
  expect(created.statusCode, created.body).toBe(201);
  const client = created.json() as { id: string; clientId: string; clientSecret: string };
  return { plan, admin, id, identity, client };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
async function tokenFor(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/api/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(fields),
  });
}
const bearer = (token: string, url: string, method: 'GET' | 'POST' = 'GET') =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } });

describe('API clients on the FHIR API', () => {
  it('exchange id and secret for a short token that reads within its scopes, as its service identity', async () => {
    const { id, client, plan } = await world();
    const issued = await tokenFor({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.headers['cache-control']).toBe('no-store');
    const { access_token, token_type, expires_in, scope } = issued.json();
    expect({ token_type, expires_in, scope }).toEqual({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'system/Patient.rs system/CareTeam.s',
    });
    const patient = await bearer(access_token, `/fhir/R4/Patient/${id}`);
    expect(patient.statusCode, patient.body).toBe(200);
    expect(validateFhir(patient.json())).toMatchObject({ resourceType: 'Patient', id });
    expect((await bearer(access_token, `/fhir/R4/CareTeam?patient=${id}`)).statusCode).toBe(200);
    // Outside its scopes: refused, as an OperationOutcome naming the scope.
    const org = await bearer(access_token, `/fhir/R4/Organization/${plan.id}`);
    expect(org.statusCode).toBe(403);
    expect(validateFhir(org.json())).toMatchObject({ issue: [{ code: 'forbidden' }] });
    expect(org.body).toContain('system/Organization.r');
    // The read is audited under the client's name.
    await t.services.audit.flush();
    expect(await auditEntries(t.database.system, { entityId: id, action: 'fhir_patient' })).toEqual([
      expect.objectContaining({ actorName: `Epic nightly feed (API client ${client.clientId})` }),
    ]);

    // HTTP Basic, and a narrower scope asked for; a wider one is refused.
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const narrow = await tokenFor(
      { grant_type: 'client_credentials', scope: 'system/Patient.r' },
      { authorization: `Basic ${basic}` },
    );
    expect(narrow.statusCode, narrow.body).toBe(200);
    const narrowToken = narrow.json().access_token as string;
    expect((await bearer(narrowToken, `/fhir/R4/Patient/${id}`)).statusCode).toBe(200);
    expect((await bearer(narrowToken, `/fhir/R4/Patient?_id=${id}`)).statusCode).toBe(403);
    const wider = await tokenFor(
      { grant_type: 'client_credentials', scope: 'system/*.rs' },
      { authorization: `Basic ${basic}` },
    );
    expect(wider.statusCode).toBe(400);
    expect(wider.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('refuse a wrong secret, another grant, and a token anywhere but the FHIR API’s reads', async () => {
    const { client, id } = await world();
    const wrong = await tokenFor({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: `${client.clientSecret}x`,
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic/);
    expect(
      (await tokenFor({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' })).json(),
    ).toMatchObject({ error: 'invalid_client' });
    // One way of authenticating at a time, a form body, and the RFC's error shape whatever is wrong.
    const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
    const both = await tokenFor(
      { grant_type: 'client_credentials', client_id: 'other', client_secret: 'zzz' },
      { authorization: `Basic ${basic}` },
    );
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ error: 'invalid_request' });
    const unreadable = await tokenFor(
      { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
      { authorization: 'Basic !!!' },
    );
    expect(unreadable.json()).toMatchObject({ error: expect.stringMatching(/^invalid_/) });
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/oauth/token',
      payload: { grant_type: 'client_credentials', client_id: [client.clientId], client_secret: { a: 1 } },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: 'invalid_request', error_description: expect.any(String) });
    await t.services.audit.flush();
    expect(
      await auditEntries(t.database.system, { entityId: client.id, action: 'token-refused' }),
    ).not.toEqual([]);
    const password = await tokenFor({ grant_type: 'password', username: 'a', password: 'b' });
    expect(password.statusCode).toBe(400);
    expect(password.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const token = (
      await tokenFor({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
      })
    ).json().access_token as string;
    for (const [method, url] of [
      ['GET', '/api/people'],
      ['GET', `/api/care/enrollees/${id}`],
      ['GET', '/%61pi/people'],
      ['POST', '/api/api-clients'],
      ['POST', `/fhir/R4/Patient/${id}`],
    ] as const) {
      const res = await bearer(token, url, method);
      expect(res.statusCode, `${method} ${url}`).toBe(401);
      expect(res.body).not.toContain('Delgado');
    }
    // A read nothing answers is not found, token or not.
    const unknown = await bearer(token, '/fhir/R4/Observation?patient=1');
    expect(unknown.statusCode).toBe(404);
    expect(validateFhir(unknown.json())).toMatchObject({ issue: [{ code: 'not-found' }] });
    const forged = await bearer(`${token}x`, `/fhir/R4/Patient/${id}`);
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['www-authenticate']).toContain('invalid_token');
    expect(validateFhir(forged.json())).toMatchObject({ issue: [{ code: 'login' }] });
  });

  it('stop at once when the client is revoked or its service identity’s role ends', async () => {
    const { client, id, admin, identity } = await world();
    const issue = async () =>
      (
        await tokenFor({
          grant_type: 'client_credentials',
          client_id: client.clientId,
          client_secret: client.clientSecret,
        })
      ).json().access_token as string;
    const token = await issue();
    expect((await bearer(token, `/fhir/R4/Patient/${id}`)).statusCode).toBe(200);
    // The identity's role ends: the token reads nothing more.
    const person = (await admin.get(`/api/people/${identity.person.id}`)).json() as {
      version: number;
      roles: { id: string; version: number }[];
    };
    const ended = await admin.patch(
      `/api/people/${identity.person.id}/roles/${person.roles[0]!.id}`,
      { endsOn: '2021-01-01' },
      { 'if-match': `"${person.roles[0]!.version}"` },
    );
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await bearer(token, `/fhir/R4/Patient/${id}`)).statusCode).toBe(401);
    const refused = await tokenFor({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringContaining('no longer'),
    });
    // Revoked: no new token either.
    const revoked = await admin.post(`/api/api-clients/${client.id}/revocation`);
    expect(revoked.statusCode, revoked.body).toBe(204);
    expect((await admin.post(`/api/api-clients/${client.id}/revocation`)).statusCode).toBe(404);
    const again = await tokenFor({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(again.json()).toMatchObject({ error: 'invalid_client' });
    const listed = (await admin.get('/api/api-clients')).json() as { items: Record<string, unknown>[] };
    expect(listed.items).toEqual([expect.objectContaining({ id: client.id, revokedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain('secret');
  });

  it('are registered by an administrator only, with read scopes and someone who works here', async () => {
    const { admin, plan } = await world();
    const other = await t.user([{ orgId: (await t.org()).id, role: 'auditor' }]);
    const bad = await admin.post('/api/api-clients', {
      name: 'Feed',
      personId: other.person.id,
      scopes: ['system/Patient.rs', 'system/Patient.cud', 'patient/*.rs', 'openid', 'system/Observation.rs'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toEqual([
      expect.objectContaining({ path: 'body.scopes.1', message: expect.stringContaining('only reads') }),
      expect.objectContaining({ path: 'body.scopes.2', message: expect.stringContaining('system scopes') }),
      expect.objectContaining({ path: 'body.scopes.3' }),
      expect.objectContaining({
        path: 'body.scopes.4',
        message: expect.stringContaining('serves no Observation'),
      }),
      expect.objectContaining({ path: 'body.personId' }),
    ]);
    const coordinator = await t.signIn((await t.user([{ orgId: plan.id, role: 'care_coordinator' }])).email);
    expect((await coordinator.get('/api/api-clients')).statusCode).toBe(403);
    const smart = await t.app.inject({ method: 'GET', url: '/fhir/R4/.well-known/smart-configuration' });
    expect(smart.json()).toMatchObject({
      token_endpoint: expect.stringMatching(/\/api\/oauth\/token$/),
      grant_types_supported: ['client_credentials'],
    });
  });
});
