import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { copyFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { normaliseEmail } from '@contract/text/identifiers.js';
import { buildApp } from '../app.js';
import { findOrganisationByCode } from '../domains/organisations/index.js';
import {
  findPersonByEmail,
  insertPerson,
  insertRole,
  ROLE_KINDS,
  type RoleKind,
} from '../domains/people/index.js';
import { findCompletionOwner, findSessionOwner } from '../domains/training/index.js';
import type { Actor } from '../platform/auth/actor.js';
import type { Db } from '../platform/db/client.js';
import { webDist } from '../platform/http/web.js';
import type { FileImporter } from '../platform/jobs/file-import.js';
import { find, type Job } from '../platform/jobs/queue.js';
import { DEMO_PASSWORD, isSeeded, seedDemo } from '../seed/demo.js';
import { progressBar } from './progress.js';
import type { Runtime } from './runtime.js';

export class UsageError extends Error {}

const NOBODY = '00000000-0000-0000-0000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The newest modification time of a file under `dir` (or of `dir` itself when it is a file), 0 when absent. */
function newestChange(dir: string): number {
  if (!existsSync(dir)) return 0;
  const stats = statSync(dir);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(
    stats.mtimeMs,
    ...readdirSync(dir)
      .filter((name) => name !== 'dist' && name !== 'node_modules')
      .map((name) => newestChange(path.join(dir, name))),
  );
}

/** Builds the web app when it has not been built, or when its sources changed since (after a pull). */
export async function ensureWebBuilt() {
  const index = path.join(webDist, 'index.html');
  const root = path.resolve(webDist, '../..');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = ['web', 'src', 'vite.config.ts', 'package-lock.json'].map((p) => path.join(root, p));
  if (built > 0 && Math.max(...sources.map(newestChange)) <= built) return;
  process.stderr.write(
    built ? 'Building the web app (its sources changed)…\n' : 'Building the web app (first start only)…\n',
  );
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}

export async function serve(rt: Runtime, options: { port?: number | undefined }) {
  const { app, services } = await buildApp({
    database: rt.database,
    config: rt.config,
    logger: rt.logger,
    web: true,
  });
  const port = options.port ?? rt.config.port;
  await app.listen({ host: rt.config.host, port });
  services.jobs.start();
  await services.auditCheckpoints.start(rt.config.auditCheckpointMinutes * 60_000);
  await services.reminders.ensureScheduled();
  const url = `http://${rt.config.host === '0.0.0.0' ? '127.0.0.1' : rt.config.host}:${port}`;
  process.stdout.write(
    `Concord is running at ${url} (database: ${rt.database.kind}; API reference at ${url}/docs)\n`,
  );
  const shutdown = async () => {
    await app.close();
    await services.auditCheckpoints.stop();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return url;
}

export async function seed(rt: Runtime) {
  if (await isSeeded(rt.database)) {
    process.stdout.write(
      'The database already has data; the demo dataset is only loaded into an empty one.\n',
    );
    return;
  }
  const result = await seedDemo({ database: rt.database, auth: rt.services.auth, audit: rt.services.audit });
  printDemo(result);
}

export function printDemo(result: { organisations: number; people: number; users: readonly string[] }) {
  process.stdout.write(
    `Loaded the demo dataset: ${result.organisations} organisations, ${result.people} people.\n` +
      `Sign in as ${result.users[0]} (system administrator) with password ${DEMO_PASSWORD}.\n` +
      `Other demo sign-ins, same password: ${result.users.slice(1).join(', ')}\n`,
  );
}

export async function createUser(
  rt: Runtime,
  o: {
    email?: string;
    givenName?: string;
    familyName?: string;
    org?: string;
    role?: string;
    systemAdmin?: boolean;
  },
) {
  const password = process.env.CONCORD_PASSWORD;
  if (!o.email || !o.givenName || !o.familyName || !o.org)
    throw new UsageError('user create needs --email, --given-name, --family-name and --org');
  if (!password)
    throw new UsageError(
      'Set the new password in the CONCORD_PASSWORD environment variable (12 characters or more).',
    );
  const email = normaliseEmail(o.email);
  if (email.problem) throw new UsageError(`--email: ${email.problem}.`);
  const role = (o.role ?? 'org_admin') as RoleKind;
  if (!ROLE_KINDS.includes(role)) throw new UsageError(`--role must be one of: ${ROLE_KINDS.join(', ')}`);
  const db = rt.database.system;
  const org = await organisationByCode(rt, o.org);
  const user = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const person =
      (await findPersonByEmail(t, email.value)) ??
      (await insertPerson(t, {
        homeOrgId: org.id,
        givenName: o.givenName!,
        familyName: o.familyName!,
        email: email.value,
      }));
    await insertRole(t, {
      orgId: org.id,
      personId: person.id,
      role,
      startsOn: massachusettsToday(),
    });
    return person;
  });
  const account = await rt.services.auth.createUser({
    personId: user.id,
    email: email.value,
    password,
    isSystemAdmin: o.systemAdmin ?? false,
  });
  process.stdout.write(
    `Created ${account.email}${o.systemAdmin ? ' (system administrator)' : ''}, ${role} at ${org.name}.\n`,
  );
}

/**
 * The operator at the terminal, acting for an organisation as its administrator and training administrator;
 * the audit trail records them by their login name.
 */
/** The command line acting at an organisation as its administrator (audited under the operator's login). */
export function operatorAt(org: { id: string }): Actor {
  return {
    userId: NOBODY,
    personId: NOBODY,
    name: `concord CLI (${os.userInfo().username})`,
    email: '',
    isSystemAdmin: false,
    orgId: org.id,
    roles: ['org_admin', 'training_admin'],
    memberships: [],
    ip: null,
    userAgent: 'concord-cli',
    sessionId: NOBODY,
    csrfToken: '',
  };
}

