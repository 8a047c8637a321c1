import {
  ACCESSIBLE_FORMATS,
  ASSESSMENT_KINDS,
  CARE_PROGRAMS,
  CARE_RULE_KINDS,
  CARE_TEAM_ROLES,
  CONTACT_MODES,
  LTS_RESPONSES,
  SEXES,
} from '@contract/care/care.labels.js';
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
  tenantPolicy,
  updatedAt,
  version,
} from '../../platform/db/columns.js';
import { organisations } from '../organisations/organisations.tables.js';
import { people } from '../people/people.tables.js';
import { part2Policy, part2Program } from './part2/part2-tag.tables.js';

export const careProgram = pgEnum('care_program', CARE_PROGRAMS);
export const careSex = pgEnum('care_sex', SEXES);
export const careTeamRole = pgEnum('care_team_role', CARE_TEAM_ROLES);
export const ltsResponse = pgEnum('care_lts_response', LTS_RESPONSES);
export const contactMode = pgEnum('care_contact_mode', CONTACT_MODES);
export const assessmentKind = pgEnum('care_assessment_kind', ASSESSMENT_KINDS);
/**
 * A care rule's kind: text held to the catalogue's kinds by a check (decision 058), so a migration can add a
 * kind and its rules in one transaction, which an enum's new value cannot.
 */
const ruleKindColumn = (name: string) => text(name, { enum: CARE_RULE_KINDS });
const ruleKindCheck = (name: string, column: AnyPgColumn) =>
  check(name, sql`${column} IN (${sql.raw(CARE_RULE_KINDS.map((k) => `'${k}'`).join(', '))})`);

/**
 * The enrollees an organisation acting now is on the care team of, today (Massachusetts): a table-owner
 * function (migration 0035), so a team's rows can decide who sees the team's rows without the policy
 * reading its own table.
 */
const onTeam = sql`(SELECT care_enrollees_on_team())`;

/**
 * The plan holding the record sees and changes it; an organisation on the enrollee's care team today
 * sees it (and, with `teamWrites`, records on it: contacts and assessments), decision 050.
 */
export function carePolicy(org: AnyPgColumn, enrollee: AnyPgColumn, { teamWrites = false } = {}) {
  const using = sql`${org} = ANY ${scopedOrgIds} OR ${enrollee} IN ${onTeam}`;
  return pgPolicy('tenant_isolation', {
    for: 'all',
    to: 'public',
    using,
    withCheck: teamWrites ? using : sql`${org} = ANY ${scopedOrgIds}`,
  });
}

/** A member of a plan, ACO or MCO: the record is the holding organisation's (`org_id`). */
export const careEnrollees = pgTable(
  'care_enrollees',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    /** MassHealth member ID: 12 digits. */
    masshealthId: text('masshealth_id').notNull(),
    /** Medicare Beneficiary Identifier, upper case without dashes. */
    mbi: text('mbi'),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    sex: careSex('sex').notNull().default('unknown'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    town: text('town'),
    postalCode: text('postal_code'),
    county: text('county'),
    phone: text('phone'),
    email: text('email'),
    preferredLanguage: text('preferred_language'),
    accessibleFormats: text('accessible_formats').array().notNull().default(sql`'{}'::text[]`),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('care_enrollees_id_key').on(t.id),
    uniqueIndex('care_enrollees_masshealth_key').on(t.orgId, t.masshealthId),
    // One enrollee per MBI within the holder, as the roster import already checks (stored normalised).
    uniqueIndex('care_enrollees_mbi_key').on(t.orgId, t.mbi).where(sql`${t.mbi} IS NOT NULL`),
    index('care_enrollees_name_idx').on(t.orgId, t.familyName, t.givenName),
    check('care_enrollees_masshealth_format', sql`${t.masshealthId} ~ '^[0-9]{12}$'`),
    check(
      'care_enrollees_mbi_format',
      sql`${t.mbi} ~ '^[1-9][A-Z][A-Z0-9][0-9][A-Z][A-Z0-9][0-9][A-Z]{2}[0-9]{2}$'`,
    ),
    check(
      'care_enrollees_formats_known',
      sql`${t.accessibleFormats} <@ ARRAY[${sql.raw(ACCESSIBLE_FORMATS.map((f) => `'${f}'`).join(', '))}]::text[]`,
    ),
    carePolicy(t.orgId, t.id),
  ],
);

export const enrolleeKey = (t: { orgId: AnyPgColumn; enrolleeId: AnyPgColumn }, name: string) =>
  foreignKey({
    name,
    columns: [t.orgId, t.enrolleeId],
    foreignColumns: [careEnrollees.orgId, careEnrollees.id],
  });

