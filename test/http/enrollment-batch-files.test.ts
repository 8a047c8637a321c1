import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/contract/enrollment/enrollment.labels.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { type BatchRow, batchCsv, batchXlsx, cpWorld, sendBatch } from '../support/enrollment.js';
import {
  batchFiles,
  encryptedWorkbook,
  legacyWorkbook,
  sendRefused,
  sheetBomb,
  workbookWith,
} from '../support/enrollment-files.js';
import { multipartFile, tmpFile } from '../support/files.js';
import { sharedStringsBomb } from '../support/zip.js';

/**
 * Batch files that are not what they claim, over HTTP: a CSV renamed .xlsx, a truncated workbook, one saved
 * with a password, zip bombs; a header that is not on row 1, renamed or missing columns, headers named after
 * an object's own properties; and the identified-member list sent as a batch. Each is refused with one
 * message that says what is wrong and where, and nothing of it is kept: no span, no staged row.
 */
let t: TestContext;
let world: Awaited<ReturnType<typeof cpWorld>>;
beforeAll(async () => {
  t = await createTestApp();
  world = await cpWorld(t);
});
afterAll(() => t.close());

/** A row enrolling a new member of the ACO with the CP. */
const enrollRow = (extra: BatchRow = {}) => world.enrollRow(extra);

const refused = (name: string, content: string | Buffer, message: RegExp) =>
  sendRefused(t, world.aco.submitter, name, content, message);

const NOT_A_WORKBOOK = /^The file is not a readable \.xlsx workbook: /;

describe('a file that is not the workbook it claims to be', () => {
  it('a CSV renamed .xlsx: refused as not a workbook, saying to save it again', async () => {
    const { row } = await enrollRow();
    await refused(
      'renamed.xlsx',
      batchCsv([row]),
      /^The file is not a readable \.xlsx workbook: it is not a workbook a spreadsheet program saved \(a renamed file, or a damaged download\?\)\. Open it in Excel and save it again as an Excel workbook \(\.xlsx\), or save it as CSV, and import that\.$/,
    );
  });

  it('a truncated workbook, cut short or cut inside a part: refused as damaged', async () => {
    const { row } = await enrollRow();
    const whole = await batchXlsx([row]);
    await refused(
      'half.xlsx',
      whole.subarray(0, Math.floor(whole.length / 2)),
      /not a workbook a spreadsheet program saved \(a renamed file, or a damaged download\?\)/,
    );
    // The directory kept, a part's bytes lost: a sheet that inflates short of its size is damaged, not fewer rows.
    const cut = Buffer.from(whole);
    const sheetAt = cut.indexOf('xl/worksheets/sheet2.xml');
    cut.fill(0, sheetAt + 40, sheetAt + 200);
    await refused(
      'cut.xlsx',
      cut,
      /^The file is not a readable \.xlsx workbook: its part xl\/worksheets\/sheet2\.xml is damaged/,
    );
  });

  it('a workbook saved with a password (an encrypted OLE compound file): refused, saying it is encrypted', async () => {
    const message = await refused('protected.xlsx', encryptedWorkbook(), NOT_A_WORKBOOK);
    expect(message).toMatch(
      /: it is protected with a password \(encrypted\), so it cannot be read\. In Excel, remove the password/,
    );
    expect(message).not.toMatch(/renamed file|damaged/);
  });

  it('an Excel 97–2003 workbook renamed .xlsx: refused, naming the format', async () => {
    const message = await refused('old.xlsx', legacyWorkbook(), NOT_A_WORKBOOK);
    expect(message).toMatch(
      /: it is an Excel 97–2003 workbook \(\.xls\), not an \.xlsx one\. Open it in Excel and save it again as an Excel workbook/,
    );
  });

  it('zip bombs, in the shared strings or in the sheet: refused after a few megabytes, naming the part', async () => {
    const strings = readFileSync(sharedStringsBomb(tmpFile('bomb.xlsx')));
    expect(strings.length).toBeLessThan(3 << 20);
    await refused(
      'bomb.xlsx',
      strings,
      /its part xl\/sharedStrings\.xml inflates to more than 100 times its compressed size, .*zip bomb/,
    );
    // The header and a good row come first; the rows read before the bomb went off are not kept.
    const { row } = await enrollRow();
    const sheet = sheetBomb(BATCH_COLUMNS.map((c) => String(row[c] ?? '')));
    expect(sheet.length).toBeLessThan(3 << 20);
    await refused(
      'sheet-bomb.xlsx',
      sheet,
      /its part xl\/worksheets\/sheet1\.xml inflates to more than 100 times its compressed size/,
    );
  });
});