export async function organisationByCode(rt: Runtime, code: string) {
  const org = await findOrganisationByCode(rt.database.system, code);
  if (!org) throw new UsageError(`No organisation has the code ${code}`);
  return org;
}

/**
 * Follows one job with a progress bar until it is finished, and returns it. The job runs here when it is
 * due and no other process has taken it (on PostgreSQL a server may run it instead); no other job runs here.
 */
export async function followJob(rt: Runtime, orgId: string, jobId: string, label: string) {
  const bar = progressBar(label);
  const finished = (job: Job | undefined) => !job || job.status === 'succeeded' || job.status === 'failed';
  let done = false;
  const working = (async () => {
    while (!finished(await find(rt.database.system, orgId, jobId))) {
      if (!(await rt.services.jobs.runOne(orgId, jobId))) await new Promise((r) => setTimeout(r, 500));
    }
  })().finally(() => {
    done = true;
  });
  while (!done) {
    const current = await find(rt.database.system, orgId, jobId);
    if (current)
      bar.update(
        Math.round(((current.progressDone ?? 0) / (current.progressTotal || 100)) * 100),
        current.message ?? '',
      );
    await new Promise((r) => setTimeout(r, 250));
  }
  await working;
  bar.update(100, '');
  bar.stop();
  return find(rt.database.system, orgId, jobId);
}

/**
 * Runs a file import the way the web page does — the file stored, a job queued — then runs the job here
 * with a progress bar, and puts the result workbook beside the input file, where its owner will look.
 */
async function runFileImport(
  rt: Runtime,
  spec: { file: string | undefined; orgCode: string | undefined; importer: FileImporter; usage: string },
) {
  const { file, orgCode } = spec;
  if (!file || !orgCode) throw new UsageError(spec.usage);
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const org = await organisationByCode(rt, orgCode);
  const fileName = path.basename(file);
  const upload = { fileName, contentType: 'application/octet-stream', stream: createReadStream(file) };
  const job = await spec.importer.startImport(operatorAt(org), upload, 1);
  return finishImport(rt, org.id, job.id, file);
}

/** Runs an import's job here with a progress bar; prints its outcome and puts its result file beside the input. */
async function finishImport(rt: Runtime, orgId: string, jobId: string, file: string) {
  const fileName = path.basename(file);
  const final = await followJob(rt, orgId, jobId, `Importing ${fileName}`);
  const result = final?.result as { outcome?: string; message?: string; resultFileId?: string } | null;
  process.stdout.write(`${result?.message ?? final?.message ?? 'The import did not finish.'}\n`);
  if (result?.resultFileId) {
    const out = path.join(
      path.dirname(path.resolve(file)),
      `${fileName.replace(/\.[^.]+$/, '')}-result.xlsx`,
    );
    await copyFile(rt.services.files.pathOf(orgId, result.resultFileId), out);
    process.stdout.write(`Result file: ${out}\n`);
  }
  return result?.outcome === 'imported';
}

export const importPeople = (rt: Runtime, file: string | undefined, orgCode: string | undefined) =>
  runFileImport(rt, {
    file,
    orgCode,
    importer: rt.services.peopleImport,
    usage: 'import people needs a FILE and --org CODE',
  });

export const importCompletions = (rt: Runtime, file: string | undefined, orgCode: string | undefined) =>
  runFileImport(rt, {
    file,
    orgCode,
    importer: rt.services.completionsImport,
    usage: 'import completions needs a FILE and --org CODE',
  });

/** Imports a live session's participant report, as the organisation running the session. */
export async function importAttendance(
  rt: Runtime,
  file: string | undefined,
  sessionId: string | undefined,
  confirmed = false,
) {
  if (!file || !sessionId) throw new UsageError('import attendance needs a FILE and --session ID');
  if (!UUID.test(sessionId))
    throw new UsageError(`--session takes a session id (a UUID), not "${sessionId}"`);
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const session = await findSessionOwner(rt.database.system, sessionId);
  if (!session) throw new UsageError(`No training session has the id ${sessionId}`);
  process.stdout.write(`Importing ${path.basename(file)} into “${session.title}”…\n`);
  const upload = { fileName: path.basename(file), contentType: 'text/csv', stream: createReadStream(file) };
  const job = await rt.services.training.importAttendance(
    operatorAt({ id: session.orgId }),
    sessionId,
    async () => upload,
    1,
    confirmed,
  );
  return finishImport(rt, session.orgId, job.id, file);
}

/** Writes a completion's certificate PDF, as the organisation that recorded the completion. */
export async function renderCertificate(
  rt: Runtime,
  completionId: string | undefined,
  out: string | undefined,
) {
  if (!completionId || !out) throw new UsageError('certificates render needs --completion ID and --out FILE');
  if (!UUID.test(completionId))
    throw new UsageError(`--completion takes a completion id (a UUID), not "${completionId}"`);
  const owner = await findCompletionOwner(rt.database.system, completionId);
  if (!owner) throw new UsageError(`No completion has the id ${completionId}`);
  const { completion, pdf } = await rt.services.training.certificate(
    operatorAt({ id: owner.orgId }),
    completionId,
  );
  await writeFile(out, pdf);
  process.stdout.write(
    `Wrote the certificate ${completion.certificateCode} (${completion.personName}, ${completion.topicTitle}${completion.revokedAt ? ', revoked' : ''}) to ${out}\n`,
  );
}
