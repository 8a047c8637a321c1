// A batch's rows staged a chunk at a time while the file is read (decision 062).
import type { Database } from '../../platform/db/client.js';
import { type CopyValue, CsvBuffer } from '../../platform/db/copy.js';

/**
 * Rows staged at a time. Each chunk is copied, then checked against what is recorded (`resolveRows`); on
 * PostgreSQL that runs on another connection while the next chunk is read, so the database's work hides
 * behind the reading. Two chunks at most are held (one read, one being staged), as CSV bytes.
 */
export const CHUNK_ROWS = 10_000;

/**
 * Stages rows a chunk at a time (CHUNK_ROWS): COPY, then `staged` with the chunk's first and last row
 * numbers. On PostgreSQL a chunk is staged while the next is read, and `add` waits only when the chunk
 * before is still being copied; on the embedded database (one connection) each chunk is staged before
 * reading on.
 */
export function chunkedStaging(
  database: Database,
  columns: string[],
  staged: (range: { from: number; to: number }) => Promise<void>,
) {
  const copyCsv = database.copyCsvInto?.bind(database);
  let csv = new CsvBuffer();
  let spare = new CsvBuffer();
  let values: CopyValue[][] = [];
  let count = 0;
  let from = 0;
  let to = 0;
  // A chunk's COPY and then its checks; the next chunk's COPY may run beside the checks (on another
  // connection), and the checks run one chunk after another.
  let copying: Promise<void> = Promise.resolve();
  let checking: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (count === 0) return;
    const range = { from, to };
    count = 0;
    if (!copyCsv) {
      const chunk = values;
      values = [];
      await database.copyInto('enrollment_batch_rows', columns, chunk);
      await staged(range);
      return;
    }
    await copying; // the chunk before is copied, and its buffer free
    const bytes = csv.contents;
    [csv, spare] = [spare, csv];
    csv.clear();
    const copied = copyCsv('enrollment_batch_rows', columns, [bytes]);
    const before = checking;
    const checked = (async () => {
      await Promise.all([copied, before]);
      await staged(range);
    })();
    // Seen when awaited: at the next chunk, or at the end.
    copied.catch(() => {});
    checked.catch(() => {});
    copying = copied;
    checking = checked;
  };
  return {
    async add(rowNumber: number, row: CopyValue[]) {
      if (count === 0) from = rowNumber;
      to = rowNumber;
      count++;
      if (copyCsv) csv.add(row);
      else values.push(row);
      if (count >= CHUNK_ROWS) await flush();
    },
    /** Stages what is left, and waits for every chunk. */
    async end() {
      await flush();
      await Promise.all([copying, checking]);
    },
    /** Waits for the chunks being staged, failed or not. */
    async settled() {
      await Promise.allSettled([copying, checking]);
    },
  };
}
