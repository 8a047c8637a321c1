import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ROSTER_IMPORT_JOB, rosterImportJob } from '../../src/domains/care/index.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { runQueuedImport, uploadAndImport } from '../support/files.js';
import { ROSTER_HEADER, rosterCsv, rosterRow, rosterXlsx, SAMPLE_ROSTER } from '../support/roster-files.js';

/**
 * The enrollee roster import over HTTP: the sample roster's four flaws named by row and column with
 * nothing written; a clean roster created, re-imported unchanged (no version bump, no audit row), and
 * re-imported with three rows changed (only those written, each audited with what changed); duplicates
 * within the file naming both rows; enrollments ended and added as the file says, never overlapping.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const ROUTE = '/api/care/enrollees/imports';
const FIXTURE = new URL('../fixtures/enrollee-roster.csv', import.meta.url);

/** A plan with an administrator signed in. */
async function plan() {
  const org = await t.org({ kind: 'plan' });
  const admin = await t.user([{ orgId: org.id, role: 'org_admin' }]);
  return { org, client: await t.signIn(admin.email) };
}

/** The sample roster's enrollees without its flaws. */
const cleanRows = () =>
  Array.from({ length: SAMPLE_ROSTER.rows }, (_, i) =>
    rosterRow(enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER)),
  );

async function upload(client: Client, file: string, name: string) {
  const out = await uploadAndImport(t, client, ROUTE, name, readFileSync(file));
  expect(out.started.statusCode, out.started.body).toBe(202);
  return out;
}

const counted = z.object({ n: z.coerce.number() });
async function count(query: ReturnType<typeof sql>) {
  const [row] = await checkedRows(t.database.system, counted, query);
  return Number(row?.n);
}
const enrolleesOf = (orgId: string) =>
  count(sql`select count(*) as n from care_enrollees where org_id = ${orgId}`);
const versionsOf = async (orgId: string) =>
  new Map(
    (
      await checkedRows(
        t.database.system,
        z.object({ masshealth_id: z.string(), version: z.coerce.number() }),
        sql`select masshealth_id, version from care_enrollees where org_id = ${orgId}`,
      )
    ).map((r) => [r.masshealth_id, r.version]),
  );
/** Each of the plan's enrollees' update audit rows: [MassHealth ID, fields changed]. */
async function updateAudits(orgId: string) {
  const enrollees = await checkedRows(
    t.database.system,
    z.object({ id: z.string(), masshealth_id: z.string() }),
    sql`select id, masshealth_id from care_enrollees where org_id = ${orgId}`,
  );
  const audits: [string, unknown][] = [];
  for (const e of enrollees)
    for (const a of await auditEntries(t.database.system, {
      entityId: e.id,
      entityType: 'care_enrollee',
      action: 'update',
    }))
      audits.push([e.masshealth_id, (a.details as { fields?: unknown } | null)?.fields]);
  return audits.sort();
}

