import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertOrganisation, insertServiceArea } from '../../src/domains/organisations/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { enrolleeAt } from '../../src/seed/enrollees.js';
import { concordHere } from '../support/cli.js';
import { mailRows } from '../support/enrollment-mailing.js';
import { pdfText } from '../support/files.js';
import { rosterCsv, SAMPLE_ROSTER } from '../support/roster-files.js';

/**
 * `concord enrollment mailing --org CODE --county NAME [--county NAME] --effective DAY [--out DIR]`: a One Care
 * plan's roster (imported with `concord import enrollees`) living partly in Berkshire and Plymouth, welcomed
 * with the letters and the mail file written to the folder asked for; run again, nobody is written to twice.
 */
let env: Record<string, string | undefined>;
let out: string;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-mailing-'));
  out = mkdtempSync(path.join(os.tmpdir(), 'concord-mailing-out-'));
  env = { DATABASE_URL: undefined, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  const plan = await insertOrganisation(database.system, {
    kind: 'plan',
    code: 'CCA-OC',
    name: 'Commonwealth One Care',
    phone: '866-555-0101',
  });
  for (const county of ['Berkshire', 'Plymouth'])
    await insertServiceArea(database.system, {
      orgId: plan.id,
      county,
      startsOn: '2021-01-01',
      endsOn: null,
    });
  await database.close();
}, 120_000);

describe('concord enrollment mailing', () => {
  it('writes the letters and the mail file, with the count per county; a second run writes to nobody', async () => {
    // Six former members with an MBI (their coverage ended in 2024, so each needs a welcome): two in each of
    // Berkshire and Plymouth, two in Suffolk.
    const counties = ['Berkshire', 'Berkshire', 'Plymouth', 'Plymouth', 'Suffolk', 'Suffolk'] as const;
    const towns = {
      Berkshire: ['Pittsfield', '01201'],
      Plymouth: ['Brockton', '02301'],
      Suffolk: ['Boston', '02108'],
    };
    const members = counties.map((county, i) => ({
      ...enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER),
      dateOfBirth: `197${i}-05-05`, // aged 21 to 64 on the first day of enrollment
      effectiveOn: '2023-01-01',
      endsOn: '2024-06-30',
      county,
      town: towns[county][0]!,
      zip: towns[county][1]!,
    }));
    const roster = await concord('import', 'enrollees', rosterCsv(members), '--org', 'CCA-OC');
    expect(roster.code, roster.err).toBe(0);

    const run = await concord(
      'enrollment',
      'mailing',
      '--org',
      'CCA-OC',
      '--county',
      'berkshire',
      '--county',
      'Plymouth County',
      '--effective',
      '2021-01-01',
      '--out',
      out,
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('Ready to mail: 4 letters (Berkshire 2, Plymouth 2)');
    expect(run.out).toContain('  Berkshire: 2 letters');
    expect(run.err).toMatch(/Welcome mailing for Commonwealth One Care/);
    const csv = path.join(out, 'welcome-mail-file-CCA-OC-2021-01-01.csv');
    const pdf = path.join(out, 'welcome-letters-CCA-OC-2021-01-01.pdf');
    expect(existsSync(csv) && existsSync(pdf)).toBe(true);
    const rows = mailRows(readFileSync(csv));
    expect(rows.map((r) => r.County)).toEqual(['Berkshire', 'Berkshire', 'Plymouth', 'Plymouth']);
    const text = (await pdfText(readFileSync(pdf))).text;
    for (const m of members.slice(0, 4)) expect(text).toContain(m.familyName);

    const again = await concord(
      'enrollment',
      'mailing',
      '--org',
      'CCA-OC',
      '--county',
      'Berkshire',
      '--effective',
      '2021-01-01',
    );
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('Nobody to write to');
  });

  it('names a county the plan does not gain that day, and a county that is not one', async () => {
    const essex = await concord(
      'enrollment',
      'mailing',
      '--org',
      'CCA-OC',
      '--county',
      'Essex',
      '--effective',
      '2021-01-01',
    );
    expect(essex.code).toBe(1);
    expect(essex.err).toContain(
      'Essex County is not a service area of Commonwealth One Care: add it under the organisation’s service areas first',
    );
    const nowhere = await concord(
      'enrollment',
      'mailing',
      '--org',
      'CCA-OC',
      '--county',
      'Atlantis',
      '--effective',
      '2021-01-01',
    );
    expect(nowhere.code).toBe(2); // a usage error
    expect(nowhere.err).toContain('--county "Atlantis" is not a county of Massachusetts');
  });
});
