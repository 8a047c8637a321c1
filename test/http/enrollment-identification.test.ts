import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { newMasshealthId } from '../support/enrollment.js';
import {
  identifications,
  identifyingOrg,
  type ListRow,
  listCsv,
  listRow,
  listXlsx,
  onRoster,
  SAMPLE_LIST,
  sampleRows,
  sendList,
  withPid,
} from '../support/enrollment-identification.js';
import { multipartFile } from '../support/files.js';

/**
 * An ACO's identified-member list — MassHealth's quarterly list or its own — in the layout of the sample, flaws
 * included. Every row is checked; if any is refused nothing is applied and the result names each row and column;
 * otherwise an active record identifies the member (or updates them), an inactive one ends it, and an older
 * record never replaces a newer one.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const iso = (yyyymmdd: string) =>
  /^\d{8}$/.test(yyyymmdd)
    ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6)}`
    : new Date(`${yyyymmdd} UTC`).toISOString().slice(0, 10);
/** The sample's members of the plan with this PID, as its roster holds them. */
const membersOf = (rows: ListRow[], pid: string) => [
  ...new Map(
    rows
      .filter((r) => r.ACO_MCO_PID === pid && String(r.Medicaid_ID).length === 12)
      .map((r) => [
        String(r.Medicaid_ID),
        { masshealthId: String(r.Medicaid_ID), dateOfBirth: iso(String(r.Member_Date_of_Birth)) },
      ]),
  ).values(),
];

/** The directory's Community Partners the sample names (one test database holds each PID once). */
let cps: { bh: Awaited<ReturnType<typeof withPid>>; ltss: Awaited<ReturnType<typeof withPid>> };
beforeAll(async () => {
  cps = {
    bh: await withPid(t, '120000501', 'A', 'cp_bh'),
    ltss: await withPid(t, '120000804', 'A', 'cp_ltss'),
  };
});

describe('the sample list', () => {
  it('is refused whole for the rows of other plans, naming each, and applied once they are taken out', async () => {
    const rows = sampleRows();
    // Pioneer Valley Care Collaborative in the sample: PID 110000202, service location B.
    const aco = await identifyingOrg(t, '110000202', 'B');
    await onRoster(aco.admin, membersOf(rows, '110000202'));

    const sent = await sendList(t, aco.submitter, 'cp-identified-members.csv', readFileSync(SAMPLE_LIST));
    expect(sent.result).toMatchObject({ outcome: 'rejected', rows: 40, refused: 25 });
    expect(sent.result.message).toMatch(/^Nothing was imported: 25 rows of 40 are refused\./);
    const line = (row: number) => sent.lines.find((l) => l.row === row)!;
    // Another plan's row is refused by its PID alone; the one-digit-short ID (row 7) by its ID too.
    expect(line(2)).toMatchObject({
      outcome: 'Refused',
      column: 'ACO_MCO_PID',
      message:
        'PID 110000303 with service location C is not your organisation’s: a list you import names only your own members',
    });
    expect(line(7).column.split('\n')).toEqual(['Medicaid_ID', 'ACO_MCO_PID']);
    expect(line(7).message).toMatch(/^A MassHealth member ID has 12 digits; this has 11: if it began with 0/);
    // The result file shows the ID as written, so the submitter finds the row.
    expect(line(7).medicaidId).toBe('48486117289');
    // The same member twice: the later record (row 13) is used.
    expect(line(12)).toMatchObject({ outcome: 'Replaced by row 13', column: 'Record_Update_Date' });
    expect(line(13)).toMatchObject({ outcome: 'Identified' });
    // A date of birth written 3/14/1961 matches the roster's; an inactive record with nothing open ends nothing.
    expect(line(9)).toMatchObject({ outcome: 'Nothing to end' });
    expect(line(17)).toMatchObject({ outcome: 'Identified' });
    // Nothing was written.
    expect((await identifications(aco.submitter)).total).toBe(0);

    const own = rows.filter((r) => r.ACO_MCO_PID === '110000202');
    const applied = await sendList(t, aco.submitter, 'pioneer.csv', listCsv(own));
    expect(applied.result).toMatchObject({
      outcome: 'applied',
      rows: 15,
      refused: 0,
      counts: { created: 9, nothing_to_end: 5, replaced: 1, updated: 0, ended: 0 },
    });
    const listed = await identifications(aco.submitter);
    expect(listed.total).toBe(9);
    const byId = new Map(listed.items.map((i) => [i.masshealthId, i]));
    // "bh" is BH; the CP its PID and location name is an LTSS CP, so none is suggested, and the row says so.
    expect(byId.get('742201423632')).toMatchObject({
      cpType: 'BH',
      suggestedCpName: null,
      agencyFlags: [],
      identifiedOn: '2026-03-01',
      stage: 'identified',
      source: 'state_list',
    });
    expect(byId.get('382156368519')).toMatchObject({
      agencyFlags: ['DMH', 'DDS', 'EOEA'],
      recordUpdatedOn: '2026-03-16',
      suggestedCpName: cps.bh.org.name,
    });
    expect(applied.lines.find((l) => l.medicaidId === '742201423632')!.message).toBe(
      'PID 120000804 with service location A is a Community Partner of type LTSS, and this member needs BH: no CP is suggested',
    );
    // A CP not in the directory suggests none, and the row says so.
    expect(byId.get('310070846944')!.suggestedCpName).toBeNull();
    expect(applied.lines.find((l) => l.medicaidId === '310070846944')!.message).toMatch(
      /^PID 120000703 with service location B is not a Community Partner in the directory/,
    );
  });

  it('as an XLSX written with exceljs reads as the CSV does, and applies with date cells', async () => {
    const rows = sampleRows();
    // Harbor Health Partnership ACO: PID 110000101, location A; its member " Ana " O'Neil has stray spaces.
    const aco = await identifyingOrg(t, '110000101', 'A');
    await onRoster(aco.admin, membersOf(rows, '110000101'));
    const csv = await sendList(t, aco.submitter, 'list.csv', listCsv(rows), { checkOnly: true });
    const xlsx = await sendList(t, aco.submitter, 'list.xlsx', await listXlsx(rows), { checkOnly: true });
    expect(xlsx.lines).toEqual(csv.lines);
    // Another plan's 25 rows (one of them replaced by a later row) and the short ID.
    expect(xlsx.result).toMatchObject({ outcome: 'checked', refused: 25 });

    const own = rows
      .filter((r) => r.ACO_MCO_PID === '110000101' && r.Medicaid_ID !== '48486117289')
      .map((r) => ({
        ...r,
        Member_Date_of_Birth: new Date(`${iso(String(r.Member_Date_of_Birth))}T00:00:00Z`),
        Record_Update_Date: new Date('2026-03-15T00:00:00Z'),
      }));
    const applied = await sendList(t, aco.submitter, 'harbor.xlsx', await listXlsx(own));
    expect(applied.result).toMatchObject({ outcome: 'applied', counts: { created: 9, nothing_to_end: 5 } });
    expect((await identifications(aco.submitter)).items.map((i) => i.recordUpdatedOn)).toEqual(
      Array(9).fill('2026-03-15'),
    );
  });
});

