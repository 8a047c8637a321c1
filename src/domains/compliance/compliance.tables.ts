import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy, updatedAt, version } from '../../platform/db/columns.js';
import { organisations } from '../organisations/organisations.tables.js';

export const requirementWhat = pgEnum('requirement_what', ['topics', 'qualification']);
export const requirementScope = pgEnum('requirement_scope', ['organisation', 'network']);
export const requirementTrigger = pgEnum('requirement_trigger', [
  'role_start',
  'contract_start',
  'fixed_date',
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
    scope: requirementScope('scope').notNull(),
    /** Roles it applies to; empty means every role. */
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    /** Named people it applies to; empty means everyone in scope. */
    personIds: uuid('person_ids').array().notNull().default(sql`'{}'::uuid[]`),
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
 * An organisation's non-compliance workflow: reminders some days before the due date and on it, escalation
 * to its compliance officers some days after, then a flag.
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
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [tenantPolicy(t.orgId)],
);
