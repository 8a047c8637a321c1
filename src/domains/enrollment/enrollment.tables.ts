import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  foreignKey,
  index,
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
import { createdAt, orgId, scopedOrgIds, updatedAt, version } from '../../platform/db/columns.js';
import { careEnrollees } from '../care/index.js';
import { organisations } from '../organisations/index.js';

/** A state agency reads every member's enrollment and every batch, and changes none (migration 0055). */
const stateReads = sql`(SELECT enrollment_state_reader())`;

/** Rows of the acting organisation, and (reading only) a state agency's. */
const heldPolicy = (org: AnyPgColumn) =>
  pgPolicy('tenant_isolation', {
    for: 'all',
    to: 'public',
    using: sql`${org} = ANY ${scopedOrgIds} OR ${stateReads}`,
    withCheck: sql`${org} = ANY ${scopedOrgIds}`,
  });

/** A directory every signed-in user reads; each organisation keeps its own rows. */
const directoryPolicy = (org: AnyPgColumn) =>
  pgPolicy('tenant_isolation', {
    for: 'all',
    to: 'public',
    using: sql`true`,
    withCheck: sql`${org} = ANY ${scopedOrgIds}`,
  });

/**
 * An ACO's, MCO's or Community Partner's MassHealth provider ID (PID, nine digits) and service location
 * (SL, one letter), as the batch file names them. One organisation may have several locations.
 */
export const enrollmentProviderIds = pgTable(
  'enrollment_provider_ids',
  {
    orgId: orgId().references(() => organisations.id),
    pid: text('pid').notNull(),
    serviceLocation: text('service_location').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.pid, t.serviceLocation] }),
    index('enrollment_provider_ids_org_idx').on(t.orgId),
    check('enrollment_provider_ids_pid_format', sql`${t.pid} ~ '^[0-9]{9}$'`),
    check('enrollment_provider_ids_sl_format', sql`${t.serviceLocation} ~ '^[A-Z]$'`),
    directoryPolicy(t.orgId),
  ],
);

