import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
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
  tenantPolicy,
  updatedAt,
  version,
} from '../../platform/db/columns.js';
import { organisationKind, organisations } from '../organisations/organisations.tables.js';

/** A transaction id (PostgreSQL 13+), compared with a snapshot by `pg_visible_in_snapshot`. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export const requirementWhat = pgEnum('requirement_what', ['topics', 'qualification']);
export const requirementScope = pgEnum('requirement_scope', ['organisation', 'network']);
export const requirementTrigger = pgEnum('requirement_trigger', [
  'role_start',
  'contract_start',
  'fixed_date',
  'team_start',
]);
export const requirementRecurrence = pgEnum('requirement_recurrence', [
  'once',
  'every_months',
  'program_year',
]);

/**
 * Who must complete what by when, as data: what (topics — any or all of them — or a current qualification),
 * who (the organisation's people, or its whole network through contracts; roles; optionally named people),
 * the trigger and due date, recurrence, grace and what counts as due soon.
 */
export const requirements = pgTable(
  'compliance_requirements',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('compliance_requirements_id_key'),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    what: requirementWhat('what').notNull(),
    topicIds: uuid('topic_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** For topics: whether every listed topic is needed, or any one of them. */
    allTopics: boolean('all_topics').notNull().default(false),
    /** For a qualification: its name, matched without regard to case ("CCM" matches "CCM certification"). */
    qualificationName: text('qualification_name'),
    /**
     * For a qualification: every name that satisfies it, any one of them (the first is `qualification_name`).
     * Versions saved before it existed have none here and mean their one `qualification_name`.
     */
    qualificationNames: text('qualification_names').array().notNull().default(sql`'{}'::text[]`),
    scope: requirementScope('scope').notNull(),
    /** Roles it applies to; empty means every role. */
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    /** Named people it applies to; empty means everyone in scope. */
    personIds: uuid('person_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Kinds of organisation it reaches people through (Community Partners, providers); empty means any. */
    organisationKinds: organisationKind('organisation_kinds')
      .array()
      .notNull()
      .default(sql`'{}'::organisation_kind[]`),
    /** Named organisations (itself or in its network) it reaches people through; empty means any. */
    organisationIds: uuid('organisation_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /**
     * Programs it is limited to (One Care, ACO, MCO, Community Partners): people are reached only through an
     * organisation taking part in one of them on the day (decision 033); empty means any.
     */
    programs: text('programs').array().notNull().default(sql`'{}'::text[]`),
    program: text('program'),
    trigger: requirementTrigger('trigger').notNull(),
    fixedDate: date('fixed_date'),
    dueWithinDays: integer('due_within_days').notNull(),
    recurrence: requirementRecurrence('recurrence').notNull(),
    recurrenceMonths: integer('recurrence_months'),
    programYearStartMonth: integer('program_year_start_month'),
    graceDays: integer('grace_days').notNull().default(0),
    dueSoonDays: integer('due_soon_days').notNull().default(30),
    active: boolean('active').notNull().default(true),
    /** The first day it applies (reports for earlier days leave it out). */
    inForceFrom: date('in_force_from').notNull().default(sql`(now() at time zone 'America/New_York')::date`),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('compliance_requirements_code_key').on(t.orgId, sql`lower(${t.code})`),
    tenantPolicy(t.orgId),
  ],
);

/**
 * Every version of each requirement and the day it took effect (the first from its in-force day, each edit
 * from the day it was made), written by a trigger, so that a past day is reported under the requirements
 * as they then stood.
 */
export const requirementVersions = pgTable(
  'compliance_requirement_versions',
  {
    orgId: orgId().references(() => organisations.id),
    requirementId: uuid('requirement_id').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: date('effective_from').notNull(),
    /** The requirement's row as it was saved. */
    definition: jsonb('definition').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.requirementId, t.version] }), tenantPolicy(t.orgId)],
);

/** A person excused from a requirement, with a reason and an end date, approved and audited. */
export const exemptions = pgTable(
  'compliance_exemptions',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    requirementId: uuid('requirement_id')
      .notNull()
      .references(() => requirements.id),
    personId: uuid('person_id').notNull(),
    reason: text('reason').notNull(),
    startsOn: date('starts_on').notNull(),
    until: date('until'),
    approvedBy: uuid('approved_by'),
    approvedByName: text('approved_by_name').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('compliance_exemptions_person_idx').on(t.orgId, t.personId),
    tenantPolicy(t.orgId),
  ],
);

/**
 * An organisation's non-compliance workflow: reminders some days before the due date, on it and repeatedly
 * while late, escalation to the person's supervisor some days after, then a flag (decision 029).
 */
