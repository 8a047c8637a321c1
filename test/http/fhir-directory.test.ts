// The FHIR R4 API's statement of itself and its directory resources: Organization, Practitioner and
// PractitionerRole, answered as the JSON API answers the same questions, valid by the validator library.
import { npiFromBase } from '@contract/people/npi.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { validateBundle, validateFhir } from '../support/fhir.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Bundle = {
  total: number;
  link: { relation: string; url: string }[];
  entry?: { fullUrl: string; resource: { id: string; resourceType: string } & Record<string, unknown> }[];
};
const ids = (b: Bundle) => (b.entry ?? []).map((e) => e.resource.id);
/** A Bundle's link, as the path a client follows. */
const pathOf = (b: Bundle, relation: string) => {
  const url = b.link.find((l) => l.relation === relation)?.url;
  return url && new URL(url).pathname + new URL(url).search;
};
const unique = () => Math.random().toString(36).slice(2, 8).toUpperCase();

async function directory() {
  const code = `ACO-${unique()}`;
  const aco = await t.org({ kind: 'aco', code, name: `Merrimack Valley ACO ${code}`, phone: '978-555-0100' });
  const other = await t.org({ kind: 'provider' });
  const admin = await t.signIn((await t.user([{ orgId: aco.id, role: 'org_admin' }])).email);
  const npi = npiFromBase(String(100_000_000 + Math.floor(Math.random() * 99_999_999)));
  const created = await admin.post('/api/people', {
    givenName: 'Imani',
    familyName: `Okoro${unique()}`,
    email: `imani.${unique().toLowerCase()}@merrimack.example`,
    npi,
    roles: [
      { role: 'care_coordinator', startsOn: '2024-02-01', team: 'North' },
      { role: 'rn', startsOn: '2021-01-01', endsOn: '2023-12-31' },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
  const stranger = await t.user([{ orgId: other.id, role: 'care_coordinator' }]);
  const outsider = await t.signIn((await t.user([{ orgId: other.id, role: 'org_admin' }])).email);
  return { aco, code, admin, outsider, npi, personId: created.json().id as string, stranger };
}

const fhir = async (client: Client, path: string) => {
  const res = await client.get(`/fhir/R4${path}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
  return res.json();
};

describe('the FHIR R4 API', () => {
  it('states what it serves in a valid CapabilityStatement, read without signing in, and serves it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/fhir/R4/metadata' });
    expect(res.statusCode).toBe(200);
    const statement = validateFhir(res.json()) as {
      fhirVersion: string;
      rest: {
        resource: { type: string; interaction: { code: string }[]; operation?: { name: string }[] }[];
        operation?: { name: string; definition: string }[];
      }[];
    };
    expect(statement.fhirVersion).toBe('4.0.1');
    const kinds = statement.rest[0]!.resource;
    expect(kinds.map((k) => k.type)).toEqual(
      expect.arrayContaining(['Patient', 'Organization', 'Practitioner', 'PractitionerRole', 'CareTeam']),
    );
    // Every interaction stated has its route, and every FHIR route in the OpenAPI document is stated.
    const stated = new Set<string>();
    for (const k of kinds)
      for (const { code } of k.interaction) {
        const url = {
          read: `/fhir/R4/${k.type}/:id`,
          vread: `/fhir/R4/${k.type}/:id/_history/:vid`,
          'history-instance': `/fhir/R4/${k.type}/:id/_history`,
          'search-type': `/fhir/R4/${k.type}`,
        }[code];
        expect(url, code).toBeDefined();
        expect(t.app.hasRoute({ method: 'GET', url: url! }), url).toBe(true);
        stated.add(url!.replace(':id', '{id}').replace(':vid', '{vid}'));
      }
    // The Bulk Data export, at Patient and Group level as their types state it, and at system level.
    for (const k of kinds)
      for (const { name } of k.operation ?? []) {
        const url = k.type === 'Group' ? `/fhir/R4/Group/:id/$${name}` : `/fhir/R4/${k.type}/$${name}`;
        expect(t.app.hasRoute({ method: 'GET', url }), url).toBe(true);
        stated.add(url.replace(':id', '{id}'));
      }
    expect(statement.rest[0]!.operation).toEqual([
      { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
    ]);
    expect(t.app.hasRoute({ method: 'GET', url: '/fhir/R4/$export' })).toBe(true);
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    const served = Object.keys(doc.paths).filter((p) => /^\/fhir\/R4\/[A-Z]/.test(p));
    expect(served.sort()).toEqual([...stated].sort());
  });

  it('reads and searches organisations as the JSON API lists them, paged by links', async () => {
    const { aco, code, admin } = await directory();
    const read = validateFhir(await fhir(admin, `/Organization/${aco.id}`));
    expect(read).toMatchObject({
      resourceType: 'Organization',
      id: aco.id,
      identifier: [{ value: code }],
      name: aco.name,
      type: [{ coding: [{ code: 'pay' }, { code: 'aco' }] }],
      telecom: [{ system: 'phone', value: '978-555-0100' }],
    });
    const byCode = validateBundle(
      await fhir(admin, `/Organization?identifier=${code.toLowerCase()}`),
    ) as Bundle;
    expect(ids(byCode)).toEqual([aco.id]);
    const bySystem = await fhir(
      admin,
      `/Organization?identifier=${encodeURIComponent(`https://concord.example/fhir/sid/organisation-code|${code}`)}`,
    );
    expect(ids(bySystem)).toEqual([aco.id]);
    expect(
      (await fhir(admin, `/Organization?identifier=${encodeURIComponent(`urn:other|${code}`)}`)).total,
    ).toBe(0);
    expect(ids(await fhir(admin, `/Organization?_id=${aco.id}`))).toEqual([aco.id]);
    expect((await fhir(admin, '/Organization?_id=not-an-id')).total).toBe(0);
    expect((await fhir(admin, '/Organization?type=martian')).total).toBe(0);

    // The same question as the JSON API, page by page.
    const listed = (await admin.get('/api/organisations?kind=aco&sort=name&pageSize=500')).json() as {
      items: { id: string }[];
      total: number;
    };
    let page = validateBundle(await fhir(admin, '/Organization?type=aco&_count=2')) as Bundle;
    expect(page.total).toBe(listed.total);
    const seen = [...ids(page)];
    expect(pathOf(page, 'previous')).toBeUndefined();
    for (let next = pathOf(page, 'next'); next; next = pathOf(page, 'next')) {
      page = validateBundle((await admin.get(next)).json()) as Bundle;
      expect(ids(page).length).toBeLessThanOrEqual(2);
      expect(pathOf(page, 'previous')).toBeDefined();
      seen.push(...ids(page));
    }
    expect(seen).toEqual(listed.items.map((o) => o.id));
    // `_count=0` gives the total alone.
    const counted = await fhir(admin, '/Organization?type=aco&_count=0');
    expect(counted).toMatchObject({ total: listed.total });
    expect(counted).not.toHaveProperty('entry');
    expect(pathOf(counted, 'next')).toBeUndefined();
  });

  it('reads a practitioner and their roles here, by name and NPI, and nobody outside the organisation', async () => {
    const { admin, outsider, npi, personId, stranger } = await directory();
    const read = validateFhir(await fhir(admin, `/Practitioner/${personId}`));
    expect(read).toMatchObject({
      resourceType: 'Practitioner',
      identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: npi }],
      active: true,
      name: [{ given: ['Imani'] }],
    });
    await t.services.audit.flush();
    expect(await auditEntries(t.database.system, { entityId: personId, entityType: 'person' })).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'read' })]),
    );
    expect(ids(validateBundle(await fhir(admin, `/Practitioner?identifier=${npi}`)) as Bundle)).toEqual([
      personId,
    ]);
    expect(ids(await fhir(admin, `/Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|${npi}`))).toEqual([
      personId,
    ]);
    expect(ids(await fhir(admin, '/Practitioner?name=imani&role=care_coordinator'))).toContain(personId);
    expect(ids(await fhir(admin, '/Practitioner?name=imani&role=rn'))).not.toContain(personId);
    expect(ids(await fhir(admin, `/Practitioner?_id=${personId}`))).toEqual([personId]);

    const roles = validateBundle(
      await fhir(admin, `/PractitionerRole?practitioner=Practitioner/${personId}`),
    ) as Bundle;
    expect(roles.entry?.map((e) => e.resource)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          active: true,
          code: [
            expect.objectContaining({ coding: [expect.objectContaining({ code: 'care_coordinator' })] }),
          ],
          practitioner: { reference: `Practitioner/${personId}` },
        }),
        expect.objectContaining({ active: false, period: { start: '2021-01-01', end: '2023-12-31' } }),
      ]),
    );

    // Another organisation sees neither them nor their roles; the ACO does not see the outsider's staff.
    expect((await outsider.get(`/fhir/R4/Practitioner/${personId}`)).statusCode).toBe(404);
    expect((await fhir(outsider, `/Practitioner?identifier=${npi}`)).total).toBe(0);
    expect((await fhir(outsider, `/Practitioner?_id=${personId}`)).total).toBe(0);
    expect((await fhir(outsider, `/PractitionerRole?practitioner=${personId}`)).total).toBe(0);
    expect((await admin.get(`/fhir/R4/Practitioner/${stranger.person.id}`)).statusCode).toBe(404);
    // A parameter the statement does not list is refused, not dropped (which would answer everyone).
    const unknown = await admin.get('/fhir/R4/Practitioner?family=Okoro');
    expect(unknown.statusCode).toBe(400);
    expect(validateFhir(unknown.json())).toMatchObject({
      issue: [{ code: 'invalid', expression: ['family'] }],
    });
    expect((await admin.get('/fhir/R4/Practitioner?name=imani&_format=json')).statusCode).toBe(200);
    const missing = await admin.get('/fhir/R4/PractitionerRole');
    expect(missing.statusCode).toBe(400);
    expect(validateFhir(missing.json())).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it('refuses a caller without a session and a role that may not list staff, as OperationOutcomes', async () => {
    const { aco, personId } = await directory();
    const anonymous = await t.app.inject({ method: 'GET', url: '/fhir/R4/Organization' });
    expect(anonymous.statusCode).toBe(401);
    expect(validateFhir(anonymous.json())).toMatchObject({ issue: [{ code: 'login' }] });
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer /);
    const coordinator = await t.signIn((await t.user([{ orgId: aco.id, role: 'care_coordinator' }])).email);
    const refused = await coordinator.get('/fhir/R4/Practitioner?name=imani');
    expect(refused.statusCode).toBe(403);
    expect(validateFhir(refused.json())).toMatchObject({ issue: [{ code: 'forbidden' }] });
    expect((await coordinator.get(`/fhir/R4/Practitioner/${personId}`)).statusCode).toBe(404);
  });
});

describe('the FHIR R4 Questionnaire', () => {
  it('reads and searches the organisation’s surveys, valid R4, and no other organisation’s', async () => {
    const { admin, outsider } = await directory();
    const code = `FB${unique()}`;
    const created = await admin.post('/api/surveys', {
      code,
      title: 'Session feedback',
      anonymous: false,
      roles: [],
      definition: {
        sections: [
          { questions: [{ key: 'ok', type: 'yes_no', text: 'Was the session useful?', required: true }] },
        ],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const read = validateFhir(await fhir(admin, `/Questionnaire/${id}`));
    expect(read).toMatchObject({ resourceType: 'Questionnaire', id, name: code, status: 'draft' });
    const url = (read as { url: string }).url;
    for (const query of [
      `_id=${id}`,
      `name=${code.toLowerCase()}`,
      `url=${encodeURIComponent(url)}`,
      'status=draft',
    ])
      expect(ids(validateBundle(await fhir(admin, `/Questionnaire?${query}`)) as Bundle), query).toContain(
        id,
      );
    expect((await fhir(admin, `/Questionnaire?name=${code}&status=active`)).total).toBe(0);
    expect((await outsider.get(`/fhir/R4/Questionnaire/${id}`)).statusCode).toBe(404);
    expect(ids(await fhir(outsider, `/Questionnaire?name=${code}`))).toEqual([]);
  });
});
