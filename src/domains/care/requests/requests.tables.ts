// Service requests, the updates given about them, and appeals (issue 20). Each is held by the organisation
// holding the enrollee's record (`org_id`, the plan), and a care team's organisations see and record on them
// like contacts (decision 050). Every deadline is stored with the rule version that set it.

import { CONTACT_MODES } from '@contract/care/care.labels.js';
import {
  APPEAL_FILERS,
  APPEAL_OUTCOMES,
  DENIAL_REASONS,
  NEXT_LEVELS,
  RECEIVED_VIA,
  REQUEST_DECISIONS,
  REQUEST_PRIORITIES,
  REQUESTERS,
  UPDATE_RECIPIENTS,
} from '@contract/care/requests.labels.js';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
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
import { carePolicy, careProgram, enrolleeKey } from '../care.tables.js';
import { part2Policy, part2Program } from '../part2/part2-tag.tables.js';

/** A text column holding one of `values`, checked by the database. */
const oneOf = (name: string, column: AnyPgColumn, values: readonly string[]) =>
  check(name, sql`${column} IN (${sql.raw(values.map((v) => `'${v}'`).join(', '))})`);

/**
 * A request for a service, recorded by the plan or a care team organisation (a Community Partner tracks the
 * ones it helped make), decided by the plan only. The decision clock is the `request_decision` rule of the
 * enrollee's program on the day it was received: `rule_kind`, `rule_program` and `rule_version` name it.
 */
export const careServiceRequests = pgTable(
  'care_service_requests',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    service: text('service').notNull(),
    details: text('details'),
    priority: text('priority', { enum: REQUEST_PRIORITIES }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    receivedVia: text('received_via', { enum: RECEIVED_VIA }).notNull(),
    requestedBy: text('requested_by', { enum: REQUESTERS }).notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => people.id),
    /** The organisation the person recorded it for (a Community Partner on the team, or the plan). */
    recordedForOrgId: uuid('recorded_for_org_id')
      .notNull()
      .references(() => organisations.id),
    ruleKind: text('rule_kind', { enum: ['request_decision'] })
      .notNull()
      .default('request_decision'),
    ruleProgram: careProgram('rule_program').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    decisionDueAt: timestamp('decision_due_at', { withTimezone: true }).notNull(),
    decision: text('decision', { enum: REQUEST_DECISIONS }),
    denialReason: text('denial_reason', { enum: DENIAL_REASONS }),
    decisionExplanation: text('decision_explanation'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => people.id),
    noticeSentOn: date('notice_sent_on'),
    /** The notice letter as sent (a stored file of the holder), and its language. */
    noticeFileId: uuid('notice_file_id'),
    noticeLanguage: text('notice_language'),
    part2OrgId: part2Program(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('care_service_requests_id_key').on(t.id),
    enrolleeKey(t, 'care_service_requests_enrollee_fk'),
    index('care_service_requests_enrollee_idx').on(t.orgId, t.enrolleeId, t.receivedAt),
    index('care_service_requests_open_idx').on(t.orgId, t.decisionDueAt).where(sql`${t.decidedAt} IS NULL`),
    index('care_service_requests_decided_idx').on(t.orgId, t.decidedAt),
    oneOf('care_service_requests_priority', t.priority, REQUEST_PRIORITIES),
    oneOf('care_service_requests_received_via', t.receivedVia, RECEIVED_VIA),
    oneOf('care_service_requests_requested_by', t.requestedBy, REQUESTERS),
    oneOf('care_service_requests_rule_kind', t.ruleKind, ['request_decision']),
    oneOf('care_service_requests_decision', t.decision, REQUEST_DECISIONS),
    oneOf('care_service_requests_denial_reason', t.denialReason, DENIAL_REASONS),
    check(
      'care_service_requests_decided',
      sql`(${t.decision} IS NULL) = (${t.decidedAt} IS NULL) AND (${t.decision} IS NULL) = (${t.decidedBy} IS NULL)
        AND (${t.decision} IS NULL) = (${t.noticeSentOn} IS NULL)`,
    ),
    check(
      'care_service_requests_reason',
      sql`(${t.decision} IN ('denied', 'partly_approved')) = (${t.denialReason} IS NOT NULL)`,
    ),
    check(
      'care_service_requests_after_receipt',
      sql`${t.decidedAt} IS NULL OR ${t.decidedAt} >= ${t.receivedAt}`,
    ),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
    part2Policy(t.enrolleeId, t.part2OrgId),
  ],
);

const requestKey = (t: { orgId: AnyPgColumn; requestId: AnyPgColumn }, name: string) =>
  foreignKey({
    name,
    columns: [t.orgId, t.requestId],
    foreignColumns: [careServiceRequests.orgId, careServiceRequests.id],
  });

