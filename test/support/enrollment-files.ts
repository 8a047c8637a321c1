// Batch files that are not what they claim, and how to read what a batch left behind: for the enrollment
// batch file tests (test/http/enrollment-batch-*.test.ts).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { z } from 'zod';
import { BATCH_COLUMNS } from '../../src/contract/enrollment/enrollment.labels.js';
import { checkedRow } from '../../src/platform/db/client.js';
import type { Client, TestContext } from './app.js';
import { sendBatch } from './enrollment.js';
import { tmpFile } from './files.js';
import { deflatedRepeat, workbookOf } from './zip.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const FREE = 0xffffffff;
const END_OF_CHAIN = 0xfffffffe;
const FAT_SECTOR = 0xfffffffd;
const SECTOR = 512;

/** One 128-byte entry of a compound file's directory. */
function directoryEntry(
  name: string,
  type: 'root' | 'stream',
  e: { child?: number; right?: number; start: number; size: number },
) {
  const entry = Buffer.alloc(128);
  const utf16 = Buffer.from(`${name}\0`, 'utf16le');
  utf16.copy(entry, 0);
  entry.writeUInt16LE(utf16.length, 0x40);
  entry.writeUInt8(type === 'root' ? 5 : 2, 0x42);
  entry.writeUInt8(1, 0x43); // black
  entry.writeUInt32LE(FREE, 0x44);
  entry.writeUInt32LE(e.right ?? FREE, 0x48);
  entry.writeUInt32LE(e.child ?? FREE, 0x4c);
  entry.writeUInt32LE(e.start, 0x74);
  entry.writeUInt32LE(e.size, 0x78);
  return entry;
}

/**
 * An OLE compound file (CFB, version 3: 512-byte sectors) of the streams given, each padded to whole sectors
 * of at least 4,096 bytes, so that they live in ordinary sectors and the file needs no mini stream. Sector 0
 * is the FAT, sector 1 the directory (at most three streams), then the streams one after another. The
 * directory's tree is a chain of right siblings in the order compound files sort names (length, then letters).
 */
export function compoundFile(streams: { name: string; bytes: Buffer }[]): Buffer {
  const sorted = [...streams].sort(
    (a, b) => a.name.length - b.name.length || a.name.toUpperCase().localeCompare(b.name.toUpperCase()),
  );
  const fat = Buffer.alloc(SECTOR, 0xff);
  const chain = (first: number, count: number) => {
    for (let s = first; s < first + count; s++)
      fat.writeUInt32LE(s === first + count - 1 ? END_OF_CHAIN : s + 1, s * 4);
  };
  fat.writeUInt32LE(FAT_SECTOR, 0);
  chain(1, 1);
  let next = 2;
  const entries = [directoryEntry('Root Entry', 'root', { child: 1, start: END_OF_CHAIN, size: 0 })];
  const data: Buffer[] = [];
  sorted.forEach((stream, i) => {
    const sectors = Math.max(8, Math.ceil(stream.bytes.length / SECTOR));
    const padded = Buffer.alloc(sectors * SECTOR);
    stream.bytes.copy(padded);
    chain(next, sectors);
    entries.push(
      directoryEntry(stream.name, 'stream', {
        ...(i + 1 < sorted.length ? { right: i + 2 } : {}),
        start: next,
        size: padded.length,
      }),
    );
    data.push(padded);
    next += sectors;
  });
  while (entries.length < 4) entries.push(Buffer.alloc(128));

  const header = Buffer.alloc(SECTOR);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x003e, 0x18); // minor version
  header.writeUInt16LE(0x0003, 0x1a); // major version 3: 512-byte sectors
  header.writeUInt16LE(0xfffe, 0x1c); // little-endian
  header.writeUInt16LE(9, 0x1e); // sector shift: 2^9
  header.writeUInt16LE(6, 0x20); // mini sector shift: 2^6
  header.writeUInt32LE(1, 0x2c); // FAT sectors
  header.writeUInt32LE(1, 0x30); // the directory's first sector
  header.writeUInt32LE(4096, 0x38); // mini stream cut-off
  header.writeUInt32LE(END_OF_CHAIN, 0x3c); // no mini FAT
  header.writeUInt32LE(END_OF_CHAIN, 0x44); // no DIFAT sectors
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);
  return Buffer.concat([header, fat, ...entries, ...data]);
}

/**
 * A workbook saved with a password, as Excel writes one: not a zip but a compound file holding the
 * EncryptionInfo stream (agile encryption, version 4.4: its XML description) and the EncryptedPackage stream
 * (the package's size, then its encrypted bytes).
 */
