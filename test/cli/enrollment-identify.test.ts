import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoEnrollment } from '../../src/domains/enrollment/index.js';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { concordHere } from '../support/cli.js';
import { listCsv, listRow } from '../support/enrollment-identification.js';
import { rosterCsv, rosterRow, SAMPLE_ROSTER } from '../support/roster-files.js';

/**
 * `concord enrollment identify FILE --org CODE --source state_list|own [--check-only]`: an ACO's members
 * (imported with `concord import enrollees`) on its identified-member list. A row for a member not on the
 * roster refuses the list, with the result file beside it; check only applies nothing; the corrected list
 * is applied.
 */
let env: Record<string, string | undefined>;
let dir: string;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-identify-'));
  dir = mkdtempSync(path.join(os.tmpdir(), 'concord-lists-'));
  env = { DATABASE_URL: undefined, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  const aco = await insertOrganisation(database.system, { kind: 'aco', code: 'EAST-ACO', name: 'East ACO' });
  await seedDemoEnrollment(
    database.system,
    [{ orgId: aco.id, pid: '110000444', confirmed: null }],
    '2026-01-15',
  );
  await database.close();
}, 120_000);

describe('concord enrollment identify', () => {
  it('refuses a list naming someone not on the roster, checks the corrected one, and applies it', async () => {
    const members = Array.from({ length: 3 }, (_, i) => enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER));
    const roster = await concord(
      'import',
      'enrollees',
      rosterCsv(members.map(rosterRow)),
      '--org',
      'EAST-ACO',
    );
    expect(roster.code, roster.err).toBe(0);
    const row = (m: (typeof members)[number]) =>
      listRow({ masshealthId: m.massHealthId, dateOfBirth: m.dateOfBirth }, '110000444');

    const bad = path.join(dir, 'q1.csv');
    writeFileSync(bad, listCsv([row(members[0]!), row({ ...members[1]!, massHealthId: '900000000999' })]));
    const refused = await concord(
      'enrollment',
      'identify',
      bad,
      '--org',
      'EAST-ACO',
      '--source',
      'state_list',
    );
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Nothing was imported: 1 row of 2 is refused\./);
    expect(refused.out).toMatch(
      /row 3, Medicaid_ID: No member with this MassHealth ID is on your organisation’s roster/,
    );
    expect(existsSync(path.join(dir, 'q1-result.xlsx'))).toBe(true);

    const good = path.join(dir, 'q1-fixed.csv');
    writeFileSync(good, listCsv(members.map(row)));
    const args = ['enrollment', 'identify', good, '--org', 'EAST-ACO', '--source', 'own'];
    const checked = await concord(...args, '--check-only');
    expect(checked.code, checked.err).toBe(0);
    expect(checked.out).toMatch(/Every row passed: 3 rows checked, nothing applied \(3 members identified/);
    const applied = await concord(...args);
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toMatch(/Imported 3 rows of the ACO\/MCO identification: 3 members identified/);
    const unknown = await concord('enrollment', 'identify', good, '--org', 'EAST-ACO', '--source', 'guess');
    expect(unknown.code).not.toBe(0);
  });
});
