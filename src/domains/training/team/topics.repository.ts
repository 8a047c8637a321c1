import type { TopicDetail, TopicUpdate } from '@contract/training/team/topics.schemas.js';
import { sql } from 'drizzle-orm';
import { arrayParam, type Db, rows } from '../../../platform/db/client.js';

/** One topic the caller can see, with its competencies, the modules that include it, and its owner. */
export async function findTopicDetail(db: Db, personId: string | null, id: string) {
  const [row] = await rows<Omit<TopicDetail, 'mayEdit'>>(
    db,
    sql`select t.id, t.org_id as "orgId", o.name as "ownerName", t.code, t.title, t.description, t.shared,
        t.objectives, t.competency_ids as "competencyIds", t.version,
        t.ce_hours::float8 as "ceHours", t.ce_accreditor as "ceAccreditor",
        coalesce((select json_agg(json_build_object('code', c.code, 'text', c.text) order by c.position)
          from competencies c where c.id = any(t.competency_ids)), '[]') as competencies,
        exists (select 1 from training_completions x where x.person_id = ${personId} and x.topic_id = t.id
          and x.revoked_at is null) as "completedByMe",
        coalesce((select json_agg(json_build_object('id', m.id, 'title', m.title, 'curriculum', cu.title,
            'position', m.position) order by cu.title nulls last, m.position, m.title)
          from training_modules m left join training_curricula cu on cu.id = m.curriculum_id
          where t.id = any(m.topic_ids)), '[]') as modules
      from training_topics t join organisations o on o.id = t.org_id
      where t.id = ${id}`,
  );
  return row;
}

/** The competency ids in the list that no framework the caller can see holds. */
export async function unknownCompetencies(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const found = await rows<{ id: string }>(
    db,
    sql`select id from competencies where id = any(${arrayParam(ids, 'uuid')})`,
  );
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/** Replaces an organisation's own topic's fields if it is still at `version`; undefined when it is not. */
export async function updateTopic(db: Db, orgId: string, id: string, input: TopicUpdate, version: number) {
  const [row] = await rows<{ version: number }>(
    db,
    sql`update training_topics set title = ${input.title}, description = ${input.description || null},
        objectives = ${arrayParam(input.objectives, 'text')}, competency_ids = ${arrayParam(input.competencyIds, 'uuid')},
        shared = coalesce(${input.shared ?? null}::boolean, shared),
        ${
          input.ceHours === undefined
            ? sql``
            : sql`ce_hours = ${input.ceHours}, ce_accreditor = ${input.ceHours ? input.ceAccreditor || null : null},`
        }
        version = version + 1, updated_at = now()
      where org_id = ${orgId} and id = ${id} and version = ${version} returning version`,
  );
  return row;
}

/**
 * A topic just shared: its sessions are shared with it, so they reach every organisation as a shared
 * topic's do (a session copies its topic's flag when it is made). Only the owner runs sessions of a
 * private topic (decision 022), so these are all its own.
 */
export async function shareSessionsOf(db: Db, orgId: string, topicId: string) {
  await db.execute(
    sql`update training_sessions set shared = true, updated_at = now()
      where org_id = ${orgId} and topic_id = ${topicId} and not shared`,
  );
}
