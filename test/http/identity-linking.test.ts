import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { multipartFile } from '../support/files.js';

/**
 * Boston Community Health (A) keeps Maria Santos's record: her phone, her title, a qualification, and a
 * completion it recorded with a private note and a scanned sign-in sheet. North Shore (B) hires her and
 * adds her by e-mail. Linking gives B her identity — name, e-mail, NPI — and nothing A recorded: B keeps
 * its own phone and title for her, and sees that she completed the topic, not A's evidence. Maria sees
 * everything about herself.
 */
let t: TestContext;
let adminA: Client;
let adminB: Client;
let maria: Client;
let mariaId: string;
let completionId: string;
let topicId: string;
/** B's answer when it added Maria, whom A already had. */
let linked: { statusCode: number; body: string; json(): unknown };
const MARIA_EMAIL = 'maria.santos@bostoncommunityhealth.example';
const NOTE = 'Attended at UMass Chan; supervisor Dr. Kowalski signed the sheet';

beforeAll(async () => {
  t = await createTestApp();
  const orgA = await t.org({ name: 'Boston Community Health Center' });
  const orgB = await t.org({ name: 'North Shore Behavioral Health Home' });
  adminA = await t.signIn((await t.user([{ orgId: orgA.id, role: 'org_admin' }])).email);
  adminB = await t.signIn((await t.user([{ orgId: orgB.id, role: 'org_admin' }])).email);
  const m = await t.user([{ orgId: orgA.id, role: 'care_coordinator' }], {
    email: MARIA_EMAIL,
    givenName: 'Maria',
    familyName: 'Santos',
  });
  mariaId = m.person.id;
  maria = await t.signIn(m.email);
  const seen = await adminA.get(`/api/people/${mariaId}`);
  const patched = await adminA.patch(
    `/api/people/${mariaId}`,
    { npi: '1234567893', phone: '617-555-0142', title: 'LICSW' },
    { 'if-match': seen.headers.etag as string },
  );
  expect(patched.statusCode, patched.body).toBe(200);
  await adminA.post(`/api/people/${mariaId}/qualifications`, {
    kind: 'licence',
    name: 'LICSW',
    issuer: 'Board of Registration of Social Workers',
    number: 'SW-118833',
  });
  const topic = (
    await adminA.post('/api/training/topics', { code: 'OC-CULT', title: 'Cultural competence', shared: true })
  ).json().id;
  topicId = topic;
  const upload = multipartFile('sign-in sheet.pdf', '%PDF-1.4 sheet', 'application/pdf');
  const file = (await adminA.post('/api/training/evidence', upload.payload, upload.headers)).json();
  const recorded = await adminA.post('/api/training/completions', {
    personId: mariaId,
    topicId: topic,
    completedOn: '2026-03-02',
    evidence: { note: NOTE, fileId: file.fileId },
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
  completionId = recorded.json().id;
  await adminA.patch(
    `/api/training/completions/${completionId}`,
    { completedOn: '2026-03-03', reason: 'Sheet dated the 3rd after the session ran late' },
    { 'if-match': '"1"' },
  );
  linked = await adminB.post('/api/people', {
    givenName: 'Mary',
    familyName: 'Santos',
    email: MARIA_EMAIL.toUpperCase(),
    roles: [{ role: 'bh_clinician', startsOn: '2025-01-01', team: 'Lynn' }],
  });
});
afterAll(() => t.close());

describe('adding someone another organisation already has', () => {
  it('answers exactly as for someone new: no sign that the e-mail was known', async () => {
    const unknown = await adminB.post('/api/people', {
      givenName: 'Dmitri',
      familyName: 'Volkov',
      email: 'dvolkov@northshorebhh.example',
      roles: [{ role: 'bh_clinician', startsOn: '2025-01-01' }],
    });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(unknown.statusCode).toBe(201);
    expect(Object.keys(linked.json() as object)).toEqual(Object.keys(unknown.json()));
    expect(linked.json()).toEqual({ id: mariaId });
  });

  it('shares her identity, and none of what A recorded: phone, title, home, qualifications, roles', async () => {
    const seenByB = (await adminB.get(`/api/people/${mariaId}`)).json();
    expect(seenByB).toMatchObject({
      givenName: 'Maria',
      familyName: 'Santos',
      email: MARIA_EMAIL,
      npi: '1234567893',
      phone: null,
      title: null,
      qualifications: [],
      roles: [{ role: 'bh_clinician', team: 'Lynn' }],
    });
    expect(seenByB).not.toHaveProperty('homeOrgId');
    const listed = (await adminB.get('/api/people?q=santos')).json().items;
    expect(listed).toEqual([expect.objectContaining({ id: mariaId, title: null, teams: ['Lynn'] })]);
    const exported = (await adminB.get('/api/people/export?format=csv&q=santos')).body;
    expect(exported).not.toContain('LICSW');
  });

  it('lets B keep its own phone and title for her, beside A’s', async () => {
    const seen = await adminB.get(`/api/people/${mariaId}`);
    const changed = await adminB.patch(
      `/api/people/${mariaId}`,
      { phone: '978-555-0100', title: 'Clinician' },
      { 'if-match': seen.headers.etag as string },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await adminB.get(`/api/people/${mariaId}`)).json()).toMatchObject({
      phone: '978-555-0100',
      title: 'Clinician',
    });
    expect((await adminA.get(`/api/people/${mariaId}`)).json()).toMatchObject({
      phone: '617-555-0142',
      title: 'LICSW',
    });
    // Her name and NPI stay with A, which keeps her identity.
    const rename = await adminB.patch(
      `/api/people/${mariaId}`,
      { givenName: 'Mary' },
      { 'if-match': changed.headers.etag as string },
    );
    expect(rename.statusCode).toBe(403);
    // A stale version is refused, not applied over someone else's change.
    const stale = await adminB.patch(
      `/api/people/${mariaId}`,
      { phone: '1' },
      { 'if-match': seen.headers.etag as string },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('shows B that she completed the topic, and not A’s note, file, corrections or reasons', async () => {
    const list = await adminB.get(`/api/training/completions?personId=${mariaId}`);
    expect(list.statusCode).toBe(200);
    const [completion] = list.json().items;
    expect(completion).toMatchObject({
      id: completionId,
      topicTitle: 'Cultural competence',
      completedOn: '2026-03-03',
    });
    expect(completion.evidence).toEqual({});
    expect(completion.corrections).toEqual([]);
    expect(JSON.stringify(list.json())).not.toContain('Kowalski');
    expect((await adminB.get(`/api/training/completions/${completionId}/evidence`)).statusCode).toBe(404);
  });

  it('shows Maria all of it, whichever organisation recorded it', async () => {
    const [mine] = (await maria.get('/api/training/completions')).json().items;
    expect(mine.evidence).toMatchObject({ note: NOTE, fileName: 'sign-in sheet.pdf' });
    expect(mine.corrections).toHaveLength(1);
    expect((await maria.get(`/api/training/completions/${completionId}/evidence`)).body).toBe(
      '%PDF-1.4 sheet',
    );
    expect((await adminA.get(`/api/training/completions/${completionId}/evidence`)).statusCode).toBe(200);
  });
});

describe('telling what happened', () => {
  it('records a link (not a creation of fields that were not applied) and e-mails Maria who added her', async () => {
    const events = (await adminB.get(`/api/audit?entityId=${mariaId}`)).json().items;
    const link = events.find((e: { action: string }) => e.action === 'link');
    expect(link, JSON.stringify(events)).toBeDefined();
    expect(link.details.fields).toEqual([]);
    expect(
      events.some(
        (e: { action: string; entityType: string }) => e.action === 'create' && e.entityType === 'person',
      ),
    ).toBe(false);
    const sent = (await adminB.get(`/api/outbox?personId=${mariaId}`)).json().items;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ subject: 'North Shore Behavioral Health Home added you in Concord' });
    expect(sent[0].to).toBe(MARIA_EMAIL);
  });

  it('adds a role only to someone seen here: a role on another organisation’s person is a 404, and links nobody', async () => {
    const c = await t.user([
      { orgId: (await t.org({ name: 'Cape Ann Health' })).id, role: 'care_coordinator' },
    ]);
    const role = await adminB.post(`/api/people/${c.person.id}/roles`, {
      role: 'provider_staff',
      startsOn: '2026-01-01',
    });
    expect(role.statusCode, role.body).toBe(404);
    expect((await adminB.get(`/api/people/${c.person.id}`)).statusCode).toBe(404);
  });
});

describe('B’s requirements for her', () => {
  const requirement = (body: Record<string, unknown>) =>
    adminB.post('/api/compliance/requirements', {
      scope: 'organisation',
      trigger: 'role_start',
      dueWithinDays: 30,
      recurrence: 'once',
      inForceFrom: '2024-01-01',
      ...body,
    });

  it('count the topic she completed, but not A’s record of her licence; B’s evidence pack has none of A’s evidence', async () => {
    expect(
      (await requirement({ code: 'CULT', title: 'Cultural competence', what: 'topics', topicIds: [topicId] }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await requirement({
          code: 'LICSW',
          title: 'Clinicians hold a LICSW',
          what: 'qualification',
          qualificationName: 'LICSW',
        })
      ).statusCode,
    ).toBe(201);
    const owed = (await adminB.get(`/api/compliance/people/${mariaId}`)).json().items;
    const status = (code: string) =>
      owed.find((r: { requirementCode: string }) => r.requirementCode === code);
    expect(status('CULT')).toMatchObject({ status: 'compliant' });
    expect(status('LICSW').status).not.toBe('compliant');
    expect(JSON.stringify(owed)).not.toContain('Board of Registration');

    const started = await adminB.post('/api/compliance/evidence-packs', { format: 'xlsx' });
    expect(started.statusCode, started.body).toBe(202);
    await t.services.jobs.drain();
    const file = await adminB.get(`/api/jobs/${started.json().id}/result`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const sheet of workbook.worksheets)
      sheet.eachRow((row) => cells.push(...(row.values as unknown[]).map(String)));
    expect(cells).toContain('Cultural competence');
    expect(cells.join('\n')).not.toMatch(/Kowalski|sign-in sheet|SW-118833/);
  });
});
