import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { concordHere } from '../support/cli.js';
import { rosterCsv, rosterRow, SAMPLE_ROSTER } from '../support/roster-files.js';

/**
 * `concord import enrollees FILE --org CODE`: the sample roster's flaws refused with the result file
 * beside it; a clean roster imported at a plan, then again with nothing changed; a provider refused.
 */
let env: Record<string, string | undefined>;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-roster-'));
  env = { DATABASE_URL: undefined, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  await insertOrganisation(database.system, { kind: 'plan', code: 'CCA-ONE', name: 'One Care Plan' });
  await insertOrganisation(database.system, { kind: 'provider', code: 'CLINIC', name: 'A clinic' });
  await database.close();
}, 120_000);

describe('concord import enrollees', () => {
  it('refuses a flawed roster, imports a clean one, and re-imports it unchanged', async () => {
    // A copy: the result file is written beside the roster, which must not be the fixtures folder.
    const fixture = path.join(mkdtempSync(path.join(os.tmpdir(), 'concord-roster-')), 'enrollee-roster.csv');
    copyFileSync(fileURLToPath(new URL('../fixtures/enrollee-roster.csv', import.meta.url)), fixture);
    const bad = await concord('import', 'enrollees', fixture, '--org', 'CCA-ONE');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Nothing was imported: 4 problems in 50 rows\./);
    const resultFile = /Result file: (.*\.xlsx)/.exec(bad.out)?.[1];
    expect(resultFile && existsSync(resultFile)).toBe(true);

    const rows = Array.from({ length: 10 }, (_, i) =>
      rosterRow(enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER)),
    );
    const file = rosterCsv(rows);
    const good = await concord('import', 'enrollees', file, '--org', 'CCA-ONE');
    expect(good.code, good.err).toBe(0);
    expect(good.out).toMatch(/10 enrollees added, 0 changed, 0 unchanged/);
    const again = await concord('import', 'enrollees', file, '--org', 'CCA-ONE');
    expect(again.out).toMatch(/0 enrollees added, 0 changed, 10 unchanged/);

    const provider = await concord('import', 'enrollees', file, '--org', 'CLINIC');
    expect(provider.code).not.toBe(0);
  });
});
