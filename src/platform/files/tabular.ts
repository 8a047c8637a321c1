import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline, type Readable, Transform } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { ToUtf8 } from './text-encoding.js';
import { UnreadableFile } from './unreadable.js';
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

/** A CSV record longer than this is refused: a quoted cell left open would otherwise gather the whole file. */
export const MAX_CSV_RECORD_BYTES = 1 << 20;

/** What a CSV parse error means for the person who made the file, naming the row it stopped at. */
function csvProblem(err: CsvError, row: number): UnreadableFile {
  const line = (err as { lines?: number }).lines;
  const at = line ? ` (line ${line.toLocaleString('en-US')} of the file)` : '';
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new UnreadableFile(
        `A cell that starts with a quote mark (") is never closed: the file was read to its end${at} looking for the closing quote. Close it, or double a quote mark that belongs in the text ("")`,
        row,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return new UnreadableFile(
        `This row is longer than ${MAX_CSV_RECORD_BYTES / (1 << 20)} MB${at}: most likely a cell that starts with a quote mark (") is never closed`,
        row,
      );
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return new UnreadableFile(
        `A quoted cell has more text after its closing quote${at}. Inside a quoted cell, write a quote mark as two ("")`,
        row,
      );
    default:
      return new UnreadableFile(`This row cannot be read as CSV${at}: ${err.message}`, row);
  }
}

/**
 * Streams a CSV's records, whatever its encoding (see `ToUtf8`), numbered from 1 as a spreadsheet program
 * shows them: a blank line is a row (with `skipEmptyLines`, a row with nothing in it is counted but not
 * given). A quote mark inside an unquoted cell
 * (`5" binder`) is read as itself; a quoted cell that is never closed, or a record past 1 MB, ends the read
 * with an `UnreadableFile` naming the row.
 */
export async function* csvRecords(
  input: Readable,
  options: { skipEmptyLines: boolean },
): AsyncGenerator<TabularRow> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
    max_record_size: MAX_CSV_RECORD_BYTES,
  });
  pipeline(input, new ToUtf8(), parser, () => {}); // an error reaches the parser, and so the loop below
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber++;
      if (options.skipEmptyLines && record.every((cell) => cell === '')) continue;
      yield { rowNumber, cells: record };
    }
  } catch (err) {
    // The parser may have read records past the last one given here; its own count says where it stopped.
    if (err instanceof CsvError)
      throw csvProblem(err, ((err as { records?: number }).records ?? rowNumber) + 1);
    throw err;
  }
}

const csvRows = (input: Readable) => csvRecords(input, { skipEmptyLines: true });
