import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  date,
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
  tenantPolicy,
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
export const completionMethod = pgEnum('completion_method', [
  'live',
  'recorded',
  'self_paced',
  'external',
  'imported',
]);

/** A person's own rows, kept by the organisation that runs the training: visible to it and to them. */
function ownRowsPolicy(owner: AnyPgColumn, person: AnyPgColumn) {
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

/** One row of a webinar platform's participant report; matched to a person, or left for manual matching. */
export const attendance = pgTable(
  'training_attendance',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    rowNumber: integer('row_number').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    joinedAt: timestamp('joined_at', { withTimezone: true }),
    leftAt: timestamp('left_at', { withTimezone: true }),
    minutes: integer('minutes').notNull(),
    personId: uuid('person_id').references(() => people.id),
    matchedBy: text('matched_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('training_attendance_session_idx').on(t.sessionId, t.personId),
    index('training_attendance_person_idx').on(t.personId),
    ownRowsPolicy(t.orgId, t.personId),
  ],
);

/** A person's signed statement that they completed a session, with the evidence seen at that moment. */
export const attestations = pgTable(
  'training_attestations',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => trainingSessions.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    statement: text('statement').notNull(),
    /** Who attested, as they were named then: the organisation reviewing may not see their identity record. */
    personName: text('person_name').notNull().default(''),
    attestedAt: timestamp('attested_at', { withTimezone: true }).notNull().defaultNow(),
    evidence: jsonb('evidence').notNull(),
    status: attestationStatus('status').notNull(),
    reason: text('reason'),
    ip: text('ip'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_attestations_person_key').on(t.sessionId, t.personId),
    ownRowsPolicy(t.orgId, t.personId),
  ],
);

/**
 * A completion belongs to the person: it is kept by the organisation that recorded it and seen by the
 * person. A completion of a shared topic is also seen by every organisation where the person holds a role,
 * so a shared topic done once counts for every plan; one of a topic private to an organisation is seen
 * there only by that organisation (decision 022).
 */
export const completions = pgTable(
  'training_completions',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('training_completions_id_key'),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    topicId: uuid('topic_id')
      .notNull()
      .references(() => topics.id),
    /** The name as certified: a certificate shows the name the person had when they completed. */
    personName: text('person_name').notNull().default(''),
    completedOn: date('completed_on').notNull(),
    method: completionMethod('method').notNull(),
    sessionId: uuid('session_id').references(() => trainingSessions.id),
    evidence: jsonb('evidence').notNull().default(sql`'{}'::jsonb`),
    recordedBy: uuid('recorded_by'),
    recordedByName: text('recorded_by_name').notNull(),
    certificateCode: text('certificate_code').notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
    /** Each correction: when, by whom, why, and each changed field's value before and after. */
    corrections: jsonb('corrections').notNull().default(sql`'[]'::jsonb`),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_completions_certificate_key').on(t.certificateCode),
    uniqueIndex('training_completions_session_key').on(t.sessionId, t.personId),
    index('training_completions_person_idx').on(t.personId, t.topicId),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.personId} = ${scopedPersonId} OR (EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = ${t.personId} AND r.org_id = ANY ${scopedOrgIds}) AND EXISTS (SELECT 1 FROM training_topics tp WHERE tp.id = ${t.topicId} AND (tp.shared OR tp.org_id = ANY ${scopedOrgIds})))`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.personId} = ${scopedPersonId}`,
    }),
  ],
);

/** Rows of a completions import, bulk-loaded (COPY) and checked in SQL before any is applied. */
export const completionImportRows = pgTable(
  'training_completion_import_rows',
  {
    orgId: orgId(),
    jobId: uuid('job_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    email: text('email'),
    npi: text('npi'),
    topicCode: text('topic_code').notNull(),
    completedOn: date('completed_on').notNull(),
    source: text('source'),
    note: text('note'),
    certificateCode: text('certificate_code').notNull(),
  },
  (t) => [
    index('training_completion_import_rows_job_idx').on(t.orgId, t.jobId, t.rowNumber),
    tenantPolicy(t.orgId),
  ],
);

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
