import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UnreadableFile } from './unreadable.js';

/**
 * The zip archive an XLSX workbook is, opened by its central directory through yauzl (ZIP64, checked
 * offsets; an upload is a file on disk, so its parts can be read in any order): each part as a stream of
 * text, inflated here as it is read so that the limits below see every byte, its CRC-32 and size checked
 * at its end (yauzl checks neither on raw reads), or whole.
 */

/** The file is not a workbook that can be opened; the message says why, in the user's terms. */
export class UnreadableWorkbook extends UnreadableFile {}

/**
 * How far a part may inflate (decision 015). Parts are inflated as they are read, so these bound the time a
 * file can take and, for the parts held whole (relationships, workbook, styles), the memory. Spreadsheets
 * compress their XML 4–15 times; a zip bomb, hundreds or a thousand.
 */
export interface InflateLimits {
  /** Bytes a streamed part (a sheet, the shared strings) may inflate to. */
  partBytes: number;
  /** Bytes a part read whole may inflate to. */
  wholePartBytes: number;
  /** Inflated bytes per compressed byte read, checked once `ratioAfterBytes` have inflated. */
  ratio: number;
  ratioAfterBytes: number;
}

const MB = 1 << 20;
export const INFLATE_LIMITS: InflateLimits = {
  partBytes: 1024 * MB,
  wholePartBytes: 16 * MB,
  ratio: 100,
  ratioAfterBytes: 8 * MB,
};

const inMB = (bytes: number) => `${Math.round(bytes / MB).toLocaleString('en-US')} MB`;

export const unreadable = (why: string) =>
  new UnreadableWorkbook(
    `The file is not a readable .xlsx workbook: ${why}. Open it in Excel and save it again as an Excel workbook (.xlsx), or save it as CSV, and import that.`,
  );

/**
 * Counts a part's bytes as they inflate, and stops the part past its limit or past the ratio to the
 * compressed bytes read so far: a bomb is refused after a few megabytes, not after it has filled memory.
 */
function inflateGuard(
  name: string,
  entry: Entry,
  maxBytes: number,
  limits: InflateLimits,
  compressedRead: () => number,
) {
  let inflated = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
      crc = crc32(chunk, crc);
      if (inflated > maxBytes)
        return done(
          unreadable(
            `its part ${name} is larger than ${inMB(maxBytes)} uncompressed; split it into smaller files`,
          ),
        );
      if (inflated > limits.ratioAfterBytes && inflated > compressedRead() * limits.ratio)
        return done(
          unreadable(
            `its part ${name} inflates to more than ${limits.ratio} times its compressed size, which spreadsheet programs never write (it looks like a “zip bomb”)`,
          ),
        );
      done(null, chunk);
    },
    flush(done) {
      // A part cut short, or changed after it was written, reads as damaged rather than as fewer rows.
      if (inflated !== entry.uncompressedSize || crc !== entry.crc32)
        return done(unreadable(`its part ${name} is damaged`));
      done();
    },
  });
}

/** One part of the archive, inflated, as a stream of text; `onBytes` counts the compressed bytes read. */
async function partStream(
  zip: ZipFile,
  name: string,
  entry: Entry,
  maxBytes: number,
  limits: InflateLimits,
  onBytes?: (n: number) => void,
): Promise<Readable> {
  if (entry.uncompressedSize > maxBytes)
    throw unreadable(
      `its part ${name} is larger than ${inMB(maxBytes)} uncompressed; split it into smaller files`,
    );
  const method = entry.compressionMethod;
  if (entry.isEncrypted())
    throw unreadable(`its part ${name} is encrypted; save the workbook without a password`);
  if (method !== 0 && method !== 8)
    throw unreadable(`its part ${name} is compressed in a way spreadsheets do not use (method ${method})`);
  if (entry.compressedSize === 0 && entry.uncompressedSize === 0) return Readable.from([]);
  let raw: Readable;
  try {
    // The stored bytes as they are: inflating them here lets the guard count both sides.
    raw = await zip.openReadStreamPromise(entry, { decodeFileData: false });
  } catch {
    throw unreadable(`its part ${name} is damaged`);
  }
  let compressedRead = 0;
  raw.on('data', (chunk: Buffer) => {
    compressedRead += chunk.length;
    onBytes?.(chunk.length);
  });
  // A stored part is its own size; a deflated one is held to the ratio of what it inflates from.
  const guard = inflateGuard(name, entry, maxBytes, limits, () =>
    method === 0 ? Number.POSITIVE_INFINITY : compressedRead,
  );
  const stages: Readable[] = [raw];
  if (method === 8) stages.push(createInflateRaw());
  // Any stage's error ends the part for its reader; the reader stopping ends every stage.
  for (const stage of stages) stage.on('error', (err) => guard.destroy(err));
  guard.on('close', () => {
    for (const stage of stages) stage.destroy();
  });
  const out = (stages.length === 2 ? raw.pipe(stages[1] as Transform) : raw).pipe(guard);
  out.setEncoding('utf8');
  return out;
}