describe('a member sent again', () => {
  it('is updated by a later record, ended by an inactive one, and never changed by an older one', async () => {
    const aco = await identifyingOrg(t, '110000900', 'A');
    const [a, b, c] = [0, 1, 2].map(() => ({ masshealthId: newMasshealthId(), dateOfBirth: '1970-05-06' }));
    await onRoster(aco.admin, [a!, b!, c!]);
    const pid = aco.pid;

    const first = await sendList(t, aco.submitter, 'q1.csv', listCsv([listRow(a!, pid), listRow(b!, pid)]));
    expect(first.result.counts).toMatchObject({ created: 2 });

    const second = await sendList(
      t,
      aco.submitter,
      'q2.csv',
      listCsv([
        listRow(a!, pid, { CP_Type: 'ltss', EOEA_Flag: 'y', Record_Update_Date: '20260301' }),
        listRow(b!, pid, { Record_Status: 'i', Record_Update_Date: '2/20/2026' }),
        listRow(c!, pid, { Record_Update_Date: '45992' }), // an Excel serial: 2025-12-01
      ]),
    );
    expect(second.result.counts).toMatchObject({ updated: 1, ended: 1, created: 1 });
    const now = new Map((await identifications(aco.submitter)).items.map((i) => [i.masshealthId, i]));
    expect(now.get(a!.masshealthId)).toMatchObject({
      cpType: 'LTSS',
      agencyFlags: ['EOEA'],
      recordUpdatedOn: '2026-03-01',
      stage: 'identified',
    });
    expect(now.get(b!.masshealthId)).toMatchObject({ stage: 'ended', endedOn: '2026-02-20' });
    expect(now.get(b!.masshealthId)!.endReason).toBe(
      'Inactive on the MassHealth quarterly list ("q2.csv", row 3, record of 2026-02-20)',
    );
    expect(now.get(c!.masshealthId)!.recordUpdatedOn).toBe('2025-12-01');

    // Older records than those kept: neither the open one nor the ended one changes; the same list again
    // changes nothing.
    const older = await sendList(
      t,
      aco.submitter,
      'q1-late.csv',
      listCsv([
        listRow(a!, pid, { CP_Type: 'BH', Record_Update_Date: '20260201' }),
        listRow(b!, pid, { Record_Update_Date: '20260210' }),
      ]),
      { source: 'own' },
    );
    expect(older.result.counts).toMatchObject({ kept: 2, updated: 0, created: 0 });
    expect(older.lines[0]!.message).toBe(
      'A record of 2026-03-01 is kept for this member: this row’s record of 2026-02-01 is older and changes nothing',
    );
    const again = await sendList(
      t,
      aco.submitter,
      'q2.csv',
      listCsv([listRow(a!, pid, { CP_Type: 'ltss', EOEA_Flag: 'Y', Record_Update_Date: '20260301' })]),
    );
    expect(again.result.counts).toMatchObject({ unchanged: 1 });

    const ended = await identifications(aco.submitter, '&stage=ended');
    expect(ended.items.map((i) => i.masshealthId)).toEqual([b!.masshealthId]);
    expect((await identifications(aco.submitter, '&source=own')).total).toBe(0);
  });
});

