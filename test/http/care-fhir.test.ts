import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { HRSN_SCREENING, seedPublishedSurvey } from '../../src/domains/surveys/index.js';
import { appendAudit } from '../../src/platform/audit/audit.repository.js';
import { eventFor } from '../../src/platform/audit/audit.service.js';
import type { Db } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { enrollee, masshealthIdFor } from '../support/factories.js';
import { validateBundle, validateFhir } from '../support/fhir.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HRSN_ANSWERS = {
  living_situation: { value: 'steady' },
  housing_problems: { value: ['none'] },
  food_worry: { value: 'sometimes_true' },
  food_ran_out: { value: 'never_true' },
  transportation: { value: 'no' },
  utilities: { value: 'no' },
};

/**
 * A plan with an enrollee (MassHealth ID and MBI), whose single point of contact works at a provider in the
 * plan's network, and one assessment with screening answers.
 */
async function world() {
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2020-01-01',
  });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
  const planClient = await t.signIn(admin.email);
  const coordinator = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
    givenName: 'Carla',
    familyName: 'Reyes',
  });
  const masshealthId = masshealthIdFor();
  const id = await enrollee(planClient, {
    masshealthId,
    mbi: '1EG4-TE5-MK73',
    givenName: 'Rosa',
    familyName: 'Delgado',
    sex: 'female',
    addressLine1: '12 Elm Street',
    town: 'Boston',
    postalCode: '02119',
    phone: '617-555-0142',
    preferredLanguage: 'es',
    accessibleFormats: ['large_print'],
  });
  expect(
    (
      await planClient.post(`/api/care/enrollees/${id}/enrollments`, {
        program: 'one_care',
        effectiveOn: '2025-01-01',
      })
    ).statusCode,
  ).toBe(201);
  const spoc = await planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
    personId: coordinator.person.id,
    role: 'care_coordinator',
    memberOrgId: provider.id,
    startsOn: '2025-01-15',
  });
  expect(spoc.statusCode, spoc.body).toBe(201);
  const responseId = crypto.randomUUID();
  await seedPublishedSurvey(t.database.system, {
    orgId: plan.id,
    code: `HRSN-${Math.random().toString(36).slice(2, 7)}`,
    title: 'Health-related social needs screening',
    description: 'Screening.',
    definition: HRSN_SCREENING,
    anonymous: false,
    moduleId: null,
    link: null,
    roles: [],
    on: '2025-02-01',
    publishedBy: 'The plan',
    responses: [{ id: responseId, personId: null, answers: HRSN_ANSWERS, groups: {}, on: '2025-02-10' }],
  });
  await t.database.system.execute(
    sql`insert into care_assessments (org_id, enrollee_id, kind, survey_response_id, in_person, completed_on, completed_by)
      values (${plan.id}, ${id}, 'hrsn_screening', ${responseId}, false, '2025-02-10', ${coordinator.person.id})`,
  );
  return { plan, provider, planClient, coordinator, id, masshealthId };
}

const fhirJson = /^application\/fhir\+json/;

