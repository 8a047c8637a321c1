import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/client.js';
import { concordHere, runConcord } from '../support/cli.js';
import { completionOf, liveSessionTitled } from '../support/demo-records.js';
import { pdfText, peopleCsv, personRow } from '../support/files.js';
import { moveSession } from '../support/planted-rows.js';

/**
 * The `concord` commands, run in this process on their own embedded database in a temporary folder (a few
 * run as a user would, in a process of their own, at the end). On PostgreSQL the CLI is the same code over
 * the same services the other tests cover, so this runs on PGlite.
 */
let env: Record<string, string | undefined>;
const concord = (...args: string[]) => concordHere(env, ...args);

beforeAll(() => {
  env = {
    DATABASE_URL: undefined,
    CONCORD_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'concord-cli-')),
    LOG_LEVEL: 'warn',
  };
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
    expect(bad.out).toMatch(/Nothing was imported: 1 problem in 1 row\./);
    expect(bad.out).toMatch(/Result file: .*\.xlsx/);

    const good = await concord(
      'import',
      'people',
      peopleCsv([personRow('Ana', 'Costa', 'acosta@lowellcp.example', 'RN')]),
      '--org',
      'lowell-cp',
    );
    expect(good.code).toBe(0);
    expect(good.out).toMatch(/Imported 1 row: 1 person added/);
    expect(good.err).toMatch(/Importing .*: 100%/);

    // The demo plans' One Care requirements: a dry run lists, a run sends each message once.
    const dry = await concord('compliance', 'remind', '--org', 'BAYSTATE-OC', '--dry-run');
    expect(dry.code).toBe(0);
    const planned = Number(/(\d+) messages would be sent/.exec(dry.out)?.[1]);
    expect(planned).toBeGreaterThan(0);
    const sent = await concord('compliance', 'remind', '--org', 'BAYSTATE-OC');
    expect(sent.out).toMatch(new RegExp(`: ${planned} messages sent, 0 already sent earlier`));
    const again = await concord('compliance', 'remind', '--org', 'BAYSTATE-OC');
    // The officers' digest went with the first run: the second has one message fewer to find already sent.
    expect(again.out).toMatch(/: 0 messages sent, \d+ already sent earlier, 0 people flagged/);

    const packFile = path.join(env.CONCORD_DATA_DIR!, 'evidence.xlsx');
    const pack = await concord(
      'compliance',
      'report',
      '--org',
      'BAYSTATE-OC',
      '--as-of',
      '2026-11-01',
      '--out',
      packFile,
    );
    expect(pack.code, pack.err).toBe(0);
    expect(pack.out).toMatch(/Evidence pack as of 2026-11-01: \d+ lines\. Written to .*evidence\.xlsx/);
    expect(readFileSync(packFile).subarray(0, 2).toString()).toBe('PK');
    expect((await concord('compliance', 'report', '--org', 'BAYSTATE-OC', '--out', 'pack.docx')).err).toMatch(
      /--out must end in \.xlsx, \.csv or \.pdf/,
    );

    const signed = await concord('audit', 'checkpoint');
    expect(signed.out).toMatch(/^Signed \d+ checkpoints? \(key [0-9a-f]{16}\) into .*checkpoints\.jsonl/);
    const verified = await concord('audit', 'verify');
    expect(verified.code).toBe(0);
    expect(verified.out).toMatch(
      /The audit trail is intact: \d+ rows in \d+ chains, matching \d+ signed checkpoints? \(the latest of /,
    );
  }, 600_000);

  it('imports completions and attendance, and renders a certificate', async () => {
    await concord('seed', '--demo');
    const csv = path.join(env.CONCORD_DATA_DIR!, 'earned-elsewhere.csv');
    writeFileSync(
      csv,
      'E-mail,Topic code,Completed on,Where earned\nmaria.santos@bostoncommunityhealth.example,OC-CULT,2026-03-02,ACO webinar\n',
    );
    // Maria's own organisation records what she earned elsewhere (an organisation records only its own people's).
    const imported = await concord('import', 'completions', csv, '--org', 'BCHC');
    expect(imported.out).toMatch(/Imported 1 row: 1 completion recorded, 0 already recorded/);
    expect(imported.err).toMatch(/Importing earned-elsewhere\.csv: 100%/);
    expect(existsSync(path.join(env.CONCORD_DATA_DIR!, 'earned-elsewhere-result.xlsx'))).toBe(true);

    // The ids a training administrator would copy from the web page.
    const database = await openDatabase({ dataDir: path.join(env.CONCORD_DATA_DIR!, 'pglite') });
    const session = { id: await liveSessionTitled(database.system, 'Cultural') };
    // The demo's webinar is still to come, and a session takes no report before it happens: here it was
    // held on the day of the sample report.
    await moveSession(database.system, session.id, '2026-11-10T15:00:00Z', '2026-11-10T17:00:00Z');
    const completion = {
      id: await completionOf(database.system, 'maria.santos@bostoncommunityhealth.example'),
    };
    await database.close();

    // The result file goes beside the report, so the report is copied out of the fixtures first.
    const report = path.join(env.CONCORD_DATA_DIR!, 'participants.csv');
    copyFileSync(fileURLToPath(new URL('../fixtures/webinar-participants.csv', import.meta.url)), report);
    const attendance = await concord('import', 'attendance', report, '--session', session!.id);
    expect(attendance.code, attendance.err).toBe(0);
    expect(attendance.out).toMatch(/Imported 8 rows: 6 matched to 5 people, 2 to match by hand/);
    expect(attendance.err).toMatch(/Importing participants\.csv: 100%/);
    expect(existsSync(path.join(env.CONCORD_DATA_DIR!, 'participants-result.xlsx'))).toBe(true);

    // A report with binary data in it: a clear line naming the result file, exit 1, no SQL, no stack.
    const binary = path.join(env.CONCORD_DATA_DIR!, 'binary.csv');
    writeFileSync(
      binary,
      Buffer.concat([
        readFileSync(report).subarray(0, 400),
        Buffer.from('\nMaria Santos,maria@x.example,'),
        Buffer.from([0, 0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
        Buffer.from(',11/10/2026 11:00 AM,60\n'),
      ]),
    );
    const refused = await concord('import', 'attendance', binary, '--session', session!.id);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      /Nothing was imported: \d+ problems? in \d+ rows?\. Download the result file/,
    );
    expect(refused.out).toMatch(/Result file: .*binary-result\.xlsx/);
    expect(`${refused.out}${refused.err}`).not.toMatch(/insert into|select |\n\s+at /i);

    const pdf = path.join(env.CONCORD_DATA_DIR!, 'certificate.pdf');
    const rendered = await concord('certificates', 'render', '--completion', completion!.id, '--out', pdf);
    expect(rendered.out).toMatch(
      /Wrote the certificate [0-9A-Z]{5}-[0-9A-Z]{5} \(Maria Santos, Cultural competence\)/,
    );
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    // The Module 1 needs assessment: its results, and the survey as a FHIR Questionnaire imported again.
    const results = path.join(env.CONCORD_DATA_DIR!, 'm1.csv');
    const exported = await concord('surveys', 'export', 'M1-NA', '--format', 'csv', '--out', results);
    expect(exported.out).toMatch(/^\d+ responses to M1-NA version 1 written to /);
    expect(readFileSync(results, 'utf8')).toContain('Central Enrollee Record');
    const fhir = path.join(env.CONCORD_DATA_DIR!, 'm1.json');
    await concord('surveys', 'export', 'M1-NA', '--format', 'fhir', '--out', fhir);
    expect(JSON.parse(readFileSync(fhir, 'utf8'))).toMatchObject({
      resourceType: 'Questionnaire',
      name: 'M1-NA',
    });
    const again = await concord('surveys', 'import-questionnaire', fhir, '--org', 'SHARED-LEARNING');
    expect(again.out).toMatch(/^Draft survey [0-9a-f-]{36} made at One Care Shared Learning/);
    const findings = path.join(env.CONCORD_DATA_DIR!, 'm1.pdf');
    const madeReport = await concord('surveys', 'export', 'M1-NA', '--format', 'pdf', '--out', findings);
    expect(madeReport.out).toMatch(/^Findings report for M1-NA version 1 written to /);
    const { text } = await pdfText(readFileSync(findings));
    expect(text).toContain('Findings: Module 1 needs assessment');
    expect(text).toContain('Please rate your familiarity with the use of open-ended questions');
    const answers = path.join(env.CONCORD_DATA_DIR!, 'm1-responses.json');
    const bundle = await concord(
      'surveys',
      'export',
      'M1-NA',
      '--format',
      'fhir-responses',
      '--out',
      answers,
    );
    expect(bundle.out).toMatch(/^\d+ QuestionnaireResponses to M1-NA version 1 written to /);
    expect(JSON.parse(readFileSync(answers, 'utf8')).entry[0].resource).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: 'https://concord.example/fhir/Questionnaire/M1-NA|1',
    });
    const unknownFormat = await concord('surveys', 'export', 'M1-NA', '--format', 'docx', '--out', fhir);
    expect(unknownFormat.code).toBe(2);
    expect(unknownFormat.err).toMatch(
      /'--format <format>' argument 'docx' is invalid\. Allowed choices are xlsx, csv, pdf, fhir, fhir-responses/,
    );

    const wrong = await concord('certificates', 'render', '--completion', 'ABCDE-12345', '--out', pdf);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/--completion takes a completion id \(a UUID\)/);
  }, 180_000);

  it('explains a mistake in the command line', async () => {
    const res = await concord('import', 'people', 'nowhere.csv', '--org', 'LOWELL-CP');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/No such file: nowhere\.csv/);
    const missing = await concord('import', 'people', 'nowhere.csv');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/required option '--org <code>' not specified/);
  }, 60_000);
});

describe('the concord command in a process of its own', () => {
  const run = (...args: string[]) => {
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    return runConcord({ ...rest, CONCORD_DATA_DIR: env.CONCORD_DATA_DIR, LOG_LEVEL: 'warn' }, ...args);
  };

  it('lists its commands, and explains one, without loading the app', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: concord \[options\] \[command\]/);
    expect(help.out).toMatch(/compliance +reminders and the evidence pack/);
    const report = await run('compliance', 'report', '--help');
    expect(report.out).toMatch(/Usage: concord compliance report \[options\]/);
    expect(report.out).toMatch(/--as-of <date> +the day, YYYY-MM-DD/);
    expect((await run('--version')).out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on a mistake in the command line, saying what is wrong without a stack trace', async () => {
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command 'frobnicate'/);
    const noOrg = await run('compliance', 'remind', '--org', 'NO-SUCH-ORG');
    expect(noOrg.code).toBe(2);
    expect(noOrg.err).toMatch(/No organisation has the code NO-SUCH-ORG/);
    expect(noOrg.err).not.toMatch(/\n\s+at /);
  }, 120_000);
});
