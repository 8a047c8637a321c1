import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { xlsxRows } from './xlsx-reader.js';

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
  const iterator =
    format === 'csv'
      ? csvRows(createReadStream(file).pipe(byteCounter((n) => onProgress?.(n, size))))
      : xlsxRows(file, { skipSheet: /^instructions$/i, onBytes: (n) => onProgress?.(n, size) });
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
