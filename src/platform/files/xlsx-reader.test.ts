import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deflatedRepeat, sharedStringsBomb, workbookOf, zipOf } from '../../../test/support/zip.js';
import { StringTable, serialDate, UnreadableWorkbook, xlsxRows, xmlText } from './xlsx-reader.js';

const tmp = (name: string) =>
  path.join(os.tmpdir(), `concord-xlsx-${process.pid}-${Math.random().toString(36).slice(2)}-${name}`);

async function readAll(file: string, skipSheet?: RegExp) {
  const rows: { rowNumber: number; cells: string[] }[] = [];
  for await (const row of xlsxRows(file, { skipSheet })) rows.push(row);
  return rows;
}

/** What the reader should give for a cell written with exceljs. */
const expected = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
};

const cellValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('a & b <c>', 'O\u2019Brien', 'Zo\u00eb \ud83d\ude00', 'line\nbreak', '  padded  ', '=1+1'),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc
    .date({ min: new Date('1950-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
    .map((d) => new Date(`${d.toISOString().slice(0, 10)}T00:00:00Z`)),
  fc.constant(null),
);

describe('XLSX reader', () => {
  it('reads what exceljs writes — shared or inline strings, numbers, booleans, dates — cell for cell', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellValue, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        async (grid, streaming) => {
          const file = tmp('grid.xlsx');
          if (streaming) {
            const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
              filename: file,
              useSharedStrings: false,
            });
            const sheet = workbook.addWorksheet('Data');
            for (const row of grid) sheet.addRow(row).commit();
            sheet.commit();
            await workbook.commit();
          } else {
            const workbook = new ExcelJS.Workbook();
            const sheet = workbook.addWorksheet('Data');
            for (const row of grid) sheet.addRow(row);
            await workbook.xlsx.writeFile(file);
          }
          const want = grid
            .map((row, i) => ({ rowNumber: i + 1, cells: row.map(expected) }))
            .filter((r) => r.cells.some((c) => c !== ''));
          const got = await readAll(file);
          // A row's trailing empty cells may or may not be written; compare up to each row's width.
          expect(got.map((r) => r.rowNumber)).toEqual(want.map((r) => r.rowNumber));
          got.forEach((r, i) => {
            const cells = want[i]!.cells;
            expect([...r.cells, ...Array(Math.max(0, cells.length - r.cells.length)).fill('')]).toEqual([
              ...cells,
              ...Array(Math.max(0, r.cells.length - cells.length)).fill(''),
            ]);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('skips a sheet by name, places cells by their column, and skips empty rows', async () => {
    const file = tmp('sheets.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Instructions').addRow(['Read me first']);
    const sheet = workbook.addWorksheet('People');
    sheet.getCell('A1').value = 'Name';
    sheet.getCell('C1').value = 'Start';
    sheet.getCell('A4').value = 'Ana';
    sheet.getCell('C4').value = new Date('2026-03-02T00:00:00Z');
    await workbook.xlsx.writeFile(file);
    expect(await readAll(file, /^instructions$/i)).toEqual([
      { rowNumber: 1, cells: ['Name', '', 'Start'] },
      { rowNumber: 4, cells: ['Ana', '', '2026-03-02'] },
    ]);
    expect((await readAll(file))[0]).toEqual({ rowNumber: 1, cells: ['Read me first'] });
  });

  it('reads prefixed elements, rich text, formulas, custom date formats, the 1904 system and escapes', async () => {
    const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const file = tmp('prefixed.xlsx');
    writeFileSync(
      file,
      zipOf({
        '_rels/.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${rel}/officeDocument" Target="book/main.xml"/></Relationships>`,
        'book/main.xml': `<x:workbook xmlns:x="${ns}" xmlns:r="${rel}"><x:workbookPr date1904='1'/><x:sheets><x:sheet name="List" sheetId="1" r:id="s1"/></x:sheets></x:workbook>`,
        'book/_rels/main.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${rel}/worksheet" Target="sheets/one.xml"/><Relationship Id="s2" Type="${rel}/sharedStrings" Target="/book/strings.xml"/><Relationship Id="s3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
        'book/strings.xml': `<x:sst xmlns:x="${ns}"><x:si><x:r><x:t>Mar</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">ía &amp; co</x:t></x:r><x:rPh sb="0" eb="1"><x:t>ふりがな</x:t></x:rPh></x:si><x:si><x:t>Tab_x0009_here</x:t></x:si></x:sst>`,
        'book/styles.xml': `<x:styleSheet xmlns:x="${ns}"><x:numFmts count="2"><x:numFmt numFmtId="164" formatCode="dd&quot;/&quot;mm&quot;/&quot;yyyy"/><x:numFmt numFmtId="165" formatCode="&quot;day&quot; 0.00"/></x:numFmts><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="164" applyNumberFormat="1"/><x:xf numFmtId="165"/></x:cellXfs></x:styleSheet>`,
        'book/sheets/one.xml': `<x:worksheet xmlns:x="${ns}"><x:sheetData><x:row r="2"><x:c r="B2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c></x:row><x:row r="3"><x:c r="A3" s="1"><x:v>0</x:v></x:c><x:c r="B3" s="2"><x:v>1.5</x:v></x:c><x:c r="C3" t="str"><x:f>A1&amp;"x"</x:f><x:v>&lt;ok&gt;</x:v></x:c><x:c r="D3" t="e"><x:v>#N/A</x:v></x:c><x:c r="E3" t="b"><x:v>1</x:v></x:c></x:row><x:row r="4"><x:c r="A4"/></x:row></x:sheetData></x:worksheet>`,
      }),
    );
    expect(await readAll(file)).toEqual([
      { rowNumber: 2, cells: ['', 'María & co', 'Tab\there'] },
      { rowNumber: 3, cells: ['1904-01-01', '1.5', '<ok>', '#N/A', 'true'] },
    ]);
  });

  it('says a file that is not a workbook is not one, and why', async () => {
    const csv = tmp('people.xlsx');
    writeFileSync(csv, 'Given name,Family name\nAna,Lima\n');
    await expect(readAll(csv)).rejects.toThrow(
      /not a readable \.xlsx workbook: it is not a workbook a spreadsheet program saved.*save it again as an Excel workbook/,
    );
    await expect(readAll(csv)).rejects.toBeInstanceOf(UnreadableWorkbook);

    const noBook = tmp('empty.xlsx');
    writeFileSync(noBook, zipOf({ 'word/document.xml': '<w:document/>' }));
    await expect(readAll(noBook)).rejects.toThrow(/it has no workbook part/);

    const good = tmp('good.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Data').addRow(['x'.repeat(5000), 'y']);
    await workbook.xlsx.writeFile(good);
    const truncated = tmp('truncated.xlsx');
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(good);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 200));
    await expect(readAll(truncated)).rejects.toBeInstanceOf(UnreadableWorkbook);

    // A sheet that inflates cleanly but not to the text its checksum was taken of was changed or damaged
    // after it was written: refused, not read as other rows.
    const sheet = deflatedRepeat(
      `<worksheet xmlns="${NS}"><sheetData>`,
      '<row><c t="s"><v>0</v></c></row>',
      1 << 20,
      '</sheetData></worksheet>',
    );
    const changed = workbookOf(tmp('changed.xlsx'), {
      sharedStrings: stringsOf(1),
      sheet: { ...sheet, crc: (sheet.crc + 1) >>> 0 },
    });
    await expect(readAll(changed)).rejects.toThrow(/its part xl\/worksheets\/sheet1\.xml is damaged/);
  });

  it('keeps shared strings, however many and however long, and gives each back by its index', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 30 }), { maxLength: 6_000 }), (texts) => {
        const table = new StringTable();
        for (const text of texts) table.push(text);
        table.push('x'.repeat(70_000));
        expect(texts.map((_, i) => table.at(i))).toEqual(texts);
        expect(table.at(texts.length)).toHaveLength(70_000);
        expect(table.at(texts.length + 1)).toBe('');
        expect(table.at(-1)).toBe('');
      }),
      { numRuns: 25 },
    );
  });

  it('decodes XML text and serial dates', () => {
    expect(xmlText('a &lt;b&gt; &amp;amp; &#233;&#x1F600; _x000D_')).toBe('a <b> &amp; é😀 \r');
    expect(serialDate(45717)).toBe('2025-03-01');
    expect(serialDate(45717.99)).toBe('2025-03-01');
    expect(serialDate(60)).toBe('1900-02-28');
  });

  it('refuses a workbook whose shared strings inflate to a gigabyte, after a few megabytes', async () => {
    const file = sharedStringsBomb(tmp('bomb.xlsx'));
    const { statSync } = await import('node:fs');
    expect(statSync(file).size).toBeLessThan(3 << 20);
    const err = await readAll(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableWorkbook);
    expect((err as Error).message).toMatch(
      /its part xl\/sharedStrings\.xml inflates to more than 100 times its compressed size.*zip bomb/,
    );
  });

  const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const sheetOf = (rows: number) =>
    `<worksheet xmlns="${NS}"><sheetData>${Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${i}</v></c></row>`).join('')}</sheetData></worksheet>`;
  const stringsOf = (count: number) =>
    `<sst xmlns="${NS}">${Array.from({ length: count }, (_, i) => `<si><t>text ${i}</t></si>`).join('')}</sst>`;

  it('refuses a part past its size, and shared strings past their count or bytes, saying which', async () => {
    const file = workbookOf(tmp('small.xlsx'), { sheet: sheetOf(20), sharedStrings: stringsOf(20) });
    expect(await readAll(file)).toHaveLength(20);
    const limited = (limits: NonNullable<Parameters<typeof xlsxRows>[1]>['limits']) => async () => {
      for await (const _ of xlsxRows(file, { limits }));
    };
    const inflate = { partBytes: 400, wholePartBytes: 1 << 20, ratio: 100, ratioAfterBytes: 1 << 20 };
    await expect(limited({ inflate })).rejects.toThrow(
      /its part xl\/sharedStrings\.xml is larger than 0 MB uncompressed; split it/,
    );
    await expect(limited({ sharedStrings: { count: 10, bytes: 1 << 20 } })).rejects.toThrow(
      /its shared strings hold more than 10 texts; split it into smaller files/,
    );
    await expect(limited({ sharedStrings: { count: 100, bytes: 100 } })).rejects.toThrow(
      /its shared strings hold more than 0 MB of text/,
    );
  });

  it('refuses a row past 4 MB, and keeps nothing of what lies between rows', async () => {
    const { randomBytes } = await import('node:crypto');
    const noise = randomBytes(4 << 20).toString('base64'); // 5.3 MB that does not compress
    const huge = workbookOf(tmp('huge-row.xlsx'), {
      sharedStrings: stringsOf(1),
      sheet: `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${noise}</t></is></c></row></sheetData></worksheet>`,
    });
    await expect(readAll(huge)).rejects.toThrow(/has a row larger than 4 MB/);
    // 5 MB of merged cells after the rows is not a row, and is not held.
    const merged = workbookOf(tmp('merged.xlsx'), {
      sharedStrings: stringsOf(2),
      sheet: deflatedRepeat(
        `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c></row></sheetData><mergeCells>`,
        '<mergeCell ref="A2:B2"/>',
        5 << 20,
        '</mergeCells></worksheet>',
      ),
    });
    expect(await readAll(merged)).toEqual([{ rowNumber: 1, cells: ['text 1'] }]);
  });

  it('reads what a hostile sheet holds as text, or refuses it as unreadable, never failing otherwise', async () => {
    const xmlish = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '&#x110000;',
        '&#0;',
        '_x0000_',
        '&#xD800;',
        '<c r="A1" s="1"><v>1e300</v></c>',
        '<c r="ZZZZZZ1"><v>1</v></c>',
        '<row',
        '</row>',
        '<si>',
        '<c t="s"><v>-1</v></c>',
        '<c t="s"><v>99999999999</v></c>',
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(xmlish, { maxLength: 12 }),
        fc.array(xmlish, { maxLength: 6 }),
        async (sheet, strings) => {
          const file = workbookOf(tmp('hostile.xlsx'), {
            sharedStrings: `<sst xmlns="${NS}"><si><t>${strings.join('')}</t></si></sst>`,
            sheet: `<worksheet xmlns="${NS}"><sheetData><row r="1">${sheet.join('')}</row><row r="2"><c r="A2" s="1"><v>1e300</v></c></row></sheetData></worksheet>`,
          });
          try {
            for (const row of await readAll(file))
              for (const cell of row.cells) expect(typeof cell).toBe('string');
          } catch (err) {
            expect(err).toBeInstanceOf(UnreadableWorkbook);
          }
        },
      ),
      { seed: 14, numRuns: 200 },
    );
  });
});