describe('FHIR R4 reads of an enrollee', () => {
  it('reads the Patient with MassHealth ID and MBI as identifiers, valid R4, audited as PHI', async () => {
    const w = await world();
    const res = await w.planClient.get(`/fhir/R4/Patient/${w.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(fhirJson);
    const patient = validateFhir(res.json()) as Record<string, never>;
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: w.id,
      active: true,
      gender: 'female',
      birthDate: '1958-04-12',
      name: [{ family: 'Delgado', given: ['Rosa'] }],
      address: [{ line: ['12 Elm Street'], city: 'Boston', district: 'Suffolk County', state: 'MA' }],
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true }],
    });
    expect(patient.identifier).toEqual([
      expect.objectContaining({
        system: 'https://concord.example/fhir/sid/masshealth-member-id',
        value: w.masshealthId,
        type: expect.objectContaining({ coding: [expect.objectContaining({ code: 'MA' })] }),
      }),
      expect.objectContaining({ system: 'http://hl7.org/fhir/sid/us-mbi', value: '1EG4TE5MK73' }),
    ]);
    await t.services.audit.flush();
    const audited = await auditEntries(t.database.system, { entityId: w.id, action: 'fhir_patient' });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.details).toMatchObject({ phi: true });
  });

  it('audits a read named by an upper-case id under the lower-case id, and finds it searched in either case', async () => {
    const w = await world();
    const upper = w.id.toUpperCase();
    const res = await w.planClient.get(`/fhir/R4/Patient/${upper}`);
    expect(res.statusCode, res.body).toBe(200);
    await t.services.audit.flush();
    // A row written before ids were kept in lower case, with the case its request used.
    await t.database.system.transaction((tx) =>
      appendAudit(tx as unknown as Db, [
        {
          ...eventFor(null, { action: 'fhir_patient', entityType: 'care_enrollee', orgId: w.plan.id }),
          entityId: upper,
        },
      ]),
    );
    for (const asked of [w.id, upper]) {
      const log = await w.planClient.get(
        `/api/audit?entityType=care_enrollee&entityId=${asked}&action=fhir_patient`,
      );
      expect(log.statusCode, log.body).toBe(200);
      expect(log.json().items.map((e: { entityId: string }) => e.entityId)).toEqual([upper, w.id]);
    }
  });

  it('finds the care team by patient, as a valid searchset, for the plan and the provider on the team', async () => {
    const w = await world();
    const provider = await t.signIn(w.coordinator.email);
    for (const [client, query] of [
      [w.planClient, `patient=Patient/${w.id}`],
      [provider, `patient=${w.id}`],
    ] as const) {
      const res = await client.get(`/fhir/R4/CareTeam?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(fhirJson);
      const bundle = validateBundle(res.json()) as {
        total: number;
        entry: { resource: Record<string, never> }[];
      };
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1 });
      expect(bundle.entry[0]!.resource).toMatchObject({
        resourceType: 'CareTeam',
        status: 'active',
        subject: { reference: `Patient/${w.id}` },
        participant: [
          {
            role: [{ text: 'Care coordinator (single point of contact)' }],
            member: { display: 'Carla Reyes' },
            period: { start: '2025-01-15' },
          },
        ],
      });
    }
  });

  it('finds the assessment’s answers as QuestionnaireResponses about the patient', async () => {
    const w = await world();
    const provider = await t.signIn(w.coordinator.email);
    for (const client of [w.planClient, provider]) {
      const res = await client.get(`/fhir/R4/QuestionnaireResponse?subject=Patient/${w.id}`);
      expect(res.statusCode, res.body).toBe(200);
      const bundle = validateBundle(res.json()) as {
        total: number;
        entry: { resource: Record<string, never> }[];
      };
      expect(bundle.total).toBe(1);
      const qr = bundle.entry[0]!.resource;
      expect(qr).toMatchObject({
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        subject: { reference: `Patient/${w.id}` },
        authored: '2025-02-10',
        author: { display: 'Carla Reyes' },
      });
      expect(qr.questionnaire).toMatch(/^https:\/\/concord\.example\/fhir\/Questionnaire\/HRSN-.*\|1$/);
      expect(JSON.stringify(qr)).toContain('"valueCoding":{"code":"sometimes_true"');
    }
  });

  it('reads the care team by the enrollee’s id, as its Bundle entry’s full URL says', async () => {
    const w = await world();
    const bundle = (await w.planClient.get(`/fhir/R4/CareTeam?patient=${w.id}`)).json() as {
      entry: { fullUrl: string }[];
    };
    const path = new URL(bundle.entry[0]!.fullUrl).pathname;
    const read = await w.planClient.get(path);
    expect(read.statusCode, read.body).toBe(200);
    expect(validateFhir(read.json())).toMatchObject({ resourceType: 'CareTeam', id: w.id });
    const outsider = await t.signIn(
      (await t.user([{ orgId: (await t.org({ kind: 'plan' })).id, role: 'org_admin' }])).email,
    );
    expect((await outsider.get(path)).statusCode).toBe(404);
  });

  it('labels the answers of an assessment made under 42 CFR Part 2, and the Bundle holding them', async () => {
    const w = await world();
    // The plan's own answers, tagged as made by it under Part 2: it sees them, labelled.
    await t.database.system.execute(
      sql`update care_assessments set part2_org_id = ${w.plan.id} where enrollee_id = ${w.id}`,
    );
    const res = await w.planClient.get(`/fhir/R4/QuestionnaireResponse?subject=Patient/${w.id}`);
    const bundle = validateBundle(res.json()) as {
      meta?: { security: { code: string }[] };
      entry: { resource: { meta?: { security: { code: string }[] } } }[];
    };
    const codes = (labels?: { code: string }[]) => (labels ?? []).map((l) => l.code).sort();
    expect(codes(bundle.entry[0]!.resource.meta?.security)).toEqual(['42CFRPart2', 'NORDSCLCD', 'R']);
    expect(codes(bundle.meta?.security)).toEqual(['42CFRPart2', 'NORDSCLCD', 'R']);
  });

  it('finds a patient by MassHealth ID, MBI, name or id, each match read and audited, and no one unseen', async () => {
    const w = await world();
    const outsider = await t.signIn(
      (await t.user([{ orgId: (await t.org({ kind: 'plan' })).id, role: 'org_admin' }])).email,
    );
    const search = async (client: typeof w.planClient, query: string) => {
      const res = await client.get(`/fhir/R4/Patient?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      const bundle = validateBundle(res.json()) as { total: number; entry?: { resource: { id: string } }[] };
      return { total: bundle.total, ids: (bundle.entry ?? []).map((e) => e.resource.id) };
    };
    const mh = 'https://concord.example/fhir/sid/masshealth-member-id';
    for (const query of [
      `identifier=${w.masshealthId}`,
      `identifier=${encodeURIComponent(`${mh}|${w.masshealthId}`)}`,
      `identifier=${encodeURIComponent('http://hl7.org/fhir/sid/us-mbi|1eg4te5mk73')}`,
      'identifier=1EG4-TE5-MK73',
      `identifier=${w.masshealthId}&name=rosa`,
      'name=delgado rosa',
      `_id=${w.id}`,
      `_id=${w.id}&identifier=${w.masshealthId}`,
    ])
      expect((await search(w.planClient, query)).ids, query).toContain(w.id);
    for (const query of [
      `identifier=${encodeURIComponent(`urn:other|${w.masshealthId}`)}`,
      `identifier=${encodeURIComponent(`http://hl7.org/fhir/sid/us-mbi|${w.masshealthId}`)}`,
      `identifier=${w.masshealthId}&name=maria`,
      `_id=${w.id}&identifier=100000000000`,
      '_id=not-an-id',
    ])
      expect(await search(w.planClient, query), query).toEqual({ total: 0, ids: [] });
    // Another plan finds nobody, whichever way it asks.
    for (const query of [`identifier=${w.masshealthId}`, `_id=${w.id}`, 'name=delgado'])
      expect((await search(outsider, query)).ids, query).not.toContain(w.id);
    await t.services.audit.flush();
    expect(
      await auditEntries(t.database.system, { entityId: w.id, action: 'fhir_patient' }),
    ).not.toHaveLength(0);
  });

  it('answers every error as a valid OperationOutcome: 401, 400, 403, 404', async () => {
    const w = await world();
    const other = await t.org({ kind: 'provider' });
    const outsider = await t.signIn((await t.user([{ orgId: other.id, role: 'care_coordinator' }])).email);
    const compliance = await t.signIn(
      (await t.user([{ orgId: w.plan.id, role: 'compliance_officer' }])).email,
    );
    const anonymous = await t.app.inject({ method: 'GET', url: `/fhir/R4/Patient/${w.id}` });
    const cases = [
      [anonymous, 401, 'login'],
      [await w.planClient.get('/fhir/R4/CareTeam'), 400, 'invalid'],
      [await w.planClient.get('/fhir/R4/QuestionnaireResponse?subject=Group/1/x'), 400, 'invalid'],
      [await compliance.get(`/fhir/R4/CareTeam?patient=${w.id}`), 403, 'forbidden'],
      [await compliance.get(`/fhir/R4/Patient/${w.id}`), 404, 'not-found'],
      [await outsider.get(`/fhir/R4/Patient/${w.id}`), 404, 'not-found'],
      [await w.planClient.get(`/fhir/R4/Patient/${crypto.randomUUID()}`), 404, 'not-found'],
      [await w.planClient.get('/fhir/R4/Patient/not-an-id'), 404, 'not-found'],
      [await w.planClient.get('/fhir/R4/Observation?patient=1'), 404, 'not-found'],
      // Spellings the FHIR router does not match are still FHIR's addresses.
      [await w.planClient.get(`/FHIR/r4/Patient/${w.id}`), 404, 'not-found'],
      [await w.planClient.get(`//fhir/R4/Patient/${w.id}`), 404, 'not-found'],
      [await w.planClient.get('/%66hir/R4/Observation?patient=1'), 404, 'not-found'],
      // An address the router cannot decode, before any route is matched.
      [await w.planClient.get('/fhir/R4/Patient/%ZZ'), 400, 'invalid'],
      [await w.planClient.get(`/fhir/R4/Patient/${w.id}/_history/%E0%A4%A`), 400, 'invalid'],
    ] as const;
    for (const [res, status, code] of cases) {
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers['content-type']).toMatch(fhirJson);
      const outcome = validateFhir(res.json()) as { issue: { code: string; severity: string }[] };
      expect(outcome).toMatchObject({ resourceType: 'OperationOutcome' });
      expect(outcome.issue[0]).toMatchObject({ severity: 'error', code });
    }
    // A search says nothing about an enrollee the organisation cannot see: no match.
    const none = await outsider.get(`/fhir/R4/CareTeam?patient=${w.id}`);
    expect(validateBundle(none.json())).toMatchObject({ type: 'searchset', total: 0 });
    expect(none.json()).not.toHaveProperty('entry');
    // Outside the FHIR API the same address is answered as every other error is there.
    const api = await w.planClient.get('/api/care/enrollees/%ZZ');
    expect(api.statusCode).toBe(400);
    expect(api.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('Check the link'),
    });
  });

  it('are in the OpenAPI document, with OperationOutcome as their error answer', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/fhir/R4/Patient/{id}', '/fhir/R4/CareTeam', '/fhir/R4/QuestionnaireResponse'])
      expect(Object.keys(doc.paths[path].get.responses['4XX'].content), path).toEqual([
        'application/fhir+json',
      ]);
    expect(
      Object.keys(doc.paths['/api/care/enrollees/{id}/team/training'].get.responses['4XX'].content),
    ).toEqual(['application/json']);
  });
});