export const settings = pgTable(
  'compliance_settings',
  {
    orgId: orgId()
      .primaryKey()
      .references(() => organisations.id),
    remindDaysBefore: integer('remind_days_before').array().notNull().default(sql`'{14,3}'::int[]`),
    remindOnDue: boolean('remind_on_due').notNull().default(true),
    escalateAfterDays: integer('escalate_after_days').notNull().default(7),
    flagAfterDays: integer('flag_after_days').notNull().default(30),
    /** While a person is late, a reminder to them every so many days (decision 029). */
    repeatOverdueDays: integer('repeat_overdue_days').notNull().default(7),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [tenantPolicy(t.orgId)],
);

/**
 * Where each person reached by one of the organisation's requirements stands today, kept up to date instead
 * of recomputed on each read (decision 008): rows are replaced for the people that `compliance_changes` names
 * and for those whose status changes with the passing of a day (`changes_on`).
 */
export const statuses = pgTable(
  'compliance_statuses',
  {
    orgId: orgId().references(() => organisations.id),
    requirementId: uuid('requirement_id').notNull(),
    personId: uuid('person_id').notNull(),
    status: text('status').notNull(),
    dueOn: date('due_on'),
    validUntil: date('valid_until'),
    satisfiedBy: uuid('satisfied_by'),
    explanation: text('explanation').notNull(),
    /** The first day this row is no longer right with nothing else happening. */
    changesOn: date('changes_on'),
    roles: text('roles').array().notNull(),
    /** The organisations where the person holds the roles that bring them under the requirement. */
    orgIds: uuid('org_ids').array().notNull(),
    teams: text('teams').array().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.requirementId, t.personId] }),
    index('compliance_statuses_person_idx').on(t.orgId, t.personId),
    index('compliance_statuses_changes_idx').on(t.orgId, t.changesOn),
    tenantPolicy(t.orgId),
    // A provider reads what the plans it contracts with require of its own people: the rows that name it
    // among the organisations where the person holds their roles, and only to read (decision 025).
    pgPolicy('reached_organisation_reads', {
      for: 'select',
      to: 'public',
      using: sql`${t.orgIds} && ${scopedOrgIds}`,
    }),
  ],
);

/**
 * How far an organisation's maintained statuses have got: the day they are for, the database snapshot they
 * were computed in (changes committed after it are still to apply), and the dashboard's counts.
 */
export const statusState = pgTable(
  'compliance_status_state',
  {
    orgId: orgId()
      .primaryKey()
      .references(() => organisations.id),
    day: date('day').notNull(),
    snapshot: text('snapshot').notNull(),
    summary: jsonb('summary').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [tenantPolicy(t.orgId)],
);

/**
 * What changed that statuses depend on, written by triggers on completions, qualifications, roles, contracts,
 * exemptions, requirements, topic and organisation names: a person (everywhere), a requirement, a whole
 * organisation, or (all empty) everything. Each row carries its transaction so that a reader can tell exactly
 * which changes its last snapshot had not seen. Internal: the application role cannot read it.
 */
export const statusChanges = pgTable(
  'compliance_changes',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
    personId: uuid('person_id'),
    orgId: uuid('org_id'),
    requirementId: uuid('requirement_id'),
  },
  (t) => [
    // "Any mark this snapshot did not see?" looks only at marks from the snapshot's xmin on (decision 020),
    // for everyone or for one person (or none: the organisation's and everything's marks).
    index('compliance_changes_xid_idx').on(t.xid),
    index('compliance_changes_person_xid_idx').on(t.personId, t.xid),
    // Row-level security as everywhere else an organisation id appears, though the application has no grant.
    tenantPolicy(t.orgId),
  ],
);

/** The dashboard's counts at the end of each day they were read, for the trend. */
export const statusSnapshots = pgTable(
  'compliance_status_snapshots',
  {
    orgId: orgId().references(() => organisations.id),
    day: date('day').notNull(),
    summary: jsonb('summary').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.day] }), tenantPolicy(t.orgId)],
);

/**
 * A person flagged under the organisation's non-compliance policy for one requirement's due date: raised by
 * the morning run, listed and filtered on the compliance page, cleared by an officer (who and when kept).
 * One per person × requirement × due date, so a cleared flag is not raised again for the same lateness.
 */
export const flags = pgTable(
  'compliance_flags',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    requirementId: uuid('requirement_id').notNull(),
    personId: uuid('person_id').notNull(),
    dueOn: date('due_on').notNull(),
    flaggedOn: date('flagged_on').notNull(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedBy: uuid('cleared_by'),
    clearedByName: text('cleared_by_name'),
    clearReason: text('clear_reason'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('compliance_flags_key').on(t.orgId, t.requirementId, t.personId, t.dueOn),
    index('compliance_flags_open_idx').on(t.orgId, t.flaggedOn).where(sql`cleared_at is null`),
    tenantPolicy(t.orgId),
  ],
);

/**
 * What the organisation's compliance officers are owed word of (an escalation with no supervisor to take it,
 * a flag), each once, gathered into one digest a day: `digested_on` is the day's digest that named it.
 */
export const officerNotices = pgTable(
  'compliance_officer_notices',
  {
    orgId: orgId().references(() => organisations.id),
    key: text('key').notNull(),
    stage: text('stage').notNull(),
    requirementId: uuid('requirement_id').notNull(),
    personId: uuid('person_id').notNull(),
    dueOn: date('due_on').notNull(),
    daysLate: integer('days_late').notNull(),
    line: text('line').notNull(),
    noticedOn: date('noticed_on').notNull(),
    digestedOn: date('digested_on'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.key] }),
    index('compliance_officer_notices_pending_idx').on(t.orgId).where(sql`digested_on is null`),
    tenantPolicy(t.orgId),
  ],
);
