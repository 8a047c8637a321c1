import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
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
  localHeaderOffset: number;
}

export const unreadable = (why: string) =>
  new UnreadableWorkbook(`The file is not a readable .xlsx workbook: ${why}`);

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
      throw unreadable('it is not a zip archive (a workbook saved by a spreadsheet program is one)');
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
        localHeaderOffset: dir.readUInt32LE(p + 42),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** One part of the archive, inflated, as a stream of text; `onBytes` counts the compressed bytes read. */
async function partStream(
  file: string,
  name: string,
  entry: ZipEntry,
  onBytes?: (n: number) => void,
): Promise<Readable> {
  if (entry.compressedSize === 0xffffffff) throw unreadable(`its part ${name} is larger than 4 GB`);
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
  if (onBytes) raw.on('data', (chunk) => onBytes(chunk.length));
  let out: Readable;
  if (entry.method === 0) out = raw;
  else if (entry.method === 8) {
    const inflate = createInflateRaw();
    raw.on('error', (err) => inflate.destroy(err));
    out = raw.pipe(inflate);
  } else
    throw unreadable(
      `its part ${name} is compressed in a way spreadsheets do not use (method ${entry.method})`,
    );
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

export async function openXlsxArchive(file: string): Promise<XlsxArchive> {
  const entries = await centralDirectory(file);
  const stream = async (name: string, onBytes?: (n: number) => void) => {
    const entry = entries.get(name);
    return entry ? partStream(file, name, entry, onBytes) : null;
  };
  return {
    has: (name) => entries.has(name),
    stream,
    async text(name) {
      let text = '';
      try {
        const part = await stream(name);
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
