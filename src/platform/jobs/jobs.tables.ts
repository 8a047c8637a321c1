import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy } from '../db/columns.js';

export const jobStatus = pgEnum('job_status', ['queued', 'running', 'succeeded', 'failed']);

/**
 * The job queue: imports, exports, reminders. Claimed with FOR UPDATE SKIP LOCKED; retried with backoff; a running
 * job whose heartbeat stops is failed (or retried while attempts remain) by whichever process looks next.
 */
export const jobs = pgTable(
  'jobs',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: jobStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** When the current attempt was claimed. */
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    /** Which process ran the current or last attempt (host/pid/instance), for the logs and the fencing of late writes. */
    lockedBy: text('locked_by'),
    /** The running attempt's last sign of life, written every few seconds whatever the handler is doing. */
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    /** Set in the handler's own transaction as it commits its changes: a run that stops after this kept them. */
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    message: text('message'),
    result: jsonb('result').$type<Record<string, unknown>>(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('jobs_queue_idx').on(t.status, t.runAt),
    tenantPolicy(t.orgId),
  ],
);

export type Job = typeof jobs.$inferSelect;
