import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, showsStacks } from '../config.js';
import { AppError } from '../platform/http/errors.js';
import { installPlainMessages } from '../platform/http/plain-messages.js';
import { checkpointAudit, verifyAudit } from './audit.js';
import { backup, restore } from './backup.js';
import {
  createUser,
  ensureWebBuilt,
  importAttendance,
  importCompletions,
  importPeople,
  printDemo,
  renderCertificate,
  seed,
  serve,
  UsageError,
} from './commands.js';
import { remind, report } from './compliance.js';
import { openRuntime } from './runtime.js';
import { exportSurvey, importQuestionnaire } from './surveys.js';

const HELP = `concord — integrated-care workforce, surveys, care coordination and CP enrollment

Usage:
  concord start                      build the web app if needed, migrate, load the demo data on first start, serve
  concord serve [--port N]           migrate and serve (API, web app, job runner)
  concord migrate                    apply database migrations
  concord seed --demo                load the demo dataset into an empty database
  concord user create --email E --given-name G --family-name F --org CODE [--role ROLE] [--system-admin]
                                     create a sign-in (password from CONCORD_PASSWORD)
  concord import people FILE --org CODE
                                     import people and roles from an .xlsx or .csv file
  concord import completions FILE --org CODE
                                     import training completions earned elsewhere (.xlsx or .csv)
  concord import attendance FILE --session ID [--confirm]
                                     import a live session's participant report (the webinar platform's CSV);
                                     --confirm imports a report whose date or title differs from the session's
  concord certificates render --completion ID --out FILE
                                     write a completion's certificate (PDF)
  concord compliance remind --org CODE [--dry-run]
                                     send today's reminders, escalations and flags (each once); --dry-run lists them
  concord compliance report --org CODE [--as-of DATE [--as-corrected]] --out FILE.xlsx|csv|pdf
                                     the readiness-review evidence pack as of a day (today if absent), as
                                     known on it, or --as-corrected: counting what was recorded since
  concord surveys export SURVEY --format xlsx|csv|pdf|fhir|fhir-responses --out FILE
                                     a survey's results (spreadsheet, CSV, PDF findings report, FHIR
                                     QuestionnaireResponses) or the survey as a FHIR Questionnaire
  concord surveys import-questionnaire FILE.json --org CODE
                                     a draft survey from a FHIR Questionnaire
  concord audit verify [--public-key FILE]
                                     check the audit trail's hash chains and its signed checkpoints; exits 1
                                     naming the first row that cannot be trusted
  concord audit checkpoint           sign each chain's head into the checkpoint file (the server does so hourly)
  concord backup [--out FILE]        the database and the data folder's files in one .tar.gz, with progress
                                     (the embedded database: stop the server first)
  concord restore FILE               into a new data folder (and on PostgreSQL a new, empty database), then
                                     check every table's row count and the audit trail against the backup

Settings (environment): DATABASE_URL (PostgreSQL; default the embedded database in ./data),
DATABASE_APP_URL, CONCORD_DATA_DIR, HOST, PORT, CONCORD_COOKIE_SECURE, CONCORD_SMTP_URL, CONCORD_MAIL_FROM, LOG_LEVEL.`;

