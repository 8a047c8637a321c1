import { and, count, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../db/client.js';
import { type Job, jobs } from './jobs.tables.js';

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

export async function find(db: Db, orgId: string, id: string): Promise<Job | undefined> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.orgId, orgId), eq(jobs.id, id)));
  return job;
}

/** Jobs at an organisation, newest first; `createdBy` limits them to one user's. */
export async function listJobs(
  db: Db,
  orgId: string,
  page: { offset: number; limit: number },
  filter: { kind?: string | undefined; createdBy?: string | undefined } = {},
) {
  return db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.orgId, orgId),
        filter.kind ? eq(jobs.kind, filter.kind) : undefined,
        filter.createdBy ? eq(jobs.createdBy, filter.createdBy) : undefined,
      ),
    )
    .orderBy(desc(jobs.createdAt))
    .offset(page.offset)
    .limit(page.limit);
}

/** How many of one person's (or client's) jobs of a kind wait or run at the organisation. */
export async function unfinishedOf(db: Db, orgId: string, kind: string, createdBy: string) {
  const [row] = await db
    .select({ n: count() })
    .from(jobs)
    .where(
      and(
        eq(jobs.orgId, orgId),
        eq(jobs.kind, kind),
        eq(jobs.createdBy, createdBy),
        inArray(jobs.status, ['queued', 'running']),
      ),
    );
  return row?.n ?? 0;
}

/** Forgets a job: a run under way loses it at its next heartbeat. */
export async function forget(db: Db, orgId: string, id: string) {
  await db.delete(jobs).where(and(eq(jobs.orgId, orgId), eq(jobs.id, id)));
}

export async function insertJob(tx: Db, values: typeof jobs.$inferInsert): Promise<Job> {
  const [job] = await tx.insert(jobs).values(values).returning();
  return job!;
}

/**
 * The organisation's queued job of this kind, if any. Callers in two transactions at once take turns (an
 * advisory lock until the commit), so the second sees the first's job.
 */
export async function queuedJobOfKind(tx: Db, orgId: string, kind: string): Promise<Job | undefined> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`jobs:${kind}:${orgId}`}))`);
  const [queued] = await tx
    .select()
    .from(jobs)
    .where(and(eq(jobs.orgId, orgId), eq(jobs.kind, kind), eq(jobs.status, 'queued')))
    .limit(1);
  return queued;
}

const claimNextRow = z.object({ org_id: z.string(), id: z.string() });
/** Claims the next due job (or this one, if due) for `runner`: its key, or nothing if none is due. */
export async function claimNext(db: Db, runner: string, only?: { orgId: string; id: string }) {
  return checkedRow(
    db,
    claimNextRow,
    sql`
      update jobs set status = 'running', attempts = attempts + 1, locked_at = now(), locked_by = ${runner},
        heartbeat_at = clock_timestamp(), applied_at = null
      where (org_id, id) = (
        select org_id, id from jobs
        where status = 'queued' and run_at <= now()
          ${only ? sql`and org_id = ${only.orgId} and id = ${only.id}` : sql``}
        order by run_at
        limit 1
        for update skip locked
      )
      returning org_id, id`,
  );
}

/** Writes an attempt's progress (and heartbeat) if it still holds the job. */
export async function writeProgress(
  db: Db,
  job: Attempt,
  runner: string,
  progress: { done: number; total: number | null; message?: string | undefined },
) {
  await db
    .update(jobs)
    .set({
      progressDone: progress.done,
      progressTotal: progress.total,
      heartbeatAt: sql`clock_timestamp()`,
      ...(progress.message ? { message: progress.message } : {}),
    })
    .where(heldBy(job, runner));
}

/** Writes an attempt's heartbeat; false if the attempt no longer holds its job. */
export async function beat(db: Db, job: Attempt, runner: string): Promise<boolean> {
  const held = await db
    .update(jobs)
    .set({ heartbeatAt: sql`clock_timestamp()` })
    .where(heldBy(job, runner))
    .returning({ id: jobs.id });
  return held.length > 0;
}

/** Marks, in the handler's transaction, that the attempt's changes commit; false if it no longer holds the job. */
export async function markAppliedRow(tx: Db, job: Attempt, runner: string): Promise<boolean> {
  const held = await tx
    .update(jobs)
    .set({ appliedAt: sql`clock_timestamp()`, heartbeatAt: sql`clock_timestamp()` })
    .where(heldBy(job, runner))
    .returning({ id: jobs.id });
  return held.length > 0;
}

/** Records an attempt's outcome unless another process settled the job since; false if it did. */
export async function settleAttempt(
  db: Db,
  job: Attempt,
  runner: string,
  values: Partial<typeof jobs.$inferInsert>,
): Promise<boolean> {
  const done = await db
    .update(jobs)
    .set({ ...values, lockedAt: null })
    .where(values.status === 'succeeded' ? settledBy(job, runner) : heldBy(job, runner))
    .returning({ id: jobs.id });
  return done.length > 0;
}

const stoppedRun = z.object({
  orgId: z.string(),
  id: z.string(),
  kind: z.string(),
  attempts: z.number(),
  maxAttempts: z.number(),
  progressDone: z.number(),
  progressTotal: z.number().nullable(),
  applied: z.boolean(),
  lockedBy: z.string().nullable(),
});
export type StoppedRunRow = z.infer<typeof stoppedRun>;

/**
 * Running jobs of other runners (silent for `staleAfterMs` unless `exclusive`), locked with SKIP LOCKED so
 * a run committing its changes (which holds its job's row) is never taken, and two processes never take
 * the same one.
 */
export async function lockStoppedRuns(
  tx: Db,
  search: { runner: string; staleAfterMs: number; exclusive: boolean; limit: number },
): Promise<StoppedRunRow[]> {
  const silent = search.exclusive
    ? sql``
    : // At most, not less than: PGlite's clock moves in whole milliseconds, so a heartbeat and the look that
      // follows it can read the same time, and a silence of `staleAfterMs` = 0 must still count.
      sql`and coalesce(heartbeat_at, locked_at, run_at) <= clock_timestamp() - ${`${search.staleAfterMs} milliseconds`}::interval`;
  return checkedRows(
    tx,
    stoppedRun,
    sql`select org_id as "orgId", id, kind, attempts, max_attempts as "maxAttempts",
          progress_done as "progressDone", progress_total as "progressTotal", applied_at is not null as applied,
          locked_by as "lockedBy"
        from jobs
        where status = 'running' and locked_by is distinct from ${search.runner} ${silent}
        order by locked_at limit ${search.limit}
        for update skip locked`,
  );
}

/** Settles a stopped run: queued again now, or finished now as succeeded or failed. */
export async function settleStoppedRow(
  tx: Db,
  run: Pick<Job, 'orgId' | 'id'>,
  verdict: { status: 'queued' | 'succeeded' | 'failed'; message: string },
) {
  await tx
    .update(jobs)
    .set({
      status: verdict.status,
      message: verdict.message,
      lockedAt: null,
      ...(verdict.status === 'queued' ? { runAt: sql`now()` } : { finishedAt: sql`now()` }),
    })
    .where(and(eq(jobs.orgId, run.orgId), eq(jobs.id, run.id)));
}
