import { sql } from 'drizzle-orm';
import { date, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy, updatedAt, version } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';
import { curricula } from '../catalog/catalog.tables.js';

/**
 * A performance year's training plan (seed 002): what the needs assessment found, the year's focus, its
 * topics, curriculum and core skills, and the mailbox list its live events are announced to. The year's
 * events (dates, speakers) are the sessions that belong to it.
 */
export const programYears = pgTable(
  'training_program_years',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('training_program_years_id_key'),
    title: text('title').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    assessment: text('assessment'),
    focus: text('focus'),
    curriculumId: uuid('curriculum_id').references(() => curricula.id),
    topicIds: uuid('topic_ids').array().notNull().default(sql`'{}'::uuid[]`),
    competencyIds: uuid('competency_ids').array().notNull().default(sql`'{}'::uuid[]`),
    mailbox: text('mailbox').array().notNull().default(sql`'{}'::text[]`),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_program_years_title_key').on(t.orgId, sql`lower(${t.title})`),
    tenantPolicy(t.orgId),
  ],
);
