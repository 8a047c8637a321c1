import type { Logger } from 'pino';
import type { Db } from '../db/client.js';
import { type Interruption, judgeStoppedRun } from './interruption.js';
import { lockStoppedRuns, settleStoppedRow } from './jobs.repository.js';

export interface StoppedRunSearch {
  /** This process's runner: its own running jobs are alive by definition. */
  runner: string;
  /** A heartbeat older than this means the run's process stopped. */
  staleAfterMs: number;
  /** No other process can reach the database (PGlite, its folder locked): every other runner's job stopped. */
  exclusive: boolean;
  kindOf(kind: string): Interruption | undefined;
  log?: Logger | undefined;
}

const BATCH = 100;

/**
 * Settles the jobs whose process stopped while running them (killed, crashed, its machine gone): kept as
 * succeeded if their changes had committed, queued again while attempts remain, otherwise failed — each
 * with a message saying what happened. Rows are claimed with SKIP LOCKED, so a run committing its changes
 * (which holds its job's row) is never settled under it, and two processes never settle the same job.
 * Returns how many were settled.
 */
export async function settleStoppedRuns(db: Db, search: StoppedRunSearch): Promise<number> {
  const { runner, staleAfterMs, exclusive, kindOf, log } = search;
  const settled = await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const stopped = await lockStoppedRuns(tx, { runner, staleAfterMs, exclusive, limit: BATCH });
    const verdicts = [];
    for (const run of stopped) {
      const verdict = judgeStoppedRun(run, kindOf(run.kind));
      await settleStoppedRow(tx, run, verdict);
      verdicts.push({ run, verdict });
    }
    return verdicts;
  });
  for (const { run, verdict } of settled) {
    log?.warn(
      { jobId: run.id, kind: run.kind, runner: run.lockedBy, status: verdict.status },
      'found a job whose process stopped',
    );
    // A queued job's next attempt clears up after the last itself, and may already have started.
    if (verdict.status === 'queued') continue;
    await kindOf(run.kind)
      ?.cleanUp?.(db, run)
      .catch((err: unknown) => log?.error({ err, jobId: run.id }, 'cleaning up after a stopped job failed'));
  }
  return settled.length;
}
