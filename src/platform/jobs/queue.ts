import { and, desc, eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Database, type Db, rows } from '../db/client.js';
import { jobs } from './jobs.tables.js';

export type Job = typeof jobs.$inferSelect;

export interface JobContext {
  /** Reports progress; written at most a few times a second. */
  progress(done: number, total: number | null, message?: string): Promise<void>;
  log: Logger | undefined;
}

/** A handler returns the job's result (stored as JSON); throwing retries the job with backoff. */
export type JobHandler = (job: Job, ctx: JobContext) => Promise<Record<string, unknown>>;

const STALE_AFTER_MS = 15 * 60_000;
const PROGRESS_EVERY_MS = 250;

/**
 * A job queue in the database, so it needs nothing but PostgreSQL (or PGlite). Workers claim jobs with
 * FOR UPDATE SKIP LOCKED, so several processes can share one queue; a failed attempt is retried with
 * exponential backoff up to the job's limit; a job left running by a crashed worker is taken up again.
 */
export function createJobQueue(database: Database, log?: Logger) {
  const handlers = new Map<string, JobHandler>();
  const db = database.system;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = true;
  let busy = false;
  let interval = 1_000;

  async function tick() {
    if (busy || stopped) return;
    busy = true;
    if (timer) clearTimeout(timer);
    running = queue.drain().catch((err) => log?.error({ err }, 'job queue poll failed'));
    await running;
    busy = false;
    if (!stopped) timer = setTimeout(() => void tick(), interval);
  }

  async function claim(): Promise<Job | undefined> {
    const [row] = await rows<{ org_id: string; id: string }>(
      db,
      sql`
      update jobs set status = 'running', attempts = attempts + 1, locked_at = now()
      where (org_id, id) = (
        select org_id, id from jobs
        where (status = 'queued' and run_at <= now())
           or (status = 'running' and locked_at < now() - ${`${STALE_AFTER_MS} milliseconds`}::interval)
        order by run_at
        limit 1
        for update skip locked
      )
      returning org_id, id`,
    );
    return row ? find(db, row.org_id, row.id) : undefined;
  }

  async function run(job: Job) {
    const handler = handlers.get(job.kind);
    let last = 0;
    const ctx: JobContext = {
      log,
      async progress(done, total, message) {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && done !== total) return;
        last = now;
        await db
          .update(jobs)
          .set({ progressDone: done, progressTotal: total, ...(message ? { message } : {}) })
          .where(and(eq(jobs.orgId, job.orgId), eq(jobs.id, job.id)));
      },
    };
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      const result = await handler(job, ctx);
      await finish(job, {
        status: 'succeeded',
        result,
        message: (result.message as string | undefined) ?? 'Done',
      });
    } catch (err) {
      log?.error({ err, jobId: job.id, kind: job.kind }, 'job attempt failed');
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      const message = cause ?? (err instanceof Error ? err.message : String(err));
      if (job.attempts < job.maxAttempts) {
        const delayMs = 2 ** job.attempts * 1_000;
        await db
          .update(jobs)
          .set({
            status: 'queued',
            runAt: new Date(Date.now() + delayMs),
            message: `Attempt ${job.attempts} failed (${message}); retrying`,
          })
          .where(and(eq(jobs.orgId, job.orgId), eq(jobs.id, job.id)));
      } else {
        await finish(job, {
          status: 'failed',
          result: null,
          message: `Failed after ${job.attempts} attempts: ${message}`,
        });
      }
    }
  }

  async function finish(
    job: Job,
    values: { status: 'succeeded' | 'failed'; result: Record<string, unknown> | null; message: string },
  ) {
    await db
      .update(jobs)
      .set({ ...values, finishedAt: new Date(), lockedAt: null })
      .where(and(eq(jobs.orgId, job.orgId), eq(jobs.id, job.id)));
  }

  const queue = {
    register(kind: string, handler: JobHandler) {
      handlers.set(kind, handler);
    },

    async enqueue(
      tx: Db,
      input: {
        orgId: string;
        kind: string;
        payload: Record<string, unknown>;
        createdBy?: string | null;
        maxAttempts?: number;
        /** Not before this time (a scheduled run); now if absent. */
        runAt?: Date;
      },
    ): Promise<Job> {
      const [job] = await tx
        .insert(jobs)
        .values({ ...input, createdBy: input.createdBy ?? null, maxAttempts: input.maxAttempts ?? 3 })
        .returning();
      queue.poke();
      return job!;
    },

    /** Runs queued jobs until none is due. Returns how many ran. */
    async drain(): Promise<number> {
      let n = 0;
      for (let job = await claim(); job; job = await claim()) {
        await run(job);
        n++;
      }
      return n;
    },

    /** Starts polling in this process. */
    start(pollMs = 1_000) {
      stopped = false;
      interval = pollMs;
      void tick();
    },

    /** Looks for work now rather than at the next poll (a job was just queued). */
    poke() {
      if (!stopped && !busy) void tick();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
  return queue;
}

export type JobQueue = ReturnType<typeof createJobQueue>;

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
