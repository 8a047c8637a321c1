import { sql } from 'drizzle-orm';
import {
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
import { topics } from '../catalog/catalog.tables.js';
import { trainingSessions } from '../sessions/sessions.tables.js';

export const completionMethod = pgEnum('completion_method', [
  'live',
  'recorded',
  'self_paced',
  'external',
  'imported',
]);

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
