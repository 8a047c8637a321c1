import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { peopleCsv, personRow } from '../support/files.js';

const exec = promisify(execFile);

/**
 * The `concord` command, run as a user would, on its own embedded database in a temporary folder. (On
 * PostgreSQL the CLI is the same code over the same services the other tests cover, so this runs on PGlite.)
 */
let env: NodeJS.ProcessEnv;
const concord = (...args: string[]) =>
  exec(process.execPath, ['bin/concord.js', ...args], { env, timeout: 120_000 }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );

beforeAll(() => {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  env = { ...rest, CONCORD_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'concord-cli-')), LOG_LEVEL: 'warn' };
});

describe('the concord command', () => {
  it('loads the demo data, creates a user, imports people with progress, and verifies the audit trail', async () => {
    const seeded = await concord('seed', '--demo');
    expect(seeded.out).toMatch(/Loaded the demo dataset: 19 organisations/);

    env.CONCORD_PASSWORD = 'a long enough password';
    const user = await concord(
      'user',
      'create',
      '--email',
      'new.admin@lowellcp.example',
      '--given-name',
      'Kwame',
      '--family-name',
      'Mensah',
      '--org',
      'LOWELL-CP',
      '--role',
      'org_admin',
    );
    expect(user.out).toMatch(/Created new\.admin@lowellcp\.example, org_admin at Lowell Community Partners/);

    const bad = await concord(
      'import',
      'people',
      peopleCsv([personRow('Ana', 'Costa', 'acosta@lowellcp.example', 'Nurse')]),
      '--org',
      'LOWELL-CP',
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Nothing was imported: 1 problem in 1 rows/);
    expect(bad.out).toMatch(/Result file: .*\.xlsx/);

    const good = await concord(
      'import',
      'people',
      peopleCsv([personRow('Ana', 'Costa', 'acosta@lowellcp.example', 'RN')]),
      '--org',
      'lowell-cp',
    );
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/Imported 1 rows: 1 people added/);
    expect(good.err).toMatch(/Importing .*: 100%/);

    const verified = await concord('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(/The audit trail is intact: \d+ rows in \d+ chains/);
  }, 180_000);

  it('explains a mistake in the command line', async () => {
    const res = await concord('import', 'people', 'nowhere.csv', '--org', 'LOWELL-CP');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/No such file: nowhere\.csv/);
    expect((await concord('frobnicate')).err).toMatch(/Unknown command "frobnicate"/);
  }, 60_000);
});
