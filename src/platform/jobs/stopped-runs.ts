import { and, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, rows } from '../db/client.js';
import { type Interruption, judgeStoppedRun } from './interruption.js';
import { jobs } from './jobs.tables.js';

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
  const silent = exclusive
    ? sql``
    : // At most, not less than: PGlite's clock moves in whole milliseconds, so a heartbeat and the look that
      // follows it can read the same time, and a silence of `staleAfterMs` = 0 must still count.
      sql`and coalesce(heartbeat_at, locked_at, run_at) <= clock_timestamp() - ${`${staleAfterMs} milliseconds`}::interval`;
  const settled = await db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const stopped = await rows<{
      orgId: string;
      id: string;
      kind: string;
      attempts: number;
      maxAttempts: number;
      progressDone: number;
      progressTotal: number | null;
      applied: boolean;
      lockedBy: string | null;
    }>(
      tx,
      sql`select org_id as "orgId", id, kind, attempts, max_attempts as "maxAttempts",
          progress_done as "progressDone", progress_total as "progressTotal", applied_at is not null as applied,
          locked_by as "lockedBy"
        from jobs
        where status = 'running' and locked_by is distinct from ${runner} ${silent}
        order by locked_at limit ${BATCH}
        for update skip locked`,
    );
    const verdicts = [];
    for (const run of stopped) {
      const verdict = judgeStoppedRun(run, kindOf(run.kind));
      await tx
        .update(jobs)
        .set({
          status: verdict.status,
          message: verdict.message,
          lockedAt: null,
          ...(verdict.status === 'queued' ? { runAt: sql`now()` } : { finishedAt: sql`now()` }),
        })
        .where(and(eq(jobs.orgId, run.orgId), eq(jobs.id, run.id)));
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