describe('refused rows', () => {
  it('are each named by row and column, and nothing of the file is applied', async () => {
    const aco = await identifyingOrg(t, '110000901', 'A');
    const good = { masshealthId: newMasshealthId(), dateOfBirth: '1960-01-02' };
    const other = { masshealthId: newMasshealthId(), dateOfBirth: '1961-02-03' };
    const third = { masshealthId: newMasshealthId(), dateOfBirth: '1962-03-04' };
    await onRoster(aco.admin, [good, other, third]);
    const pid = aco.pid;
    const sent = await sendList(
      t,
      aco.submitter,
      'bad.csv',
      listCsv([
        listRow(good, pid),
        listRow(other, pid, {
          Enrollment_Start_Date: '2026-02-31',
          Record_Status: 'X',
          DMH_Flag: 'maybe',
          CP_Type: 'Medical',
          CP_PID: '12345678',
          CP_SL: 'A',
        }),
        listRow({ masshealthId: newMasshealthId(), dateOfBirth: '1962-03-04' }, pid),
        // Stray spaces in the ID are read past; the date of birth is not the roster's.
        listRow({ ...third, dateOfBirth: '1999-09-09' }, pid, {
          Medicaid_ID: ` ${third.masshealthId.slice(0, 6)} ${third.masshealthId.slice(6)} `,
        }),
      ]),
    );
    expect(sent.result).toMatchObject({ outcome: 'rejected', refused: 3 });
    expect(sent.result.problems).toEqual([
      { row: 3, column: 'CP_PID', message: '"12345678" is not a PID: nine digits' },
      { row: 3, column: 'CP_Type', message: '"Medical" is not a CP type: BH or LTSS' },
      { row: 3, column: 'DMH_Flag', message: '"maybe" is not Y or N' },
      {
        row: 3,
        column: 'Record_Status',
        message: '"X" is not a record status: A (active) or I (inactive)',
      },
      {
        row: 3,
        column: 'Enrollment_Start_Date',
        message:
          '"2026-02-31" is not a date: write it as YYYYMMDD, YYYY-MM-DD or M/D/YYYY, or use a date cell',
      },
      {
        row: 4,
        column: 'Medicaid_ID',
        message:
          'No member with this MassHealth ID is on your organisation’s roster: add the member to your enrollees first, then send the row again',
      },
      {
        row: 5,
        column: 'Member_Date_of_Birth',
        message:
          'Not the date of birth recorded for the member with this MassHealth ID on your roster: correct the row or the roster',
      },
    ]);
    // The good row would identify its member, but nothing was applied.
    expect(sent.lines[0]).toMatchObject({ row: 2, outcome: 'Identified' });
    expect((await identifications(aco.submitter)).total).toBe(0);

    const checked = await sendList(t, aco.submitter, 'good.csv', listCsv([listRow(good, pid)]), {
      checkOnly: true,
    });
    expect(checked.result).toMatchObject({ outcome: 'checked', refused: 0, counts: { created: 1 } });
    expect(checked.result.message).toMatch(/^Every row passed: 1 row checked, nothing applied/);
    expect((await identifications(aco.submitter)).total).toBe(0);
  });

  it('a file that is not the list is refused whole with one message', async () => {
    const aco = await identifyingOrg(t, '110000902', 'A');
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1960-01-02' };
    await onRoster(aco.admin, [m]);
    const row = listRow(m, aco.pid);
    const renamed = await sendList(
      t,
      aco.submitter,
      'renamed.csv',
      listCsv([row]).replace('Record_Status', 'Status'),
    );
    expect(renamed.result.problems).toEqual([
      {
        row: 1,
        message:
          'the header row (row 1) lacks 1 column of the identified-member list: Record_Status. Keep the list’s header row as MassHealth sends it (or download the template).',
      },
    ]);
    const [header, line] = listCsv([row]).split('\r\n');
    const twice = await sendList(t, aco.submitter, 'twice.csv', `${header},Record Status\r\n${line},I`);
    expect(twice.result.message).toMatch(
      /^Nothing was imported: the header row \(row 1\) names 1 column twice: Record_Status \(columns \w+ and \w+\)\. Keep one of each/,
    );
    const titled = await sendList(t, aco.submitter, 'titled.csv', `Quarterly list,,\r\n${listCsv([row])}`);
    expect(titled.result.message).toBe(
      'Nothing was imported: row 1 is not the header row: the list’s header is on row 2. Delete the 1 row above it, so that the header is row 1, and upload the file again.',
    );
    const disguised = await sendList(t, aco.submitter, 'list.xlsx', listCsv([row]));
    expect(disguised.result).toMatchObject({ outcome: 'rejected', rows: 0 });
    expect(disguised.result.message).toMatch(/^Nothing was imported: /);
    const semicolons = await sendList(t, aco.submitter, 'semi.csv', listCsv([row]).replaceAll(',', ';'));
    expect(semicolons.result.message).toMatch(/separated by semicolons/);
    expect((await identifications(aco.submitter)).total).toBe(0);

    // The template's header (required columns marked *) reads as the list's: its example row is checked.
    const template = await aco.submitter.get('/api/enrollment/identifications/import/template');
    expect(template.statusCode).toBe(200);
    const example = await sendList(t, aco.submitter, 'template.xlsx', template.rawPayload, {
      checkOnly: true,
    });
    expect(example.lines.map((l) => [l.row, l.column])).toEqual([[2, 'ACO_MCO_PID']]);

    const upload = multipartFile('list.txt', listCsv([row]));
    const wrong = await aco.submitter.post(
      '/api/enrollment/identifications/import?source=own',
      upload.payload,
      upload.headers,
    );
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe('IDENTIFICATION_FILE_TYPE');
    const unsaid = multipartFile('list.csv', listCsv([row]));
    const noSource = await aco.submitter.post(
      '/api/enrollment/identifications/import',
      unsaid.payload,
      unsaid.headers,
    );
    expect(noSource.statusCode).toBe(400);
    expect(noSource.json().message).toMatch(/source=state_list or source=own/);
  });
});

