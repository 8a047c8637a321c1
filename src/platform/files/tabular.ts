import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type TabularFormat = 'xlsx' | 'csv';

export function formatOf(fileName: string): TabularFormat | null {
  const ext = fileName.toLowerCase().split('.').pop();
  return ext === 'xlsx' ? 'xlsx' : ext === 'csv' ? 'csv' : null;
}

/** One data row: its row number in the file (the header is row 1) and its cells as text, by column. */
export interface TabularRow {
  rowNumber: number;
  cells: string[];
}

export interface TabularSource {
  header: string[];
  rows: AsyncIterable<TabularRow>;
}

/** A cell as text: dates as YYYY-MM-DD, rich text and hyperlinks as their text, formulas as their result. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (v.richText)
      return v.richText
        .map((t) => t.text)
        .join('')
        .trim();
    if (v.text !== undefined) return cellText(v.text);
    if (v.result !== undefined) return cellText(v.result);
    if (v.error) return v.error;
    return '';
  }
  return String(value).trim();
}

/** Counts bytes as they pass, for progress. */
function byteCounter(onBytes: (n: number) => void) {
  let n = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      n += chunk.length;
      onBytes(n);
      done(null, chunk);
    },
  });
}

/**
 * Streams rows from an XLSX (first sheet that is not named "Instructions") or CSV file with flat memory,
 * reporting progress as bytes read of the file's size. The first row is the header.
 */
export async function readTabular(
  file: string,
  format: TabularFormat,
  onProgress?: (bytesRead: number, totalBytes: number) => void,
): Promise<TabularSource> {
  const { size } = await stat(file);
  const input = createReadStream(file).pipe(byteCounter((n) => onProgress?.(n, size)));
  const iterator = format === 'csv' ? csvRows(input) : xlsxRows(input);
  const first = await iterator.next();
  const header = first.done ? [] : first.value.cells;
  return {
    header,
    rows: {
      [Symbol.asyncIterator]: () => iterator,
    },
  };
}

async function* csvRows(input: NodeJS.ReadableStream): AsyncGenerator<TabularRow> {
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: true }),
  );
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>)
    yield { rowNumber: ++rowNumber, cells: record };
}

async function* xlsxRows(input: NodeJS.ReadableStream): AsyncGenerator<TabularRow> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(
    input as unknown as import('node:stream').Readable,
    {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    },
  );
  for await (const sheet of workbook) {
    const name = (sheet as unknown as { name?: string }).name ?? '';
    if (/^instructions$/i.test(name)) {
      for await (const _ of sheet) {
        // Skip the instructions sheet's rows.
      }
      continue;
    }
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      if (cells.every((c) => c === '')) continue;
      yield { rowNumber: row.number, cells };
    }
    return;
  }
}
