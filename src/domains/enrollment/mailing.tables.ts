import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  integer,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, scopedOrgIds } from '../../platform/db/columns.js';
import { careEnrollees } from '../care/index.js';
import { organisations } from '../organisations/index.js';

const stateReads = sql`(SELECT enrollment_state_reader())`;

/**
 * A welcome mailing for a plan's service-area expansion: the new counties and the day they take effect,
 * the first effective enrollment day the letters name, the cohort's count per county, and the files made
 * (every letter in one PDF for the printer, and the print vendor's mail file).
 */
export const enrollmentMailings = pgTable(
  'enrollment_mailings',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull(),
    counties: text('counties').array().notNull(),
    effectiveOn: date('effective_on').notNull(),
    firstEnrollmentOn: date('first_enrollment_on').notNull(),
    status: text('status').notNull().default('running'),
    message: text('message'),
    residents: integer('residents').notNull().default(0),
    countyCounts: jsonb('county_counts').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    lettersFileId: uuid('letters_file_id'),
    mailFileId: uuid('mail_file_id'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('enrollment_mailings_id_key').on(t.id),
    check('enrollment_mailings_status_known', sql`${t.status} IN ('running', 'done', 'stopped')`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/**
 * A resident a welcome mailing wrote to, with the letter's language and format. A resident is welcomed by a
 * plan once: a second run leaves out everyone already mailed (a unique key).
 */
export const enrollmentMailingResidents = pgTable(
  'enrollment_mailing_residents',
  {
    orgId: orgId(),
    mailingId: uuid('mailing_id').notNull(),
    enrolleeId: uuid('enrollee_id').notNull(),
    county: text('county').notNull(),
    language: text('language').notNull(),
    format: text('format').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.mailingId, t.enrolleeId] }),
    uniqueIndex('enrollment_mailing_residents_once_key').on(t.orgId, t.enrolleeId),
    foreignKey({
      name: 'enrollment_mailing_residents_mailing_fk',
      columns: [t.orgId, t.mailingId],
      foreignColumns: [enrollmentMailings.orgId, enrollmentMailings.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'enrollment_mailing_residents_enrollee_fk',
      columns: [t.orgId, t.enrolleeId],
      foreignColumns: [careEnrollees.orgId, careEnrollees.id],
    }),
    check('enrollment_mailing_residents_format_known', sql`${t.format} IN ('standard', 'large_print')`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);
