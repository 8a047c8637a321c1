// A process that uploads a Community Partner enrollment batch and runs its job, killing itself with SIGKILL
// at a chosen point — as `kill -9` of the server would — for the enrollment batch crash tests. Takes one
// JSON argument (EnrollmentChildOrder); prints {"jobId"} once the job is queued.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { buildServices } from '../../src/app.js';
import { operatorAt } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/config.js';
import { ENROLLMENT_BATCH_JOB, enrollmentBatchJob } from '../../src/domains/enrollment/index.js';
import { findOrganisation } from '../../src/domains/organisations/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import type { JobContext, JobHandler } from '../../src/platform/jobs/queue.js';

export interface EnrollmentChildOrder {
  /** PostgreSQL; otherwise the embedded database in `dataDir`/pglite. */
  databaseUrl?: string;
  dataDir: string;
  /** The ACO or MCO that sends the batch. */
  orgId: string;
  file: string;
  maxAttempts: number;
  /**
   * Where to die: at the first progress report at or past a share (0: before the batch is recorded; 1: while
   * its rows are read and staged; 55: staged, before its transaction), or inside its transaction with every
   * span written (`applying`: before the job's applied mark, `marked`: after it, before the commit), or
   * `applied`: just after the transaction committed, before the job is finished.
   */
  dieAt: number | 'applying' | 'marked' | 'applied';
}

const order = JSON.parse(process.argv[2]!) as EnrollmentChildOrder;
const die = () => process.kill(process.pid, 'SIGKILL');

const database = await openDatabase({
  databaseUrl: order.databaseUrl,
  dataDir: order.databaseUrl ? undefined : path.join(order.dataDir, 'pglite'),
});
await database.migrate();
const config = { ...loadConfig({}), dataDir: order.dataDir };
const services = await buildServices({ database, config, logger: false });

const real = enrollmentBatchJob({ database, audit: services.audit, files: services.files });
let committed = false;
const dying: JobHandler<typeof ENROLLMENT_BATCH_JOB> = (job, ctx) => {
  const watched: JobContext = {
    ...ctx,
    async progress(done, total, message) {
      if (committed) die();
      await ctx.progress(done, total, message);
      if (typeof order.dieAt === 'number' && done >= order.dieAt) die();
    },
    async applied(tx) {
      if (order.dieAt === 'applying') die();
      await ctx.applied(tx);
      if (order.dieAt === 'marked') die();
      committed = true; // the transaction commits next; the next progress report comes after it
    },
  };
  return real(job, watched);
};
services.jobs.register(ENROLLMENT_BATCH_JOB, Object.assign(dying, { interruption: real.interruption }));

const org = (await findOrganisation(database.system, order.orgId))!;
const submitter = { ...operatorAt(org), roles: ['enrollment_submitter' as const] };
const job = await services.enrollment.importer.startImport(
  {
    ...submitter,
    memberships: [
      { orgId: org.id, orgName: org.name, orgCode: org.code, orgKind: org.kind, roles: submitter.roles },
    ],
  },
  { fileName: path.basename(order.file), contentType: 'text/csv', stream: createReadStream(order.file) },
  order.maxAttempts,
  { checkOnly: 'no', submitterKind: org.kind },
);
console.log(JSON.stringify({ jobId: job.id }));
await services.jobs.drain();
console.log(JSON.stringify({ finished: true }));
await database.close();
