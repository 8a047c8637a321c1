import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoEnrollment } from '../../src/domains/enrollment/index.js';
import {
  insertOrganisation,
  insertRelationship,
  insertServiceArea,
  MASSACHUSETTS_COUNTIES,
} from '../../src/domains/organisations/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { concordHere } from '../support/cli.js';
import { batchCsv, batchRow } from '../support/enrollment.js';
import { rosterCsv, rosterRow, SAMPLE_ROSTER } from '../support/roster-files.js';

/**
 * `concord enrollment batch FILE --org CODE [--check-only]`: an ACO's members (imported with `concord import
 * enrollees`) enrolled with a partner CP: a bad row refuses the batch with the result file beside it; check
 * only applies nothing; the corrected file is applied; the same file again is refused.
 */
let env: Record<string, string | undefined>;
let dir: string;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-enrollment-'));
  dir = mkdtempSync(path.join(os.tmpdir(), 'concord-batches-'));
  env = { DATABASE_URL: undefined, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  const db = database.system;
  const aco = await insertOrganisation(db, { kind: 'aco', code: 'NORTH-ACO', name: 'North ACO' });
  const cp = await insertOrganisation(db, { kind: 'cp_bh', code: 'RIVER-CP', name: 'River CP' });
  await insertRelationship(db, {
    orgId: aco.id,
    kind: 'cp_partnership',
    otherOrgId: cp.id,
    startsOn: '2018-07-01',
    endsOn: null,
  });
  for (const county of MASSACHUSETTS_COUNTIES)
    await insertServiceArea(db, { orgId: cp.id, county, startsOn: '2018-07-01', endsOn: null });
  await seedDemoEnrollment(
    db,
    [
      { orgId: aco.id, pid: '110000111', confirmed: null },
      { orgId: cp.id, pid: '120000222', confirmed: 50 },
    ],
    '2026-01-15',
  );
  await database.close();
}, 120_000);

describe('concord enrollment batch', () => {
  it('refuses a batch with a bad row, checks one, applies it, and refuses it again', async () => {
    const members = Array.from({ length: 3 }, (_, i) => enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER));
    const roster = await concord(
      'import',
      'enrollees',
      rosterCsv(members.map(rosterRow)),
      '--org',
      'NORTH-ACO',
    );
    expect(roster.code, roster.err).toBe(0);

    const row = (m: (typeof members)[number]) =>
      batchRow(
        { masshealthId: m.massHealthId, dateOfBirth: m.dateOfBirth },
        { pid: '110000111' },
        { pid: '120000222' },
        'E',
        '2026-02-01',
      );
    const badFile = path.join(dir, 'march.csv');
    writeFileSync(
      badFile,
      batchCsv([row(members[0]!), { ...row(members[1]!), Effective_Date: '2026-02-31' }]),
    );
    const bad = await concord('enrollment', 'batch', badFile, '--org', 'NORTH-ACO');
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/Nothing was applied: 1 row of 2 has problems\./);
    expect(existsSync(path.join(dir, 'march-result.xlsx'))).toBe(true);

    const good = path.join(dir, 'march-fixed.csv');
    writeFileSync(good, batchCsv(members.map(row)));
    const checked = await concord('enrollment', 'batch', good, '--org', 'NORTH-ACO', '--check-only');
    expect(checked.code, checked.err).toBe(0);
    expect(checked.out).toMatch(/Every row passed: 3 rows checked, nothing applied\./);
    const applied = await concord('enrollment', 'batch', good, '--org', 'NORTH-ACO');
    expect(applied.code, applied.err).toBe(0);
    expect(applied.out).toMatch(/Applied 3 rows: 3 enrollments, 0 disenrollments, 0 transfers\./);
    const again = await concord('enrollment', 'batch', good, '--org', 'NORTH-ACO');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/This file was already applied: "march-fixed.csv"/);
  });
});
