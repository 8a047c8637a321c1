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

/** The job queue: imports, exports, reminders. Claimed with FOR UPDATE SKIP LOCKED; retried with backoff. */
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
    lockedAt: timestamp('locked_at', { withTimezone: true }),
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
