import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, massachusettsDate } from '../../src/domains/compliance/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { insertPerson, insertRole } from '../../src/domains/people/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { plantTopic } from '../support/planted-rows.js';

/**
 * Bay State One Care requires cultural competence of its network's care coordinators from 1 March 2024, due
 * 90 days after they start under the contract. Ana has coordinated care at a network provider since 2016; Ben
 * started there on 1 April 2024. Ana's due date is the rule's first (30 May 2024), not 2016's, and every due
 * date says which rule and version set it and how.
 */
let t: TestContext;
let officer: Client;
let requirementId: string;
const ids: Record<string, string> = {};
const TODAY = massachusettsDate(new Date());
const DAY = '2024-04-15';
const body = {
  code: 'CC-1',
  title: 'Cultural competence',
  what: 'topics',
  scope: 'network',
  roles: ['care_coordinator'],
  trigger: 'contract_start',
  dueWithinDays: 90,
  recurrence: 'once',
  inForceFrom: '2024-03-01',
};
const ANA_FIRST = 'rule CC-1 v1 in force 2024-03-01; in place before then: first due 2024-05-30';
const BEN_FIRST = '90 days after start under contract 2024-04-01, rule CC-1 v1';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.system;
  const plan = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  await insertRelationship(db, {
    orgId: plan.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2015-01-01',
  });
  officer = await t.signIn((await t.user([{ orgId: plan.id, role: 'compliance_officer' }])).email);
  for (const [name, startsOn] of [
    ['Ana', '2016-05-01'],
    ['Ben', '2024-04-01'],
  ] as const) {
    const person = await insertPerson(db, {
      homeOrgId: provider.id,
      givenName: name,
      familyName: 'Silva',
      email: `${name.toLowerCase()}@lowell.example`,
    });
    await insertRole(db, { orgId: provider.id, personId: person.id, role: 'care_coordinator', startsOn });
    ids[name] = person.id;
  }
  ids.topic = await plantTopic(db, {
    orgId: plan.id,
    code: 'CC',
    title: 'Cultural competence',
    shared: false,
  });
  const created = await officer.post('/api/compliance/requirements', { ...body, topicIds: [ids.topic] });
  expect(created.statusCode, created.body).toBe(201);
  requirementId = created.json().id;
});
afterAll(() => t.close());

const rowOf = async (query: string, name: string) =>
  (await officer.get(`/api/compliance/statuses?${query}&pageSize=100`))
    .json()
    .items.find((r: { name: string }) => r.name.startsWith(name));

async function workbookOf(payload: unknown) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as ArrayBuffer);
  return workbook;
}
const linesOf = (sheet: ExcelJS.Worksheet) => {
  const lines: string[][] = [];
  sheet.eachRow((row) => {
    lines.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
  });
  return lines;
};