async function main(argv: string[]): Promise<number> {
  // A Questionnaire or file the command reads is checked by the same schemas as the API, in the same words.
  installPlainMessages();
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      demo: { type: 'boolean' },
      email: { type: 'string' },
      'given-name': { type: 'string' },
      'family-name': { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      'system-admin': { type: 'boolean' },
      session: { type: 'string' },
      completion: { type: 'string' },
      out: { type: 'string' },
      'dry-run': { type: 'boolean' },
      confirm: { type: 'boolean' },
      'as-of': { type: 'string' },
      'as-corrected': { type: 'boolean' },
      format: { type: 'string' },
      'public-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 1;
  }
  const port = values.port ? Number(values.port) : undefined;
  if (command === 'start') await ensureWebBuilt();
  // A backup reads the database as it is and a restore needs it empty: neither opens (and migrates) it first.
  if (command === 'backup') return backup(loadConfig(), values.out).then(() => 0);
  if (command === 'restore') return (await restore(loadConfig(), sub)) ? 0 : 1;
  const rt = await openRuntime(loadConfig());
  const keepOpen = command === 'start' || command === 'serve';
  try {
    switch (command) {
      case 'start': {
        const seeded = await rt.seedIfEmpty();
        if (seeded) printDemo(seeded);
        await serve(rt, { port });
        return 0;
      }
      case 'serve':
        await serve(rt, { port });
        return 0;
      case 'migrate':
        process.stdout.write(`Migrations applied (${rt.database.kind}).\n`);
        return 0;
      case 'seed':
        if (!values.demo) throw new UsageError('seed needs --demo');
        await seed(rt);
        return 0;
      case 'user':
        if (sub !== 'create') throw new UsageError('Did you mean: concord user create …');
        await createUser(rt, {
          email: values.email,
          givenName: values['given-name'],
          familyName: values['family-name'],
          org: values.org,
          role: values.role,
          systemAdmin: values['system-admin'],
        });
        return 0;
      case 'import':
        if (sub === 'people') return (await importPeople(rt, arg, values.org)) ? 0 : 1;
        if (sub === 'completions') return (await importCompletions(rt, arg, values.org)) ? 0 : 1;
        if (sub === 'attendance')
          return (await importAttendance(rt, arg, values.session, Boolean(values.confirm))) ? 0 : 1;
        throw new UsageError(
          'Did you mean: concord import people|completions FILE --org CODE, or import attendance FILE --session ID',
        );
      case 'certificates':
        if (sub !== 'render')
          throw new UsageError('Did you mean: concord certificates render --completion ID --out FILE');
        await renderCertificate(rt, values.completion, values.out);
        return 0;
      case 'surveys':
        if (sub === 'export') {
          await exportSurvey(rt, arg, values.format, values.out);
          return 0;
        }
        if (sub === 'import-questionnaire') {
          await importQuestionnaire(rt, arg, values.org);
          return 0;
        }
        throw new UsageError(
          'Did you mean: concord surveys export SURVEY --format xlsx|csv|pdf|fhir|fhir-responses --out FILE, or surveys import-questionnaire FILE.json --org CODE',
        );
      case 'compliance':
        if (sub === 'remind') {
          await remind(rt, values.org, Boolean(values['dry-run']));
          return 0;
        }
        if (sub === 'report')
          return (await report(rt, values.org, values['as-of'], values.out, values['as-corrected'])) ? 0 : 1;
        throw new UsageError(
          'Did you mean: concord compliance remind --org CODE [--dry-run], or compliance report --org CODE --out FILE',
        );
      case 'audit':
        if (sub === 'verify') return (await verifyAudit(rt, values['public-key'])) ? 0 : 1;
        if (sub === 'checkpoint') return (await checkpointAudit(rt)) ? 0 : 1;
        throw new UsageError('Did you mean: concord audit verify [--public-key FILE], or audit checkpoint');
      default:
        throw new UsageError(`Unknown command "${command}". Run concord --help.`);
    }
  } finally {
    if (!keepOpen) await rt.close();
  }
}

/**
 * What the terminal shows for an error: the message of one meant for a person (a usage error, an API
 * error with its issues); otherwise one line, never a database statement or its values, and the stack
 * only at LOG_LEVEL=debug.
 */
function cliMessage(err: unknown): string {
  if (err instanceof AppError)
    return [
      err.message,
      ...(err.issues ?? []).map(
        (i) => `  ${[i.row && `row ${i.row}`, i.column ?? i.path].filter(Boolean).join(', ')}: ${i.message}`,
      ),
    ].join('\n');
  if (err instanceof UsageError || err instanceof ConfigError || !(err instanceof Error))
    return String((err as Error)?.message ?? err);
  if (showsStacks()) return String(err.stack);
  // A failed query's message is its SQL and parameters; the database's own message is its cause's.
  const cause = (err as { cause?: unknown }).cause;
  const message = /^Failed query/.test(err.message) && cause instanceof Error ? cause.message : err.message;
  return `Concord stopped: ${message.split('\n')[0]} (LOG_LEVEL=debug shows where)`;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`${cliMessage(err)}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
