// What the demo dataset reads of the catalog and the synthetic completions it writes, in bulk and without
// the checks recording one at a time goes through. Who has a completion, and its day, follow from a hash of
// the person's id and the topic, never from chance, so a demo database reads the same whenever it is seeded.
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { arrayParam, type Db } from '../../platform/db/client.js';
import { networkContractsView } from '../organisations/index.js';
import { peopleView, personRolesView } from '../people/index.js';
import { competencies, competencyFrameworks, modules, topics } from './catalog/catalog.tables.js';

/** A stable pseudo-random number 0–2³¹ from text. */
const hash = (text: SQL) => sql`(('x' || substr(md5(${text}), 1, 8))::bit(32)::int & 2147483647)`;

/** A framework's competencies: code → id. */
export async function competencyIdsByCode(db: Db, frameworkCode: string) {
  const found = await db
    .select({ id: competencies.id, code: competencies.code })
    .from(competencies)
    .innerJoin(competencyFrameworks, eq(competencyFrameworks.id, competencies.frameworkId))
    .where(eq(competencyFrameworks.code, frameworkCode));
  return new Map(found.map((r) => [r.code, r.id]));
}

/** An organisation's shared topics: id, code and title, by code. */
export function sharedTopicsOf(db: Db, orgId: string) {
  return db
    .select({ id: topics.id, code: topics.code, title: topics.title })
    .from(topics)
    .where(and(eq(topics.orgId, orgId), eq(topics.shared, true)))
    .orderBy(asc(topics.code));
}

/** Writes one topic; its id. */
export async function seedTopic(db: Db, values: typeof topics.$inferInsert) {
  const [topic] = await db.insert(topics).values(values).returning({ id: topics.id });
  return topic!.id;
}

/** An organisation's modules' ids, in curriculum order. */
export async function moduleIdsOf(db: Db, orgId: string) {
  const found = await db
    .select({ id: modules.id })
    .from(modules)
    .where(eq(modules.orgId, orgId))
    .orderBy(asc(modules.position));
  return found.map((m) => m.id);
}

/** A 10-character certificate code from a person and a salt. */
const certificateCode = (salt: SQL | string) =>
  sql`upper(substr(md5(p.id::text || ${salt}), 1, 5) || '-' || substr(md5(${salt} || p.id::text), 1, 5))`;

export interface SeededPlanCompletions {
  /** The plan, whose own topic it is. */
  planId: string;
  planCode: string;
  topicId: string;
  recordedByName: string;
  /** The roles (in the plan or in its contracted network) whose holders may have done it. */
  roles: readonly string[];
  /** People never given a completion (the named demo sign-ins). */
  exceptPersonIds: readonly string[];
}

/**
 * Self-paced completions of a plan's own topic this year by about seven in ten of the people holding one of
 * `roles` at the plan or an organisation it has a network contract with.
 */
export async function seedPlanCompletions(db: Db, c: SeededPlanCompletions) {
  await db.execute(
    sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
        recorded_by_name, certificate_code)
      select ${c.planId}, p.id, p.given_name || ' ' || p.family_name, ${c.topicId},
        greatest(date_trunc('year', current_date)::date, current_date - (${hash(sql`p.id::text || ${c.planCode}`)} % 300)),
        'self_paced', ${c.recordedByName}, ${certificateCode(c.planCode)}
      from ${peopleView} p
      where p.id <> all(${arrayParam(c.exceptPersonIds, 'uuid')})
        and ${hash(sql`p.id::text || ${c.planCode} || 'moc'`)} % 100 < 70
        and exists (select 1 from ${personRolesView} pr where pr.person_id = p.id
          and pr.role::text = any(${arrayParam(c.roles, 'text')})
          and (pr.org_id = ${c.planId} or exists (select 1 from ${networkContractsView} r
            where (r.org_id = ${c.planId} and r.other_org_id = pr.org_id)
              or (r.other_org_id = ${c.planId} and r.org_id = pr.org_id))))`,
  );
}

/**
 * Completions of an organisation's shared topics at its webinars (one in three recorded) by about three in
 * four people with a role, on a day in the last 540, so some are due again.
 */
export async function seedSharedCompletions(
  db: Db,
  c: { orgId: string; recordedByName: string; exceptPersonIds: readonly string[] },
) {
  await db.execute(
    sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
        recorded_by_name, certificate_code)
      select ${c.orgId}, p.id, p.given_name || ' ' || p.family_name, t.id, current_date - 1 - (h % 540),
        (case when h % 3 = 0 then 'recorded' else 'live' end)::completion_method, ${c.recordedByName},
        ${certificateCode(sql`t.code`)}
      from ${peopleView} p cross join training_topics t
        cross join lateral (select ${hash(sql`p.id::text || t.code`)} as h) r
      where t.org_id = ${c.orgId} and t.shared and h % 100 < 75
        and p.id <> all(${arrayParam(c.exceptPersonIds, 'uuid')})
        and exists (select 1 from ${personRolesView} pr where pr.person_id = p.id)`,
  );
}
