import {
  type ProgramYearInput,
  programYearSummary,
  programYearView,
  publicEvent,
} from '@contract/training/program-years.schemas.js';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  arrayParam,
  checkedRow,
  checkedRows,
  type Db,
  isoTimestamp as iso,
} from '../../../platform/db/client.js';
import { holds } from '../../../platform/db/columns.js';
import { organisationsView } from '../../organisations/index.js';
import { topicUsableBy } from '../catalog/catalog.repository.js';
import { topics } from '../catalog/catalog.tables.js';
import { trainingSessions } from '../sessions/sessions.tables.js';
import { programYears } from './program-years.tables.js';

type Page = { offset: number; limit: number };

export async function listProgramYears(
  db: Db,
  q: { q?: string | undefined; sort?: string | undefined; dir: string },
  page: Page,
) {
  const order = q.sort === 'title' ? sql`y.title` : sql`y.starts_on`;
  const found = await checkedRows(
    db,
    programYearSummary.extend({ total: z.number() }),
    sql`select y.id, y.title, y.starts_on::text as "startsOn", y.ends_on::text as "endsOn", y.version,
        (select count(*)::int from training_sessions s where s.program_year_id = y.id) as events,
        (select count(*)::int from training_sessions s where s.program_year_id = y.id and s.announced_at is not null) as announced,
        count(*) over ()::int as total
      from training_program_years y
      where ${q.q ? holds(sql`y.title`, q.q) : sql`true`}
      order by ${order} ${q.dir === 'asc' ? sql`asc` : sql`desc`}, y.id
      offset ${page.offset} limit ${page.limit}`,
  );
  const total = found[0]?.total ?? 0;
  return { items: found.map(({ total: _total, ...item }) => item), total };
}

export async function findProgramYear(db: Db, id: string) {
  return checkedRow(
    db,
    programYearView.extend({ orgId: z.uuid() }),
    sql`select y.id, y.org_id as "orgId", y.title, y.starts_on::text as "startsOn", y.ends_on::text as "endsOn",
        y.assessment, y.focus, y.mailbox, y.version,
        (select json_build_object('id', c.id, 'title', c.title, 'modules', coalesce((
            select json_agg(json_build_object('position', m.position, 'title', m.title) order by m.position)
            from training_modules m where m.curriculum_id = c.id), '[]'))
          from training_curricula c where c.id = y.curriculum_id) as curriculum,
        coalesce((select json_agg(json_build_object('id', t.id, 'code', t.code, 'title', t.title, 'shared', t.shared)
            order by array_position(y.topic_ids, t.id))
          from training_topics t where t.id = any(y.topic_ids)), '[]') as topics,
        coalesce((select json_agg(json_build_object('id', c.id, 'code', c.code, 'text', c.text)
            order by c.position)
          from competencies c where c.id = any(y.competency_ids)), '[]') as "coreSkills",
        coalesce((select json_agg(e order by e."startsAt" nulls last, e.title) from (
            select s.id, s.kind, s.title, t.title as "topicTitle", ${iso(sql`s.starts_at`)} as "startsAt",
              ${iso(sql`s.ends_at`)} as "endsAt", s.time_zone as "timeZone", s.speaker,
              ${iso(sql`s.announced_at`)} as "announcedAt", s.source_session_id as "sourceSessionId",
              (select r.id from training_sessions r where r.source_session_id = s.id) as "recordingId"
            from training_sessions s join training_topics t on t.id = s.topic_id
            where s.program_year_id = y.id) e), '[]') as events,
        coalesce((select array_agg(distinct s.speaker order by s.speaker) from training_sessions s
          where s.program_year_id = y.id and s.speaker is not null), '{}') as speakers
      from training_program_years y where y.id = ${id}`,
  );
}

const yearValues = (input: ProgramYearInput) => ({
  title: input.title,
  startsOn: input.startsOn,
  endsOn: input.endsOn,
  assessment: input.assessment ?? null,
  focus: input.focus ?? null,
  curriculumId: input.curriculumId ?? null,
  topicIds: input.topicIds,
  competencyIds: input.competencyIds,
  mailbox: input.mailbox,
});

export async function insertProgramYear(db: Db, orgId: string, input: ProgramYearInput) {
  const [row] = await db
    .insert(programYears)
    .values({ orgId, ...yearValues(input) })
    .returning({ id: programYears.id });
  return row!.id;
}

export async function updateProgramYear(db: Db, id: string, input: ProgramYearInput, version: number) {
  const [row] = await db
    .update(programYears)
    .set({ ...yearValues(input), version: sql`${programYears.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(programYears.id, id), eq(programYears.version, version)))
    .returning({ id: programYears.id });
  return row;
}

const unknownReferencesRow = z.object({
  topics: z.array(z.uuid()),
  competencies: z.array(z.uuid()),
  curriculum: z.boolean(),
});
/**
 * Which of these ids are topics the organisation may use (its own or shared: decision 022), competencies,
 * or a curriculum it can see (the rest are named).
 */
export async function unknownReferences(db: Db, orgId: string, input: ProgramYearInput) {
  const row = await checkedRow(
    db,
    unknownReferencesRow,
    sql`select
        coalesce((select array_agg(x) from unnest(${arrayParam(input.topicIds, 'uuid')}) x
          where not exists (select 1 from training_topics t where t.id = x and ${topicUsableBy(sql`t`, sql`${orgId}::uuid`)})), '{}') as topics,
        coalesce((select array_agg(x) from unnest(${arrayParam(input.competencyIds, 'uuid')}) x
          where not exists (select 1 from competencies c where c.id = x)), '{}') as competencies,
        ${input.curriculumId ?? null}::uuid is null
          or exists (select 1 from training_curricula c where c.id = ${input.curriculumId ?? null}) as curriculum`,
  );
  return row!;
}

export async function setAnnounced(db: Db, sessionId: string) {
  const s = trainingSessions;
  const [row] = await db
    .update(s)
    .set({ announcedAt: sql`coalesce(${s.announcedAt}, now())`, updatedAt: sql`now()` })
    .where(eq(s.id, sessionId))
    .returning({ announcedAt: sql<string>`${iso(sql`${s.announcedAt}`)}` });
  return row!.announcedAt;
}

/** Announced live events that have not ended, across organisations (the public events page). */
export function publicEvents(db: Db, orgCode: string | undefined) {
  return checkedRows(
    db,
    publicEvent.omit({ registerUrl: true }),
    sql`select s.id, s.title, t.title as "topicTitle", o.name as "ownerName", ${iso(sql`s.starts_at`)} as "startsAt",
        ${iso(sql`s.ends_at`)} as "endsAt", s.time_zone as "timeZone", s.speaker,
        case when s.capacity is null then null else greatest(s.capacity - training_seats_taken(s.id), 0) end as "seatsLeft",
        s.cancelled_at is not null as cancelled
      from training_sessions s join training_topics t on t.id = s.topic_id join ${organisationsView} o on o.id = s.org_id
      where s.announced_at is not null and s.kind = 'live' and s.ends_at >= now()
        ${orgCode ? sql`and lower(o.code) = lower(${orgCode})` : sql``}
      order by s.starts_at, s.id limit 200`,
  );
}

export async function topicDescription(db: Db, topicId: string) {
  const [row] = await db
    .select({ description: topics.description })
    .from(topics)
    .where(eq(topics.id, topicId));
  return row?.description ?? null;
}
