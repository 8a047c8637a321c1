import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, PEOPLE_IMPORT_JOB } from '../../src/domains/people/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { peopleCsv, runQueuedImport, tmpFile } from '../support/files.js';
import { invisibleInserts, propertyRuns, withInvisible } from '../support/invisible.js';

/**
 * Re-importing a people file: a column the file does not have leaves what is recorded as it is; an empty
 * cell in a column it has clears it. Two organisations import the same person: each keeps its own phone
 * and title, and neither file's result says whether the other had her. An e-mail with an invisible
 * character is refused, naming the row and column.
 */
let t: TestContext;
let orgA: { id: string };
let orgB: { id: string };
let adminA: Client;
let adminB: Client;
beforeAll(async () => {
  t = await createTestApp();
  orgA = await t.org({ name: 'Brockton Behavioral Health CP', kind: 'cp_bh' });
  orgB = await t.org({ name: 'Lowell Community Partners', kind: 'cp_bh' });
  adminA = await t.signIn((await t.user([{ orgId: orgA.id, role: 'org_admin' }])).email);
  adminB = await t.signIn((await t.user([{ orgId: orgB.id, role: 'org_admin' }])).email);
});
afterAll(() => t.close());

type Format = 'csv' | 'xlsx';
const header = (keys: string[]) => keys.map((k) => IMPORT_COLUMNS.find((c) => c.key === k)!.header);