describe('a header row the batch cannot use', () => {
  it('a title row above the header, in a workbook or a CSV: refused, naming the row the header is on', async () => {
    const { row } = await enrollRow();
    const title = ['CP enrollment batch — February 2026'];
    const xlsx = await batchXlsx([row]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    workbook.getWorksheet('Batch')!.spliceRows(1, 0, title);
    const titled = Buffer.from(await workbook.xlsx.writeBuffer());
    const header =
      /^Row 1 is not the header row: the template's header is on row 2 of this file\. Delete the 1 row above it/;
    await refused('titled.xlsx', titled, header);
    await refused('titled.csv', `${title[0]}\r\n${batchCsv([row])}`, header);
  });

  it('a renamed column and a missing column: refused, naming each', async () => {
    const { row } = await enrollRow();
    const renamed = BATCH_COLUMNS.map((c) => (c === 'Medicaid_ID' ? 'MassHealth_ID' : c));
    const message = await refused(
      'renamed-column.csv',
      batchCsv([{ ...row, MassHealth_ID: row.Medicaid_ID } as BatchRow], renamed),
      /^The header row \(row 1\) lacks 1 column: Medicaid_ID\./,
    );
    expect(message).toMatch(/Download the template and keep its header row as it is\.$/);
    await refused(
      'missing-column.xlsx',
      await batchXlsx(
        [row],
        BATCH_COLUMNS.filter((c) => c !== 'CP_SL'),
      ),
      /^The header row \(row 1\) lacks 1 column: CP_SL\./,
    );
    // A column named twice (its second spelling an alias): refused, naming both places, not read from the first.
    await refused(
      'twice.csv',
      batchCsv([row], [...BATCH_COLUMNS, 'medicaid id']),
      /^The header row \(row 1\) names 1 column twice: Medicaid_ID \(columns A and P\)\. Keep one of each/,
    );
  });

  it('headers named __proto__ or constructor: no crash, nothing polluted, the columns mapped or named missing', async () => {
    const extra = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__'];
    const header = [...BATCH_COLUMNS, ...extra];
    const hostile = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}';
    const cells = (row: BatchRow) => [
      ...BATCH_COLUMNS.map((c) => String(row[c] ?? '')),
      ...extra.map(() => hostile),
    ];
    const csvOf = (lines: string[][]) =>
      lines
        .map((l) => l.map((c) => (/[",]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(','))
        .join('\r\n');
    const a = await enrollRow();
    const b = await enrollRow();
    for (const [name, content] of [
      ['proto.xlsx', await workbookWith([header, cells(a.row)])],
      ['proto.csv', csvOf([header, cells(b.row)])],
    ] as const) {
      const sent = await sendBatch(t, world.aco.submitter, name, content);
      expect(sent.batch).toMatchObject({ outcome: 'applied', rows: 1, counts: { enroll: 1 } });
    }
    for (const { m } of [a, b]) {
      const res = await world.aco.submitter.get(`/api/enrollment/members?masshealthId=${m.masshealthId}`);
      expect(res.json().items[0].spans).toHaveLength(1);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');

    // In place of the columns they stand for, they are not those columns.
    const { row: other } = await enrollRow();
    const swapped = BATCH_COLUMNS.map((c) =>
      c === 'Medicaid_ID' ? '__proto__' : c === 'CP_PID' ? 'constructor' : c,
    );
    await refused(
      'proto-header.csv',
      csvOf([swapped, BATCH_COLUMNS.map((c) => String(other[c] ?? ''))]),
      /^The header row \(row 1\) lacks 2 columns: Medicaid_ID, CP_PID\./,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a file of another layout', () => {
  it('the identified-member list sent as a batch: refused, naming the batch columns it lacks', async () => {
    const sample = path.resolve(import.meta.dirname, '../../../shared/samples/cp-identified-members.csv');
    const message = await refused(
      'cp-identified-members.csv',
      readFileSync(sample),
      /^The header row \(row 1\) lacks 5 columns: Action, Effective_Date, Disenrollment_Reason, Transfer_To_CP_PID, Transfer_To_CP_SL\./,
    );
    expect(message).toMatch(/Download the template/);
  });

  it('a file named neither .xlsx nor .csv is refused at the upload, and no batch is made', async () => {
    const { row } = await enrollRow();
    const upload = multipartFile('batch.txt', batchCsv([row]));
    const res = await world.aco.submitter.post('/api/enrollment/batches', upload.payload, upload.headers);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([{ path: 'file', message: '"batch.txt" is not .xlsx or .csv' }]);
    expect(
      (await world.aco.submitter.get('/api/enrollment/batches?pageSize=100')).json().items,
    ).not.toContainEqual(expect.objectContaining({ fileName: 'batch.txt' }));
  });
});

describe('what a refused file leaves', () => {
  it('a result file with its summary and no rows, and no file for the portal', async () => {
    const { row } = await enrollRow();
    const sent = await sendBatch(t, world.aco.submitter, 'nothing.xlsx', batchCsv([row]));
    expect(sent.batch.outcome).toBe('refused');
    const files = await batchFiles(world.aco.submitter, sent.id);
    expect(files).toEqual({ result: [], portal: null });
  });
});