describe('tenancy', () => {
  it('another ACO’s member reads as no member at all, and each sees only its own identifications', async () => {
    const mine = await identifyingOrg(t, '110000903', 'A');
    const theirs = await identifyingOrg(t, '110000904', 'A', 'mco');
    const their = { masshealthId: newMasshealthId(), dateOfBirth: '1955-05-05' };
    await onRoster(theirs.admin, [their]);
    const nobody = { masshealthId: newMasshealthId(), dateOfBirth: '1955-05-05' };
    const probe = await sendList(
      t,
      mine.submitter,
      'probe.csv',
      listCsv([listRow(their, mine.pid), listRow(nobody, mine.pid)]),
    );
    expect(probe.lines.map((l) => [l.column, l.message])).toEqual([
      [
        'Medicaid_ID',
        'No member with this MassHealth ID is on your organisation’s roster: add the member to your enrollees first, then send the row again',
      ],
      [
        'Medicaid_ID',
        'No member with this MassHealth ID is on your organisation’s roster: add the member to your enrollees first, then send the row again',
      ],
    ]);
    const byTheirPid = await sendList(t, mine.submitter, 'probe2.csv', listCsv([listRow(their, theirs.pid)]));
    expect(byTheirPid.lines[0]).toMatchObject({ column: 'ACO_MCO_PID' });

    expect(
      (await sendList(t, theirs.submitter, 'theirs.csv', listCsv([listRow(their, theirs.pid)]))).result
        .outcome,
    ).toBe('applied');
    expect((await identifications(mine.submitter)).total).toBe(0);
    expect((await identifications(theirs.submitter)).items.map((i) => i.masshealthId)).toEqual([
      their.masshealthId,
    ]);

    // A state agency reads every organisation's; a CP or a provider reads none; the read is audited.
    const state = await t.org({ kind: 'state_agency' });
    const reader = await t.signIn((await t.user([{ orgId: state.id, role: 'auditor' }])).email);
    expect((await identifications(reader)).items.map((i) => i.masshealthId)).toContain(their.masshealthId);
    expect((await cps.bh.admin.get('/api/enrollment/identifications')).statusCode).toBe(403);
    const log = (await theirs.admin.get('/api/audit?entityType=enrollment_identification')).json();
    expect(JSON.stringify(log)).toMatch(/"action":"list"/);
    // Only its submitters import: a care coordinator at the ACO may not.
    const coordinator = await t.signIn(
      (await t.user([{ orgId: mine.org.id, role: 'care_coordinator' }])).email,
    );
    const upload = multipartFile('x.csv', listCsv([listRow(their, mine.pid)]));
    expect(
      (
        await coordinator.post(
          '/api/enrollment/identifications/import?source=own',
          upload.payload,
          upload.headers,
        )
      ).statusCode,
    ).toBe(403);
  });
});
