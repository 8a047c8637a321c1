import { curriculumView } from '@contract/training/program-years.schemas.js';
import {
  frameworkView,
  moduleView,
  type TopicInput,
  topicView,
} from '@contract/training/training.schemas.js';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../../platform/db/client.js';
import { holds } from '../../../platform/db/columns.js';
import { organisationsView } from '../../organisations/index.js';
import { topics } from './catalog.tables.js';

type Page = { offset: number; limit: number };

const topicRow = topicView.extend({ total: z.number() });

/** The topics open to the caller's organisation, each saying whether this person has completed it. */
export async function listTopics(
  db: Db,
  personId: string | null,
  q: {
    q?: string | undefined;
    shared?: 'true' | 'false' | undefined;
    sort?: string | undefined;
    dir: string;
  },
  page: Page,
) {
  const where =
    and(
      q.q ? sql`(${holds(sql`t.title`, q.q)} or ${holds(sql`t.code`, q.q)})` : undefined,
      q.shared ? sql`t.shared = ${q.shared === 'true'}` : undefined,
    ) ?? sql`true`;
  const order = q.sort === 'code' ? sql`t.code` : sql`t.title`;
  const found = await checkedRows(
    db,
    topicRow,
    sql`select t.id, t.org_id as "orgId", o.name as "ownerName", t.code, t.title, t.description, t.shared,
        t.objectives, t.version, t.ce_hours::float8 as "ceHours", t.ce_accreditor as "ceAccreditor",
        coalesce((select json_agg(json_build_object('code', c.code, 'text', c.text) order by c.position)
          from competencies c where c.id = any(t.competency_ids)), '[]') as competencies,
        exists (select 1 from training_completions x where x.person_id = ${personId} and x.topic_id = t.id
          and x.revoked_at is null) as "completedByMe",
        count(*) over ()::int as total
      from training_topics t join ${organisationsView} o on o.id = t.org_id
      where ${where}
      order by ${order} ${q.dir === 'desc' ? sql`desc` : sql`asc`}, t.id
      offset ${page.offset} limit ${page.limit}`,
  );
  const total = found[0]?.total ?? 0;
  return { items: found.map(({ total: _total, ...item }) => item), total };
}

export async function insertTopic(db: Db, orgId: string, input: TopicInput) {
  const [row] = await db
    .insert(topics)
    .values({
      orgId,
      code: input.code,
      title: input.title,
      description: input.description ?? null,
      shared: input.shared,
      objectives: input.objectives,
      competencyIds: input.competencyIds,
      ceHours: input.ceHours ?? null,
      ceAccreditor: input.ceHours ? input.ceAccreditor || null : null,
    })
    .returning({ id: topics.id });
  return row!.id;
}

/**
 * Whether organisation `org` may use topic `t` — offer it, record it, plan or require it: a shared topic,
 * or its own. Another organisation's private topic may be seen (decision 007) but not used (decision 022).
 */
export const topicUsableBy = (t: SQL, org: SQL) => sql`(${t}.shared or ${t}.org_id = ${org})`;

const topicBrief = { id: topics.id, orgId: topics.orgId, title: topics.title, shared: topics.shared };

/** A topic the organisation may use; undefined for one it may not, exactly as for one that does not exist. */
export async function findUsableTopic(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select(topicBrief)
    .from(topics)
    .where(and(eq(topics.id, id), sql`(${topics.shared} or ${topics.orgId} = ${orgId})`));
  return row;
}

export async function findTopic(db: Db, id: string) {
  const [row] = await db.select(topicBrief).from(topics).where(eq(topics.id, id));
  return row;
}

export function listModules(db: Db) {
  return checkedRows(
    db,
    moduleView,
    sql`select m.id, c.title as curriculum, m.position, m.title, m.purpose, m.objectives,
        coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by array_position(m.topic_ids, t.id))
          from training_topics t where t.id = any(m.topic_ids)), '[]') as topics
      from training_modules m left join training_curricula c on c.id = m.curriculum_id
      order by c.title nulls last, m.position, m.title`,
  );
}

export function listCurricula(db: Db) {
  return checkedRows(
    db,
    curriculumView,
    sql`select c.id, c.title,
        coalesce((select json_agg(json_build_object('position', m.position, 'title', m.title) order by m.position)
          from training_modules m where m.curriculum_id = c.id), '[]') as modules
      from training_curricula c order by c.title, c.id`,
  );
}

export function listFrameworks(db: Db) {
  return checkedRows(
    db,
    frameworkView,
    sql`select f.id, f.code, f.name, f.org_id is null as "builtIn",
        coalesce((select json_agg(json_build_object('id', c.id, 'code', c.code, 'text', c.text) order by c.position)
          from competencies c where c.framework_id = f.id), '[]') as competencies
      from competency_frameworks f order by f.org_id nulls first, f.name`,
  );
}