/** A Community Partner's confirmed capacity: how many members it may have enrolled at once. */
export const enrollmentCpCapacity = pgTable(
  'enrollment_cp_capacity',
  {
    orgId: orgId()
      .primaryKey()
      .references(() => organisations.id),
    confirmed: integer('confirmed').notNull(),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [check('enrollment_cp_capacity_confirmed', sql`${t.confirmed} >= 0`), directoryPolicy(t.orgId)],
);

/**
 * A batch file a submitter uploaded (its id is its job's): what it was, who sent it, the hashes that tell the
 * same file again, and its outcome. A second applied batch of one file is refused by the unique indexes.
 */
export const enrollmentBatches = pgTable(
  'enrollment_batches',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull(),
    fileId: uuid('file_id').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    contentSha256: text('content_sha256'),
    checkOnly: boolean('check_only').notNull().default(false),
    outcome: text('outcome').notNull().default('running'),
    message: text('message'),
    rows: integer('rows').notNull().default(0),
    refusedRows: integer('refused_rows').notNull().default(0),
    counts: jsonb('counts').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name'),
    createdAt: createdAt(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('enrollment_batches_id_key').on(t.id),
    index('enrollment_batches_recent_idx').on(t.orgId, t.createdAt),
    uniqueIndex('enrollment_batches_applied_file_key')
      .on(t.orgId, t.fileSha256)
      .where(sql`${t.outcome} = 'applied'`),
    uniqueIndex('enrollment_batches_applied_content_key')
      .on(t.orgId, t.contentSha256)
      .where(sql`${t.outcome} = 'applied'`),
    check(
      'enrollment_batches_outcome_known',
      sql`${t.outcome} IN ('running', 'applied', 'checked', 'rejected', 'refused', 'stopped')`,
    ),
    heldPolicy(t.orgId),
  ],
);

/**
 * Every row of a batch as the file gave it (cells cut to 1,000 characters), what it was read as, its problems
 * and, once decided, what it does: the span it ends and the span it starts.
 */
export const enrollmentBatchRows = pgTable(
  'enrollment_batch_rows',
  {
    orgId: orgId(),
    batchId: uuid('batch_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    /** The 15 cells as text, in the file's column order (BATCH_COLUMNS). */
    cells: jsonb('cells').$type<string[]>().notNull(),
    medicaidId: text('medicaid_id'),
    dateOfBirth: date('date_of_birth'),
    action: text('action'),
    effectiveOn: date('effective_on'),
    reason: text('reason'),
    cpPid: text('cp_pid'),
    cpSl: text('cp_sl'),
    toPid: text('to_pid'),
    toSl: text('to_sl'),
    acoPid: text('aco_pid'),
    acoSl: text('aco_sl'),
    /** What the checks across rows resolved: the member's holder and record, the CPs. */
    holderOrgId: uuid('holder_org_id'),
    enrolleeId: uuid('enrollee_id'),
    cpOrgId: uuid('cp_org_id'),
    toCpOrgId: uuid('to_cp_org_id'),
    problems: jsonb('problems')
      .$type<{ column: string; message: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The decision: the open span ends on `ends_on`, and a span starts for `starts_cp_org_id`. */
    endsOn: date('ends_on'),
    endReason: text('end_reason'),
    startsCpOrgId: uuid('starts_cp_org_id'),
    episodeStartsOn: date('episode_starts_on'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.batchId, t.rowNumber] }),
    foreignKey({
      name: 'enrollment_batch_rows_batch_fk',
      columns: [t.orgId, t.batchId],
      foreignColumns: [enrollmentBatches.orgId, enrollmentBatches.id],
    }).onDelete('cascade'),
    index('enrollment_batch_rows_member_idx').on(t.batchId, t.medicaidId),
    heldPolicy(t.orgId),
  ],
);

/**
 * A member's enrollment with one Community Partner, from `starts_on` to `ends_on` (inclusive; open when
 * null), held by the member's ACO/MCO (`org_id`) and read by the CP. One member's spans never overlap (a
 * statement trigger, migration 0058; decision 062).
 */
export const enrollmentSpans = pgTable(
  'enrollment_spans',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    cpOrgId: uuid('cp_org_id')
      .notNull()
      .references(() => organisations.id),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    endReason: text('end_reason'),
    episodeStartsOn: date('episode_starts_on').notNull(),
    /** The batch that started it, and the one that ended it. */
    startBatchId: uuid('start_batch_id'),
    endBatchId: uuid('end_batch_id'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: 'enrollment_spans_enrollee_fk',
      columns: [t.orgId, t.enrolleeId],
      foreignColumns: [careEnrollees.orgId, careEnrollees.id],
    }),
    index('enrollment_spans_enrollee_idx').on(t.enrolleeId, t.startsOn),
    index('enrollment_spans_cp_open_idx').on(t.cpOrgId).where(sql`${t.endsOn} IS NULL`),
    check('enrollment_spans_dates', sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
    check('enrollment_spans_ended_why', sql`(${t.endsOn} IS NULL) = (${t.endReason} IS NULL)`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.cpOrgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/**
 * What a member asked of their Community Partner enrollment, at any time: a different CP, or to decline it.
 * Recorded with the day it was received; it never changes the member's MassHealth benefits. Kept by the
 * member's ACO/MCO (`org_id`); the CP the member is enrolled with records and reads it too.
 */
export const enrollmentMemberChoices = pgTable(
  'enrollment_member_choices',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    choice: text('choice').notNull(),
    /** The CP the member asks for, when they name one. */
    requestedCpOrgId: uuid('requested_cp_org_id').references(() => organisations.id),
    receivedOn: date('received_on').notNull(),
    note: text('note'),
    /** The organisation that recorded it (the ACO/MCO, or the member's CP). */
    recordedByOrgId: uuid('recorded_by_org_id').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedByName: text('recorded_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: 'enrollment_member_choices_enrollee_fk',
      columns: [t.orgId, t.enrolleeId],
      foreignColumns: [careEnrollees.orgId, careEnrollees.id],
    }),
    index('enrollment_member_choices_enrollee_idx').on(t.enrolleeId),
    check('enrollment_member_choices_known', sql`${t.choice} IN ('different_cp', 'decline')`),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.recordedByOrgId} = ANY ${scopedOrgIds} OR ${stateReads}`,
      withCheck: sql`${t.recordedByOrgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);