/** An update about a request given to the enrollee (or for them): what was said, when, how and to whom. */
export const careRequestUpdates = pgTable(
  'care_request_updates',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    requestId: uuid('request_id').notNull(),
    communicatedAt: timestamp('communicated_at', { withTimezone: true }).notNull(),
    mode: text('mode', { enum: CONTACT_MODES }).notNull(),
    communicatedTo: text('communicated_to', { enum: UPDATE_RECIPIENTS }).notNull(),
    summary: text('summary').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => people.id),
    recordedForOrgId: uuid('recorded_for_org_id')
      .notNull()
      .references(() => organisations.id),
    /** The request's Part 2 program, copied: an update is seen where its request is. */
    part2OrgId: part2Program(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_request_updates_enrollee_fk'),
    requestKey(t, 'care_request_updates_request_fk'),
    index('care_request_updates_request_idx').on(t.orgId, t.requestId, t.communicatedAt),
    oneOf('care_request_updates_mode', t.mode, CONTACT_MODES),
    oneOf('care_request_updates_to', t.communicatedTo, UPDATE_RECIPIENTS),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
    part2Policy(t.enrolleeId, t.part2OrgId),
  ],
);

/**
 * The appeal of a request's adverse decision (one per request). Three clocks, each with its rule version of the
 * request's program (`rule_program`): filing (`appeal_filing`, from the notice's day, with the continuation of
 * benefits), the plan's decision (`appeal_decision`, from filing) and the next level (`next_level_request`,
 * from the appeal decision's notice).
 */
export const careAppeals = pgTable(
  'care_appeals',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    requestId: uuid('request_id').notNull(),
    priority: text('priority', { enum: REQUEST_PRIORITIES }).notNull(),
    filedAt: timestamp('filed_at', { withTimezone: true }).notNull(),
    filedBy: text('filed_by', { enum: APPEAL_FILERS }).notNull(),
    receivedVia: text('received_via', { enum: RECEIVED_VIA }).notNull(),
    reason: text('reason'),
    ruleProgram: careProgram('rule_program').notNull(),
    filingRuleVersion: integer('filing_rule_version').notNull(),
    filingDueOn: date('filing_due_on').notNull(),
    continuationUntil: date('continuation_until').notNull(),
    /** Filed within the continuation window: the service goes on while the appeal is decided. */
    benefitsContinue: boolean('benefits_continue').notNull(),
    decisionRuleVersion: integer('decision_rule_version').notNull(),
    decisionDueAt: timestamp('decision_due_at', { withTimezone: true }).notNull(),
    outcome: text('outcome', { enum: APPEAL_OUTCOMES }),
    decisionExplanation: text('decision_explanation'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedBy: uuid('decided_by').references(() => people.id),
    noticeSentOn: date('notice_sent_on'),
    nextLevelRuleVersion: integer('next_level_rule_version'),
    nextLevelDueOn: date('next_level_due_on'),
    nextLevel: text('next_level', { enum: NEXT_LEVELS }),
    nextLevelRequestedOn: date('next_level_requested_on'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => people.id),
    recordedForOrgId: uuid('recorded_for_org_id')
      .notNull()
      .references(() => organisations.id),
    /** The request's Part 2 program, copied: an appeal is seen where its request is. */
    part2OrgId: part2Program(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('care_appeals_request_key').on(t.orgId, t.requestId),
    enrolleeKey(t, 'care_appeals_enrollee_fk'),
    requestKey(t, 'care_appeals_request_fk'),
    index('care_appeals_open_idx').on(t.orgId, t.decisionDueAt).where(sql`${t.decidedAt} IS NULL`),
    index('care_appeals_decided_idx').on(t.orgId, t.decidedAt),
    oneOf('care_appeals_priority', t.priority, REQUEST_PRIORITIES),
    oneOf('care_appeals_filed_by', t.filedBy, APPEAL_FILERS),
    oneOf('care_appeals_received_via', t.receivedVia, RECEIVED_VIA),
    oneOf('care_appeals_outcome', t.outcome, APPEAL_OUTCOMES),
    oneOf('care_appeals_next_level', t.nextLevel, NEXT_LEVELS),
    check(
      'care_appeals_decided',
      sql`(${t.outcome} IS NULL) = (${t.decidedAt} IS NULL) AND (${t.outcome} IS NULL) = (${t.decidedBy} IS NULL)
        AND (${t.outcome} IS NULL) = (${t.noticeSentOn} IS NULL)`,
    ),
    check(
      'care_appeals_next_level_rule',
      sql`(${t.nextLevelRuleVersion} IS NULL) = (${t.nextLevelDueOn} IS NULL)`,
    ),
    check(
      'care_appeals_next_level_asked',
      sql`(${t.nextLevel} IS NULL) = (${t.nextLevelRequestedOn} IS NULL)
        AND (${t.nextLevel} IS NULL OR ${t.nextLevelDueOn} IS NOT NULL)`,
    ),
    check('care_appeals_after_filing', sql`${t.decidedAt} IS NULL OR ${t.decidedAt} >= ${t.filedAt}`),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
    part2Policy(t.enrolleeId, t.part2OrgId),
  ],
);
