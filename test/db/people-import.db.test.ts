import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorAt } from '../../src/cli/commands.js';
import { PEOPLE_IMPORT_JOB, peopleImportJob } from '../../src/domains/people/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { csvWithBadCells, problemLines } from '../support/bad-rows.js';
import {
  IMPORT_HEADER,
  type ImportResult,
  peopleCsv,
  peopleXlsx,
  personRow,
  runQueuedImport,
  tmpFile,
} from '../support/files.js';

let t: TestContext;
let org: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  org = await t.org({ name: 'Brockton Behavioral Health CP', kind: 'cp_bh' });
});
afterAll(() => t.close());

/** Stores the file, queues the import, runs it, and returns the finished job's result and result rows. */
const runImport = (file: string, name = file.split('-').pop()!, orgId = org.id, kind = PEOPLE_IMPORT_JOB) =>
  runQueuedImport<
    ImportResult & { peopleCreated: number; peopleUpdated: number; rolesAdded: number; rolesUpdated: number }
  >(t, { file, name, orgId, kind });

const count = async (table: string) =>
  Number(
    (
      (await t.database.system.execute(`select count(*)::int as n from ${table}` as never)) as unknown as {
        rows: { n: number }[];
      }
    ).rows[0]!.n,
  );

describe('people import', () => {
  it('imports people and their roles from a CSV, and a re-import changes nothing', async () => {
    const file = peopleCsv([
      personRow('Jean-Baptiste', 'Pierre', 'JBPierre@BrocktonBH.example', 'Care coordinator', {
        team: 'North',
      }),
      personRow('Jean-Baptiste', 'Pierre', 'jbpierre@brocktonbh.example', 'BH clinician', { team: 'North' }),
      personRow('Nguyễn', 'Thị Lan', 'lan.nguyen@brocktonbh.example', 'RN', { npi: '1245319599' }),
    ]);
    const first = await runImport(file, 'staff.csv');
    expect(first.result).toMatchObject({
      outcome: 'imported',
      rows: 3,
      problems: 0,
      peopleCreated: 2,
      rolesAdded: 3,
    });
    expect(first.job.progressDone).toBe(100);
    const again = await runImport(file, 'staff.csv');
    expect(again.result).toMatchObject({
      outcome: 'imported',
      peopleCreated: 0,
      rolesAdded: 0,
      rolesUpdated: 0,
    });
  });

  it('changes the identities the organisation stewards when a later file says otherwise, and ends a role', async () => {
    const before = personRow('Keisha', 'Brown', 'kbrown@brocktonbh.example', 'RN', { team: 'South' });
    await runImport(peopleCsv([before]), 'keisha.csv');
    const after = [...before];
    after[1] = 'Brown-Lewis';
    after[4] = '508-555-0142';
    after[9] = '2026-06-30';
    const { result } = await runImport(peopleCsv([after]), 'keisha-again.csv');
    expect(result).toMatchObject({
      outcome: 'imported',
      peopleCreated: 0,
      peopleUpdated: 1,
      rolesAdded: 0,
      rolesUpdated: 1,
    });
    const rows = (await t.database.system.execute(
      `select p.family_name, d.phone, r.ends_on::text as ends_on from people p join person_roles r on r.person_id = p.id
         join person_org_details d on d.person_id = p.id and d.org_id = r.org_id
       where p.email = 'kbrown@brocktonbh.example'` as never,
    )) as unknown as { rows: unknown[] };
    expect(rows.rows).toEqual([{ family_name: 'Brown-Lewis', phone: '508-555-0142', ends_on: '2026-06-30' }]);
  });

  it('rejects the whole file when one row is wrong, and says which row and column', async () => {
    const people = await count('people');
    const roles = await count('person_roles');
    const file = peopleCsv([
      personRow('Maria', 'Santos', 'maria@brocktonbh.example'),
      personRow('Ana Lúcia', 'Ferreira', 'ana@brocktonbh.example', 'Care coordinator', { npi: '1234567894' }),
      personRow('Patricia', "O'Neil", 'poneil@brocktonbh.example', 'Wizard'),
    ]);
    const { result, lines } = await runImport(file, 'bad.csv');
    expect(result).toMatchObject({ outcome: 'rejected', rows: 3, problems: 2 });
    expect(lines).toContainEqual(expect.stringMatching(/^3 \| NPI \| The check digit does not match/));
    expect(lines).toContainEqual(expect.stringMatching(/^4 \| Role \| "Wizard" is not a role/));
    expect(await count('people')).toBe(people);
    expect(await count('person_roles')).toBe(roles);
    expect(await count('people_import_rows')).toBe(0);
  });

  it('finds problems across rows: the same role twice, one e-mail with two names', async () => {
    const file = peopleCsv([
      personRow('Wei', 'Chen', 'wchen@brocktonbh.example'),
      personRow('Wei', 'Chen', 'wchen@brocktonbh.example'),
      personRow('Mei', 'Chen', 'wchen@brocktonbh.example', 'RN'),
    ]);
    const { result, lines } = await runImport(file, 'dupes.csv');
    expect(result.outcome).toBe('rejected');
    expect(lines).toContainEqual('3 | Role | The same person, role and start date already appear on row 2');
    expect(lines).toContainEqual('4 | Given name | Same e-mail as row 2 but a different name');
  });

  it('names a missing required column', async () => {
    const file = peopleCsv([['Maria', 'maria@x.example']], ['Given name', 'E-mail']);
    const { result, lines } = await runImport(file, 'short.csv');
    expect(result.outcome).toBe('rejected');
    expect(lines).toContainEqual('1 | Family name | This required column is missing from the header row');
  });

  it('reads the XLSX template, skipping its instructions sheet, with real Excel dates', async () => {
    const row = personRow('Sokha', 'Chea', 'schea@brocktonbh.example', 'LTS coordinator') as (
      | string
      | Date
    )[];
    row[8] = new Date(Date.UTC(2024, 2, 4));
    const { result } = await runImport(await peopleXlsx([row]), 'template.xlsx');
    expect(result).toMatchObject({ outcome: 'imported', peopleCreated: 1, rolesAdded: 1 });
  });

  it("links to a person another organisation already has, without changing that organisation's record", async () => {
    const other = await t.org({ name: 'Lowell Community Partners' });
    await runImport(
      peopleCsv([personRow('Fatima', 'Okafor', 'fokafor@lowellcp.example', 'RN', { npi: '1003000126' })]),
      'lowell.csv',
      other.id,
    );
    const { result } = await runImport(
      peopleCsv([
        personRow('Fatimah', 'Okafor', 'fokafor@lowellcp.example', 'Care coordinator', { npi: '1003000126' }),
      ]),
      'brockton.csv',
    );
    // Added here, as someone new would be: the result does not say the e-mail was known elsewhere.
    expect(result).toMatchObject({ outcome: 'imported', peopleCreated: 1, peopleUpdated: 0, rolesAdded: 1 });
    const rows = (await t.database.system.execute(
      `select given_name from people where email = 'fokafor@lowellcp.example'` as never,
    )) as unknown as { rows: { given_name: string }[] };
    expect(rows.rows).toEqual([{ given_name: 'Fatima' }]);
  });

  it('refuses a person whose NPI another recorded person holds, and applies nothing', async () => {
    await runImport(
      peopleCsv([personRow('Grace', 'Mensah', 'gmensah@brocktonbh.example', 'RN', { npi: '1093817462' })]),
      'grace.csv',
    );
    const people = await count('people');
    const roles = await count('person_roles');
    const { result, lines } = await runImport(
      peopleCsv([
        personRow('Ama', 'Boateng', 'aboateng@brocktonbh.example'),
        personRow('Kofi', 'Mensah', 'kmensah@brocktonbh.example', 'RN', { npi: '1093817462' }),
      ]),
      'taken-npi.csv',
    );
    expect(result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(lines).toContainEqual('3 | NPI | This NPI belongs to another person already recorded');
    expect(await count('people')).toBe(people);
    expect(await count('person_roles')).toBe(roles);
  });

  it('says a file named .xlsx that is not a workbook cannot be read, and imports nothing', async () => {
    const file = peopleCsv([personRow('Maria', 'Santos', 'maria.s@brocktonbh.example')]);
    const { result, lines } = await runImport(file, 'renamed.xlsx');
    expect(result).toMatchObject({ outcome: 'rejected', rows: 0, problems: 1 });
    expect(lines).toContainEqual(
      expect.stringMatching(
        /The file is not a readable \.xlsx workbook: it is not a workbook a spreadsheet program saved/,
      ),
    );
  });

  describe('hostile and malformed CSV files', () => {
    const header = IMPORT_HEADER.join(',');
    const line = (cells: string[]) => cells.join(',');
    const fileOf = (bytes: Buffer) => {
      const file = tmpFile('people.csv');
      writeFileSync(file, bytes);
      return file;
    };
    /** Windows-1252, as Excel on Windows saves "CSV (Comma delimited)". */
    const cp1252 = (text: string) =>
      Buffer.from([...text].map((c) => ({ '’': 0x92, '–': 0x96 })[c] ?? c.charCodeAt(0)));

    it('reads a Windows-1252 file as the names it shows, not as �', async () => {
      const csv = `${header}\r\n${line(personRow('José', 'O’Connor–Muñoz', 'jose.oconnor@brocktonbh.example'))}\r\n`;
      const { result } = await runImport(fileOf(cp1252(csv)), 'excel-1252.csv');
      expect(result).toMatchObject({ outcome: 'imported', rows: 1, problems: 0 });
      const [person] = (
        (await t.database.system.execute(
          `select given_name, family_name from people where email = 'jose.oconnor@brocktonbh.example'` as never,
        )) as unknown as { rows: unknown[] }
      ).rows;
      expect(person).toEqual({ given_name: 'José', family_name: 'O’Connor–Muñoz' });
    });

    it('reads a stray quote mark in an unquoted cell as itself', async () => {
      const row = personRow('Rui', 'Alves', 'ralves@brocktonbh.example');
      row[5] = '5" binder wrangler';
      const { result } = await runImport(fileOf(Buffer.from(`${header}\n${line(row)}\n`)), 'quote.csv');
      expect(result).toMatchObject({ outcome: 'imported', rows: 1 });
    });

    it('names the row of a quoted cell never closed, and of NUL in a cell; the job succeeds and writes nothing', async () => {
      const people = await count('people');
      const good = line(personRow('Ines', 'Duarte', 'iduarte@brocktonbh.example'));
      const unclosed = await runImport(
        fileOf(Buffer.from(`${header}\n${good}\n"Hugo,Reis,hreis@brocktonbh.example\n${good}\n`)),
        'unclosed.csv',
      );
      expect(unclosed.result).toMatchObject({ outcome: 'rejected', problems: 1 });
      expect(unclosed.lines).toContainEqual(
        expect.stringMatching(/^3 \| {2}\| A cell that starts with a quote mark/),
      );
      const nul = await runImport(
        fileOf(Buffer.from(`${header}\n${good.replace('Ines', 'In\u0000es')}\n`)),
        'nul.csv',
      );
      expect(nul.result).toMatchObject({ outcome: 'rejected', problems: 1 });
      expect(nul.lines).toContainEqual(
        expect.stringMatching(/^2 \| Given name \| Has a control character \(NUL\)/),
      );
      expect(await count('people')).toBe(people);
    });
  });

  it('refuses an upload cut off at the size limit, keeping neither a job nor the file', async () => {
    const [jobs, files] = [await count('jobs'), await count('stored_files')];
    const folder = path.dirname(t.services.files.pathOf(org.id, 'x'));
    const onDisk = () => (existsSync(folder) ? readdirSync(folder).length : 0);
    const kept = onDisk();
    const upload = {
      fileName: 'cut.csv',
      contentType: 'text/csv',
      stream: Readable.from([Buffer.from(`${IMPORT_HEADER.join(',')}\nRosa,Delgado,rdel`)]),
      truncated: () => true, // as the multipart parser says once the limit is reached
    };
    const err = await t.services.peopleImport.startImport(operatorAt(org), upload).catch((e: unknown) => e);
    expect(err).toMatchObject({
      status: 413,
      message: expect.stringMatching(/larger than the upload limit/),
    });
    expect([await count('jobs'), await count('stored_files'), onDisk()]).toEqual([jobs, files, kept]);
  });

  it('never fails the job on generated bad cells, writes all or nothing, and names the row of each problem', async () => {
    const good = [
      personRow('Rosa', 'Delgado', 'fuzz.rdelgado@brocktonbh.example'),
      personRow('Tomas', 'Reyes', 'fuzz.treyes@brocktonbh.example', 'RN'),
      personRow('Imani', 'Brooks', 'fuzz.ibrooks@brocktonbh.example', 'LTS coordinator'),
    ].map((r) => r.join(','));
    await fc.assert(
      fc.asyncProperty(csvWithBadCells(IMPORT_HEADER.join(','), good), async (bytes) => {
        const file = tmpFile('fuzz.csv');
        writeFileSync(file, bytes);
        const [people, roles] = [await count('people'), await count('person_roles')];
        const { result, lines } = await runImport(file, 'fuzz.csv'); // throws if the job failed
        if (result.outcome === 'rejected') {
          expect(problemLines(lines).allNameARow, lines.join('\n')).toBe(true);
          expect([await count('people'), await count('person_roles')]).toEqual([people, roles]);
        }
      }),
      { seed: 14, numRuns: Number(process.env.FUZZ_RUNS ?? 30) },
    );
  }, 240_000);

  it('on the embedded database, refuses a file longer than its row limit, naming the limit and the row, and imports nothing', async () => {
    const CAPPED = 'people.import.capped';
    t.services.jobs.register(
      CAPPED,
      peopleImportJob({
        database: t.database,
        audit: t.services.audit,
        files: t.services.files,
        embeddedMaxRows: 3,
      }),
    );
    const people = await count('people');
    const { result, lines } = await runImport(
      peopleCsv([
        personRow('Ada', 'Moss', 'amoss@capped.example'),
        personRow('Ben', 'Ortiz', 'bortiz@capped.example'),
        personRow('Cal', 'Reed', 'creed@capped.example'),
        personRow('Dee', 'Shaw', 'dshaw@capped.example'),
      ]),
      'capped.csv',
      org.id,
      CAPPED,
    );
    if (t.database.kind === 'pglite') {
      expect(result).toMatchObject({ outcome: 'rejected' });
      expect(lines.join('\n')).toMatch(
        /5.*more than 3 people.*Split it into files of up to 3 rows, or run Concord on PostgreSQL/,
      );
      expect(await count('people')).toBe(people);
    } else expect(result).toMatchObject({ outcome: 'imported', peopleCreated: 4 });
  });

  describe('applied two rows at a time while the file is read (on PostgreSQL; one after the other on PGlite)', () => {
    const CHUNKED = 'people.import.in-twos';
    beforeAll(() => {
      t.services.jobs.register(
        CHUNKED,
        peopleImportJob({
          database: t.database,
          audit: t.services.audit,
          files: t.services.files,
          applyChunkRows: 2,
        }),
      );
    });
    const staff = [
      personRow('Rosa', 'Delgado', 'rdelgado@brocktonbh.example', 'Care coordinator'),
      personRow('Tomas', 'Reyes', 'treyes@brocktonbh.example', 'RN', { npi: '1508866310' }),
      personRow('Imani', 'Brooks', 'ibrooks@brocktonbh.example', 'LTS coordinator'),
      personRow('Dara', 'Kim', 'dkim@brocktonbh.example', 'BH clinician'),
      personRow('Rosa', 'Delgado', 'rdelgado@brocktonbh.example', 'RN'),
    ];

    it('adds a person once though their rows fall in different chunks, and a re-run changes nothing', async () => {
      const file = peopleCsv(staff);
      const first = await runImport(file, 'chunked.csv', org.id, CHUNKED);
      expect(first.result).toMatchObject({ outcome: 'imported', rows: 5, peopleCreated: 4, rolesAdded: 5 });
      const again = await runImport(file, 'chunked.csv', org.id, CHUNKED);
      expect(again.result).toMatchObject({
        outcome: 'imported',
        peopleCreated: 0,
        rolesAdded: 0,
        rolesUpdated: 0,
      });
    });

    it('rolls back the chunks already applied when a later row is wrong, or an NPI is taken', async () => {
      const people = await count('people');
      const roles = await count('person_roles');
      const late = await runImport(
        peopleCsv([
          personRow('Lena', 'Park', 'lpark@brocktonbh.example'),
          personRow('Omar', 'Haddad', 'ohaddad@brocktonbh.example'),
          personRow('Yusuf', 'Ali', 'yali@brocktonbh.example'),
          personRow('Lena', 'Parker', 'lpark@brocktonbh.example', 'RN'),
          personRow('Beth', 'Cohen', 'bcohen@brocktonbh.example', 'Wizard'),
        ]),
        'late.csv',
        org.id,
        CHUNKED,
      );
      // Every problem at once: the row's own, and the one across rows among those that passed on their own.
      expect(late.result).toMatchObject({ outcome: 'rejected', problems: 2 });
      expect(late.lines).toContainEqual('5 | Given name | Same e-mail as row 2 but a different name');
      expect(late.lines).toContainEqual(expect.stringMatching(/^6 \| Role \| "Wizard" is not a role/));

      const acrossRows = await runImport(
        peopleCsv([
          personRow('Lena', 'Park', 'lpark@brocktonbh.example'),
          personRow('Omar', 'Haddad', 'ohaddad@brocktonbh.example'),
          personRow('Yusuf', 'Ali', 'yali@brocktonbh.example'),
          personRow('Lena', 'Parker', 'lpark@brocktonbh.example', 'RN'),
        ]),
        'names.csv',
        org.id,
        CHUNKED,
      );
      expect(acrossRows.lines).toContainEqual('5 | Given name | Same e-mail as row 2 but a different name');

      const taken = await runImport(
        peopleCsv([
          personRow('Lena', 'Park', 'lpark@brocktonbh.example'),
          personRow('Omar', 'Haddad', 'ohaddad@brocktonbh.example'),
          personRow('Noor', 'Reyes', 'nreyes@brocktonbh.example', 'RN', { npi: '1508866310' }),
          personRow('Yusuf', 'Ali', 'yali@brocktonbh.example'),
          personRow('Beth', 'Cohen', 'bcohen@brocktonbh.example'),
        ]),
        'taken.csv',
        org.id,
        CHUNKED,
      );
      expect(taken.result).toMatchObject({ outcome: 'rejected', problems: 1 });
      expect(taken.lines).toContainEqual('4 | NPI | This NPI belongs to another person already recorded');
      expect(await count('people')).toBe(people);
      expect(await count('person_roles')).toBe(roles);
      expect(await count('people_import_rows')).toBe(0);
    });
  });
});
