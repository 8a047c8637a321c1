import { createReadStream, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../../src/domains/people/index.js';
import type { Db } from '../../src/platform/db/client.js';
import { find } from '../../src/platform/jobs/queue.js';
import type { Client, TestContext } from './app.js';

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

/** A workbook's first sheet (a result file), each row's cells joined by " | ". */
export async function workbookLines(file: string | Buffer) {
  const workbook = new ExcelJS.Workbook();
  if (typeof file === 'string') await workbook.xlsx.readFile(file);
  else await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const lines: string[] = [];
  workbook.worksheets[0]!.eachRow((row) => lines.push((row.values as unknown[]).slice(1).join(' | ')));
  return lines;
}

/**
 * Uploads a file to an import route as the web page does, runs the queued job, and returns the answer,
 * the finished job and its result workbook's lines (none when the upload was refused).
 */
export async function uploadAndImport(
  t: TestContext,
  client: Client,
  url: string,
  name: string,
  content: string | Buffer,
) {
  const upload = multipartFile(name, content);
  const started = await client.post(url, upload.payload, upload.headers);
  if (started.statusCode !== 202) return { started, job: null, lines: [] as string[] };
  await t.services.jobs.drain();
  const job = (await client.get(`/api/jobs/${started.json().id}`)).json();
  const file = await client.get(`/api/jobs/${job.id}/result`);
  return { started, job, lines: file.statusCode === 200 ? await workbookLines(file.rawPayload) : [] };
}

/** What every import job's result holds (each kind adds its own counts). */
export type ImportResult = Record<string, unknown> & {
  outcome: string;
  rows: number;
  problems: number;
  resultFileId: string;
};

/**
 * Stores a file and queues an import of it at an organisation, as an upload does but without HTTP, runs
 * the job, and returns the finished job, its result and its result workbook's lines. A job that did not
 * succeed fails the test.
 */
export async function runQueuedImport<R extends ImportResult = ImportResult>(
  t: TestContext,
  spec: { file: string; name: string; orgId: string; kind: string },
) {
  const { file, name, orgId, kind } = spec;
  const actor = {
    userId: '00000000-0000-0000-0000-000000000001',
    name: 'Test importer',
    ip: null,
    userAgent: null,
    orgId,
  };
  const job = await t.database.system.transaction(async (tx) => {
    const stored = await t.services.files.save(
      tx as unknown as Db,
      { orgId, name, contentType: 'text/csv', purpose: 'import', createdBy: null },
      createReadStream(file),
    );
    return t.services.jobs.enqueue(tx as unknown as Db, {
      orgId,
      kind,
      payload: { fileId: stored.id, fileName: name, actor },
    });
  });
  await t.services.jobs.drain();
  const done = (await find(t.database.system, orgId, job.id))!;
  if (done.status !== 'succeeded') throw new Error(`import job ${done.status}: ${done.message}`);
  const result = done.result as R;
  const lines = await workbookLines(t.services.files.pathOf(orgId, result.resultFileId));
  return { job: done, result, lines };
}
