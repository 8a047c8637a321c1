import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../config.js';
import { VERSION } from '../platform/project.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/**
 * Every `concord` command: its arguments, options and help. Only commander and this file load for
 * `--help`; a command's own module (and the app behind it) is imported when that command runs (decision
 * 042). README's command table is written from these definitions (scripts/cli-reference.ts).
 */

/** Settings read, and validation messages in plain words (the same as the API's) installed. */
async function setUp(): Promise<Config> {
  const [{ installPlainMessages }, { loadConfig }] = await Promise.all([
    import('../platform/http/plain-messages.js'),
    import('../config.js'),
  ]);
  installPlainMessages();
  return loadConfig();
}

/**
 * Opens the database (migrating it), runs `work`, and closes it unless the process goes on serving. The
 * exit code is 1 when `work` returns false (the work was refused or found a problem), else 0.
 */
async function withRuntime(work: (rt: Runtime) => Promise<unknown>, keepOpen = false): Promise<number> {
  const config = await setUp();
  const { openRuntime } = await import('./runtime.js');
  const rt = await openRuntime(config);
  try {
    return (await work(rt)) === false ? 1 : 0;
  } finally {
    if (!keepOpen) await rt.close();
  }
}

function portNumber(value: string) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

const SURVEY_FORMATS = ['xlsx', 'csv', 'pdf', 'fhir', 'fhir-responses'];

const SETTINGS =
  'Settings (environment): DATABASE_URL (PostgreSQL; default the embedded database in ./data), DATABASE_APP_URL,\n' +
  'CONCORD_DATA_DIR, HOST, PORT, CONCORD_COOKIE_SECURE, CONCORD_SMTP_URL, CONCORD_MAIL_FROM, LOG_LEVEL; see README.md.';

