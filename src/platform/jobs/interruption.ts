import type { Db } from '../db/client.js';
import type { Job } from './jobs.tables.js';

/**
 * What a kind of job promises about a run that stops partway (its process killed, the machine gone): said in
 * the job's message by whichever process finds it, so it must be true of every run of the kind.
 */
export interface Interruption {
  /** What the job is, in words: "import". */
  noun: string;
  /**
   * The job's changes are made in one transaction that records `ctx.applied(tx)` last, so a run that stopped
   * before that left nothing behind, and one that stopped after it kept everything.
   */
  allOrNothing: boolean;
  /** Removes what a stopped run left that no later run of this job will (staging rows); run once it is over. */
  cleanUp?(db: Db, job: Pick<Job, 'orgId' | 'id'>): Promise<void>;
}

export interface StoppedRun {
  attempts: number;
  maxAttempts: number;
  progressDone: number;
  progressTotal: number | null;
  /** The run's transaction committed (`ctx.applied`) before the process stopped. */
  applied: boolean;
}

export interface Verdict {
  status: 'queued' | 'succeeded' | 'failed';
  message: string;
}

/**
 * What becomes of a run whose process stopped: kept if its changes committed, tried again while attempts
 * remain, otherwise failed; and what to tell the person who started it.
 */
export function judgeStoppedRun(run: StoppedRun, kind: Interruption | undefined): Verdict {
  const noun = kind?.noun ?? 'job';
  const at =
    run.progressTotal && run.progressTotal > 0
      ? ` at ${Math.min(100, Math.floor((run.progressDone / run.progressTotal) * 100))}%`
      : '';
  const stopped = `The process running this ${noun} stopped${at}`;
  if (run.applied)
    return {
      status: 'succeeded',
      message: `${stopped}, after its changes were saved: they are kept, but no summary or result file was written.`,
    };
  const what = kind?.allOrNothing ? `${stopped}; nothing was applied.` : `${stopped} before it finished.`;
  if (run.attempts < run.maxAttempts)
    return {
      status: 'queued',
      message: `${what} It will be tried again (attempt ${run.attempts + 1} of ${run.maxAttempts}).`,
    };
  return {
    status: 'failed',
    message: `${what} ${kind?.allOrNothing ? `Run the ${noun} again.` : 'It will not be tried again.'}`,
  };
}
