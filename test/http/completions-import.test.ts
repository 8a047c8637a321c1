import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { csvWithBadCells, problemLines } from '../support/bad-rows.js';
import { multipartFile, uploadAndImport } from '../support/files.js';

/**
 * A plan's training administrator imports completions its staff earned elsewhere (an ACO's webinar, the
 * vendor's shared topics). Every row must name a known person and a topic the plan may use; a bad file
 * changes nothing and its result workbook names each problem's row and column.
 */
let t: TestContext;
let admin: Client;
let staff: Client;
let ids: { rosa: string; kwame: string; plan: string };

const HEADER = 'E-mail,NPI,Topic code,Completed on,Where earned,Evidence';

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const plan = await t.org({ kind: 'plan', name: 'Commonwealth Care Plan' });
  const stranger = await t.org({ kind: 'plan', name: 'Another Plan' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    otherOrgId: vendorOrg.id,
    kind: 'network_contract',
    startsOn: '2024-01-01',
  });
  const vendorAdmin = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const strangerAdmin = await t.signIn(
    (await t.user([{ orgId: stranger.id, role: 'training_admin' }])).email,
  );
  for (const [client, code, title, shared] of [
    [vendorAdmin, 'OC-CULT', 'Cultural competence', true],
    [strangerAdmin, 'MOC-X', 'Another plan’s model of care', false],
  ] as const) {
    const res = await client.post('/api/training/topics', { code, title, shared });
    expect(res.statusCode, res.body).toBe(201);
  }
  const a = await t.user([{ orgId: plan.id, role: 'training_admin' }]);
  const rosa = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    email: 'rosa.delgado@ccp.example',
    givenName: 'Rosa',
    familyName: 'Delgado',
  });
  const kwame = await t.user([{ orgId: plan.id, role: 'rn' }], {
    email: 'kwame.mensah@ccp.example',
    givenName: 'Kwame',
    familyName: 'Mensah',
  });
  admin = await t.signIn(a.email);
  staff = await t.signIn(rosa.email);
  ids = { rosa: rosa.person.id, kwame: kwame.person.id, plan: plan.id };
});
afterAll(() => t.close());

/** Uploads a file, runs the queued job, and returns the job and the result workbook's lines. */
async function importFile(name: string, content: string | Buffer, client = admin) {
  const { started, job, lines } = await uploadAndImport(
    t,
    client,
    '/api/training/completions/imports',
    name,
    content,
  );
  expect(started.statusCode, started.body).toBe(202);
  expect(lines.length).toBeGreaterThan(0);
  return { job, result: job.result as Record<string, unknown>, lines };
}

const completionsOf = async (client: Client, personId?: string) =>
  (await client.get(`/api/training/completions${personId ? `?personId=${personId}` : ''}`)).json();

