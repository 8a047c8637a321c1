import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgId, updatedAt } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';
import { people } from '../../people/people.tables.js';
import { ownRowsPolicy, trainingSessions } from '../sessions/sessions.tables.js';

/** Which pages of a self-paced module a person has viewed. */
export const moduleProgress = pgTable(
  'training_module_progress',
  {
    orgId: orgId().references(() => organisations.id),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    pagesViewed: integer('pages_viewed').array().notNull().default(sql`'{}'::integer[]`),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.sessionId, t.personId] }), ownRowsPolicy(t.orgId, t.personId)],
);

/** One attempt at a self-paced module's knowledge check: the answers given and the score. */
export const attempts = pgTable(
  'training_attempts',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    number: integer('number').notNull(),
    answers: jsonb('answers').notNull(),
    score: integer('score').notNull(),
    passed: boolean('passed').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_attempts_number_key').on(t.sessionId, t.personId, t.number),
    ownRowsPolicy(t.orgId, t.personId),
  ],
);

/**
 * One viewing of a recording, clocked by the server (decision 022): started when the page asks, credited only
 * for the time between heartbeats it observes, each gap at most the heartbeat interval and a grace, and
 * never past the recording's length. A person has at most one open viewing of a session; starting another
 * ends it, so two windows never count the same minutes twice.
 */
export const viewings = pgTable(
  'training_viewings',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    lastBeatAt: timestamp('last_beat_at', { withTimezone: true }).notNull().defaultNow(),
    beats: integer('beats').notNull().default(0),
    creditedMs: integer('credited_ms').notNull().default(0),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('training_viewings_person_idx').on(t.sessionId, t.personId),
    uniqueIndex('training_viewings_open_key').on(t.sessionId, t.personId).where(sql`${t.endedAt} is null`),
    ownRowsPolicy(t.orgId, t.personId),
  ],
);
