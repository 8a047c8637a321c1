import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { jobCount } from '../support/database-facts.js';
import {
  backdateRoles,
  plantCompletion,
  plantQualification,
  plantTopics,
  setCompletionRevoked,
} from '../support/planted-rows.js';

/**
 * A plan's requirements reach its own staff and, through its network contract, a provider's. Rosa (care
 * coordinator at the provider) completed the shared Cultural competence topic at the vendor's webinar and
 * holds a CCM; Kwame (RN at the provider, hired in June) has done nothing; Lee (the plan's own care
 * coordinator) did the plan's model-of-care training. Each was recorded on the day it happened. Statuses are
 * asked for as of fixed days.
 */
let t: TestContext;
let officer: Client;
let rosaClient: Client;
let otherPlan: Client;
const ids: Record<string, string> = {};
const AS_OF = '2026-11-24';

beforeAll(async () => {
  t = await createTestApp();
  const vendor = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const plan = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const other = await t.org({ kind: 'plan', name: 'Other Plan' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2025-01-01',
  });
  officer = await t.signIn((await t.user([{ orgId: plan.id, role: 'compliance_officer' }])).email);
  otherPlan = await t.signIn((await t.user([{ orgId: other.id, role: 'compliance_officer' }])).email);
  const rosa = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
    givenName: 'Rosa',
    familyName: 'Delgado',
  });
  const kwame = await t.user([{ orgId: provider.id, role: 'rn' }], {
    givenName: 'Kwame',
    familyName: 'Mensah',
  });
  const lee = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Lee',
    familyName: 'Chen',
  });
  rosaClient = await t.signIn(rosa.email);
  Object.assign(ids, { rosa: rosa.person.id, kwame: kwame.person.id, lee: lee.person.id, plan: plan.id });
  const db = t.database.system;
  await backdateRoles(db, kwame.person.id, { startsOn: '2026-06-01' });
  const [cult, moc] = await plantTopics(db, [
    { orgId: vendor.id, code: 'OC-CULT', title: 'Cultural competence', shared: true },
    { orgId: plan.id, code: 'BSOC-MOC', title: 'Bay State model of care', shared: false },
  ]);
  Object.assign(ids, { cult: cult!, moc: moc! });
  const complete = (orgId: string, personId: string, topicId: string, on: string, certificateCode: string) =>
    plantCompletion(
      db,
      { orgId, personId, personName: 'x', topicId, completedOn: on },
      { certificateCode, createdAt: `${on} 17:00:00-05` },
    );
  ids.rosaCompletion = await complete(vendor.id, rosa.person.id, cult!, '2026-03-02', 'AAAAA-00001');
  await complete(plan.id, lee.person.id, moc!, '2024-02-01', 'AAAAA-00002');
  await plantQualification(
    db,
    {
      orgId: provider.id,
      personId: rosa.person.id,
      kind: 'certification',
      name: 'CCM certification',
      issuer: 'CCMC',
      issuedOn: '2022-01-15',
    },
    { expiresOn: '2027-01-15', createdAt: '2022-01-20 10:00:00-05' },
  );
});
afterAll(() => t.close());

const requirement = (body: Record<string, unknown>) =>
  officer.post('/api/compliance/requirements', {
    scope: 'network',
    trigger: 'contract_start',
    dueWithinDays: 90,
    recurrence: 'once',
    inForceFrom: '2024-01-01',
    ...body,
  });
const statuses = async (query: string) =>
  (await officer.get(`/api/compliance/statuses?${query}&pageSize=100`)).json();
const statusOf = (
  list: { items: { name: string; requirementCode: string; status: string }[] },
  name: string,
  code: string,
) => list.items.find((r) => r.name.startsWith(name) && r.requirementCode === code)?.status;

