import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { UnreadableFile } from './unreadable.js';

/**
 * The zip archive an XLSX workbook is, opened by its central directory (an upload is a file on disk, so
 * its parts can be read in any order): each part as a stream of text, inflated as it is read, or whole.
 */

/** The file is not a workbook that can be opened; the message says why, in the user's terms. */
export class UnreadableWorkbook extends UnreadableFile {}

interface ZipEntry {
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

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

async function centralDirectory(file: string): Promise<Map<string, ZipEntry>> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let end = -1;
    for (let i = tailLength - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    if (end < 0)
      throw unreadable(
        'it is not a workbook a spreadsheet program saved (a renamed file, or a damaged download?)',
      );
    const count = tail.readUInt16LE(end + 10);
    const dirSize = tail.readUInt32LE(end + 12);
    const dirOffset = tail.readUInt32LE(end + 16);
    if (dirOffset === 0xffffffff || dirOffset + dirSize > size)
      throw unreadable('its zip directory is damaged');
    const dir = Buffer.alloc(dirSize);
    await handle.read(dir, 0, dirSize, dirOffset);
    const entries = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > dirSize || dir.readUInt32LE(p) !== 0x02014b50)
        throw unreadable('its zip directory is damaged');
      const nameLength = dir.readUInt16LE(p + 28);
      const extraLength = dir.readUInt16LE(p + 30);
      const commentLength = dir.readUInt16LE(p + 32);
      const name = dir.toString('utf8', p + 46, p + 46 + nameLength);
      entries.set(name.replace(/^\//, ''), {
        method: dir.readUInt16LE(p + 10),
        compressedSize: dir.readUInt32LE(p + 20),
        uncompressedSize: dir.readUInt32LE(p + 24),
        localHeaderOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * Counts a part's bytes as they inflate, and stops the part past its limit or past the ratio to the
 * compressed bytes read so far: a bomb is refused after a few megabytes, not after it has filled memory.
 */
function inflateGuard(name: string, maxBytes: number, limits: InflateLimits, compressedRead: () => number) {
  let inflated = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      inflated += chunk.length;
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
  });
}

/** One part of the archive, inflated, as a stream of text; `onBytes` counts the compressed bytes read. */
async function partStream(
  file: string,
  name: string,
  entry: ZipEntry,
  maxBytes: number,
  limits: InflateLimits,
  onBytes?: (n: number) => void,
): Promise<Readable> {
  if (entry.compressedSize === 0xffffffff) throw unreadable(`its part ${name} is larger than 4 GB`);
  if (entry.uncompressedSize > maxBytes)
    throw unreadable(
      `its part ${name} is larger than ${inMB(maxBytes)} uncompressed; split it into smaller files`,
    );
  const handle = await open(file, 'r');
  const header = Buffer.alloc(30);
  try {
    await handle.read(header, 0, 30, entry.localHeaderOffset);
  } finally {
    await handle.close();
  }
  if (header.readUInt32LE(0) !== 0x04034b50) throw unreadable(`its part ${name} is damaged`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(file, {
    start,
    end: start + entry.compressedSize - 1,
    highWaterMark: 1 << 16,
  });
  let compressedRead = 0;
  raw.on('data', (chunk) => {
    compressedRead += chunk.length;
    onBytes?.(chunk.length);
  });
  if (entry.method !== 0 && entry.method !== 8) {
    raw.destroy();
    throw unreadable(
      `its part ${name} is compressed in a way spreadsheets do not use (method ${entry.method})`,
    );
  }
  // A stored part is its own size; a deflated one is held to the ratio of what it inflates from.
  const guard = inflateGuard(name, maxBytes, limits, () =>
    entry.method === 0 ? Number.POSITIVE_INFINITY : compressedRead,
  );
  const stages: Readable[] = [raw];
  if (entry.method === 8) stages.push(createInflateRaw());
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
}

export async function openXlsxArchive(file: string, limits = INFLATE_LIMITS): Promise<XlsxArchive> {
  const entries = await centralDirectory(file);
  const open = async (name: string, maxBytes: number, onBytes?: (n: number) => void) => {
    const entry = entries.get(name);
    return entry ? partStream(file, name, entry, maxBytes, limits, onBytes) : null;
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
  };
}
