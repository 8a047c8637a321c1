import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTar, tarWriter } from './tar.js';

const runs = {
  seed: Number(process.env.FAST_CHECK_SEED ?? 1411),
  numRuns: Number(process.env.FAST_CHECK_RUNS ?? 50),
};

async function archive(files: { name: string; data: Buffer }[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const tar = tarWriter(out);
  for (const f of files) await tar.add(f.name, f.data.length, f.data);
  await tar.finish();
  return Buffer.concat(chunks);
}

async function unpack(bytes: Buffer, chunkSize: number) {
  const chunks = Array.from({ length: Math.ceil(bytes.length / chunkSize) }, (_, i) =>
    bytes.subarray(i * chunkSize, (i + 1) * chunkSize),
  );
  const out: { name: string; data: Buffer }[] = [];
  for await (const e of readTar(
    (async function* () {
      yield* chunks;
    })(),
  )) {
    const parts: Buffer[] = [];
    for await (const c of e.body) parts.push(c);
    out.push({ name: e.name, data: Buffer.concat(parts) });
  }
  return out;
}

describe('the backup archive format', () => {
  it('gives back every file as written, whatever the names, sizes and chunking', async () => {
    const segment = fc.stringMatching(/^[a-z0-9._-]{1,40}$/);
    const file = fc.record({
      name: fc.array(segment, { minLength: 1, maxLength: 6 }).map((p) => p.join('/')),
      data: fc.uint8Array({ maxLength: 3_000 }).map((a) => Buffer.from(a)),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(file, { maxLength: 6 }),
        fc.integer({ min: 1, max: 2_000 }),
        async (files, chunk) => {
          expect(await unpack(await archive(files), chunk)).toEqual(files);
        },
      ),
      runs,
    );
  });

  it('is a tar archive that the system tar reads', async () => {
    const files = [
      { name: 'concord-backup.json', data: Buffer.from('{"format":"concord-backup"}') },
      { name: `files/${'a'.repeat(60)}/${'b'.repeat(60)}.xlsx`, data: Buffer.from('PK…') },
    ];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'concord-tar-'));
    writeFileSync(path.join(dir, 'backup.tar'), await archive(files));
    const listed = execFileSync('tar', ['-tf', 'backup.tar'], { cwd: dir, encoding: 'utf8' });
    expect(listed.trim().split('\n')).toEqual(files.map((f) => f.name));
    execFileSync('tar', ['-xf', 'backup.tar'], { cwd: dir });
    expect(readFileSync(path.join(dir, files[1]!.name), 'utf8')).toBe('PK…');
  });

  it('refuses a damaged or cut-short archive with a message', async () => {
    const whole = await archive([{ name: 'a.txt', data: Buffer.alloc(2_000, 1) }]);
    await expect(unpack(whole.subarray(0, 1_200), 100)).rejects.toThrow(/ends in the middle of a file/);
    await expect(unpack(whole.subarray(0, 2_560), 100)).rejects.toThrow(/without its end marker/);
    const damaged = Buffer.from(whole);
    damaged[10] = 0x41;
    await expect(unpack(damaged, 100)).rejects.toThrow(/header checksum does not match/);
    await expect(unpack(Buffer.alloc(1_024, 7), 100)).rejects.toThrow(/not a tar archive/);
  });
});
