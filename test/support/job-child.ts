// A process that starts a people (or enrollee roster) import and runs it, killing itself with SIGKILL at a chosen point — as
// `kill -9` of the server or the CLI would — for the crash tests. Takes one JSON argument (ChildOrder);
// prints {"orgId", "jobId"} once the job is queued.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { buildServices } from '../../src/app.js';
import { operatorAt } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/config.js';
import { ROSTER_IMPORT_JOB, rosterImportJob } from '../../src/domains/care/index.js';
import { findOrganisationByCode, insertOrganisation } from '../../src/domains/organisations/index.js';
import { PEOPLE_IMPORT_JOB, peopleImportJob } from '../../src/domains/people/index.js';
import { openDatabase } from '../../src/platform/db/client.js';
import type { JobContext, JobHandler } from '../../src/platform/jobs/queue.js';

export interface ChildOrder {
  /** PostgreSQL; otherwise the embedded database in `dataDir`/pglite. */
  databaseUrl?: string;
  dataDir: string;
  orgCode: string;
  file: string;
  maxAttempts: number;
  /**
   * Where to die: `reading` at the first progress report (rows being read and staged), `checking` when the
   * checks across rows begin (on PostgreSQL, applying has begun in the open transaction), `applied` just
   * after the import's transaction committed, before the job is finished.
   */
  dieAt: 'reading' | 'checking' | 'applied';
  /** A people import (at a provider) unless `roster`: an enrollee roster import (at a plan). */
  kind?: 'people' | 'roster';
}

const order = JSON.parse(process.argv[2]!) as ChildOrder;
const die = () => process.kill(process.pid, 'SIGKILL');

const database = await openDatabase({
  databaseUrl: order.databaseUrl,
  dataDir: order.databaseUrl ? undefined : path.join(order.dataDir, 'pglite'),
});
await database.migrate();
const config = { ...loadConfig({}), dataDir: order.dataDir };
const services = await buildServices({ database, config, logger: false });

const roster = order.kind === 'roster';
const real = (roster ? rosterImportJob : peopleImportJob)({
  database,
  audit: services.audit,
  files: services.files,
});
let committed = false;
const dying: JobHandler = (job, ctx) => {
  const watched: JobContext = {
    ...ctx,
    async progress(done, total, message) {
      if (committed) die();
      await ctx.progress(done, total, message);
      if (order.dieAt === 'reading' || (order.dieAt === 'checking' && done >= 75)) die();
    },
    async applied(tx) {
      await ctx.applied(tx);
      committed = true; // the transaction commits next; the next progress report comes after it
    },
  };
  return real(job, watched);
};
services.jobs.register(
  roster ? ROSTER_IMPORT_JOB : PEOPLE_IMPORT_JOB,
  Object.assign(dying, { interruption: real.interruption }),
);

const org =
  (await findOrganisationByCode(database.system, order.orgCode)) ??
  (await insertOrganisation(database.system, {
    kind: roster ? 'plan' : 'provider',
    code: order.orgCode,
    name: `Crash test ${order.orgCode}`,
  }));
const upload = {
  fileName: path.basename(order.file),
  contentType: 'text/csv',
  stream: createReadStream(order.file),
};
const operator = operatorAt(org);
const job = roster
  ? await services.rosterImport.startImport(
      {
        ...operator,
        memberships: [
          { orgId: org.id, orgName: org.name, orgCode: org.code, orgKind: 'plan', roles: ['org_admin'] },
        ],
      },
      upload,
      order.maxAttempts,
    )
  : await services.peopleImport.startImport(operator, upload, order.maxAttempts);
console.log(JSON.stringify({ orgId: org.id, jobId: job.id }));
await services.jobs.drain();
console.log(JSON.stringify({ finished: true }));
await database.close();
