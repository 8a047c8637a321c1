import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, scopedOrgIds, updatedAt, version } from '../../platform/db/columns.js';
import { careEnrollees } from '../care/index.js';
import { organisations } from '../organisations/index.js';

/** A state agency reads every row, and changes none (migration 0055). */
const stateReads = sql`(SELECT enrollment_state_reader())`;

/**
 * A member identified for Community Partner supports, kept by their ACO/MCO (`org_id`): where it came from
 * (the state's quarterly list, the ACO/MCO's own identification, an accepted provider referral), the CP type
 * and CP suggested, and the stage reached (identified → assigned → outreach → enrolled, or ended). One open
 * identification per member; a re-sent record updates it, an inactive one ends it.
 */
export const enrollmentIdentifications = pgTable(
  'enrollment_identifications',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    source: text('source').notNull(),
    /** BH or LTSS, when the list says. */
    cpType: text('cp_type'),
    suggestedCpOrgId: uuid('suggested_cp_org_id').references(() => organisations.id),
    startReason: text('start_reason'),
    /** State agencies the member is known to: DMH, DDS, EOEA. */
    agencyFlags: text('agency_flags').array().notNull().default(sql`'{}'::text[]`),
    identifiedOn: date('identified_on').notNull(),
    /** The list's Record_Update_Date: a record older than the one kept does not replace it. */
    recordUpdatedOn: date('record_updated_on'),
    stage: text('stage').notNull().default('identified'),
    endedOn: date('ended_on'),
    endReason: text('end_reason'),
    referralId: uuid('referral_id'),
    /** The import that last wrote it. */
    importId: uuid('import_id'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('enrollment_identifications_id_key').on(t.id),
    foreignKey({
      name: 'enrollment_identifications_enrollee_fk',
      columns: [t.orgId, t.enrolleeId],
      foreignColumns: [careEnrollees.orgId, careEnrollees.id],
    }),
    uniqueIndex('enrollment_identifications_open_key')
      .on(t.orgId, t.enrolleeId)
      .where(sql`${t.endedOn} IS NULL`),
    index('enrollment_identifications_stage_idx').on(t.orgId, t.stage),
    check('enrollment_identifications_source_known', sql`${t.source} IN ('state_list', 'own', 'referral')`),
    check(
      'enrollment_identifications_stage_known',
      sql`${t.stage} IN ('identified', 'assigned', 'outreach', 'enrolled', 'ended')`,
    ),
    check(
      'enrollment_identifications_cp_type_known',
      sql`${t.cpType} IS NULL OR ${t.cpType} IN ('BH', 'LTSS')`,
    ),
    check('enrollment_identifications_ended', sql`(${t.endedOn} IS NULL) = (${t.stage} <> 'ended')`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/**
 * A provider's referral of a member, on the member's behalf, to their ACO/MCO (`org_id`) for Community
 * Partner supports. The provider (`from_org_id`) sends it; the ACO/MCO accepts it (which identifies the
 * member) or declines it with a reason. Both read it.
 */
export const enrollmentReferrals = pgTable(
  'enrollment_referrals',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    fromOrgId: uuid('from_org_id')
      .notNull()
      .references(() => organisations.id),
    masshealthId: text('masshealth_id').notNull(),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    cpType: text('cp_type'),
    reason: text('reason').notNull(),
    /** The member, once the ACO/MCO has found them. */
    enrolleeId: uuid('enrollee_id'),
    status: text('status').notNull().default('pending'),
    declineReason: text('decline_reason'),
    decisionNote: text('decision_note'),
    decidedBy: uuid('decided_by'),
    decidedByName: text('decided_by_name'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdBy: uuid('created_by').notNull(),
    createdByName: text('created_by_name').notNull(),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('enrollment_referrals_id_key').on(t.id),
    index('enrollment_referrals_from_idx').on(t.fromOrgId, t.createdAt),
    index('enrollment_referrals_pending_idx').on(t.orgId, t.createdAt).where(sql`${t.status} = 'pending'`),
    // One referral of a member from a provider to a plan waits for a decision at a time.
    uniqueIndex('enrollment_referrals_one_pending_key')
      .on(t.orgId, t.fromOrgId, t.masshealthId)
      .where(sql`${t.status} = 'pending'`),
    check(
      'enrollment_referrals_status_known',
      sql`${t.status} IN ('pending', 'accepted', 'declined', 'withdrawn')`,
    ),
    check(
      'enrollment_referrals_declined_why',
      sql`(${t.status} = 'declined') = (${t.declineReason} IS NOT NULL)`,
    ),
    check('enrollment_referrals_cp_type_known', sql`${t.cpType} IS NULL OR ${t.cpType} IN ('BH', 'LTSS')`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.fromOrgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.fromOrgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/**
 * A member's assignment to a Community Partner for a month: proposed by Concord, confirmed (or withdrawn) by
 * a person at the ACO/MCO (`org_id`). A confirmed assignment holds a place in the CP's capacity until the
 * member enrolls or it ends. The CP reads the assignments to it, and records its outreach on them.
 */
export const enrollmentAssignments = pgTable(
  'enrollment_assignments',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    identificationId: uuid('identification_id').notNull(),
    enrolleeId: uuid('enrollee_id').notNull(),
    cpOrgId: uuid('cp_org_id')
      .notNull()
      .references(() => organisations.id),
    /** The first day of the month it is for. */
    month: date('month').notNull(),
    status: text('status').notNull().default('proposed'),
    /** Why Concord proposed this CP, in words. */
    why: text('why'),
    confirmedBy: uuid('confirmed_by'),
    confirmedByName: text('confirmed_by_name'),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    /** The assignment letter, once written. */
    letterFileId: uuid('letter_file_id'),
    letterLanguage: text('letter_language'),
    largePrint: boolean('large_print').notNull().default(false),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('enrollment_assignments_id_key').on(t.id),
    foreignKey({
      name: 'enrollment_assignments_enrollee_fk',
      columns: [t.orgId, t.enrolleeId],
      foreignColumns: [careEnrollees.orgId, careEnrollees.id],
    }),
    foreignKey({
      name: 'enrollment_assignments_identification_fk',
      columns: [t.orgId, t.identificationId],
      foreignColumns: [enrollmentIdentifications.orgId, enrollmentIdentifications.id],
    }),
    /** One live (proposed or confirmed) assignment per identification. */
    uniqueIndex('enrollment_assignments_live_key')
      .on(t.orgId, t.identificationId)
      .where(sql`${t.status} IN ('proposed', 'confirmed')`),
    index('enrollment_assignments_cp_idx').on(t.cpOrgId, t.status),
    index('enrollment_assignments_month_idx').on(t.orgId, t.month, t.status),
    check(
      'enrollment_assignments_status_known',
      sql`${t.status} IN ('proposed', 'confirmed', 'withdrawn', 'ended')`,
    ),
    check('enrollment_assignments_month_first', sql`extract(day from ${t.month}) = 1`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR (${t.cpOrgId} = ANY ${scopedOrgIds} AND ${t.status} <> 'proposed') OR ${stateReads}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/** A Community Partner's attempt to reach a member assigned to it: when, how, and whether it reached them. */
export const enrollmentOutreach = pgTable(
  'enrollment_outreach',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    assignmentId: uuid('assignment_id').notNull(),
    cpOrgId: uuid('cp_org_id')
      .notNull()
      .references(() => organisations.id),
    attemptedOn: date('attempted_on').notNull(),
    mode: text('mode').notNull(),
    reached: boolean('reached').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: 'enrollment_outreach_assignment_fk',
      columns: [t.orgId, t.assignmentId],
      foreignColumns: [enrollmentAssignments.orgId, enrollmentAssignments.id],
    }),
    index('enrollment_outreach_assignment_idx').on(t.assignmentId, t.attemptedOn),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.cpOrgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.cpOrgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);