describe('the enrollee roster import', () => {
  it('names each of the sample roster’s four flaws by row and column, and writes nothing', async () => {
    const { org, client } = await plan();
    const { job, lines } = await upload(client, FIXTURE.pathname, 'enrollee-roster.csv');
    expect(job.status).toBe('succeeded');
    expect(job.result).toMatchObject({ outcome: 'rejected', rows: 50, problems: 4 });
    // The README counts rows from the first after the header; the result file, like a spreadsheet, from
    // the header (row 1): README row N is row N + 1.
    const problems = lines.filter((l) => /^\d+ \| /.test(l));
    expect(problems).toEqual([
      expect.stringMatching(
        /^8 \| Medicare ID \(MBI\) \| The MBI’s 2nd character is S; an MBI never uses the letters S, L, O, I, B or Z \("3SY9C38VX35"\)$/,
      ),
      '20 | MassHealth ID | A MassHealth member ID has 12 digits; this has 11 ("10009900255")',
      '29 | County | "Hampdn" is not a Massachusetts county; use one of the template\'s list',
      '42 | Date of birth | "3/4/1961" could be 4 March or 3 April 1961: write the date of birth as YYYY-MM-DD (1961-03-04 or 1961-04-03)',
    ]);
    expect(await enrolleesOf(org.id)).toBe(0);
    expect(await count(sql`select count(*) as n from care_import_rows where org_id = ${org.id}`)).toBe(0);
  });

  it('keeps what a file without a column does not say: a re-import of the required columns alone changes nothing', async () => {
    const { org, client } = await plan();
    const rows = cleanRows().slice(0, 20);
    await upload(client, rosterCsv(rows), 'roster.csv');
    const before = await versionsOf(org.id);
    const required = [0, 2, 3, 4, 14, 15];
    const again = await upload(
      client,
      rosterCsv(
        rows.map((r) => required.map((i) => r[i]!)),
        required.map((i) => ROSTER_HEADER[i]!),
      ),
      'roster.csv',
    );
    expect(again.job.result).toMatchObject({ outcome: 'imported', changed: 0, unchanged: 20 });
    expect(await versionsOf(org.id)).toEqual(before);
    const withPhone = rows.find((r) => r[10])!;
    const listed = (await client.get(`/api/care/enrollees?q=${withPhone[0]}`)).json();
    const got = (await client.get(`/api/care/enrollees/${listed.items[0].id}`)).json();
    expect(got).toMatchObject({ phone: withPhone[10], town: withPhone[7], postalCode: withPhone[9] });
  });

  describe.each(['csv', 'xlsx'] as const)('as %s', (format) => {
    const file = (rows: string[][]) => (format === 'csv' ? rosterCsv(rows) : rosterXlsx(rows));

    it('creates a clean roster, leaves a re-import untouched, and changes only the changed rows', async () => {
      const { org, client } = await plan();
      const rows = cleanRows();
      const first = await upload(client, await file(rows), `roster.${format}`);
      expect(first.job.result).toMatchObject({
        outcome: 'imported',
        rows: 50,
        created: 50,
        changed: 0,
        unchanged: 0,
        enrollmentsAdded: 50,
      });
      expect(first.lines).toContain(' | Enrollees added | 50');
      expect(await enrolleesOf(org.id)).toBe(50);
      const e0 = enrolleeAt(SAMPLE_ROSTER.first, SAMPLE_ROSTER);
      const listed = (await client.get(`/api/care/enrollees?q=${e0.massHealthId}`)).json();
      expect(listed.total).toBe(1);
      const got = (await client.get(`/api/care/enrollees/${listed.items[0].id}`)).json();
      expect(got).toMatchObject({
        masshealthId: e0.massHealthId,
        mbi: e0.mbi,
        familyName: e0.familyName,
        dateOfBirth: e0.dateOfBirth,
        county: e0.county,
        postalCode: e0.zip,
        enrollments: [{ program: e0.program, effectiveOn: e0.effectiveOn, endsOn: e0.endsOn }],
      });
      const before = await versionsOf(org.id);

      const again = await upload(client, await file(rows), `roster.${format}`);
      expect(again.job.result).toMatchObject({ outcome: 'imported', created: 0, changed: 0, unchanged: 50 });
      expect(await versionsOf(org.id)).toEqual(before);
      expect(await updateAudits(org.id)).toEqual([]);

      // Three rows changed: a new address, a phone cleared, an enrollment ended.
      const changed = rows.map((r) => [...r]);
      changed[3]![6] = '12 Elm Street, Apt 2';
      changed[10]![10] = '';
      changed[20]![16] = '2026-06-30';
      const third = await upload(client, await file(changed), `roster.${format}`);
      expect(third.job.result).toMatchObject({
        outcome: 'imported',
        created: 0,
        changed: 3,
        unchanged: 47,
        enrollmentsChanged: 1,
      });
      const after = await versionsOf(org.id);
      const bumped = [...after].filter(([id, v]) => v !== before.get(id)).map(([id]) => id);
      // The enrollment's end date is the enrollment's change; the enrollee's own fields are as they were.
      expect(bumped.sort()).toEqual([rows[3]![0], rows[10]![0]].sort());
      expect(await updateAudits(org.id)).toEqual(
        [
          [rows[3]![0], ['address']],
          [rows[10]![0], ['phone']],
          [rows[20]![0], ['enrollments']],
        ].sort(),
      );
      // The result workbook says which enrollee each changed row is, and what changed.
      const said = third.lines.filter((l) => l.includes('changed') && l.includes('MassHealth ID'));
      expect(said, third.lines.join('\n')).toEqual([
        expect.stringMatching(new RegExp(`^5\\b.*${rows[3]![0]}: address changed`)),
        expect.stringMatching(new RegExp(`^12\\b.*${rows[10]![0]}: phone changed`)),
        expect.stringMatching(new RegExp(`^22\\b.*${rows[20]![0]}: enrollment changed`)),
      ]);
    });
  });

  it('refuses a MassHealth ID or an MBI twice in one file, naming both rows', async () => {
    const { org, client } = await plan();
    const rows = cleanRows().slice(0, 6);
    rows[4] = [...rows[4]!];
    rows[4]![0] = rows[1]![0]!;
    rows[5] = [...rows[5]!];
    rows[5]![1] = rows[2]![1]!;
    const { job, lines } = await upload(client, rosterCsv(rows), 'roster.csv');
    expect(job.result).toMatchObject({ outcome: 'rejected', problems: 2 });
    expect(lines.filter((l) => /^\d+ \| /.test(l))).toEqual([
      '6 | MassHealth ID | The same MassHealth ID is on row 3: one row per enrollee',
      `7 | Medicare ID (MBI) | The same MBI is on row 4, for MassHealth ID ${rows[2]![0]}`,
    ]);
    expect(await enrolleesOf(org.id)).toBe(0);
    // With a row wrong on its own as well, every problem is listed at once.
    rows[0] = [...rows[0]!];
    rows[0]![8] = 'Gotham';
    const both = await upload(client, rosterCsv(rows), 'roster.csv');
    expect(both.job.result).toMatchObject({ outcome: 'rejected', problems: 3 });
    expect(
      both.lines.filter((l) => /^\d+ \| /.test(l)).map((l) => l.split(' | ').slice(0, 2).join(' | ')),
    ).toEqual(['2 | County', '6 | MassHealth ID', '7 | Medicare ID (MBI)']);
  });

  it('ends a running enrollment the day before a later one the file starts, and refuses one overlapping a later record', async () => {
    const { org, client } = await plan();
    const row = [...cleanRows()[0]!];
    row[15] = '2024-01-01';
    row[16] = '';
    await upload(client, rosterCsv([row]), 'roster.csv');
    const moved = [...row];
    moved[15] = '2025-07-01';
    const second = await upload(client, rosterCsv([moved]), 'roster.csv');
    expect(second.job.result).toMatchObject({ changed: 1, enrollmentsAdded: 1, enrollmentsChanged: 1 });
    const enrollments = await checkedRows(
      t.database.system,
      z.object({ effective_on: z.string(), ends_on: z.string().nullable() }),
      sql`select effective_on::text, ends_on::text from care_enrollments where org_id = ${org.id} order by effective_on`,
    );
    expect(enrollments).toEqual([
      { effective_on: '2024-01-01', ends_on: '2025-06-30' },
      { effective_on: '2025-07-01', ends_on: null },
    ]);
    // Back to a date before both, open-ended: it would overlap each.
    const back = [...row];
    back[15] = '2023-01-01';
    const third = await upload(client, rosterCsv([back]), 'roster.csv');
    expect(third.job.result).toMatchObject({ outcome: 'rejected', problems: 2 });
    expect(third.lines.filter((l) => /^\d+ \| /.test(l))).toEqual([
      '2 | Effective date | Overlaps the One Care enrollment recorded from 2024-01-01 to 2025-06-30, which starts later: correct the dates, or change that enrollment first',
      '2 | Effective date | Overlaps the One Care enrollment recorded from 2025-07-01, with no end date, which starts later: correct the dates, or change that enrollment first',
    ]);
  });

  it('moves a member from one coverage program to another, ending the first the day before', async () => {
    // One Care, ACO and MCO cover a member one at a time: a file enrolling them in the MCO from July ends
    // the running One Care enrollment in June, as a later effective date in the same program does.
    const { org, client } = await plan();
    const row = [...cleanRows()[0]!];
    row[14] = 'One Care';
    row[15] = '2024-01-01';
    row[16] = '';
    await upload(client, rosterCsv([row]), 'roster.csv');
    const moved = [...row];
    moved[14] = 'MCO';
    moved[15] = '2025-07-01';
    const second = await upload(client, rosterCsv([moved]), 'roster.csv');
    expect(second.job.result).toMatchObject({ enrollmentsAdded: 1, enrollmentsChanged: 1 });
    const enrollments = await checkedRows(
      t.database.system,
      z.object({ program: z.string(), effective_on: z.string(), ends_on: z.string().nullable() }),
      sql`select program::text, effective_on::text, ends_on::text from care_enrollments where org_id = ${org.id} order by effective_on`,
    );
    expect(enrollments).toEqual([
      { program: 'one_care', effective_on: '2024-01-01', ends_on: '2025-06-30' },
      { program: 'mco', effective_on: '2025-07-01', ends_on: null },
    ]);
    // An ACO enrollment before both, open-ended, would overlap each: refused, naming them.
    const back = [...row];
    back[14] = 'ACO';
    back[15] = '2023-01-01';
    const third = await upload(client, rosterCsv([back]), 'roster.csv');
    expect(third.job.result).toMatchObject({ outcome: 'rejected', problems: 2 });
    // An ACO enrollment from the day the MCO one starts: that one cannot be ended the day before.
    const sameDay = [...moved];
    sameDay[14] = 'ACO';
    const fourth = await upload(client, rosterCsv([sameDay]), 'roster.csv');
    expect(fourth.job.result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(fourth.lines.filter((l) => /^\d+ \| /.test(l))).toEqual([
      '2 | Effective date | Overlaps the MCO enrollment recorded from 2025-07-01, with no end date, which starts the same day: correct the dates, or change that enrollment first',
    ]);
    // Without an end date column the file keeps the One Care enrollment's end, before the MCO one starts.
    const header = ROSTER_HEADER.filter((h) => h !== 'End date');
    const kept = await upload(client, rosterCsv([row.filter((_, i) => i !== 16)], header), 'roster.csv');
    expect(kept.job.result).toMatchObject({ outcome: 'imported', unchanged: 1 });
  });

  it('is for the plan’s record keepers only, and its template has the drop-downs', async () => {
    const { org } = await plan();
    const provider = await t.org({ kind: 'provider' });
    for (const [orgId, role, status] of [
      [org.id, 'enrollment_submitter', 202],
      [org.id, 'care_coordinator', 202],
      [org.id, 'auditor', 403],
      [org.id, 'training_admin', 403],
      [provider.id, 'org_admin', 403],
    ] as const) {
      const user = await t.user([{ orgId, role }]);
      const client = await t.signIn(user.email);
      const out = await uploadAndImport(t, client, ROUTE, 'roster.csv', readFileSync(rosterCsv([])));
      expect(out.started.statusCode, role).toBe(status);
    }
    const { client } = await plan();
    const template = await client.get(`${ROUTE}/template`);
    expect(template.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Enrollees')!;
    expect((sheet.getRow(1).values as string[]).slice(1).map((h) => h.replace(/ \*$/, ''))).toEqual([
      ...ROSTER_HEADER,
    ]);
    // Sex, county, accessible format and program have drop-downs; nothing else does.
    const listed = ['A', 'B', 'E', 'F', 'I', 'J', 'N', 'O', 'P'].filter(
      (c) => sheet.getCell(`${c}7`).dataValidation?.type === 'list',
    );
    expect(listed).toEqual(['F', 'I', 'N', 'O']);
    expect(workbook.getWorksheet('Instructions')).toBeDefined();
  });

  it('runs from a stored file as the CLI does, with the same result', async () => {
    const { org } = await plan();
    const { result } = await runQueuedImport(t, {
      file: rosterCsv(cleanRows().slice(0, 3)),
      name: 'roster.csv',
      orgId: org.id,
      kind: ROSTER_IMPORT_JOB,
    });
    expect(result).toMatchObject({ outcome: 'imported', created: 3 });
  });

  describe('applied two rows at a time while the file is read (on PostgreSQL; one after the other on PGlite)', () => {
    const CHUNKED = 'care.roster-import.in-twos';
    beforeAll(() => {
      t.services.jobs.register(
        CHUNKED,
        rosterImportJob({
          database: t.database,
          audit: t.services.audit,
          files: t.services.files,
          applyChunkRows: 2,
        }),
      );
    });
    const run = (rows: string[][], orgId: string) =>
      runQueuedImport(t, { file: rosterCsv(rows), name: 'roster.csv', orgId, kind: CHUNKED });

    it('adds a plan’s first roster range by range, then finds every enrollee recorded on the next run', async () => {
      const { org } = await plan();
      const rows = cleanRows().slice(0, 7);
      expect((await run(rows, org.id)).result).toMatchObject({
        outcome: 'imported',
        created: 7,
        enrollmentsAdded: 7,
      });
      const changed = rows.map((r) => [...r]);
      changed[5]![3] = 'Renamed';
      expect((await run([...changed, ...cleanRows().slice(7, 9)], org.id)).result).toMatchObject({
        outcome: 'imported',
        created: 2,
        changed: 1,
        unchanged: 6,
      });
      expect(await enrolleesOf(org.id)).toBe(9);
    });

    it('rolls back the ranges already added when a MassHealth ID comes again in a later one', async () => {
      const { org } = await plan();
      const rows = cleanRows().slice(0, 6);
      rows[5] = [...rows[5]!];
      rows[5]![0] = rows[0]![0]!;
      const { result, lines } = await run(rows, org.id);
      expect(result).toMatchObject({ outcome: 'rejected', problems: 1 });
      expect(lines).toContainEqual(
        '7 | MassHealth ID | The same MassHealth ID is on row 2: one row per enrollee',
      );
      expect(await enrolleesOf(org.id)).toBe(0);
    });
  });
});
