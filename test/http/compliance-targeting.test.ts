import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { computeStatuses, massachusettsDate } from '../../src/domains/compliance/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { backdateRoles, plantQualification, plantTopic } from '../support/planted-rows.js';

/**
 * Who a requirement reaches and what satisfies it (decision 033). Bay State One Care contracts with Lowell
 * Community Health (a provider) and North Shore CP (a Community Partner). Rosa (care coordinator at Lowell)
 * joined the integrated care team "ICT North" on 1 March 2026 and holds a CDMS; Kwame (RN at Lowell) is on no
 * team and holds nothing; Dana is a care coordinator at the CP, Lee at the plan. Harbor Health Home (a
 * provider) has its own coordinator, Hana, and a network contract with Pioneer One Care from 1 June 2026.
 */
let t: TestContext;
let officer: Client;
let homeOfficer: Client;
const ids: Record<string, string> = {};
const AS_OF = '2026-11-24';
const TODAY = massachusettsDate(new Date());

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.system;
  const vendor = await t.org({ kind: 'training_vendor' });
  const plan = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const cp = await t.org({ kind: 'cp_bh', name: 'North Shore CP' });
  const far = await t.org({ kind: 'provider', name: 'Far Away Clinic' });
  const home = await t.org({ kind: 'provider', name: 'Harbor Health Home' });
  const otherPlan = await t.org({ kind: 'plan', name: 'Pioneer One Care' });
  for (const other of [provider, cp])
    await insertRelationship(db, {
      orgId: plan.id,
      otherOrgId: other.id,
      kind: 'network_contract',
      startsOn: '2020-01-01',
    });
  await insertRelationship(db, {
    orgId: otherPlan.id,
    otherOrgId: home.id,
    kind: 'network_contract',
    startsOn: '2026-06-01',
  });
  officer = await t.signIn((await t.user([{ orgId: plan.id, role: 'compliance_officer' }])).email);
  homeOfficer = await t.signIn((await t.user([{ orgId: home.id, role: 'compliance_officer' }])).email);
  const person = async (orgId: string, role: 'care_coordinator' | 'rn', givenName: string) =>
    (await t.user([{ orgId, role }], { givenName, familyName: 'Test' })).person.id;
  Object.assign(ids, {
    plan: plan.id,
    provider: provider.id,
    cp: cp.id,
    far: far.id,
    home: home.id,
    rosa: await person(provider.id, 'care_coordinator', 'Rosa'),
    kwame: await person(provider.id, 'rn', 'Kwame'),
    dana: await person(cp.id, 'care_coordinator', 'Dana'),
    lee: await person(plan.id, 'care_coordinator', 'Lee'),
    hana: await person(home.id, 'care_coordinator', 'Hana'),
  });
  await backdateRoles(db, ids.rosa!, { team: 'ICT North', startsOn: '2026-03-01' });
  ids.topic = await plantTopic(db, {
    orgId: vendor.id,
    code: 'OC-CULT',
    title: 'Cultural competence',
    shared: true,
  });
  await plantQualification(
    db,
    {
      orgId: provider.id,
      personId: ids.rosa!,
      kind: 'certification',
      name: 'CDMS',
      issuer: 'CDMS Commission',
      issuedOn: '2025-01-15',
    },
    { createdAt: '2025-01-20 10:00:00-05' },
  );
});
afterAll(() => t.close());

