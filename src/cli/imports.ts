import { createReadStream, existsSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { findSessionOwner } from '../domains/training/index.js';
import type { FileImporter } from '../platform/jobs/file-import.js';
import { followJob, operatorAt, organisationByCode, UUID } from './commands.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

/**
 * Runs a file import the way the web page does — the file stored, a job queued — then runs the job here
 * with a progress bar, and puts the result workbook beside the input file, where its owner will look.
 */
async function runFileImport(
  rt: Runtime,
  spec: {
    file: string | undefined;
    orgCode: string | undefined;
    importer: FileImporter;
    usage: string;
    /** The operator acts as the organisation's administrator, for a policy that asks what kind it is. */
    asKind?: boolean;
  },
) {
  const { file, orgCode } = spec;
  if (!file || !orgCode) throw new UsageError(spec.usage);
  if (!existsSync(file)) throw new UsageError(`No such file: ${file}`);
  const org = await organisationByCode(rt, orgCode);
  const fileName = path.basename(file);
  const upload = { fileName, contentType: 'application/octet-stream', stream: createReadStream(file) };
  const operator = operatorAt(org);
  const actor = spec.asKind
    ? {
        ...operator,
        memberships: [
          {
            orgId: org.id,
            orgName: org.name,
            orgCode: org.code,
            orgKind: org.kind,
            roles: [...operator.roles],
          },
        ],
      }
    : operator;
  const job = await spec.importer.startImport(actor, upload, 1);
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

/** Imports a plan's enrollee roster; only a plan, ACO or MCO holds enrollees. */
export const importEnrollees = (rt: Runtime, file: string | undefined, orgCode: string | undefined) =>
  runFileImport(rt, {
    file,
    orgCode,
    importer: rt.services.rosterImport,
    usage: 'import enrollees needs a FILE and --org CODE',
    asKind: true,
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
  const job = await rt.services.training.importAttendance({
    actor: operatorAt({ id: session.orgId }),
    id: sessionId,
    upload: async () => upload,
    maxAttempts: 1,
    confirmed,
  });
  return finishImport(rt, session.orgId, job.id, file);
}