/**
 * An enrollee's enrollment in a program, from `effective_on` to `ends_on` (inclusive; open when null). Two
 * enrollments of one enrollee in one program never overlap, nor do One Care, ACO and MCO enrollments (one
 * coverage at a time; Community Partners run beside them): a statement trigger (migration 0051, decision 057).
 */
export const careEnrollments = pgTable(
  'care_enrollments',
  {
    // The organisation is checked through the enrollee's key (an enrollee's own organisation is checked
    // there): a second check on every row of a 100,000-row roster import bought nothing.
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    program: careProgram('program').notNull(),
    effectiveOn: date('effective_on').notNull(),
    endsOn: date('ends_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_enrollments_enrollee_fk'),
    // With INCLUDE (id, effective_on, ends_on), which the schema cannot say: migration 0044.
    index('care_enrollments_enrollee_idx').on(t.orgId, t.enrolleeId, t.program),
    check('care_enrollments_dates', sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.effectiveOn}`),
    carePolicy(t.orgId, t.enrolleeId),
  ],
);

/**
 * A person on an enrollee's care team, for the organisation they work for there (`member_org_id`), with
 * dates. At most one open single point of contact per enrollee; a change ends the old one (history kept). No
 * two single-point-of-contact memberships of one enrollee share a day: an exclusion constraint (migration 0042).
 */
export const careTeamMembers = pgTable(
  'care_team_members',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: careTeamRole('role').notNull(),
    singlePointOfContact: boolean('single_point_of_contact').notNull().default(false),
    memberOrgId: uuid('member_org_id')
      .notNull()
      .references(() => organisations.id),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    /** LTS coordinator: the day the enrollee was offered one, and their answer. */
    ltsOfferedOn: date('lts_offered_on'),
    ltsResponse: ltsResponse('lts_response'),
    ltsRespondedOn: date('lts_responded_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_team_members_enrollee_fk'),
    index('care_team_members_enrollee_idx').on(t.orgId, t.enrolleeId),
    // What `care_enrollees_on_team()` reads: memberships for another organisation than the record's holder.
    index('care_team_members_outside_idx')
      .on(t.memberOrgId, t.enrolleeId)
      .where(sql`${t.memberOrgId} <> ${t.orgId}`),
    index('care_team_members_person_idx').on(t.personId),
    uniqueIndex('care_team_members_one_spoc_key')
      .on(t.orgId, t.enrolleeId)
      .where(sql`${t.singlePointOfContact} AND ${t.endsOn} IS NULL`),
    check('care_team_members_dates', sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
    check(
      'care_team_members_spoc_role',
      sql`NOT ${t.singlePointOfContact} OR ${t.role} IN ('care_coordinator', 'clinical_care_manager')`,
    ),
    check(
      'care_team_members_lts_only',
      sql`${t.role} = 'lts_coordinator' OR (${t.ltsOfferedOn} IS NULL AND ${t.ltsResponse} IS NULL)`,
    ),
    carePolicy(t.orgId, t.enrolleeId),
  ],
);

/** An attempt to reach an enrollee, successful or not: the evidence "unreachable" rests on. */
export const careContacts = pgTable(
  'care_contacts',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    mode: contactMode('mode').notNull(),
    reached: boolean('reached').notNull(),
    madeBy: uuid('made_by')
      .notNull()
      .references(() => people.id),
    /** The organisation the person made it for (a care team member's own organisation). */
    madeForOrgId: uuid('made_for_org_id')
      .notNull()
      .references(() => organisations.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    notes: text('notes'),
    part2OrgId: part2Program(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_contacts_enrollee_fk'),
    index('care_contacts_enrollee_idx').on(t.orgId, t.enrolleeId, t.occurredAt),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
    part2Policy(t.enrolleeId, t.part2OrgId),
  ],
);

/** A completed assessment, with the rule (kind and version) whose due date it satisfied. */
export const careAssessments = pgTable(
  'care_assessments',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    kind: assessmentKind('kind').notNull(),
    /** The instrument's answers: a survey response tied to the enrollee. */
    surveyResponseId: uuid('survey_response_id'),
    inPerson: boolean('in_person').notNull(),
    majorChangeReason: text('major_change_reason'),
    ruleKind: ruleKindColumn('rule_kind'),
    /** The program of the rule satisfied: with kind and version, the rule it names (decision 052). */
    ruleProgram: careProgram('rule_program'),
    ruleVersion: integer('rule_version'),
    completedOn: date('completed_on').notNull(),
    completedBy: uuid('completed_by').references(() => people.id),
    part2OrgId: part2Program(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_assessments_enrollee_fk'),
    index('care_assessments_enrollee_idx').on(t.orgId, t.enrolleeId, t.completedOn),
    check(
      'care_assessments_major_change_reason',
      sql`${t.kind} <> 'major_change' OR ${t.majorChangeReason} IS NOT NULL`,
    ),
    ruleKindCheck('care_assessments_rule_kind', t.ruleKind),
    check('care_assessments_rule_pair', sql`(${t.ruleKind} IS NULL) = (${t.ruleVersion} IS NULL)`),
    check('care_assessments_rule_program', sql`(${t.ruleKind} IS NULL) = (${t.ruleProgram} IS NULL)`),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
    part2Policy(t.enrolleeId, t.part2OrgId),
  ],
);

/**
 * A major change in the enrollee's condition or circumstances (a hospital stay, a move, a new diagnosis): the
 * day and reason start the major-change reassessment clock. Recorded by the plan or a care team organisation.
 */
export const careMajorChanges = pgTable(
  'care_major_changes',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    occurredOn: date('occurred_on').notNull(),
    reason: text('reason').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_major_changes_enrollee_fk'),
    index('care_major_changes_enrollee_idx').on(t.orgId, t.enrolleeId, t.occurredOn),
    carePolicy(t.orgId, t.enrolleeId, { teamWrites: true }),
  ],
);

/**
 * Program rules as data (decision 050): each kind of clock, per program, in versions with an effective
 * period. The version that applies is the one in force on the day the clock starts. Shared by every
 * organisation; written only by migrations.
 */
export const careRules = pgTable(
  'care_rules',
  {
    kind: ruleKindColumn('kind').notNull(),
    program: careProgram('program').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
    parameters: jsonb('parameters').notNull(),
    source: text('source').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.program, t.version] }),
    ruleKindCheck('care_rules_kind', t.kind),
    check('care_rules_dates', sql`${t.effectiveTo} IS NULL OR ${t.effectiveTo} >= ${t.effectiveFrom}`),
  ],
);

/**
 * A roster import's rows while it runs (unlogged: they never outlive the run). Each row checked on its own;
 * an optional column the file does not have is staged as NULL (the value recorded is kept), an empty cell
 * in a column it has as '' (the value is cleared). Accessible formats are their codes joined by ','.
 */
export const careImportRows = pgTable(
  'care_import_rows',
  {
    orgId: orgId(),
    jobId: uuid('job_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    masshealthId: text('masshealth_id').notNull(),
    mbi: text('mbi'),
    familyName: text('family_name').notNull(),
    givenName: text('given_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    sex: text('sex'),
    address: text('address'),
    town: text('town'),
    county: text('county'),
    postalCode: text('postal_code'),
    phone: text('phone'),
    email: text('email'),
    preferredLanguage: text('preferred_language'),
    accessibleFormats: text('accessible_formats'),
    program: text('program').notNull(),
    effectiveOn: date('effective_on').notNull(),
    endsOn: text('ends_on'),
    /** The ids the row's enrollee (if new to the plan) and enrollment (if new) are given, made as it is read. */
    newEnrolleeId: uuid('new_enrollee_id').notNull(),
    newEnrollmentId: uuid('new_enrollment_id').notNull(),
  },
  (t) => [index('care_import_rows_job_idx').on(t.orgId, t.jobId, t.rowNumber), tenantPolicy(t.orgId)],
);

/**
 * Each enrollee's work queue items as computed for a day (decision 055), so a supervisor's team view counts
 * them rather than computing every clock of every caseload. `changed` is moved on by triggers whenever the
 * enrollee's enrollments, assessments, major changes or contacts change (migration 0046); the row is current
 * when `computed_on` is today and `computed_change` equals `changed`. Written only by the table owner.
 */
export const careDue = pgTable(
  'care_due',
  {
    orgId: orgId(), // checked through the enrollee's key, as for enrollments
    enrolleeId: uuid('enrollee_id').notNull(),
    changed: integer('changed').notNull().default(1),
    computedChange: integer('computed_change'),
    computedOn: date('computed_on'),
    /** The queue items on `computed_on` (`QueueItem[]`). */
    items: jsonb('items').$type<unknown[]>().notNull().default(sql`'[]'::jsonb`),
    /** The kinds among the items, and whether any was overdue on `computed_on`. */
    kinds: text('kinds').array().notNull().default(sql`'{}'::text[]`),
    overdue: boolean('overdue').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.enrolleeId] }),
    enrolleeKey(t, 'care_due_enrollee_fk'),
    carePolicy(t.orgId, t.enrolleeId),
  ],
);
