import os from 'node:os';
import { findOrganisationByCode } from '../domains/organisations/index.js';
import type { Actor } from '../platform/auth/actor.js';
import { find, type Job } from '../platform/jobs/queue.js';
import { progressBar } from './progress.js';
import type { Runtime } from './runtime.js';
import { UsageError } from './usage-error.js';

// What several commands share: the operator as an actor, an organisation by its code, following a job.

const NOBODY = '00000000-0000-0000-0000-000000000000';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
