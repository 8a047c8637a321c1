import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import * as q from './jobs.repository.js';
import type { Job } from './jobs.tables.js';

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
    if (!(await q.beat(db, job, runner))) onLost();
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
  if (!(await q.markAppliedRow(tx, job, runner))) throw new JobLost(job);
}
