import { PassThrough, Readable, type Writable } from 'node:stream';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  width?: number;
}

/**
 * A CSV cell that starts with = + - @ (or a tab or carriage return) would be run as a formula by Excel;
 * prefix it with an apostrophe so it stays text (OWASP "CSV injection"). An XLSX cell needs no such thing:
 * it is written as text, which Excel never runs, so it keeps the value exactly.
 */
export function safeCell(value: string | number | boolean | null | undefined) {
  if (typeof value !== 'string') return value ?? null;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Characters XML 1.0 cannot hold (controls other than tab and line ends, U+FFFE and U+FFFF, half surrogate
 * pairs) as U+FFFD: one in a cell would leave the whole sheet unreadable.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlSafe = (value: string | number | boolean | null | undefined) =>
  typeof value === 'string' ? value.replace(NOT_XML, '\uFFFD') : (value ?? null);

export async function writeXlsx<T>(
  out: Writable,
  sheetName: string,
  columns: ExportColumn<T>[],
  rows: AsyncIterable<T> | Iterable<T>,
): Promise<void> {
  await writeXlsxSheets(out, [sheetOf(sheetName, columns, rows)]);
}

export interface Sheet<T> {
  name: string;
  columns: ExportColumn<T>[];
  rows: AsyncIterable<T> | Iterable<T>;
}

/** One sheet of a workbook: its rows typed where they are made, erased for the writer. */
export function sheetOf<T>(
  name: string,
  columns: ExportColumn<T>[],
  rows: AsyncIterable<T> | Iterable<T>,
): Sheet<unknown> {
  return { name, columns, rows } as unknown as Sheet<unknown>;
}

/**
 * A workbook of several sheets, streamed one after another; each sheet's name is cut to Excel's 31
 * characters. The header row stays in view as the reader scrolls; cells carry no styles, which halves the
 * time a large export takes.
 */
export async function writeXlsxSheets(out: Writable, sheets: Sheet<unknown>[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false });
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = spec.columns.map((c) => ({
      header: c.header,
      width: c.width ?? Math.max(12, c.header.length + 2),
    }));
    sheet.getRow(1).commit();
    for await (const row of spec.rows) sheet.addRow(spec.columns.map((c) => xmlSafe(c.value(row)))).commit();
    sheet.commit();
  }
  await workbook.commit();
}

export function csvStream<T>(columns: ExportColumn<T>[], rows: AsyncIterable<T> | Iterable<T>): Readable {
  const source = Readable.from(
    (async function* () {
      yield columns.map((c) => c.header);
      for await (const row of rows) yield columns.map((c) => safeCell(c.value(row)));
    })(),
  );
  // A byte-order mark so Excel opens UTF-8 names (accents, Vietnamese) correctly.
  return source.pipe(stringify({ bom: true }));
}

/**
 * A Content-Disposition value for a download named `name`: an ASCII fallback and the exact UTF-8 name
 * (RFC 6266), since file names carry people's names (accents, Vietnamese) that a header cannot hold raw.
 */
export function attachment(name: string): string {
  const fallback =
    name
      .normalize('NFD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '') || 'download';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Streams a list as an XLSX or CSV download; memory stays flat however many rows there are. */
export function sendExport<T>(
  reply: FastifyReply,
  format: 'xlsx' | 'csv',
  baseName: string,
  columns: ExportColumn<T>[],
  rows: AsyncIterable<T>,
) {
  const stamp = massachusettsToday();
  reply.header('content-disposition', attachment(`${baseName}-${stamp}.${format}`));
  if (format === 'csv') {
    reply.type('text/csv; charset=utf-8');
    return reply.send(csvStream(columns, rows));
  }
  reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const out = new PassThrough();
  writeXlsx(out, baseName, columns, rows).catch((err) => out.destroy(err));
  return reply.send(out);
}

/**
 * Pages through a list function so an export never holds the whole result in memory. The first page is
 * fetched before anything is sent, so a refusal or a bad filter is an error response, not a broken download.
 */
export async function allPages<T>(fetch: (offset: number, limit: number) => Promise<T[]>, limit = 2_000) {
  const first = await fetch(0, limit);
  return (async function* () {
    yield* first;
    if (first.length < limit) return;
    for (let offset = limit; ; offset += limit) {
      const rows = await fetch(offset, limit);
      yield* rows;
      if (rows.length < limit) return;
    }
  })();
}
