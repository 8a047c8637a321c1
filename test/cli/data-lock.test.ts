import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concordHere } from '../support/cli.js';

/**
 * The embedded database is one process's at a time: a command run while another process (the server) has
 * the data folder open is refused — before, it "succeeded" and its writes were lost at the next restart.
 */
let env: Record<string, string | undefined>;
let dataDir: string;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-lock-'));
  env = { DATABASE_URL: undefined, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  expect((await concord('migrate')).code).toBe(0);
}, 180_000);

/** A process holding the database open, as `concord serve` does, until it is killed. */
async function holder() {
  const code = `
    const { openRuntime } = await import(${JSON.stringify(path.resolve('src/cli/runtime.ts'))});
    await openRuntime();
    console.log('open');`;
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...rest, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
    child.on('exit', () => reject(new Error('the holder exited')));
  });
  return child;
}

let held: Awaited<ReturnType<typeof holder>> | undefined;
afterAll(() => held?.kill('SIGKILL'));

describe('a command against the embedded database while another process has it open', () => {
  it('is refused, naming the folder and the process and saying what to do; once that process is killed -9, it runs', {
    timeout: 120_000,
  }, async () => {
    held = await holder();
    const refused = await concord('migrate');
    expect(refused.code).toBe(1);
    const folder = path.join(dataDir, 'pglite');
    expect(refused.err).toContain(`The embedded database in ${folder} is in use`);
    expect(refused.err).toContain(`process ${held.pid}`);
    expect(refused.err).toMatch(/Stop that process first/);
    expect(refused.err).toMatch(/in the web app, or with the API/);
    expect(refused.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(refused.out).not.toMatch(/Migrations applied/);

    held.kill('SIGKILL');
    await new Promise((resolve) => held!.on('exit', resolve));
    const after = await concord('migrate');
    expect(after.err).toBe('');
    expect(after.out).toMatch(/Migrations applied \(pglite\)/);
  });
});