const base = {
  what: 'topics',
  scope: 'network',
  trigger: 'role_start',
  dueWithinDays: 30,
  recurrence: 'once',
  inForceFrom: '2024-01-01',
};
const create = async (client: Client, body: Record<string, unknown>) => {
  const res = await client.post('/api/compliance/requirements', {
    ...base,
    topicIds: [ids.topic],
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
type Row = { personId: string; status: string; dueOn: string | null };
const reached = async (client: Client, requirementId: string, asOf = AS_OF) => {
  const res = await client.get(
    `/api/compliance/statuses?requirementId=${requirementId}&asOf=${asOf}&pageSize=100`,
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as Row[];
};
const names = (list: Row[]) =>
  list
    .map((r) => Object.entries(ids).find(([, id]) => id === r.personId)?.[0])
    // The compliance officers are people too; only the named ones are listed.
    .filter(Boolean)
    .sort()
    .join(', ');

describe('a requirement reaches', () => {
  it('only organisations of the kinds it names', async () => {
    const id = await create(officer, {
      code: 'CP-ONLY',
      title: 'For Community Partners',
      organisationKinds: ['cp_bh', 'cp_ltss'],
    });
    expect(names(await reached(officer, id))).toBe('dana');
  });

  it('only the organisations it names, which must be its own or in its network', async () => {
    const id = await create(officer, {
      code: 'LOWELL',
      title: 'For Lowell',
      organisationIds: [ids.provider],
    });
    expect(names(await reached(officer, id))).toBe('kwame, rosa');

    // Far Away Clinic has no contract with the plan; and a requirement for the plan's own people can name only
    // the plan.
    const outside = await officer.post('/api/compliance/requirements', {
      ...base,
      code: 'FAR',
      title: 'Far',
      topicIds: [ids.topic],
      organisationIds: [ids.provider, ids.far],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().issues).toMatchObject([
      {
        path: 'body.organisationIds.1',
        message: 'Not your organisation or one under a network contract with it',
      },
    ]);
    const own = await officer.post('/api/compliance/requirements', {
      ...base,
      code: 'OWN',
      title: 'Own',
      scope: 'organisation',
      topicIds: [ids.topic],
      organisationIds: [ids.provider],
    });
    expect(own.json().issues).toMatchObject([
      {
        path: 'body.organisationIds.0',
        message: 'Only your own organisation can be named when the requirement is for your own people',
      },
    ]);
    const kinds = await officer.post('/api/compliance/requirements', {
      ...base,
      code: 'KINDS',
      title: 'Kinds',
      topicIds: [ids.topic],
      organisationKinds: ['hospital'],
      programs: ['medicare'],
    });
    expect(kinds.json().issues).toMatchObject([
      { path: 'body.organisationKinds.0', message: 'Choose a kind of organisation from the list' },
      {
        path: 'body.programs.0',
        message: 'Choose a program from the list (one_care, aco, mco or community_partners)',
      },
    ]);
  });

  it('only people at organisations taking part in its programs on the day', async () => {
    // The plan runs One Care, and its network provider takes part in it through the contract; the CP runs the
    // Community Partners program.
    const oneCare = await create(officer, { code: 'OC', title: 'One Care only', programs: ['one_care'] });
    expect(names(await reached(officer, oneCare))).toBe('kwame, lee, rosa');
    const cps = await create(officer, {
      code: 'CPP',
      title: 'CP program only',
      programs: ['community_partners'],
    });
    expect(names(await reached(officer, cps))).toBe('dana');
    // Harbor Health Home, a provider, takes part in One Care from its contract with Pioneer One Care on.
    const home = await create(homeOfficer, {
      code: 'HOME-OC',
      title: 'Our One Care staff',
      scope: 'organisation',
      programs: ['one_care'],
    });
    expect(names(await reached(homeOfficer, home, '2026-05-31'))).toBe('');
    expect(names(await reached(homeOfficer, home, '2026-06-01'))).toBe('hana');
  });

  it('people on a care team, due from the day their role with the team started', async () => {
    const id = await create(officer, { code: 'ICT', title: 'On joining a care team', trigger: 'team_start' });
    expect(await reached(officer, id)).toEqual([
      expect.objectContaining({ personId: ids.rosa, status: 'overdue', dueOn: '2026-03-31' }),
    ]);
    const view = (await officer.get('/api/compliance/requirements')).json() as {
      id: string;
      trigger: string;
    }[];
    expect(view.find((q) => q.id === id)?.trigger).toBe('team_start');
  });
});

describe('a qualification requirement', () => {
  it('is satisfied by any one of several qualifications', async () => {
    const id = await create(officer, {
      code: 'CERT',
      title: 'A care management certification',
      what: 'qualification',
      topicIds: [],
      qualificationNames: ['CCM', 'CDMS'],
      organisationIds: [ids.provider],
    });
    const list = await reached(officer, id);
    expect(list.find((r) => r.personId === ids.rosa)?.status).toBe('compliant');
    expect(list.find((r) => r.personId === ids.kwame)?.status).toBe('overdue');
    const view = (await officer.get('/api/compliance/requirements')).json() as {
      id: string;
      qualificationName: string;
      qualificationNames: string[];
    }[];
    expect(view.find((q) => q.id === id)).toMatchObject({
      qualificationName: 'CCM',
      qualificationNames: ['CCM', 'CDMS'],
    });
  });

  it('names the field when no qualification is given', async () => {
    const res = await officer.post('/api/compliance/requirements', {
      ...base,
      code: 'NONE',
      title: 'None',
      what: 'qualification',
      qualificationNames: [],
    });
    expect(res.json().issues).toMatchObject([
      { path: 'body.qualificationNames', message: 'Name the qualification' },
    ]);
  });

  it('saved before several names could be given still means its one name', async () => {
    const id = await create(officer, {
      code: 'OLD',
      title: 'A CDMS',
      what: 'qualification',
      topicIds: [],
      qualificationName: 'CDMS',
      organisationIds: [ids.provider],
    });
    // A version kept before this change has none of the new fields in its definition.
    await t.database.system.execute(
      sql`update compliance_requirement_versions
        set definition = definition - 'qualification_names' - 'organisation_kinds' - 'organisation_ids' - 'programs'
        where requirement_id = ${id}`,
    );
    const list = await reached(officer, id, '2026-11-23');
    expect(list.find((r) => r.personId === ids.rosa)?.status).toBe('compliant');
    expect(names(list)).toBe('dana, kwame, lee, rosa');
  });
});

describe("today's kept statuses", () => {
  it('equal those computed from scratch, and follow a change of whom a requirement reaches', async () => {
    const id = await create(officer, { code: 'KEPT', title: 'Kept', organisationKinds: ['provider'] });
    const kept = async () =>
      (
        await checkedRows(
          t.database.system,
          z.object({ personId: z.string() }),
          sql`select person_id as "personId" from compliance_statuses where requirement_id = ${id}`,
        )
      )
        .map((r) => r.personId)
        .sort();
    const computed = async () =>
      (await computeStatuses(t.database.system, ids.plan!, TODAY, { requirementIds: [id] }))
        .map((r) => r.personId)
        .sort();
    expect((await officer.get('/api/compliance/dashboard')).statusCode).toBe(200);
    expect(await kept()).toEqual([ids.kwame, ids.rosa].sort());
    expect(await kept()).toEqual(await computed());

    const version = (
      (await officer.get('/api/compliance/requirements')).json() as { id: string; version: number }[]
    ).find((r) => r.id === id)!.version;
    const edit = await officer.put(
      `/api/compliance/requirements/${id}`,
      { ...base, code: 'KEPT', title: 'Kept', topicIds: [ids.topic], organisationKinds: ['cp_bh'] },
      { 'if-match': `"${version}"` },
    );
    expect(edit.statusCode, edit.body).toBe(204);
    expect((await officer.get('/api/compliance/dashboard')).statusCode).toBe(200);
    expect(await kept()).toEqual([ids.dana]);
    expect(await kept()).toEqual(await computed());
  });
});
