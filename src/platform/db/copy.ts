import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined;
export type CopyRows = Iterable<CopyValue[]> | AsyncIterable<CopyValue[]>;

const needsQuotes = /[",\n\r]/;

/** One CSV line in COPY's CSV format: an unquoted empty field is NULL, a quoted one an empty string. */
export function csvLine(values: readonly CopyValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ',';
    const v = values[i];
    if (v === null || v === undefined) continue;
    const s = String(v);
    line += s === '' || needsQuotes.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }
  return `${line}\n`;
}

/**
 * CSV lines written into a byte buffer that is reused and grows as needed: a chunk of rows held this way
 * keeps none of the strings its values were cut from alive, and makes no garbage per line.
 */
export class CsvBuffer {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  add(values: readonly CopyValue[]) {
    const line = csvLine(values);
    const room = this.used + line.length * 3; // UTF-8 needs at most 3 bytes per UTF-16 unit
    if (room > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, room));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(line, this.used);
  }

  /** The lines so far; valid until the next `clear`. */
  get contents(): Buffer {
    return this.bytes.subarray(0, this.used);
  }

  clear() {
    this.used = 0;
  }
}

function copySql(table: string, columns: string[], source: string): string {
  const cols = columns.map((c) => `"${c}"`).join(', ');
  return `COPY "${table}" (${cols}) FROM ${source} WITH (FORMAT csv)`;
}

/** Chunk size for PGlite, which takes each COPY as one in-memory blob. */
const PGLITE_CHUNK_ROWS = 20_000;

export async function copyIntoPglite(client: PGlite, table: string, columns: string[], rows: CopyRows) {
  let chunk: string[] = [];
  let count = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await client.query(copySql(table, columns, `'/dev/blob'`), [], { blob: new Blob(chunk) });
    count += chunk.length;
    chunk = [];
  };
  for await (const row of rows) {
    chunk.push(csvLine(row));
    if (chunk.length >= PGLITE_CHUNK_ROWS) await flush();
  }
  await flush();
  return count;
}

/** CSV text (see `csvLine`) streamed into the table with one COPY on PostgreSQL. */
export async function copyCsvIntoPostgres(
  pool: pg.Pool,
  table: string,
  columns: string[],
  csv: Iterable<string | Buffer> | AsyncIterable<string | Buffer>,
) {
  const client = await pool.connect();
  try {
    await pipeline(Readable.from(csv), client.query(copyFrom(copySql(table, columns, 'STDIN'))));
  } finally {
    client.release();
  }
}

export async function copyIntoPostgres(pool: pg.Pool, table: string, columns: string[], rows: CopyRows) {
  let count = 0;
  // Lines go to the server in chunks of about 64 KB: a stream write per row costs more than the row.
  async function* lines() {
    let chunk = '';
    for await (const row of rows) {
      count++;
      chunk += csvLine(row);
      if (chunk.length >= 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await copyCsvIntoPostgres(pool, table, columns, lines());
  return count;
}