export interface XlsxArchive {
  has(name: string): boolean;
  /** A part as a stream of text, or null when the archive has none; `onBytes` counts compressed bytes read. */
  stream(name: string, onBytes?: (n: number) => void): Promise<Readable | null>;
  /** A part's whole text, or null when the archive has none (for the small parts: relationships, styles). */
  text(name: string): Promise<string | null>;
  /** Lets the file go once the parts being read end. */
  close(): void;
}

async function entriesOf(zip: ZipFile): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\//, ''), entry);
  return entries;
}

const COMPOUND_FILE = Buffer.from('d0cf11e0a1b11ae1', 'hex');

/** Whether the file holds `name` in UTF-16 (as a compound file's directory names its streams), read a chunk at a time. */
async function holdsName(file: string, name: string): Promise<boolean> {
  const needle = Buffer.from(name, 'utf16le');
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(file)) {
    const seen = Buffer.concat([tail, chunk as Buffer]);
    if (seen.includes(needle)) return true;
    tail = seen.subarray(Math.max(0, seen.length - needle.length + 1));
  }
  return false;
}

/**
 * Why a file that is not a zip is not a workbook. Excel saves a workbook with a password as an OLE compound
 * file (its package encrypted, in the EncryptedPackage stream), and the 97–2003 format (.xls) is one too:
 * either, renamed or not, is told as what it is rather than as damaged.
 */
async function notZipReason(file: string): Promise<string> {
  const head = Buffer.alloc(COMPOUND_FILE.length);
  const handle = await openFile(file, 'r');
  try {
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (head.equals(COMPOUND_FILE)) {
    if (await holdsName(file, 'EncryptedPackage'))
      return 'it is protected with a password (encrypted), so it cannot be read. In Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, and clear it)';
    if (await holdsName(file, 'Workbook')) return 'it is an Excel 97–2003 workbook (.xls), not an .xlsx one';
  }
  return 'it is not a workbook a spreadsheet program saved (a renamed file, or a damaged download?)';
}

export async function openXlsxArchive(file: string, limits = INFLATE_LIMITS): Promise<XlsxArchive> {
  let zip: ZipFile;
  try {
    // Names as written (a part is looked up by its name; yauzl's name checks are for writing to disk).
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch {
    throw unreadable(await notZipReason(file));
  }
  let entries: Map<string, Entry>;
  try {
    entries = await entriesOf(zip);
  } catch {
    zip.close();
    throw unreadable('its zip directory is damaged');
  }
  const open = async (name: string, maxBytes: number, onBytes?: (n: number) => void) => {
    const entry = entries.get(name);
    return entry ? partStream(zip, name, entry, maxBytes, limits, onBytes) : null;
  };
  return {
    has: (name) => entries.has(name),
    stream: (name, onBytes) => open(name, limits.partBytes, onBytes),
    async text(name) {
      let text = '';
      try {
        const part = await open(name, limits.wholePartBytes);
        if (!part) return null;
        for await (const chunk of part) text += chunk as string;
      } catch (err) {
        if (err instanceof UnreadableWorkbook) throw err;
        throw unreadable(`its part ${name} is damaged`);
      }
      return text;
    },
    close: () => zip.close(),
  };
}