/** The command tree; `exit` receives each command's exit code. */
export function cliProgram(exit: (code: number) => void = () => {}) {
  const run = async (work: () => Promise<number>) => exit(await work());
  const program = new Command('concord')
    .description(
      'integrated-care workforce training, compliance, surveys, care coordination and CP enrollment',
    )
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(concord --help lists the commands; concord COMMAND --help explains one)')
    .exitOverride()
    .addHelpText('after', `\n${SETTINGS}`);

  program
    .command('start')
    .description('build the web app if needed, migrate, load demo data on an empty database, serve')
    .option('--port <n>', 'where to listen (default PORT, or 3000)', portNumber)
    .action(async (o: { port?: number }) => {
      const { projectRoot } = await import('../platform/project.js');
      const { ensureBuilt } = await import('../../bin/build.js');
      await ensureBuilt(projectRoot, 'web');
      const { start } = await import('./serve.js');
      exit(await withRuntime((rt) => start(rt, o), true));
    });

  program
    .command('serve')
    .description('migrate and serve the API, the web app and the job runner')
    .option('--port <n>', 'where to listen (default PORT, or 3000)', portNumber)
    .action(async (o: { port?: number }) => {
      const { serve } = await import('./serve.js');
      exit(await withRuntime((rt) => serve(rt, o).then(() => true), true));
    });

  program
    .command('migrate')
    .description('apply database migrations')
    .action(() =>
      run(() =>
        withRuntime(async (rt) => {
          process.stdout.write(`Migrations applied (${rt.database.kind}).\n`);
        }),
      ),
    );

  program
    .command('seed')
    .description('load the demo dataset into an empty database')
    .requiredOption('--demo', 'the demo dataset (the only one there is)')
    .action(() => run(() => withRuntime(async (rt) => (await import('./serve.js')).seed(rt))));

  program
    .command('user')
    .description('sign-ins')
    .command('create')
    .description('create a sign-in; the password comes from CONCORD_PASSWORD')
    .requiredOption('--email <address>', 'their e-mail address, the sign-in name')
    .requiredOption('--given-name <name>', 'given name')
    .requiredOption('--family-name <name>', 'family name')
    .requiredOption('--org <code>', 'the organisation where they have the role')
    .option('--role <role>', 'the role they have there', 'org_admin')
    .option('--system-admin', 'also a system administrator')
    .action(
      async (o: {
        email: string;
        givenName: string;
        familyName: string;
        org: string;
        role: string;
        systemAdmin?: boolean;
      }) => exit(await withRuntime(async (rt) => (await import('./users.js')).createUser(rt, o))),
    );

  const imports = program
    .command('import')
    .description('people, completions, attendance and enrollees from files');
  imports
    .command('people')
    .description('import people and roles from .xlsx or .csv, with a progress bar')
    .argument('<file>', 'the .xlsx or .csv file; the result file is written beside it')
    .requiredOption('--org <code>', 'the organisation importing its people')
    .action((file: string, o: { org: string }) =>
      run(() => withRuntime(async (rt) => (await import('./imports.js')).importPeople(rt, file, o.org))),
    );
  imports
    .command('completions')
    .description('record completions earned elsewhere (.xlsx or .csv)')
    .argument('<file>', 'the .xlsx or .csv file; the result file is written beside it')
    .requiredOption('--org <code>', "the organisation recording its people's completions")
    .action((file: string, o: { org: string }) =>
      run(() => withRuntime(async (rt) => (await import('./imports.js')).importCompletions(rt, file, o.org))),
    );
  imports
    .command('enrollees')
    .description("import a plan's enrollee roster from .xlsx or .csv, with a progress bar")
    .argument('<file>', 'the .xlsx or .csv roster; the result file is written beside it')
    .requiredOption('--org <code>', 'the plan, ACO or MCO whose enrollees these are')
    .action((file: string, o: { org: string }) =>
      run(() => withRuntime(async (rt) => (await import('./imports.js')).importEnrollees(rt, file, o.org))),
    );
  imports
    .command('attendance')
    .description("import a live session's participant report (CSV), with a progress bar")
    .argument('<file>', "the webinar platform's participant report")
    .requiredOption('--session <id>', "the session's id (a UUID, as on its page)")
    .option('--confirm', "import a report whose date or title differs from the session's")
    .action((file: string, o: { session: string; confirm?: boolean }) =>
      run(() =>
        withRuntime(async (rt) =>
          (await import('./imports.js')).importAttendance(rt, file, o.session, Boolean(o.confirm)),
        ),
      ),
    );

  program
    .command('certificates')
    .description('certificates of completion')
    .command('render')
    .description("write a completion's certificate PDF")
    .requiredOption('--completion <id>', "the completion's id (a UUID)")
    .requiredOption('--out <file>', 'the PDF to write')
    .action((o: { completion: string; out: string }) =>
      run(() =>
        withRuntime(async (rt) =>
          (await import('./certificates.js')).renderCertificate(rt, o.completion, o.out),
        ),
      ),
    );

  const compliance = program.command('compliance').description('reminders and the evidence pack');
  compliance
    .command('remind')
    .description("send today's reminders, escalations and flags, each once")
    .requiredOption('--org <code>', 'the organisation whose people are reminded')
    .option('--dry-run', 'list what would be sent, and send nothing')
    .action((o: { org: string; dryRun?: boolean }) =>
      run(() =>
        withRuntime(async (rt) => (await import('./compliance.js')).remind(rt, o.org, Boolean(o.dryRun))),
      ),
    );
  compliance
    .command('report')
    .description('the readiness-review evidence pack as of a day, with progress')
    .requiredOption('--org <code>', 'the organisation')
    .option('--as-of <date>', 'the day, YYYY-MM-DD (default today), as known on it')
    .option('--as-corrected', 'count what was recorded since the day, too')
    .requiredOption('--out <file>', 'FILE.xlsx, FILE.csv or FILE.pdf')
    .action((o: { org: string; asOf?: string; asCorrected?: boolean; out: string }) =>
      run(() =>
        withRuntime(async (rt) =>
          (await import('./compliance.js')).report(rt, o.org, o.asOf, o.out, Boolean(o.asCorrected)),
        ),
      ),
    );

  const enrollment = program.command('enrollment').description('Community Partner enrollment');
  enrollment
    .command('identify')
    .description(
      "import an identified-member list (MassHealth's or an ACO/MCO's own; .xlsx or .csv), applied whole or not at all",
    )
    .argument('<file>', 'the list; the result workbook is written beside it')
    .requiredOption('--org <code>', 'the ACO, MCO or plan whose members it lists')
    .addOption(
      new Option('--source <source>', "state_list: MassHealth's quarterly list; own: the organisation's own")
        .choices(['state_list', 'own'])
        .makeOptionMandatory(),
    )
    .option('--check-only', 'check every row and apply nothing')
    .action((file: string, o: { org: string; source: string; checkOnly?: boolean }) =>
      run(() =>
        withRuntime(async (rt) =>
          (await import('./enrollment-identify.js')).identify(
            rt,
            file,
            o.org,
            o.source,
            Boolean(o.checkOnly),
          ),
        ),
      ),
    );
  enrollment
    .command('batch')
    .description(
      'send an enrollment batch file (E, D and T rows; .xlsx or .csv): every row checked, applied whole or not at all, with progress',
    )
    .argument('<file>', 'the batch file; the result workbook is written beside it')
    .requiredOption('--org <code>', 'the ACO, MCO or Community Partner sending it')
    .option('--check-only', 'check every row and apply nothing')
    .action((file: string, o: { org: string; checkOnly?: boolean }) =>
      run(() =>
        withRuntime(async (rt) =>
          (await import('./enrollment.js')).batch(rt, file, o.org, Boolean(o.checkOnly)),
        ),
      ),
    );
  enrollment
    .command('mailing')
    .description(
      "welcome letters (one PDF) and the print vendor's mail file for a plan's new counties, with progress; nobody twice",
    )
    .requiredOption('--org <code>', 'the plan, ACO or MCO')
    .requiredOption(
      '--county <name>',
      'a county its service area gains on the effective day (repeat for each)',
      (value: string, all?: string[]) => [...(all ?? []), value],
    )
    .requiredOption('--effective <day>', 'the day the counties join the service area, YYYY-MM-DD')
    .option('--out <dir>', 'where to write the letters and the mail file (default: the current directory)')
    .action((o: { org: string; county: string[]; effective: string; out?: string }) =>
      run(() => withRuntime(async (rt) => (await import('./enrollment-mailing.js')).mailing(rt, o))),
    );

  const care = program.command('care').description('care coordination work queues and service requests');
  care
    .command('queue')
    .description(
      "what is due in a coordinator's caseload, most urgent first; without one, each coordinator's counts",
    )
    .requiredOption('--org <code>', 'the organisation')
    .option('--coordinator <email>', 'the coordinator whose caseload to print')
    .action((o: { org: string; coordinator?: string }) =>
      run(() => withRuntime(async (rt) => (await import('./care.js')).queue(rt, o.org, o.coordinator))),
    );
  care
    .command('requests')
    .description('service requests and appeals')
    .command('report')
    .description(
      "a month's service request decisions (by outcome, hours to decision, share on time, denial reasons), with progress",
    )
    .requiredOption('--org <code>', 'the plan, ACO or MCO')
    .requiredOption('--month <month>', 'the month, YYYY-MM')
    .requiredOption('--out <file>', 'FILE.xlsx (with each decision) or FILE.csv (the summary)')
    .action((o: { org: string; month: string; out: string }) =>
      run(() =>
        withRuntime(async (rt) => (await import('./care.js')).requestsReport(rt, o.org, o.month, o.out)),
      ),
    );

  const surveys = program.command('surveys').description('survey results and FHIR Questionnaires');
  surveys
    .command('export')
    .description("a survey's results (PDF: the findings report), or the survey as a Questionnaire")
    .argument('<survey>', "the survey's id, or its code when one organisation uses it")
    .addOption(
      new Option('--format <format>', 'fhir: the survey as a FHIR Questionnaire')
        .choices(SURVEY_FORMATS)
        .default('xlsx'),
    )
    .requiredOption('--out <file>', 'the file to write')
    .action((survey: string, o: { format: string; out: string }) =>
      run(() =>
        withRuntime(async (rt) => (await import('./surveys.js')).exportSurvey(rt, survey, o.format, o.out)),
      ),
    );
  surveys
    .command('import-questionnaire')
    .description('a draft survey from a FHIR Questionnaire')
    .argument('<file>', 'the Questionnaire, FILE.json')
    .requiredOption('--org <code>', 'the organisation the draft belongs to')
    .action((file: string, o: { org: string }) =>
      run(() =>
        withRuntime(async (rt) => (await import('./surveys.js')).importQuestionnaire(rt, file, o.org)),
      ),
    );

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description(
      'check every audit hash chain and its signed checkpoints; exits 1 naming the first row not to trust',
    )
    .option('--public-key <file>', 'check the signatures with this public key (PEM)')
    .action((o: { publicKey?: string }) =>
      run(() => withRuntime(async (rt) => (await import('./audit.js')).verifyAudit(rt, o.publicKey))),
    );
  audit
    .command('checkpoint')
    .description("sign each chain's head into audit/checkpoints.jsonl (the server does so hourly)")
    .action(() => run(() => withRuntime(async (rt) => (await import('./audit.js')).checkpointAudit(rt))));

  // A backup reads the database as it is and a restore needs it empty: neither opens (and migrates) it.
  program
    .command('backup')
    .description(
      "the database and the data folder's files in one .tar.gz, with progress (PGlite: stop the server first)",
    )
    .option('--out <file>', 'the archive to write (default concord-backup-DATE-TIME.tar.gz)')
    .action(async (o: { out?: string }) => {
      const config = await setUp();
      await (await import('./backup.js')).backup(config, o.out);
      exit(0);
    });
  program
    .command('restore')
    .description(
      'into a new data folder (and empty database), then check every row count and the audit trail',
    )
    .argument('<file>', 'the backup, .tar.gz')
    .action(async (file: string) => {
      const config = await setUp();
      exit((await (await import('./backup.js')).restore(config, file)) ? 0 : 1);
    });

  return program;
}

/**
 * Runs one command line and returns its exit code: 2 for a mistake in the command line, 1 when the work
 * failed or was refused. Output goes to process.stdout and process.stderr.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = cliProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    // Commander has printed its own message (or the help, or the version).
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const { cliMessage } = await import('./messages.js');
    process.stderr.write(`${cliMessage(err)}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}
