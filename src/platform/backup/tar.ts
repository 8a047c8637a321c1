import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';

/**
 * Just enough of the tar format (POSIX ustar, with a pax header for long names and base-256 sizes past
 * 8 GiB) to write and read a backup as a stream: regular files only, never the whole archive in memory.
 */

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number, mode: number, mtime: Date, type = '0'): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  if (size < 8 ** 11) h.write(octal(size, 12), 124, 'ascii');
  else {
    // Base-256: the high bit of the first byte set, the size big-endian in the rest.
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** Writes entries one after another to `out`; `finish` writes the end-of-archive blocks and ends it. */
export function tarWriter(out: Writable) {
  async function write(chunk: Buffer) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return {
    /** Adds a file of exactly `size` bytes; `onBytes` hears of each chunk written (for progress). */
    async add(
      name: string,
      size: number,
      body: Buffer | AsyncIterable<Buffer>,
      options: { mode?: number; mtime?: Date; onBytes?: (n: number) => void } = {},
    ) {
      const mtime = options.mtime ?? new Date();
      if (Buffer.byteLength(name) > 99) {
        const record = (n: number) => `${n} path=${name}\n`;
        let length = Buffer.byteLength(record(0));
        while (Buffer.byteLength(record(length)) !== length) length = Buffer.byteLength(record(length));
        const pax = Buffer.from(record(length));
        await write(header('PaxHeader', pax.length, 0o644, mtime, 'x'));
        await write(Buffer.concat([pax, padding(pax.length)]));
      }
      await write(header(name.slice(0, 99), size, options.mode ?? 0o644, mtime));
      let written = 0;
      for await (const chunk of Buffer.isBuffer(body) ? [body] : body) {
        written += chunk.length;
        if (written > size) throw new Error(`${name} grew while it was being archived`);
        await write(chunk);
        options.onBytes?.(chunk.length);
      }
      if (written !== size) throw new Error(`${name} changed size while it was being archived`);
      await write(padding(size));
    },
    async finish() {
      await write(Buffer.alloc(BLOCK * 2));
      out.end();
      await once(out, 'finish');
    },
  };
}

export interface TarEntry {
  name: string;
  size: number;
  mode: number;
  /** The entry's bytes; read them (or not) before asking for the next entry. */
  body: AsyncIterable<Buffer>;
}

/** Reads exact byte counts from a stream of chunks. */
function byteReader(source: AsyncIterable<Buffer>) {
  const it = source[Symbol.asyncIterator]();
  let pending: Buffer = Buffer.alloc(0);
  async function fill(n: number) {
    while (pending.length < n) {
      const next = await it.next();
      if (next.done) return false;
      pending = pending.length ? Buffer.concat([pending, next.value]) : next.value;
    }
    return true;
  }
  return {
    async take(n: number): Promise<Buffer | null> {
      if (!(await fill(n))) return null;
      const out = pending.subarray(0, n);
      pending = pending.subarray(n);
      return out;
    },
    async *stream(n: number): AsyncGenerator<Buffer> {
      let left = n;
      while (left > 0) {
        if (pending.length === 0 && !(await fill(1)))
          throw new Error('the archive ends in the middle of a file');
        const out = pending.subarray(0, Math.min(left, pending.length));
        pending = pending.subarray(out.length);
        left -= out.length;
        yield out;
      }
    },
  };
}

const text = (h: Buffer, at: number, width: number) =>
  h.toString('utf8', at, at + width).replace(/\0.*$/s, '');

function sizeOf(h: Buffer): number {
  if (h[124]! & 0x80) return Number(h.readBigUInt64BE(128));
  return Number.parseInt(text(h, 124, 12).trim() || '0', 8);
}

/** The archive's regular files in order. Anything else in it (links, devices) is refused. */
export async function* readTar(source: Readable | AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const bytes = byteReader(source as AsyncIterable<Buffer>);
  let longName: string | null = null;
  for (;;) {
    const h = await bytes.take(BLOCK);
    if (!h) throw new Error('the archive ends without its end marker; it is incomplete');
    if (h.every((b) => b === 0)) return;
    if (text(h, 257, 5) !== 'ustar') throw new Error('this is not a tar archive');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== Number.parseInt(text(h, 148, 8).trim(), 8))
      throw new Error('the archive is damaged (a header checksum does not match)');
    const size = sizeOf(h);
    const type = text(h, 156, 1) || '0';
    if (type === 'x') {
      const pax = (await bytes.take(size + padding(size).length))!.subarray(0, size).toString('utf8');
      longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(pax)?.[1] ?? null;
      continue;
    }
    if (type !== '0') throw new Error(`the archive holds something other than a file (type ${type})`);
    const prefix = text(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    longName = null;
    let left = size;
    const body = (async function* () {
      for await (const chunk of bytes.stream(left)) {
        left -= chunk.length;
        yield chunk;
      }
    })();
    yield { name, size, mode: Number.parseInt(text(h, 100, 8).trim() || '644', 8), body };
    // Whatever the reader left of the entry is skipped.
    for await (const chunk of bytes.stream(left)) left -= chunk.length;
    await bytes.take(padding(size).length);
  }
}
