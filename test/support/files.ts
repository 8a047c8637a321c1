import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../src/domains/people/index.js';

export const IMPORT_HEADER = IMPORT_COLUMNS.map((c) => c.header);

export function tmpFile(name: string) {
  return path.join(os.tmpdir(), `concord-${process.pid}-${Math.random().toString(36).slice(2)}-${name}`);
}

/** A CSV people file from rows in template column order. */
export function peopleCsv(rows: string[][], header = IMPORT_HEADER) {
  const file = tmpFile('people.csv');
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  writeFileSync(file, [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n'));
  return file;
}

/** An XLSX people file shaped like the template: an Instructions sheet first, then People. */
export async function peopleXlsx(rows: (string | Date)[][]) {
  const file = tmpFile('people.xlsx');
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Instructions').addRow(['Fill in the People sheet']);
  const sheet = workbook.addWorksheet('People');
  sheet.addRow(IMPORT_HEADER.map((h) => `${h} *`));
  for (const r of rows) sheet.addRow(r);
  await workbook.xlsx.writeFile(file);
  return file;
}

/** [given, family, email, npi, phone, title, role, team, start, end] */
export const personRow = (
  given: string,
  family: string,
  email: string,
  role = 'Care coordinator',
  extra: Partial<Record<'npi' | 'start' | 'end' | 'team', string>> = {},
) => [
  given,
  family,
  email,
  extra.npi ?? '',
  '',
  '',
  role,
  extra.team ?? '',
  extra.start ?? '2025-01-06',
  extra.end ?? '',
];

/** A multipart/form-data upload of one file in the "file" field, for app.inject(). */
export function multipartFile(fileName: string, content: string | Buffer, contentType = 'text/csv') {
  const boundary = `----concord${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The text of a PDF, every page together, as a reader would extract it. */
export async function pdfText(bytes: Uint8Array) {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
    mergePages: true,
  });
  return { text, pages: totalPages };
}
