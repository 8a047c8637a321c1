import {
  type ParticipationQuery,
  type ParticipationView,
  participationView,
} from '@contract/training/participation.schemas.js';
import { sql } from 'drizzle-orm';
import { checkedRow, type Db } from '../../../platform/db/client.js';

/**
 * Distinct people who registered for, attended or completed each topic, each module (its topics together)
 * and in all, at the sessions an organisation runs and the completions it recorded; its own topics are listed
 * even when no one has taken part yet. Days are counted in
 * Massachusetts time: registrations by the day they registered, attendance by the day attended, completions
 * by the day completed.
 */
export async function participationCounts(
  db: Db,
  orgId: string,
  q: ParticipationQuery,
): Promise<ParticipationView> {
  const day = (column: ReturnType<typeof sql>) => {
    const local = sql`(${column} at time zone 'America/New_York')::date`;
    return sql`${q.from ? sql`${local} >= ${q.from}::date` : sql`true`} and ${q.to ? sql`${local} <= ${q.to}::date` : sql`true`}`;
  };
  const completedDay = sql`${q.from ? sql`c.completed_on >= ${q.from}::date` : sql`true`} and ${q.to ? sql`c.completed_on <= ${q.to}::date` : sql`true`}`;
  const row = await checkedRow(
    db,
    participationView,
    sql`with s as (
        select s.id, s.topic_id, s.starts_at from training_sessions s
        where s.org_id = ${orgId} ${q.kind ? sql`and s.kind = ${q.kind}` : sql``}),
      took_part as (
        select s.topic_id, r.person_id, 'registered' as stage
          from training_registrations r join s on s.id = r.session_id
          where r.status = 'registered' and ${day(sql`r.registered_at`)}
        union
        select s.topic_id, a.person_id, 'attended'
          from training_attendance a join s on s.id = a.session_id
          where a.person_id is not null and ${day(sql`coalesce(a.joined_at, s.starts_at, a.created_at)`)}
        union
        select s.topic_id, v.person_id, 'attended'
          from training_viewings v join s on s.id = v.session_id
          where v.credited_ms > 0 and ${day(sql`v.started_at`)}
        union
        select c.topic_id, c.person_id, 'completed' from training_completions c
          where c.org_id = ${orgId} and c.revoked_at is null and ${completedDay}
            ${q.kind ? sql`and c.method = ${q.kind}` : sql``}),
      tally as (
        select t.id, t.code, t.title,
          (select count(*)::int from s where s.topic_id = t.id and ${day(sql`coalesce(s.starts_at, now())`)}) as sessions,
          count(distinct p.person_id) filter (where p.stage = 'registered')::int as registered,
          count(distinct p.person_id) filter (where p.stage = 'attended')::int as attended,
          count(distinct p.person_id) filter (where p.stage = 'completed')::int as completed
        from training_topics t left join took_part p on p.topic_id = t.id
        where t.org_id = ${orgId} or exists (select 1 from s where s.topic_id = t.id) or p.person_id is not null
        group by t.id, t.code, t.title),
      modules as (
        select m.id, c.title as curriculum, m.position, m.title,
          count(distinct p.person_id) filter (where p.stage = 'registered')::int as registered,
          count(distinct p.person_id) filter (where p.stage = 'attended')::int as attended,
          count(distinct p.person_id) filter (where p.stage = 'completed')::int as completed
        from training_modules m left join training_curricula c on c.id = m.curriculum_id
          left join took_part p on p.topic_id = any(m.topic_ids)
        group by m.id, c.title, m.position, m.title)
      select
        (select json_build_object(
          'registered', count(distinct person_id) filter (where stage = 'registered'),
          'attended', count(distinct person_id) filter (where stage = 'attended'),
          'completed', count(distinct person_id) filter (where stage = 'completed')) from took_part) as people,
        coalesce((select json_agg(tally order by tally.title) from tally), '[]') as topics,
        coalesce((select json_agg(modules order by modules.curriculum nulls last, modules.position, modules.title)
          from modules), '[]') as modules`,
  );
  return row!;
}
