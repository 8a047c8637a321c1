import { type SQL, sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  numeric,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, scopedOrgIds, updatedAt, version } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';

/**
 * Catalog rows are visible to their owner, to every organisation when shared (the One Care topics the
 * training vendor keeps for all plans), and to organisations in a relationship with the owner (a plan's
 * own model-of-care training, seen by its contracted providers and partners).
 */
export function catalogPolicy(owner: AnyPgColumn, shared: AnyPgColumn | SQL) {
  const visible = sql`${shared} OR ${owner} = ANY ${scopedOrgIds} OR EXISTS (SELECT 1 FROM org_relationships rel WHERE (rel.org_id = ${owner} AND rel.other_org_id = ANY ${scopedOrgIds}) OR (rel.other_org_id = ${owner} AND rel.org_id = ANY ${scopedOrgIds}))`;
  return pgPolicy('tenant_isolation', {
    for: 'all',
    to: 'public',
    using: visible,
    withCheck: sql`${owner} = ANY ${scopedOrgIds}`,
  });
}

/** Competency frameworks are data; the CMBOK-aligned one ships built in (no owner). */
export const competencyFrameworks = pgTable(
  'competency_frameworks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').references(() => organisations.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('competency_frameworks_code_key').on(t.code),
    catalogPolicy(t.orgId, sql`${t.orgId} IS NULL`),
  ],
);

export const competencies = pgTable(
  'competencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => competencyFrameworks.id),
    code: text('code').notNull(),
    text: text('text').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [uniqueIndex('competencies_framework_code_key').on(t.frameworkId, t.code)],
);

/** A training topic. Shared topics are recognised by every plan; the rest are the owner's own. */
export const topics = pgTable(
  'training_topics',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('training_topics_id_key'),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description'),
    shared: boolean('shared').notNull().default(false),
    objectives: text('objectives').array().notNull().default(sql`'{}'::text[]`),
    competencyIds: uuid('competency_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Continuing-education hours a completion earns, in quarter hours or finer; null when it earns none. */
    ceHours: numeric('ce_hours', { precision: 5, scale: 2, mode: 'number' }),
    /** The body that accredits those hours (e.g. "Commission for Case Manager Certification"). */
    ceAccreditor: text('ce_accreditor'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_topics_code_key').on(t.orgId, sql`lower(${t.code})`),
    catalogPolicy(t.orgId, t.shared),
  ],
);

/** A curriculum: an ordered series of modules (the Care Coordinator Shared Learning series). */
export const curricula = pgTable(
  'training_curricula',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('training_curricula_id_key'),
    title: text('title').notNull(),
    description: text('description'),
    shared: boolean('shared').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), catalogPolicy(t.orgId, t.shared)],
);

/** A module groups topics, with its purpose and objectives; its place in a curriculum is `position`. */
export const modules = pgTable(
  'training_modules',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom().unique('training_modules_id_key'),
    curriculumId: uuid('curriculum_id').references(() => curricula.id),
    position: integer('position').notNull().default(1),
    title: text('title').notNull(),
    purpose: text('purpose').array().notNull().default(sql`'{}'::text[]`),
    objectives: text('objectives').array().notNull().default(sql`'{}'::text[]`),
    topicIds: uuid('topic_ids').array().notNull().default(sql`'{}'::uuid[]`),
    shared: boolean('shared').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('training_modules_curriculum_idx').on(t.curriculumId, t.position),
    catalogPolicy(t.orgId, t.shared),
  ],
);