describe('due dates', () => {
  it('never fall before the rule started: someone in place since 2016 is first due 90 days after it', async () => {
    expect(await rowOf(`asOf=${DAY}`, 'Ana')).toMatchObject({
      status: 'pending',
      dueOn: '2024-05-30',
      explanation: `Not yet due: by 2024-05-30 (${ANA_FIRST})`,
    });
    expect(await rowOf(`asOf=${DAY}`, 'Ben')).toMatchObject({
      status: 'pending',
      dueOn: '2024-06-30',
      explanation: `Not yet due: by 2024-06-30 (${BEN_FIRST})`,
    });
    // The dashboard counts both as not yet due, none overdue.
    const dashboard = (await officer.get(`/api/compliance/dashboard?asOf=${DAY}`)).json();
    expect(dashboard.requirements[0]).toMatchObject({
      code: 'CC-1',
      people: 2,
      counts: { pending: 2, overdue: 0, due_soon: 0, compliant: 0 },
    });
  });

  it('name the rule, version and working on the person’s page, the list and its XLSX export today', async () => {
    const page = (await officer.get(`/api/compliance/people/${ids.Ana}`)).json();
    expect(page.items).toMatchObject([
      { status: 'overdue', dueOn: '2024-05-30', explanation: `Overdue: due 2024-05-30 (${ANA_FIRST})` },
    ]);
    expect(await rowOf('', 'Ben')).toMatchObject({
      status: 'overdue',
      explanation: `Overdue: due 2024-06-30 (${BEN_FIRST})`,
    });
    const file = await officer.get('/api/compliance/statuses/export?format=xlsx&sort=name');
    expect(file.statusCode).toBe(200);
    const [header, ...lines] = linesOf((await workbookOf(file.rawPayload)).worksheets[0]!);
    const why = header!.indexOf('Why');
    expect(lines.map((l) => [l[0], l[why]])).toEqual([
      ['Ana Silva', `Overdue: due 2024-05-30 (${ANA_FIRST})`],
      ['Ben Silva', `Overdue: due 2024-06-30 (${BEN_FIRST})`],
    ]);
  });

  it('name them in the evidence pack', async () => {
    const started = await officer.post('/api/compliance/evidence-packs', { format: 'xlsx' });
    expect(started.statusCode, started.body).toBe(202);
    await t.services.jobs.drain();
    const file = await officer.get(`/api/jobs/${started.json().id}/result`);
    const lines = linesOf((await workbookOf(file.rawPayload)).getWorksheet('CC-1')!);
    const why = lines[0]!.indexOf('Why');
    expect(lines.find((l) => l[0]!.startsWith('Ana'))![why]).toBe(`Overdue: due 2024-05-30 (${ANA_FIRST})`);
  });

  it('start afresh from a version that changes what is asked or by when, not from one that changes words', async () => {
    const v2 = await officer.put(
      `/api/compliance/requirements/${requirementId}`,
      { ...body, topicIds: [ids.topic], dueWithinDays: 120 },
      { 'if-match': '"1"' },
    );
    expect(v2.statusCode, v2.body).toBe(204);
    const v3 = await officer.put(
      `/api/compliance/requirements/${requirementId}`,
      { ...body, topicIds: [ids.topic], dueWithinDays: 120, title: 'Cultural competence and humility' },
      { 'if-match': '"2"' },
    );
    expect(v3.statusCode, v3.body).toBe(204);
    const due = addDays(TODAY, 120);
    // Both were in place when the 120-day terms took effect today; the title change starts nothing.
    for (const name of ['Ana', 'Ben'])
      expect(await rowOf('', name)).toMatchObject({
        status: 'pending',
        dueOn: due,
        explanation: `Not yet due: by ${due} (rule CC-1 v3 in force ${TODAY}; in place before then: first due ${due})`,
      });
    // A past day is still reported under the version then in effect.
    expect(await rowOf(`asOf=${DAY}`, 'Ana')).toMatchObject({ dueOn: '2024-05-30' });
  });
});

describe('a version that changes only words', () => {
  it('keeps the rule’s start, and names itself', async () => {
    const first = { ...body, code: 'CC-3', topicIds: [ids.topic] };
    const id = (await officer.post('/api/compliance/requirements', first)).json().id;
    const saved = await officer.put(
      `/api/compliance/requirements/${id}`,
      { ...first, title: 'Cultural competence (One Care)', graceDays: 30 },
      { 'if-match': '"1"' },
    );
    expect(saved.statusCode, saved.body).toBe(204);
    expect(await rowOf(`requirementId=${id}`, 'Ana')).toMatchObject({
      status: 'overdue',
      dueOn: '2024-05-30',
      explanation:
        'Overdue: due 2024-05-30 (rule CC-3 v2 in force 2024-03-01; in place before then: first due 2024-05-30)',
    });
  });
});

describe('a requirement’s history', () => {
  it('lists its versions with the days each was in effect and what each changed', async () => {
    // Made in force from 1 March 2024; today its deadline is lengthened, then it is renamed.
    const first = { ...body, code: 'CC-2', topicIds: [ids.topic] };
    const id = (await officer.post('/api/compliance/requirements', first)).json().id;
    for (const [version, change] of [
      [1, { dueWithinDays: 120 }],
      [2, { dueWithinDays: 120, title: 'Cultural competence and humility' }],
    ] as const) {
      const saved = await officer.put(
        `/api/compliance/requirements/${id}`,
        { ...first, ...change },
        { 'if-match': `"${version}"` },
      );
      expect(saved.statusCode, saved.body).toBe(204);
    }
    const res = await officer.get(`/api/compliance/requirements/${id}/versions`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject([
      {
        version: 1,
        effectiveFrom: '2024-03-01',
        effectiveUntil: addDays(TODAY, -1),
        neverInEffect: false,
        startsAfresh: true,
        changes: [],
      },
      {
        version: 2,
        effectiveFrom: TODAY,
        neverInEffect: true,
        startsAfresh: true,
        changes: [{ field: 'due_within_days', label: 'Due within (days)', from: '90', to: '120' }],
      },
      {
        version: 3,
        effectiveFrom: TODAY,
        effectiveUntil: null,
        neverInEffect: false,
        startsAfresh: false,
        changes: [{ label: 'Title', from: 'Cultural competence', to: 'Cultural competence and humility' }],
      },
    ]);
    expect((await officer.get(`/api/compliance/requirements/${ids.topic}/versions`)).statusCode).toBe(404);
  });
});
