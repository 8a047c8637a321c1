import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const MB = 1 << 20;

/**
 * Memory after imports, measured in a process of its own (`--expose-gc`, so garbage can be collected
 * before each measure) on its own embedded database: a 2.2 MB workbook whose shared strings inflate to
 * 1 GB is refused without the process growing by more than a little, and what any import held is given
 * back when it ends.
 */
describe('memory across imports', () => {
  it('refuses a zip bomb within a few megabytes, and returns to where it was after every import', async () => {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const { stdout } = await exec(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', 'test/support/import-memory.child.ts'],
      { env: { ...env, LOG_LEVEL: 'silent' }, timeout: 240_000, maxBuffer: 1 << 20 },
    );
    const m = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(m.bombed).toMatchObject({ status: 'succeeded', outcome: 'rejected' });
    expect(m.imported).toMatchObject({ status: 'succeeded', outcome: 'imported', rows: 20_000 });
    // Before the caps, the bomb took the process from about 213 MB to 1.77 GB, and kept it there.
    expect((m.peakRss - m.before.rss) / MB).toBeLessThan(150);
    for (const after of [m.afterBomb, m.afterImport])
      expect((after.heap + after.external - m.before.heap - m.before.external) / MB).toBeLessThan(16);
  }, 300_000);
});
