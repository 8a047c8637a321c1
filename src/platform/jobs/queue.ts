import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { plural } from '@contract/text/figures.js';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/client.js';
import type { Interruption } from './interruption.js';
import { JobLost, markApplied, startHeartbeat } from './job-attempt.js';
import * as q from './jobs.repository.js';
import type { Job, jobs } from './jobs.tables.js';
import { settleStoppedRuns } from './stopped-runs.js';

export type { Interruption } from './interruption.js';
export { JobLost } from './job-attempt.js';
export { find, listJobs } from './jobs.repository.js';
export type { Job } from './jobs.tables.js';

export interface JobContext {
  /** Reports progress; written at most a few times a second. */
  progress(done: number, total: number | null, message?: string): Promise<void>;
  /**
   * Call in the handler's own transaction, as its last statement before the commit: it fails (so nothing
   * commits) if this run no longer holds the job, and records that the changes are in, so that if the
   * process stops before the job is finished, it is not reported as having applied nothing.
   */
  applied(tx: Db): Promise<void>;
  /** Aborted when this run no longer holds the job (another process found it silent and settled it). */
  signal: AbortSignal;
  log: Logger | undefined;
}

/**
 * Every job kind and its payload. The module that defines a kind adds it here, beside its name, so that
 * queuing it with the wrong payload, or handling a payload it does not carry, does not compile:
 *
 *     export const PEOPLE_IMPORT_JOB = 'people.import';
 *     declare module '../../../platform/jobs/queue.js' {
 *       interface JobKinds { [PEOPLE_IMPORT_JOB]: FileImportPayload }
 *     }
 *
 * A kind not listed (a test's own) carries any JSON object.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in the modules defining kinds
export interface JobKinds {}

/** The payload a kind carries. */
export type PayloadOf<K extends string> = K extends keyof JobKinds ? JobKinds[K] : Record<string, unknown>;

/** A job as its handler sees it: the payload typed for its kind. */
export type JobOf<K extends string> = Omit<Job, 'payload'> & { payload: PayloadOf<K> };

/** What a job is queued with. */
export interface JobInput<K extends string = string> {
  orgId: string;
  kind: K;
  payload: PayloadOf<K>;
  createdBy?: string | null;
  maxAttempts?: number;
  /** Not before this time (a scheduled run); now if absent. */
  runAt?: Date;
}

/** A handler returns the job's result (stored as JSON); throwing retries the job with backoff. */
export interface JobHandler<K extends string = string> {
  (job: JobOf<K>, ctx: JobContext): Promise<Record<string, unknown>>;
  /** What a run of this kind that stops partway leaves behind; a plain "stopped before it finished" if absent. */
  interruption?: Interruption;
}

export interface JobQueueOptions {
  /** How often a running job's heartbeat is written. */
  heartbeatMs?: number;
  /** A running job whose heartbeat is older than this lost its process. */
  staleAfterMs?: number;
  /** How often a polling process looks for such jobs. */
  lookEveryMs?: number;
  /**
   * Only this process can reach the database (PGlite, whose folder is locked to one process; the default
   * there): a job left running by another runner lost its process, whatever its heartbeat says.
   */
  exclusive?: boolean;
}

const PROGRESS_EVERY_MS = 250;
// A dead runner's job is settled within about 40 s: silent for 30 s, found at the next look (every 10 s).
const DEFAULTS = { heartbeatMs: 5_000, staleAfterMs: 30_000, lookEveryMs: 10_000 };

/**
 * A job queue in the database, so it needs nothing but PostgreSQL (or PGlite). Workers claim jobs with
 * FOR UPDATE SKIP LOCKED, so several processes can share one queue; a failed attempt is retried with
 * exponential backoff up to the job's limit. A running job has a heartbeat; one whose heartbeat stops (its
 * process killed) is settled by whichever process looks next — failed, or queued again while attempts
 * remain — and the stopped run can no longer write to it.
 */