/** A people file with the given columns (by key) and rows of cells in that order. */
async function file(format: Format, keys: string[], rows: string[][]) {
  if (format === 'csv') return peopleCsv(rows, header(keys));
  const path = tmpFile('people.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('People');
  sheet.addRow(header(keys));
  for (const r of rows) sheet.addRow(r);
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Runs an import for an organisation; the finished job's result and the result file's problem lines. */
const runImport = (file: string, format: Format, orgId: string) =>
  runQueuedImport(t, { file, name: `people.${format}`, orgId, kind: PEOPLE_IMPORT_JOB });

const ALL = [
  'givenName',
  'familyName',
  'email',
  'npi',
  'phone',
  'title',
  'role',
  'team',
  'startsOn',
  'endsOn',
];
const REQUIRED = ['givenName', 'familyName', 'email', 'role', 'startsOn'];

async function personAt(admin: Client, email: string) {
  const found = (await admin.get(`/api/people?q=${encodeURIComponent(email)}&includeEnded=true`)).json();
  expect(found.total, email).toBe(1);
  return (await admin.get(`/api/people/${found.items[0].id}`)).json();
}

describe.each(['csv', 'xlsx'] as const)('re-importing a %s file', (format) => {
  /** Someone imported with every column filled in. */
  async function keisha(email: string) {
    const full = [
      ...['Keisha', 'Brown', email, '1245319599', '508-555-0142', 'LICSW'],
      ...['RN', 'South', '2024-01-08', '2026-06-30'],
    ];
    // The NPI is hers alone: each test's Keisha is someone else.
    await t.database.system.execute(`update people set npi = null where npi = '1245319599'` as never);
    expect((await runImport(await file(format, ALL, [full]), format, orgA.id)).result.outcome).toBe(
      'imported',
    );
  }

  it('without the optional columns keeps the NPI, phone, title, team and end date', async () => {
    const email = `keisha.kept.${format}@brocktonbh.example`;
    await keisha(email);
    const again = await runImport(
      await file(format, REQUIRED, [['Keisha', 'Brown', email, 'RN', '2024-01-08']]),
      format,
      orgA.id,
    );
    expect(again.result).toMatchObject({ outcome: 'imported', peopleUpdated: 0, rolesUpdated: 0 });
    expect(await personAt(adminA, email)).toMatchObject({
      npi: '1245319599',
      phone: '508-555-0142',
      title: 'LICSW',
      roles: [{ role: 'rn', team: 'South', endsOn: '2026-06-30' }],
    });
  });

  it('with the optional columns present but empty clears them', async () => {
    const email = `keisha.cleared.${format}@brocktonbh.example`;
    await keisha(email);
    const again = await runImport(
      await file(format, ALL, [['Keisha', 'Brown', email, '', '', '', 'RN', '', '2024-01-08', '']]),
      format,
      orgA.id,
    );
    expect(again.result).toMatchObject({ outcome: 'imported', peopleUpdated: 1, rolesUpdated: 1 });
    expect(await personAt(adminA, email)).toMatchObject({
      npi: null,
      phone: null,
      title: null,
      roles: [{ role: 'rn', team: null, endsOn: null }],
    });
  });
});

describe('the template', () => {
  it('says what a missing column and an empty cell do', async () => {
    const res = await adminA.get('/api/people/imports/template');
    expect(res.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const text = (workbook.getWorksheet('Instructions')!.getColumn(1).values as unknown[]).join('\n');
    expect(text).toContain('Leaving a column out of the file leaves that field as it is recorded');
    expect(text).toContain('An empty cell in a column the file has clears the field');
    expect(text).toContain('Phone, title and team are your organisation’s own');
  });
});

describe('two organisations importing the same person', () => {
  it('keeps each one’s phone and title, and tells neither that the other has her', async () => {
    const row = (phone: string, title: string, npi: string) => [
      'Fatima',
      'Okafor',
      'fokafor@lowellcp.example',
      npi,
      phone,
      title,
      'Care coordinator',
      '',
      '2025-01-06',
      '',
    ];
    await runImport(await file('csv', ALL, [row('978-555-0101', 'CHW', '1003000126')]), 'csv', orgA.id);
    // B gives another name's spelling and another NPI: a linked identity's are its keeper's, and the file is
    // taken as it would be for someone new.
    const linked = await runImport(
      await file('csv', ALL, [
        [...row('617-555-0199', 'Care coordinator II', '1508866310')].fill('Fatimah', 0, 1),
      ]),
      'csv',
      orgB.id,
    );
    const fresh = await runImport(
      await file('csv', ALL, [
        ['Dara', 'Kim', 'dkim@lowellcp.example', '1093817462', '', '', 'RN', '', '2025-01-06', ''],
      ]),
      'csv',
      orgB.id,
    );
    expect(linked.result.message).toBe(fresh.result.message);
    const summary = (lines: string[]) => lines.filter((l) => !l.includes('Checked at'));
    expect(summary(linked.lines)).toEqual(summary(fresh.lines));
    expect(await personAt(adminB, 'fokafor@lowellcp.example')).toMatchObject({
      givenName: 'Fatima',
      npi: '1003000126',
      phone: '617-555-0199',
      title: 'Care coordinator II',
    });
    expect(await personAt(adminA, 'fokafor@lowellcp.example')).toMatchObject({
      phone: '978-555-0101',
      title: 'CHW',
    });
  });
});

describe('an e-mail address that looks right but is not', () => {
  it('is refused when it holds an invisible character, naming the row and column', async () => {
    const { result, lines } = await runImport(
      await file('csv', REQUIRED, [
        ['Ana', 'Ferreira', 'ana.ferreira@brocktonbh.example', 'RN', '2025-01-06'],
        ['Ana', 'Ferreira', 'ana.ferr\u200Beira@brocktonbh.example', 'RN', '2025-02-03'],
      ]),
      'csv',
      orgA.id,
    );
    expect(result).toMatchObject({ outcome: 'rejected', problems: 1 });
    expect(lines).toContainEqual(
      expect.stringMatching(/^3 \| E-mail \| The e-mail address contains an invisible character \(U\+200B\)/),
    );
  });

  it('in full-width letters is the same person', async () => {
    await runImport(
      await file('csv', REQUIRED, [['Wei', 'Chen', 'wchen@brocktonbh.example', 'RN', '2025-01-06']]),
      'csv',
      orgA.id,
    );
    const wide = await runImport(
      await file('csv', REQUIRED, [
        ['Wei', 'Chen', 'ｗｃｈｅｎ＠ｂｒｏｃｋｔｏｎｂｈ．ｅｘａｍｐｌｅ', 'RN', '2025-03-03'],
      ]),
      'csv',
      orgA.id,
    );
    expect(wide.result).toMatchObject({ outcome: 'imported', peopleCreated: 0, rolesAdded: 1 });
    expect((await personAt(adminA, 'wchen@brocktonbh.example')).roles).toHaveLength(2);
  });

  it('with any invisible characters inserted is refused or is the same person, never a second one', async () => {
    const address = 'imani.brooks@brocktonbh.example';
    await runImport(
      await file('csv', REQUIRED, [['Imani', 'Brooks', address, 'RN', '2025-01-06']]),
      'csv',
      orgA.id,
    );
    await fc.assert(
      fc.asyncProperty(invisibleInserts, async (inserts) => {
        const { result } = await runImport(
          await file('csv', REQUIRED, [
            ['Imani', 'Brooks', withInvisible(address, inserts), 'RN', '2025-01-06'],
          ]),
          'csv',
          orgA.id,
        );
        // Refused; or (an invisible character at either end, trimmed with the cell's spaces) the same person.
        if (result.outcome === 'imported') expect(result).toMatchObject({ peopleCreated: 0, rolesAdded: 0 });
        const found = (await adminA.get('/api/people?q=brooks')).json();
        expect(found.items.map((p: { email: string }) => p.email)).toEqual([address]);
      }),
      propertyRuns(12),
    );
  });
});