export function encryptedWorkbook(): Buffer {
  const salt = () => randomBytes(16).toString('base64');
  const algorithm = `saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"`;
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData ${algorithm} saltValue="${salt()}"/><keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" ${algorithm} saltValue="${salt()}"/></keyEncryptor></keyEncryptors></encryption>`;
  const info = Buffer.alloc(8 + Buffer.byteLength(xml));
  info.writeUInt16LE(4, 0);
  info.writeUInt16LE(4, 2);
  info.writeUInt32LE(0x40, 4);
  info.write(xml, 8, 'utf8');
  const encrypted = Buffer.concat([Buffer.alloc(8), randomBytes(8 * SECTOR)]);
  encrypted.writeUInt32LE(6 * SECTOR, 0);
  return compoundFile([
    { name: 'EncryptionInfo', bytes: info },
    { name: 'EncryptedPackage', bytes: encrypted },
  ]);
}

/** A workbook in Excel 97–2003's format (.xls): a compound file whose Workbook stream holds BIFF8 records. */
export function legacyWorkbook(): Buffer {
  const bof = Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]); // BOF: BIFF8, workbook globals
  return compoundFile([{ name: 'Workbook', bytes: Buffer.concat([bof, Buffer.alloc(12)]) }]);
}

/**
 * A workbook of the batch's header and one row, then half a gigabyte of spaces in its sheet: half a megabyte
 * on disk, and its zip directory says the sheet is 64 KB. A reader that believed it, or inflated it all,
 * would scan half a gigabyte; the batch must be refused after a few megabytes.
 */
export function sheetBomb(row: readonly string[]) {
  const cells = (values: readonly string[], r: number) =>
    `<row r="${r}">${values.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${v}</t></is></c>`).join('')}</row>`;
  const file = workbookOf(tmpFile('sheet-bomb.xlsx'), {
    sharedStrings: `<sst xmlns="${NS}"></sst>`,
    sheet: {
      ...deflatedRepeat(
        `<worksheet xmlns="${NS}"><sheetData>${cells(BATCH_COLUMNS, 1)}${cells(row, 2)}`,
        ' ',
        512 << 20,
        '</sheetData></worksheet>',
      ),
      size: 64 << 10,
    },
  });
  return readFileSync(file);
}

/** A batch workbook from cells as exceljs takes them (formulas with their cached results, say). */
export async function workbookWith(rows: ExcelJS.CellValue[][]) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Batch');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Each row of a workbook's sheet, its cells by header (the result file's "Rows", or the portal file's "Batch"). */
export async function sheetRecords(bytes: Buffer, name: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(name)!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const records: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) records.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return records;
}

/** The batch's result file ("Rows") and, when it has one, its file for the portal ("Batch"), by header. */
export async function batchFiles(client: Client, batchId: string) {
  const result = await client.get(`/api/enrollment/batches/${batchId}/result`);
  const portal = await client.get(`/api/enrollment/batches/${batchId}/portal-file`);
  return {
    result: result.statusCode === 200 ? await sheetRecords(result.rawPayload, 'Rows') : [],
    portal: portal.statusCode === 200 ? await sheetRecords(portal.rawPayload, 'Batch') : null,
  };
}

const leftRow = z.object({ rows: z.number(), spans: z.number(), longest: z.number(), record: z.number() });

/**
 * What a batch left in the database: its staged rows, the spans it started or ended, the longest stored
 * row (cells and problems, in characters) and the size of its record (in characters).
 */
export async function leftBehind(t: TestContext, batchId: string) {
  return (await checkedRow(
    t.database.system,
    leftRow,
    sql`select
      (select count(*)::int from enrollment_batch_rows where batch_id = ${batchId}) as rows,
      (select count(*)::int from enrollment_spans where start_batch_id = ${batchId} or end_batch_id = ${batchId}) as spans,
      (select coalesce(max(length(cells::text) + length(problems::text)), 0)::int from enrollment_batch_rows
        where batch_id = ${batchId}) as longest,
      (select length(b::text)::int from enrollment_batches b where id = ${batchId}) as record`,
  ))!;
}

/**
 * Sends a file that must be refused whole: the job ends well, the batch is refused with one message (one
 * line, matching `message`), its result has no rows, and nothing of it is kept: no staged row, no span.
 */
export async function sendRefused(
  t: TestContext,
  client: Client,
  name: string,
  content: string | Buffer,
  message: RegExp,
) {
  const sent = await sendBatch(t, client, name, content);
  expect(sent.job.status, sent.job.message).toBe('succeeded');
  expect(sent.batch).toMatchObject({ outcome: 'refused', refusedRows: 0, counts: {} });
  expect(sent.batch.message).toMatch(message);
  expect(sent.batch.message).not.toMatch(/\n/);
  expect(sent.rows).toEqual([]);
  expect(await leftBehind(t, sent.id)).toMatchObject({ rows: 0, spans: 0 });
  return sent.batch.message as string;
}
