import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy, updatedAt, version } from '../../platform/db/columns.js';
import { organisations } from '../organisations/organisations.tables.js';

/**
 * The order submissions arrive in, across every survey: results count responses, and participation counts
 * those who answered, only in whole fives in this order while a survey is open (decision 021).
 */
export const surveySubmissions = pgSequence('survey_submissions_seq');

export const surveyLink = pgEnum('survey_link', ['needs_assessment', 'evaluation']);

/**
 * A survey: the definition being edited (`draft`), its audience and dates, whether it is anonymous, and the
 * module or session it assesses before or evaluates after. What respondents answer is its latest published version.
 */
export const surveys = pgTable(
  'surveys',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('surveys_id_key'),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    draft: jsonb('draft').notNull(),
    anonymous: boolean('anonymous').notNull().default(false),
    moduleId: uuid('module_id'),
    /** A session it is linked to; its registrants are then whom it is addressed to. */
    sessionId: uuid('session_id'),
    link: surveyLink('link'),
    /** Roles invited; empty: every role. */
    roles: text('roles').array().notNull().default(sql`'{}'::text[]`),
    /** Organisations invited; empty: every organisation. */
    organisationIds: uuid('organisation_ids').array().notNull().default(sql`'{}'::uuid[]`),
    opensOn: date('opens_on'),
    closesOn: date('closes_on'),
    publishedVersion: integer('published_version'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('surveys_code_key').on(t.orgId, sql`lower(${t.code})`),
    tenantPolicy(t.orgId),
  ],
);

/** Each published version of a survey; a response keeps the version it answered. */
export const surveyVersions = pgTable(
  'survey_versions',
  {
    orgId: orgId().references(() => organisations.id),
    surveyId: uuid('survey_id').notNull(),
    number: integer('number').notNull(),
    definition: jsonb('definition').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedByName: text('published_by_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.surveyId, t.number] }), tenantPolicy(t.orgId)],
);

/**
 * Who has started or answered a survey, and their answers saved to come back to. For an anonymous survey this
 * is all that links a person to it: on submitting, the answers move to a response that names no one, and
 * nothing here points at it.
 */
export const surveyParticipants = pgTable(
  'survey_participants',
  {
    orgId: orgId().references(() => organisations.id),
    surveyId: uuid('survey_id').notNull(),
    personId: uuid('person_id').notNull(),
    submitted: boolean('submitted').notNull().default(false),
    savedAnswers: jsonb('saved_answers'),
    savedVersion: integer('saved_version'),
    /** Where the submission came in `survey_submissions_seq`; null for those submitted before it was kept. */
    submittedSeq: bigint('submitted_seq', { mode: 'number' }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.surveyId, t.personId] }), tenantPolicy(t.orgId)],
);

/**
 * One submitted set of answers, with the groups it is counted in (plan, organisation, role) and the day. An
 * anonymous survey's responses carry no person and no time of day.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    surveyId: uuid('survey_id').notNull(),
    versionNumber: integer('version_number').notNull(),
    personId: uuid('person_id'),
    answers: jsonb('answers').notNull(),
    groups: jsonb('groups').notNull(),
    submittedOn: date('submitted_on').notNull(),
    /**
     * Where the response came in `survey_submissions_seq` (an anonymous survey's: when its batch was mixed
     * in, in the batch's random order), for counting responses in whole fives.
     */
    seq: bigint('seq', { mode: 'number' }).notNull().default(sql`nextval('survey_submissions_seq')`),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('survey_responses_survey_idx').on(t.orgId, t.surveyId),
    tenantPolicy(t.orgId),
  ],
);

/**
 * An anonymous survey's submitted answers waiting to be mixed: once five are waiting they move together, in
 * random order and in a transaction of their own, to `survey_responses`, so that neither the order of the
 * rows nor the transaction that wrote them pairs a response with the person whose submission it was.
 * Counted in the results like any response while they wait.
 */
export const surveyResponsesHeld = pgTable(
  'survey_responses_held',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    surveyId: uuid('survey_id').notNull(),
    versionNumber: integer('version_number').notNull(),
    answers: jsonb('answers').notNull(),
    groups: jsonb('groups').notNull(),
    submittedOn: date('submitted_on').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('survey_responses_held_survey_idx').on(t.orgId, t.surveyId),
    tenantPolicy(t.orgId),
  ],
);
