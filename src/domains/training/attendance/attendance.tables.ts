import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';
import { people } from '../../people/people.tables.js';
import { attestationStatus, ownRowsPolicy, trainingSessions } from '../sessions/sessions.tables.js';

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