describe('requirements', () => {
  it('names what is missing, and refuses a code used twice', async () => {
    const bad = await requirement({
      code: 'X',
      title: 'X',
      what: 'topics',
      recurrence: 'every_months',
      trigger: 'fixed_date',
    });
    expect(bad.json().issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.topicIds', message: 'Choose at least one topic' }),
        expect.objectContaining({ path: 'body.fixedDate', message: 'A fixed-date trigger needs its date' }),
        expect.objectContaining({ path: 'body.recurrenceMonths', message: 'Every how many months?' }),
      ]),
    );
    const one = await requirement({
      code: 'OC-CULT',
      title: 'Cultural competence, every year',
      what: 'topics',
      topicIds: [ids.cult],
      recurrence: 'every_months',
      recurrenceMonths: 12,
    });
    expect(one.statusCode, one.body).toBe(201);
    ids.r1 = one.json().id;
    expect(
      (await requirement({ code: 'oc-cult', title: 'Again', what: 'topics', topicIds: [ids.cult] })).json()
        .code,
    ).toBe('REQUIREMENT_CODE_TAKEN');
    const moc = await requirement({
      code: 'BSOC-MOC',
      title: 'Bay State model of care',
      what: 'topics',
      topicIds: [ids.moc],
      scope: 'organisation',
      roles: ['care_coordinator'],
      trigger: 'role_start',
      dueWithinDays: 30,
    });
    expect(moc.statusCode, moc.body).toBe(201);
    const ccm = await requirement({
      code: 'CCM',
      title: 'Care coordinators hold a current CCM',
      what: 'qualification',
      qualificationName: 'ccm',
      roles: ['care_coordinator'],
      trigger: 'role_start',
      dueWithinDays: 180,
    });
    expect(ccm.statusCode, ccm.body).toBe(201);
    expect((await officer.get('/api/compliance/requirements')).json()).toHaveLength(3);
    const valid = { code: 'MINE', title: 'Mine', what: 'topics', topicIds: [ids.cult], scope: 'network' };
    expect(
      (
        await rosaClient.post('/api/compliance/requirements', {
          ...valid,
          trigger: 'role_start',
          dueWithinDays: 1,
          recurrence: 'once',
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('statuses', () => {
  it('reach the plan’s own people and its network’s, each explained', async () => {
    const list = await statuses(`asOf=${AS_OF}`);
    expect(list.asOf).toBe(AS_OF);
    expect(statusOf(list, 'Rosa', 'OC-CULT')).toBe('compliant');
    expect(statusOf(list, 'Kwame', 'OC-CULT')).toBe('overdue'); // hired 2026-06-01, due within 90 days
    expect(statusOf(list, 'Lee', 'OC-CULT')).toBe('overdue');
    expect(statusOf(list, 'Lee', 'BSOC-MOC')).toBe('compliant');
    expect(statusOf(list, 'Rosa', 'BSOC-MOC'), 'the plan’s own staff only').toBeUndefined();
    expect(statusOf(list, 'Rosa', 'CCM')).toBe('compliant');
    expect(statusOf(list, 'Kwame', 'CCM'), 'care coordinators only').toBeUndefined();
    const rosa = list.items.find(
      (r: { name: string; requirementCode: string }) =>
        r.name.startsWith('Rosa') && r.requirementCode === 'OC-CULT',
    );
    expect(rosa).toMatchObject({
      validUntil: '2027-03-01',
      explanation:
        'Satisfied by Cultural competence, at a live webinar (One Care Learning) on 2026-03-02, valid until 2027-03-01 (renewal due 2027-03-01, rule OC-CULT v1)',
      organisations: ['Lowell Community Health'],
      roles: ['care_coordinator'],
    });
    const kwame = list.items.find((r: { name: string }) => r.name.startsWith('Kwame'));
    expect(kwame).toMatchObject({
      dueOn: '2026-08-30',
      explanation: 'Overdue: due 2026-08-30 (90 days after start under contract 2026-06-01, rule OC-CULT v1)',
    });
  });

  it('filters by status and role, and pages', async () => {
    const overdueCcs = await statuses(`asOf=${AS_OF}&status=overdue&role=care_coordinator`);
    expect(
      overdueCcs.items.map(
        (r: { name: string; requirementCode: string }) => `${r.name} ${r.requirementCode}`,
      ),
    ).toEqual(['Lee Chen CCM', 'Lee Chen OC-CULT']);
    // Rosa (cultural competence, CCM), Kwame, Lee (cultural competence, model of care, CCM), and the compliance
    // officer herself: every role at the plan owes the shared topic.
    const page = (
      await officer.get(`/api/compliance/statuses?asOf=${AS_OF}&pageSize=2&page=2&sort=name`)
    ).json();
    expect(page).toMatchObject({ total: 7, page: 2, pageSize: 2 });
    expect(page.items).toHaveLength(2);
    const csv = await officer.get(`/api/compliance/statuses/export?asOf=${AS_OF}&format=csv&status=overdue`);
    expect(csv.body).toContain('Kwame Mensah');
    expect(csv.body).toContain('Overdue: due 2026-08-30');
  });

  it('answers for a past day as it stood then, after later changes', async () => {
    expect(statusOf(await statuses('asOf=2026-02-01'), 'Rosa', 'OC-CULT')).toBe('overdue');
    expect(statusOf(await statuses('asOf=2026-05-31'), 'Kwame', 'OC-CULT'), 'not yet hired').toBeUndefined();
    await setCompletionRevoked(t.database.system, ids.rosaCompletion!, {
      at: '2026-11-20T15:00:00Z',
      reason: 'Wrong person',
    });
    expect(statusOf(await statuses('asOf=2026-11-19'), 'Rosa', 'OC-CULT')).toBe('compliant');
    expect(statusOf(await statuses(`asOf=${AS_OF}`), 'Rosa', 'OC-CULT')).toBe('overdue');
    await setCompletionRevoked(t.database.system, ids.rosaCompletion!, null);
  });

  it('gives counts and rates per requirement and per role', async () => {
    const d = (await officer.get(`/api/compliance/dashboard?asOf=${AS_OF}`)).json();
    expect(d).toMatchObject({ asOf: AS_OF, people: 4, total: { compliant: 3, overdue: 4 }, rate: 0.429 });
    expect(d.requirements.find((r: { code: string }) => r.code === 'OC-CULT')).toMatchObject({
      people: 4,
      counts: { compliant: 1, overdue: 3 },
      rate: 0.25,
    });
    expect(d.roles.map((r: { role: string }) => r.role)).toEqual([
      'care_coordinator',
      'compliance_officer',
      'rn',
    ]);
  });

  it('breaks today down by organisation, team and program, kept up to date as things change', async () => {
    await backdateRoles(t.database.system, ids.rosa!, { team: 'ICT North' });
    const d = (await officer.get('/api/compliance/dashboard')).json();
    expect(d.organisations.map((o: { name: string }) => o.name)).toEqual([
      'Bay State One Care',
      'Lowell Community Health',
    ]);
    expect(d.teams).toEqual([expect.objectContaining({ team: 'ICT North', people: 1 })]);
    expect(d.trend.at(-1)).toMatchObject({ day: d.asOf, people: d.people });
    const provider = d.organisations.find((o: { name: string }) => o.name === 'Lowell Community Health');
    const there = await statuses(`organisationId=${provider.id}`);
    expect(new Set(there.items.map((r: { name: string }) => r.name.split(' ')[0]))).toEqual(
      new Set(['Rosa', 'Kwame']),
    );
    const team = await statuses('team=ICT%20North');
    expect(team.items.length).toBeGreaterThan(0);
    expect(team.items.every((r: { personId: string }) => r.personId === ids.rosa)).toBe(true);
    // A requirement's edit is recomputed in the background, queued with it.
    expect(await jobCount(t.database.system, 'compliance.refresh', ids.plan!)).toBeGreaterThan(0);
  });

  it('shows each person what they owe, and keeps other plans out', async () => {
    const mine = (await rosaClient.get('/api/compliance/me')).json();
    expect(
      mine.items
        .map(
          (r: { requirementCode: string; organisation: string }) => `${r.organisation}: ${r.requirementCode}`,
        )
        .sort(),
    ).toEqual(['Bay State One Care: CCM', 'Bay State One Care: OC-CULT']);
    const one = (await officer.get(`/api/compliance/people/${ids.rosa}?asOf=${AS_OF}`)).json();
    expect(one.items).toHaveLength(2);
    expect((await otherPlan.get(`/api/compliance/statuses?asOf=${AS_OF}`)).json().total).toBe(0);
    expect((await rosaClient.get('/api/compliance/statuses')).statusCode).toBe(403);
  });
});

describe('exemptions', () => {
  it('excuse a person until a date, approved and audited; ending one puts the rule back', async () => {
    const res = await officer.post('/api/compliance/exemptions', {
      requirementId: ids.r1,
      personId: ids.kwame,
      reason: 'On medical leave',
      startsOn: '2026-11-01',
      until: '2027-01-31',
    });
    expect(res.statusCode, res.body).toBe(201);
    // Recorded today with an earlier start: the past day as known then is unchanged, as corrected since it is not.
    expect((await statuses(`asOf=${AS_OF}&status=exempt`)).items).toEqual([]);
    const exempt = (await statuses(`asOf=${AS_OF}&basis=corrected&status=exempt`)).items;
    expect(exempt).toEqual([
      expect.objectContaining({
        name: 'Kwame Mensah',
        explanation: 'Exempt until 2027-01-31: On medical leave',
      }),
    ]);
    expect(statusOf(await statuses('asOf=2026-10-31&basis=corrected'), 'Kwame', 'OC-CULT')).toBe('overdue');
    expect(statusOf(await statuses('asOf=2027-02-01'), 'Kwame', 'OC-CULT')).toBe('overdue');
    const [listed] = (await officer.get(`/api/compliance/exemptions?personId=${ids.kwame}`)).json();
    expect(listed).toMatchObject({ reason: 'On medical leave', until: '2027-01-31', endedAt: null });
    expect((await officer.post(`/api/compliance/exemptions/${res.json().id}/end`)).statusCode).toBe(204);
    expect(statusOf(await statuses(''), 'Kwame', 'OC-CULT')).toBe('overdue'); // ended today: owed again
    // Kwame came under it only when hired in June.
    const notReached = await officer.post('/api/compliance/exemptions', {
      requirementId: ids.r1,
      personId: ids.kwame,
      reason: 'x',
      startsOn: '2025-01-01',
    });
    expect(notReached.json().code).toBe('NOT_IN_SCOPE');
    const nobody = await officer.post('/api/compliance/exemptions', {
      requirementId: ids.r1,
      personId: '00000000-0000-4000-8000-000000000000',
      reason: 'x',
    });
    expect(nobody.statusCode).toBe(404);
  });
});

describe('reminders', () => {
  it('say what they would send, send each once through the outbox, and list it on the person’s record', async () => {
    await officer.put('/api/compliance/settings', {
      remindDaysBefore: [14],
      remindOnDue: true,
      escalateAfterDays: 7,
      flagAfterDays: 400,
    });
    expect((await officer.get('/api/compliance/settings')).json()).toMatchObject({ flagAfterDays: 400 });
    const dry = (await officer.post('/api/compliance/reminders/run', { dryRun: true })).json();
    expect(dry).toMatchObject({ dryRun: true, queued: 0 });
    expect(dry.messages).toBeGreaterThan(0);
    // Kwame is past the escalation with no supervisor on record: the officer's digest of the day names him.
    const digest = dry.preview.find((m: { subject: string }) => m.subject.startsWith('Compliance digest'));
    expect(digest.body).toMatch(
      /Kwame Mensah \(.*\): "Cultural competence, every year", due \S+, \d+ days overdue/,
    );
    const first = (await officer.post('/api/compliance/reminders/run', {})).json();
    expect(first.queued).toBe(dry.preview.length);
    const again = (await officer.post('/api/compliance/reminders/run', {})).json();
    expect(again).toMatchObject({ queued: 0, alreadySent: again.messages });

    const manual = await officer.post('/api/compliance/reminders', {
      personId: ids.kwame,
      requirementId: ids.r1,
    });
    expect(manual.statusCode, manual.body).toBe(201);
    expect(manual.json().to).toMatch(/@test\.example$/);
    await t.services.jobs.drain();
    const messages = (await officer.get(`/api/outbox?personId=${ids.kwame}`)).json();
    expect(messages.items.map((m: { subject: string }) => m.subject)).toContain(
      'Overdue: Cultural competence, every year',
    );
    expect(messages.items.every((m: { status: string }) => m.status === 'sent')).toBe(true);
    expect((await rosaClient.post('/api/compliance/reminders/run', {})).statusCode).toBe(403);
  });
});

describe('the evidence pack', () => {
  it('is a workbook with a summary and a sheet per requirement, naming each completion and its evidence', async () => {
    const started = await officer.post('/api/compliance/evidence-packs', { asOf: AS_OF, format: 'xlsx' });
    expect(started.statusCode, started.body).toBe(202);
    await t.services.jobs.drain();
    const job = (await officer.get(`/api/jobs/${started.json().id}`)).json();
    expect(job).toMatchObject({ status: 'succeeded', result: { asOf: AS_OF, lines: 7 } });
    expect(job.result.query).toContain('every active requirement of Bay State One Care');
    const file = await officer.get(`/api/jobs/${job.id}/result`);
    expect(file.headers['content-disposition']).toContain(`evidence-pack-`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Summary', 'BSOC-MOC', 'CCM', 'OC-CULT']);
    const summary = workbook.getWorksheet('Summary')!;
    expect(summary.getCell('B3').value).toBe(AS_OF);
    const cult = workbook.getWorksheet('OC-CULT')!;
    const rosa = cult.getRow(
      cult.getColumn(1).values.findIndex((v) => typeof v === 'string' && v.startsWith('Rosa')),
    ).values as unknown[];
    expect(rosa).toEqual(
      expect.arrayContaining([
        'Care coordinator',
        'Compliant',
        'Cultural competence',
        '2026-03-02',
        // How it was met, by its name (decision 039), not the code `live`.
        'Live webinar',
        'One Care Learning (Trainer)',
        'AAAAA-00001',
      ]),
    );
  });

  it('comes as CSV and as a PDF summary too', async () => {
    for (const format of ['csv', 'pdf'] as const) {
      const started = (await officer.post('/api/compliance/evidence-packs', { asOf: AS_OF, format })).json();
      await t.services.jobs.drain();
      const file = await officer.get(`/api/jobs/${started.id}/result`);
      expect(file.statusCode).toBe(200);
      if (format === 'csv')
        expect(file.body).toContain('"OC-CULT — Cultural competence, every year",Rosa Delgado');
      else expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    expect((await rosaClient.post('/api/compliance/evidence-packs', { format: 'pdf' })).statusCode).toBe(403);
  });
});
