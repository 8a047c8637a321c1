import { type TopicUpdate, topicDetail } from '@contract/training/team/topics.schemas.js';
import { and, eq, inArray, not, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, type Db } from '../../../platform/db/client.js';
import { organisationsView } from '../../organisations/index.js';
import { competencies } from '../catalog/catalog.tables.js';
import { trainingSessions } from '../sessions/sessions.tables.js';

/** One topic the caller can see, with its competencies, the modules that include it, and its owner. */
export async function findTopicDetail(db: Db, personId: string | null, id: string) {
  return checkedRow(
    db,
    topicDetail.omit({ mayEdit: true }),
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
      from training_topics t join ${organisationsView} o on o.id = t.org_id
      where t.id = ${id}`,
  );
}

/** The competency ids in the list that no framework the caller can see holds. */
export async function unknownCompetencies(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const found = await db
    .select({ id: competencies.id })
    .from(competencies)
    .where(inArray(competencies.id, ids));
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

const updateTopicRow = z.object({ version: z.number() });
/** Replaces an organisation's own topic's fields if it is still at `version`; undefined when it is not. */
export async function updateTopic(db: Db, orgId: string, id: string, input: TopicUpdate, version: number) {
  return checkedRow(
    db,
    updateTopicRow,
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
}

/**
 * A topic just shared: its sessions are shared with it, so they reach every organisation as a shared
 * topic's do (a session copies its topic's flag when it is made). Only the owner runs sessions of a
 * private topic (decision 022), so these are all its own.
 */
export async function shareSessionsOf(db: Db, orgId: string, topicId: string) {
  const s = trainingSessions;
  await db
    .update(s)
    .set({ shared: true, updatedAt: sql`now()` })
    .where(and(eq(s.orgId, orgId), eq(s.topicId, topicId), not(s.shared)));
}
