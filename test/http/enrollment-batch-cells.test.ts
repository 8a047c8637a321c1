import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_COLUMNS } from '../../src/contract/enrollment/enrollment.labels.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { type BatchRow, batchCsv, batchXlsx, cpWorld, sendBatch } from '../support/enrollment.js';
import { batchFiles, leftBehind, sendRefused, workbookWith } from '../support/enrollment-files.js';

/**
 * What a batch file's cells hold, over HTTP: formulas (their cached result read, never evaluated), cells of
 * Excel's greatest length, CSV in Windows-1252, separated by semicolons or starting with a byte-order mark,
 * and characters nobody sees inside identifiers. Each is read as the person meant, or refused naming what
 * and where.
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

const spansOf = async (masshealthId: string) => {
  const res = await world.aco.submitter.get(`/api/enrollment/members?masshealthId=${masshealthId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].spans as { cpOrgId: string; startsOn: string }[];
};

const send = (name: string, content: string | Buffer) => sendBatch(t, world.aco.submitter, name, content);

describe('formulas', () => {
  it('are read as their cached result, never evaluated, and go to the portal file as text', async () => {
    const { m, row } = await enrollRow();
    const formula = (f: string, result: ExcelJS.CellValue) => ({ formula: f, result }) as ExcelJS.CellValue;
    const cells: Partial<Record<keyof BatchRow, ExcelJS.CellValue>> = {
      ...row,
      // Each formula would give something else if it were worked out.
      Medicaid_ID: formula('TEXT(1,"0")', m.masshealthId),
      Member_Date_of_Birth: formula('DATE(1999,1,1)', new Date(`${m.dateOfBirth}T00:00:00Z`)),
      Member_Sex: formula('"M"', 'F'),
      Action: formula('IF(TRUE,"D","E")', 'E'),
      Effective_Date: formula('DATE(2026,3,1)', new Date('2026-02-01T00:00:00Z')),
      Submitter_Notes: formula('HYPERLINK("https://example.org","x")', '=1+1'),
    };
    const file = await workbookWith([[...BATCH_COLUMNS], BATCH_COLUMNS.map((c) => cells[c] ?? '')]);
    const sent = await send('formulas.xlsx', file);
    expect(sent.batch).toMatchObject({ outcome: 'applied', counts: { enroll: 1 } });
    expect(await spansOf(m.masshealthId)).toMatchObject([
      { cpOrgId: world.cp.org.id, startsOn: '2026-02-01' },
    ]);
    const { portal } = await batchFiles(world.aco.submitter, sent.id);
    expect(portal).toMatchObject([
      { Medicaid_ID: m.masshealthId, Member_Sex: 'F', Action: 'E', Submitter_Notes: '=1+1' },
    ]);

    // A formula saved with no result (a program that writes formulas and never calculates) reads as empty.
    const { row: other } = await enrollRow();
    const uncalculated = BATCH_COLUMNS.map((c) =>
      c === 'Member_Sex' ? { formula: '"F"' } : (other[c] ?? ''),
    );
    const empty = await send('uncalculated.xlsx', await workbookWith([[...BATCH_COLUMNS], uncalculated]));
    expect(empty.batch).toMatchObject({ outcome: 'rejected', refusedRows: 1 });
    expect(empty.rows).toEqual([
      { row: 2, outcome: 'Refused', column: 'Member_Sex', problem: 'Enter the member’s sex: M, F, X or U' },
    ]);
    expect(await leftBehind(t, empty.id)).toMatchObject({ spans: 0 });
  });
});

describe('a cell of 32,767 characters, the most Excel holds', () => {
  it('in Submitter_Notes or Medicaid_ID: refused naming the column and the length, the batch kept small', async () => {
    const long = 32_767;
    const { row: notes } = await enrollRow({ Submitter_Notes: 'n'.repeat(long) });
    const { m, row: id } = await enrollRow({ Medicaid_ID: '9'.repeat(long) });
    const sent = await send('long-cells.xlsx', await batchXlsx([notes, id]));
    expect(sent.batch).toMatchObject({ outcome: 'rejected', rows: 2, refusedRows: 2 });
    expect(sent.batch.message).toBe(
      'Nothing was applied: 2 rows of 2 have problems. Download the result file to see each one.',
    );
    expect(sent.rows).toEqual([
      {
        row: 2,
        outcome: 'Refused',
        column: 'Submitter_Notes',
        problem: 'Notes have at most 1000 characters; these have 32767',
      },
      {
        row: 3,
        outcome: 'Refused',
        column: 'Medicaid_ID',
        problem: 'A MassHealth member ID has 12 digits; this has 32767',
      },
    ]);
    // What is kept of a cell is its first thousand characters: the record and each row stay small.
    const kept = await leftBehind(t, sent.id);
    expect(kept).toMatchObject({ rows: 2, spans: 0 });
    expect(kept.longest).toBeLessThan(1_000 + 1_000);
    expect(kept.record).toBeLessThan(1_000);
    const { result } = await batchFiles(world.aco.submitter, sent.id);
    expect(
      result.map((r) => [String(r.Submitter_Notes ?? '').length, String(r.Medicaid_ID ?? '').length]),
    ).toEqual([
      [1_000, 12],
      [0, 1_000],
    ]);
    expect((await spansOf(m.masshealthId)).length).toBe(0);
  });
});

describe('CSV text', () => {
  it('in Windows-1252 (what Excel on Windows saves): accented names read as written', async () => {
    const { m, row } = await enrollRow({ Member_Name_Last: 'Müller-Ó’Neil', Member_Name_First: 'José' });
    // Windows-1252 is Latin-1 but for 0x80–0x9F, where it keeps ’ (0x92).
    const bytes = Buffer.from(batchCsv([row]).replace('’', '\x92'), 'latin1');
    expect(bytes.includes(Buffer.from('é'))).toBe(false);
    const sent = await send('windows.csv', bytes);
    expect(sent.batch).toMatchObject({ outcome: 'applied', counts: { enroll: 1 } });
    const { portal } = await batchFiles(world.aco.submitter, sent.id);
    expect(portal).toMatchObject([
      { Medicaid_ID: m.masshealthId, Member_Name_Last: 'Müller-Ó’Neil', Member_Name_First: 'José' },
    ]);
  });

  it('separated by semicolons (what Excel saves where the comma is the decimal mark): one message saying so', async () => {
    const { row } = await enrollRow({ Submitter_Notes: 'Referred, then called' });
    const semicolons = batchCsv([row])
      .split('\r\n')
      .map((line) => line.replaceAll(',', ';'))
      .join('\r\n');
    await sendRefused(
      t,
      world.aco.submitter,
      'semicolons.csv',
      semicolons,
      /^The file's columns are separated by semicolons, not commas\. In Excel, save it as "CSV UTF-8 \(Comma delimited\)" or as a workbook \(\.xlsx\), and upload that\.$/,
    );
  });

  it('starting with a UTF-8 byte-order mark (what "CSV UTF-8" saves): accepted, the first column read', async () => {
    const { m, row } = await enrollRow({ Member_Name_First: 'Zoë' });
    const sent = await send('bom.csv', Buffer.from(`\ufeff${batchCsv([row])}`, 'utf8'));
    expect(sent.batch).toMatchObject({ outcome: 'applied', counts: { enroll: 1 } });
    const { portal } = await batchFiles(world.aco.submitter, sent.id);
    expect(portal).toMatchObject([{ Medicaid_ID: m.masshealthId, Member_Name_First: 'Zoë' }]);
  });
});

describe('characters nobody sees', () => {
  it('inside the member ID, PIDs and locations: accepted as the IDs without them, and the same batch as the clean file', async () => {
    const { m, row } = await enrollRow();
    const id = m.masshealthId;
    const hidden = {
      ...row,
      Medicaid_ID: `\ufeff${id.slice(0, 4)}\u200b${id.slice(4, 8)}\u2060${id.slice(8)}\u200c`,
      ACO_MCO_PID: `${world.aco.pid.slice(0, 3)}\u200d${world.aco.pid.slice(3)}`,
      ACO_MCO_SL: '\u00adA',
      CP_PID: `\u2060${world.cp.pid}\u200b`,
      CP_SL: 'A\u200e',
    };
    const sent = await send('invisible.xlsx', await batchXlsx([hidden]));
    expect(sent.batch).toMatchObject({ outcome: 'applied', counts: { enroll: 1 } });
    expect(await spansOf(id)).toMatchObject([{ cpOrgId: world.cp.org.id, startsOn: '2026-02-01' }]);
    // The state's portal is given the IDs as they are, not with the characters nobody sees.
    const { portal } = await batchFiles(world.aco.submitter, sent.id);
    expect(portal).toEqual([
      expect.objectContaining({
        Medicaid_ID: id,
        ACO_MCO_PID: world.aco.pid,
        ACO_MCO_SL: 'A',
        CP_PID: world.cp.pid,
        CP_SL: 'A',
      }),
    ]);
    // The clean file is the same batch: refused as already applied.
    const clean = await send('clean.csv', batchCsv([row]));
    expect(clean.batch.outcome).toBe('refused');
    expect(clean.batch.message).toMatch(/^This file was already applied: "invisible.xlsx"/);
  });
});
