import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  orgId,
  scopedOrgIds,
  scopedPersonId,
  updatedAt,
  version,
} from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';
import { people } from '../../people/people.tables.js';
import { catalogPolicy, topics } from '../catalog/catalog.tables.js';
import { programYears } from '../program-years/program-years.tables.js';

export const sessionKind = pgEnum('training_session_kind', ['live', 'recorded', 'self_paced']);
export const registrationStatus = pgEnum('registration_status', ['registered', 'waitlisted', 'cancelled']);
export const attestationStatus = pgEnum('attestation_status', ['accepted', 'held', 'rejected']);

/** A person's own rows, kept by the organisation that runs the training: visible to it and to them. */
export function ownRowsPolicy(owner: AnyPgColumn, person: AnyPgColumn) {
  const visible = sql`${owner} = ANY ${scopedOrgIds} OR ${person} = ${scopedPersonId}`;
  return pgPolicy('tenant_isolation', { for: 'all', to: 'public', using: visible, withCheck: visible });
}

/**
 * One way to complete a topic: a live webinar, a recorded webinar or a self-paced module, with its
 * completion rule (minimum minutes; pass mark and attempts) and its attestation link.
 */
export const trainingSessions = pgTable(
  'training_sessions',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('training_sessions_id_key'),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id),
    kind: sessionKind('kind').notNull(),
    title: text('title').notNull(),
    shared: boolean('shared').notNull().default(false),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    timeZone: text('time_zone').notNull().default('America/New_York'),
    speaker: text('speaker'),
    capacity: integer('capacity'),
    joinUrl: text('join_url'),
    videoUrl: text('video_url'),
    durationMinutes: integer('duration_minutes'),
    minMinutes: integer('min_minutes'),
    passMark: integer('pass_mark'),
    maxAttempts: integer('max_attempts'),
    content: jsonb('content'),
    attestationToken: text('attestation_token').notNull(),
    attestationClosesAt: timestamp('attestation_closes_at', { withTimezone: true }).notNull(),
    attestationStatement: text('attestation_statement').notNull(),
    /** The performance year whose plan this event belongs to. */
    programYearId: uuid('program_year_id').references(() => programYears.id),
    /** When the event was posted to the public events page and announced. */
    announcedAt: timestamp('announced_at', { withTimezone: true }),
    /** For a recording published after a live event: that event. */
    sourceSessionId: uuid('source_session_id').references((): AnyPgColumn => trainingSessions.id),
    /** When the organisation running it called it off, and why (told to everyone registered or waiting). */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** The calendar event's SEQUENCE (RFC 5545): raised each time registrants are sent a changed event. */
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_sessions_attestation_key').on(t.attestationToken),
    index('training_sessions_topic_idx').on(t.topicId),
    index('training_sessions_starts_idx').on(t.startsAt),
    index('training_sessions_year_idx').on(t.programYearId),
    uniqueIndex('training_sessions_recording_key').on(t.sourceSessionId),
    catalogPolicy(t.orgId, t.shared),
  ],
);

export const registrations = pgTable(
  'training_registrations',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    status: registrationStatus('status').notNull(),
    /** Who registered, as they were then: the organisation running the session may not see their identity record. */
    personName: text('person_name').notNull().default(''),
    personEmail: text('person_email').notNull().default(''),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull().defaultNow(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_registrations_person_key').on(t.orgId, t.sessionId, t.personId),
    index('training_registrations_person_idx').on(t.personId),
    ownRowsPolicy(t.orgId, t.personId),
  ],
);
