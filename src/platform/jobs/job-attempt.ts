import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { type Job, jobs } from './jobs.tables.js';

/** Thrown into a run that no longer holds its job: another process took its process to have stopped. */
export class JobLost extends Error {
  constructor(job: Pick<Job, 'id' | 'kind'>) {
    super(
      `This run of job ${job.id} (${job.kind}) no longer holds it: another process found it stopped and settled it, so this run's changes are not kept`,
    );
    this.name = 'JobLost';
  }
}

type Attempt = Pick<Job, 'orgId' | 'id' | 'attempts'>;

/**
 * The condition every write by an attempt carries (a fencing token): the job is still running, as this
 * attempt, claimed by this runner. A run that was taken to have stopped, and settled by another process,
 * can then change nothing — not its progress, not its outcome, and (through `ctx.applied`) not the data.
 */
export const heldBy = (job: Attempt, runner: string) =>
  and(
    eq(jobs.orgId, job.orgId),
    eq(jobs.id, job.id),
    eq(jobs.status, 'running'),
    eq(jobs.lockedBy, runner),
    eq(jobs.attempts, job.attempts),
  );

/**
 * Like `heldBy`, for the outcome: also a job that another process settled as succeeded because this run's
 * changes had committed (`applied_at`) before it fell silent, so that the real result replaces the guess.
 */
export const settledBy = (job: Attempt, runner: string) =>
  and(
    eq(jobs.orgId, job.orgId),
    eq(jobs.id, job.id),
    eq(jobs.lockedBy, runner),
    eq(jobs.attempts, job.attempts),
    or(eq(jobs.status, 'running'), and(eq(jobs.status, 'succeeded'), isNotNull(jobs.appliedAt))),
  );

/**
 * Writes the attempt's heartbeat every `everyMs`, on its own timer, whatever the handler is doing (reading a
 * file, waiting on a long statement): a job is alive exactly as long as its heartbeat is recent. Calls
 * `onLost` if the job is no longer this attempt's.
 */
export function startHeartbeat(
  db: Db,
  job: Attempt,
  runner: string,
  everyMs: number,
  onLost: () => void,
  log?: Logger,
) {
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const beat = async () => {
    const held = await db
      .update(jobs)
      .set({ heartbeatAt: sql`clock_timestamp()` })
      .where(heldBy(job, runner))
      .returning({ id: jobs.id });
    if (held.length === 0) onLost();
  };
  const schedule = () => {
    timer = setTimeout(() => {
      inflight = beat()
        .catch((err) => log?.warn({ err, jobId: job.id }, 'job heartbeat failed'))
        .then(() => {
          if (!stopped) schedule();
        });
    }, everyMs);
  };
  schedule();
  return {
    /** Stops beating; resolves once no heartbeat is in flight, so none lands after the outcome. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inflight;
    },
  };
}

/**
 * Marks, in the handler's own transaction, that the job's changes are committing: fails (rolling them back)
 * if this attempt no longer holds the job, and otherwise locks the job's row until the commit, so no other
 * process can settle it meanwhile. Called last, just before the commit.
 */
export async function markApplied(
  tx: Db,
  job: Pick<Job, 'orgId' | 'id' | 'attempts' | 'kind'>,
  runner: string,
) {
  const held = await tx
    .update(jobs)
    .set({ appliedAt: sql`clock_timestamp()`, heartbeatAt: sql`clock_timestamp()` })
    .where(heldBy(job, runner))
    .returning({ id: jobs.id });
  if (held.length === 0) throw new JobLost(job);
}