describe('completions import', () => {
  it('offers a template whose header it reads back', async () => {
    const res = await admin.get('/api/training/completions/imports/template');
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Completions', 'Instructions']);
    expect((workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1)).toEqual([
      'E-mail',
      'NPI',
      'Topic code *',
      'Completed on *',
      'Where earned',
      'Evidence',
    ]);
  });

  it('rejects a file with bad rows, naming each row and column, and records nothing', async () => {
    const csv = [
      HEADER,
      'rosa.delgado@ccp.example,,OC-CULT,2026-03-02,,',
      'nobody@ccp.example,,OC-CULT,2026-03-02,,',
      'kwame.mensah@ccp.example,,NO-SUCH,2026-03-02,,',
      'kwame.mensah@ccp.example,,MOC-X,2026-03-02,,',
      'kwame.mensah@ccp.example,,OC-CULT,2099-01-01,,',
      'kwame.mensah@ccp.example,,OC-CULT,31/02/2026,,',
      ',,OC-CULT,2026-03-02,,',
      'ROSA.DELGADO@ccp.example,,oc-cult,3/2/2026,,',
    ].join('\n');
    const { result, lines } = await importFile('completions.csv', csv);
    // Every problem at once: those of a row alone, found while reading, and those needing the database or
    // other rows, found once every row reads (over the rows that passed on their own).
    expect(result).toMatchObject({ outcome: 'rejected', rows: 8, problems: 7 });
    expect(lines).toContain(
      '4 | Topic code | "NO-SUCH" is not a topic in your catalog or the shared catalog',
    );
    expect(lines).toContain('9 | Topic code | The same person, topic and date already appear on row 2');
    expect(lines).toContain('6 | Completed on | 2099-01-01 is in the future');
    expect(lines).toContain('7 | Completed on | "31/02/2026" is not a date; use YYYY-MM-DD');
    expect(lines).toContain('8 | E-mail | Give the person’s e-mail or NPI');
    expect((await completionsOf(admin, ids.rosa)).total).toBe(0);

    const second = await importFile(
      'completions.csv',
      [HEADER, ...csv.split('\n').slice(1, 5), csv.split('\n')[8]].join('\n'),
    );
    expect(second.result).toMatchObject({ outcome: 'rejected', rows: 5, problems: 4 });
    expect(second.lines).toEqual(
      expect.arrayContaining([
        '3 | E-mail | No one with this e-mail holds a role at your organisation; add them (people import, or Add person) first',
        '4 | Topic code | "NO-SUCH" is not a topic in your catalog or the shared catalog',
        '5 | Topic code | "MOC-X" is not a topic in your catalog or the shared catalog',
        '6 | Topic code | The same person, topic and date already appear on row 2',
      ]),
    );
    expect((await completionsOf(admin, ids.rosa)).total).toBe(0);
  });

  it('counts "today" in Massachusetts: at 10 p.m. Eastern on 30 June, a row dated 1 July is in the future', async () => {
    // 02:00 UTC on 1 July is 22:00 EDT on 30 June: UTC's day is already the next one.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-07-01T02:00:00Z') });
    try {
      const { result, lines } = await importFile(
        'evening.csv',
        [HEADER, 'rosa.delgado@ccp.example,,OC-CULT,2026-07-01,,'].join('\n'),
      );
      expect(result).toMatchObject({ outcome: 'rejected', problems: 1 });
      expect(lines).toContain('2 | Completed on | 2026-07-01 is in the future');
    } finally {
      vi.useRealTimers();
    }
    expect((await completionsOf(admin, ids.rosa)).total).toBe(0);
  });

  it('names a missing column in the header row', async () => {
    const { result, lines } = await importFile('completions.csv', 'Name,Topic code\nRosa,OC-CULT');
    expect(result).toMatchObject({ outcome: 'rejected', problems: 2 });
    expect(lines).toContain('1 | E-mail (or NPI) | This required column is missing from the header row');
    expect(lines).toContain('1 | Completed on | This required column is missing from the header row');
  });

  it('says once that a file is empty or not a spreadsheet, and lists each import under its file name', async () => {
    const empty = await importFile('empty.csv', '');
    expect(empty.result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(empty.lines).toContainEqual(expect.stringMatching(/^1 \| {2}\| The file is empty/));
    // A workbook renamed .csv: its first bytes are a zip header, not text.
    const zip = await importFile(
      'people.csv',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0, 10]),
    );
    expect(zip.lines).toContainEqual(
      expect.stringMatching(/^1 \| {2}\| This is not a CSV or spreadsheet file/),
    );
    const photo = await importFile(
      'photo.csv',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]),
    );
    expect(photo.lines).toContainEqual(expect.stringMatching(/^1 \| {2}\| None of the first row's columns/));
    const recent = (await admin.get('/api/jobs?kind=training.completions.import')).json().items;
    expect(recent.slice(0, 3).map((j: { fileName: string }) => j.fileName)).toEqual([
      'photo.csv',
      'people.csv',
      'empty.csv',
    ]);
  });

  it('records completions that count for the person, and a re-run adds nothing twice', async () => {
    const csv = [
      HEADER,
      'rosa.delgado@ccp.example,,OC-CULT,2026-03-02,MassHealth ACO webinar,Sign-in sheet 14',
      'kwame.mensah@ccp.example,,oc-cult,3/9/2026,,',
      'kwame.mensah@ccp.example,,OC-CULT,2026-01-15,,',
    ].join('\n');
    const first = await importFile('spring.csv', csv);
    expect(first.result).toMatchObject({ outcome: 'imported', rows: 3, added: 3, alreadyRecorded: 0 });
    expect(first.lines).toContain(' | Completions recorded | 3');

    const mine = await completionsOf(staff);
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({
      topicTitle: 'Cultural competence',
      completedOn: '2026-03-02',
      method: 'imported',
      personName: 'Rosa Delgado',
      issuer: 'Commonwealth Care Plan',
      evidence: { source: 'MassHealth ACO webinar', note: 'Sign-in sheet 14', file: 'spring.csv', row: 2 },
    });
    const certificate = await staff.get(`/api/training/completions/${mine.items[0].id}/certificate.pdf`);
    expect(certificate.statusCode).toBe(200);

    const again = await importFile('spring.csv', csv);
    expect(again.result).toMatchObject({ outcome: 'imported', added: 0, alreadyRecorded: 3 });
    expect((await completionsOf(admin, ids.kwame)).total).toBe(2);
  });

  it('reads the same rows from an XLSX file, people named by NPI', async () => {
    await t.database.system.execute(
      `update people set npi = '1245319599' where id = '${ids.kwame}'` as never,
    );
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Instructions').addRow(['Fill in the Completions sheet']);
    const sheet = workbook.addWorksheet('Completions');
    sheet.addRow(['E-mail', 'NPI', 'Topic code *', 'Completed on *']);
    sheet.addRow(['', '1245319599', 'OC-CULT', new Date(Date.UTC(2025, 10, 4))]);
    const { result } = await importFile('fall.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(result).toMatchObject({ outcome: 'imported', rows: 1, added: 1 });
    const kwame = await completionsOf(admin, ids.kwame);
    expect(kwame.items.map((c: { completedOn: string }) => c.completedOn)).toContain('2025-11-04');
  });

  it('reads a stray quote as itself, and names the row of a quote never closed or a NUL, never failing the job', async () => {
    const stray = await importFile(
      'stray.csv',
      `${HEADER}\nrosa.delgado@ccp.example,,OC-CULT,2026-04-02,5" binder refresher,\n`,
    );
    expect(stray.job.status).toBe('succeeded');
    expect(stray.result).toMatchObject({ outcome: 'imported', rows: 1, added: 1 });

    const unclosed = await importFile(
      'unclosed.csv',
      `${HEADER}\nrosa.delgado@ccp.example,,OC-CULT,2026-04-03,"5 binder,\nkwame.mensah@ccp.example,,OC-CULT,2026-04-03,,\n`,
    );
    expect(unclosed.job.status).toBe('succeeded');
    expect(unclosed.result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(unclosed.lines).toContainEqual(
      expect.stringMatching(/^2 \| {2}\| A cell that starts with a quote mark/),
    );

    const binary = await importFile(
      'binary.csv',
      Buffer.concat([
        Buffer.from(`${HEADER}\nkwame.mensah@ccp.example,,OC-CULT,2026-04-04,`),
        Buffer.from([0, 1, 2, 0xff]),
        Buffer.from(',\n'),
      ]),
    );
    expect(binary.job.status).toBe('succeeded');
    expect(binary.result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(binary.lines).toContainEqual(
      expect.stringMatching(/^2 \| Where earned \| Has a control character \(NUL\)/),
    );
    expect(
      (await completionsOf(admin, ids.kwame)).items.map((c: { completedOn: string }) => c.completedOn),
    ).not.toContain('2026-04-03');
  });

  it('never fails the job on generated bad cells, writes all or nothing, and names the row of each problem', async () => {
    const good = [
      'rosa.delgado@ccp.example,,OC-CULT,2026-05-02,Fuzz,',
      'kwame.mensah@ccp.example,,OC-CULT,2026-05-03,Fuzz,',
    ];
    await fc.assert(
      fc.asyncProperty(csvWithBadCells(HEADER, good), async (bytes) => {
        const before = (await completionsOf(admin)).total;
        const { job, lines } = await importFile('fuzz.csv', bytes);
        expect(job.status).toBe('succeeded');
        if (job.result.outcome === 'rejected') {
          expect(problemLines(lines).allNameARow, lines.join('\n')).toBe(true);
          expect((await completionsOf(admin)).total).toBe(before);
        }
      }),
      { seed: 14, numRuns: Number(process.env.FUZZ_RUNS ?? 30) },
    );
  }, 240_000);

  it('is refused to staff, and for a file that is not a spreadsheet', async () => {
    const upload = multipartFile('completions.csv', HEADER);
    const refused = await staff.post('/api/training/completions/imports', upload.payload, upload.headers);
    expect(refused.statusCode).toBe(403);
    const pdf = multipartFile('completions.pdf', '%PDF-1.4', 'application/pdf');
    const wrong = await admin.post('/api/training/completions/imports', pdf.payload, pdf.headers);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].message).toBe('"completions.pdf" is not .xlsx or .csv');
  });
});
