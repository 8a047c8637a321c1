import { PLAN_KINDS, PLAN_STATUSES, SIGN_CHANNELS, SIGN_STEPS } from '@contract/care/plans.schemas.js';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
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
import { createdAt, orgId, updatedAt, version } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';
import { people } from '../../people/people.tables.js';
import { careAssessments, carePolicy, careProgram, enrolleeKey } from '../care.tables.js';
import { part2Policy, part2Program } from '../part2/part2-tag.tables.js';

const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * A care plan version: written after an assessment, sent for signatures, then signed and locked. Once locked
 * (`locked_at`), a trigger refuses any change to the row (migration 0052, decision 058): a change after that
 * is an addendum or a new version. Held by the plan (`org_id`); a care team's organisation writes one too (a
 * Community Partner's person-centered treatment plan).
 */
export const carePlans = pgTable(
  'care_plans',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    kind: text('kind', { enum: PLAN_KINDS }).notNull(),
    /** The program whose rules set its clocks. */
    program: careProgram('program').notNull(),
    /** 1 for the enrollee's first plan, then 2, 3, … (addenda too). */
    number: integer('number').notNull(),
    previousId: uuid('previous_id'),
    addendum: boolean('addendum').notNull().default(false),
    majorChange: boolean('major_change').notNull().default(false),
    assessmentId: uuid('assessment_id').notNull(),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('draft'),
    content: jsonb('content').notNull(),
    writtenByOrgId: uuid('written_by_org_id')
      .notNull()
      .references(() => organisations.id),
    writtenBy: uuid('written_by')
      .notNull()
      .references(() => people.id),
    /** Whether the care team reviews it after the PCP: chosen when it is sent. */
    clinicalReview: boolean('clinical_review'),
    sentOn: date('sent_on'),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    pdfFileId: uuid('pdf_file_id'),
    pdfSha256: text('pdf_sha256'),
    part2OrgId: part2Program(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_plans_enrollee_fk'),
    foreignKey({
      name: 'care_plans_assessment_fk',
      columns: [t.orgId, t.assessmentId],
      foreignColumns: [careAssessments.orgId, careAssessments.id],
    }),
    foreignKey({
      name: 'care_plans_previous_fk',
      columns: [t.orgId, t.previousId],
      foreignColumns: [t.orgId, t.id],
    }),
    uniqueIndex('care_plans_number_key').on(t.orgId, t.enrolleeId, t.number),
    // One plan of each kind at a time is being written or signed for an enrollee (the plan's, a CP's).
    uniqueIndex('care_plans_one_open_key')
      .on(t.orgId, t.enrolleeId, t.kind)
      .where(sql`${t.status} <> 'signed'`),
    check('care_plans_kind', sql`${t.kind} IN (${oneOf(PLAN_KINDS)})`),
    check('care_plans_status', sql`${t.status} IN (${oneOf(PLAN_STATUSES)})`),
    check('care_plans_addendum_of', sql`NOT ${t.addendum} OR ${t.previousId} IS NOT NULL`),
    check(
      'care_plans_locked',
      sql`(${t.status} = 'signed') = (${t.lockedAt} IS NOT NULL AND ${t.pdfSha256} IS NOT NULL AND ${t.pdfFileId} IS NOT NULL)`,
    ),
    check(
      'care_plans_sent',
      sql`${t.status} = 'draft' OR (${t.sentOn} IS NOT NULL AND ${t.clinicalReview} IS NOT NULL)`,
    ),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
    part2Policy(t.enrolleeId, t.part2OrgId),
  ],
);

/**
 * A signature on a care plan: one per step, never changed or removed (a trigger refuses both), and none once the
 * plan is locked. `recorded_by` is who recorded it; a PCP signing through a link records their own.
 */
export const carePlanSignatures = pgTable(
  'care_plan_signatures',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    enrolleeId: uuid('enrollee_id').notNull(),
    step: text('step', { enum: SIGN_STEPS }).notNull(),
    signerName: text('signer_name').notNull(),
    signerRole: text('signer_role').notNull(),
    channel: text('channel', { enum: SIGN_CHANNELS }).notNull(),
    signedOn: date('signed_on').notNull(),
    recordedBy: uuid('recorded_by').references(() => people.id),
    linkId: uuid('link_id'),
    fileId: uuid('file_id'),
    recordedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: 'care_plan_signatures_plan_fk',
      columns: [t.orgId, t.planId],
      foreignColumns: [carePlans.orgId, carePlans.id],
    }),
    uniqueIndex('care_plan_signatures_step_key').on(t.orgId, t.planId, t.step),
    check('care_plan_signatures_step', sql`${t.step} IN (${oneOf(SIGN_STEPS)})`),
    check('care_plan_signatures_channel', sql`${t.channel} IN (${oneOf(SIGN_CHANNELS)})`),
    check('care_plan_signatures_who', sql`${t.recordedBy} IS NOT NULL OR ${t.linkId} IS NOT NULL`),
    check(
      'care_plan_signatures_page',
      sql`${t.channel} NOT IN ('uploaded', 'fax') OR ${t.fileId} IS NOT NULL`,
    ),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
  ],
);

/**
 * A single-use link a PCP who is not a Concord user approves a plan through: only the token's SHA-256 is kept,
 * it works until `expires_at`, and once (`used_at`). Read by the table owner when the link is opened.
 */
export const carePlanLinks = pgTable(
  'care_plan_links',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    planId: uuid('plan_id').notNull(),
    enrolleeId: uuid('enrollee_id').notNull(),
    tokenSha256: text('token_sha256').notNull(),
    recipientName: text('recipient_name').notNull(),
    recipientRole: text('recipient_role').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    /** Set when the plan was taken back to draft, discarded or locked before the link was used. */
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({
      name: 'care_plan_links_plan_fk',
      columns: [t.orgId, t.planId],
      foreignColumns: [carePlans.orgId, carePlans.id],
    }),
    uniqueIndex('care_plan_links_token_key').on(t.tokenSha256),
    index('care_plan_links_plan_idx').on(t.orgId, t.planId),
    carePolicy(t.orgId, t.enrolleeId),
  ],
);