export function createJobQueue(database: Database, log?: Logger, options: JobQueueOptions = {}) {
  const { heartbeatMs, staleAfterMs, lookEveryMs } = { ...DEFAULTS, ...options };
  const exclusive = options.exclusive ?? database.kind === 'pglite';
  const handlers = new Map<string, JobHandler>();
  const db = database.system;
  /** This queue's name on the jobs it claims: host, process and instance. */
  const runner = `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  let timer: NodeJS.Timeout | undefined;
  let lookTimer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let looking: Promise<unknown> = Promise.resolve();
  let lastLook = Number.NEGATIVE_INFINITY;
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

  /** Looks for stopped runs now and then, also while this process is busy with a long job. */
  function lookLater() {
    lookTimer = setTimeout(() => {
      lastLook = Date.now();
      looking = queue
        .settleStopped()
        .catch((err) => log?.error({ err }, 'looking for stopped jobs failed'))
        .then(() => {
          if (!stopped) lookLater();
        });
    }, lookEveryMs);
  }

  /** For each drain: at most once in `lookEveryMs`, as a drain runs every poll. */
  async function lookForStoppedRuns() {
    if (Date.now() - lastLook < lookEveryMs) return 0;
    lastLook = Date.now();
    return queue.settleStopped();
  }

  /** The next due job (or this one, if it is due), now running here; nothing if none is due. */
  async function claim(only?: { orgId: string; id: string }): Promise<Job | undefined> {
    const row = await q.claimNext(db, runner, only);
    return row ? q.find(db, row.org_id, row.id) : undefined;
  }

  async function run(job: Job) {
    const handler = handlers.get(job.kind);
    const lost = new AbortController();
    const heartbeat = startHeartbeat(
      db,
      job,
      runner,
      heartbeatMs,
      () => {
        if (lost.signal.aborted) return;
        log?.warn({ jobId: job.id, kind: job.kind }, 'this run no longer holds its job');
        lost.abort(new JobLost(job));
      },
      log,
    );
    let last = 0;
    // Progress is written in the order it was reported: a write a handler did not wait for (a stream's) could
    // otherwise land on another connection after the final one, and leave a finished job short of 100%.
    let written: Promise<unknown> = Promise.resolve();
    const ctx: JobContext = {
      log,
      signal: lost.signal,
      async progress(done, total, message) {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && done !== total) return;
        last = now;
        const write = written.then(() => q.writeProgress(db, job, runner, { done, total, message }));
        written = write.catch(() => {});
        await write;
      },
      applied: (tx) => markApplied(tx, job, runner),
    };
    try {
      if (!handler) throw new Error(`No handler for job kind ${job.kind}`);
      const result = await handler(job, ctx);
      await heartbeat.stop();
      await settle(job, {
        status: 'succeeded',
        result,
        message: (result.message as string | undefined) ?? 'Done',
        finishedAt: new Date(),
      });
    } catch (err) {
      await heartbeat.stop();
      log?.error({ err, jobId: job.id, kind: job.kind }, 'job attempt failed');
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      const message = cause ?? (err instanceof Error ? err.message : String(err));
      if (job.attempts < job.maxAttempts) {
        const delayMs = 2 ** job.attempts * 1_000;
        await settle(job, {
          status: 'queued',
          runAt: new Date(Date.now() + delayMs),
          message: `Attempt ${job.attempts} failed (${message}); retrying`,
        });
      } else {
        await settle(job, {
          status: 'failed',
          result: null,
          message: `Failed after ${plural(job.attempts, 'attempt')}: ${message}`,
          finishedAt: new Date(),
        });
      }
    }
  }

  /** Records an attempt's outcome, unless another process has settled the job since (the run was silent). */
  async function settle(job: Job, values: Partial<typeof jobs.$inferInsert>) {
    if (!(await q.settleAttempt(db, job, runner, values)))
      log?.warn(
        { jobId: job.id, kind: job.kind, status: values.status },
        'a job was settled by another process before this run ended; its outcome is not recorded',
      );
  }

  const queue = {
    register<K extends string>(kind: K, handler: JobHandler<K>) {
      handlers.set(kind, handler as JobHandler);
    },

    async enqueue<K extends string>(tx: Db, input: JobInput<K>): Promise<Job> {
      const job = await q.insertJob(tx, {
        ...input,
        payload: input.payload as Record<string, unknown>,
        createdBy: input.createdBy ?? null,
        maxAttempts: input.maxAttempts ?? 3,
      });
      queue.poke();
      return job;
    },

    /**
     * Queues a job unless one of the same kind is already queued for the organisation (and returns that
     * one): for work that does everything still to do when it runs, such as bringing something up to date.
     * A job already running may have started before the caller's change, so it does not count.
     */
    async enqueueOnce<K extends string>(tx: Db, input: JobInput<K>): Promise<Job> {
      const queued = await q.queuedJobOfKind(tx, input.orgId, input.kind);
      return queued ?? queue.enqueue(tx, input);
    },

    /**
     * Settles the running jobs whose process stopped (see `settleStoppedRuns`): a heartbeat silent for
     * `staleAfterMs`, or, on an exclusive database, any runner but this one. Returns how many.
     */
    settleStopped(): Promise<number> {
      return settleStoppedRuns(db, {
        runner,
        staleAfterMs,
        exclusive,
        kindOf: (kind) => handlers.get(kind)?.interruption,
        log,
      });
    },

    /** Settles stopped runs (now and then), then runs queued jobs until none is due. Returns how many ran. */
    async drain(): Promise<number> {
      await lookForStoppedRuns();
      let n = 0;
      for (let job = await claim(); job; job = await claim()) {
        await run(job);
        n++;
      }
      return n;
    },

    /**
     * Runs one job here if it is due and no other process holds it (a command line following its own
     * import), after settling runs whose process stopped. Other jobs wait for a server.
     */
    async runOne(orgId: string, id: string): Promise<boolean> {
      await lookForStoppedRuns();
      const job = await claim({ orgId, id });
      if (job) await run(job);
      return Boolean(job);
    },

    /** Starts polling in this process. */
    start(pollMs = 1_000) {
      stopped = false;
      interval = pollMs;
      void tick();
      lookLater();
    },

    /** Looks for work now rather than at the next poll (a job was just queued). */
    poke() {
      if (!stopped && !busy) void tick();
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (lookTimer) clearTimeout(lookTimer);
      await Promise.all([running, looking]);
    },
  };
  return queue;
}

export type JobQueue = ReturnType<typeof createJobQueue>;
