import type {
  SessionInput,
  SessionView,
  TopicInput,
  TopicView,
} from '@contract/training/training.schemas.js';
import { and, type SQL, sql } from 'drizzle-orm';
import { arrayParam, type Db, isoTimestamp as iso, rows } from '../../platform/db/client.js';
import { containing } from '../../platform/db/columns.js';

type Page = { offset: number; limit: number };

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
      q.q ? sql`(t.title ilike ${containing(q.q)} or t.code ilike ${containing(q.q)})` : undefined,
      q.shared ? sql`t.shared = ${q.shared === 'true'}` : undefined,
    ) ?? sql`true`;
  const order = q.sort === 'code' ? sql`t.code` : sql`t.title`;
  const items = await rows<TopicView & { total: number }>(
    db,
    sql`select t.id, t.org_id as "orgId", o.name as "ownerName", t.code, t.title, t.description, t.shared,
        t.objectives, t.version, t.ce_hours::float8 as "ceHours", t.ce_accreditor as "ceAccreditor",
        coalesce((select json_agg(json_build_object('code', c.code, 'text', c.text) order by c.position)
          from competencies c where c.id = any(t.competency_ids)), '[]') as competencies,
        exists (select 1 from training_completions x where x.person_id = ${personId} and x.topic_id = t.id
          and x.revoked_at is null) as "completedByMe",
        count(*) over ()::int as total
      from training_topics t join organisations o on o.id = t.org_id
      where ${where}
      order by ${order} ${q.dir === 'desc' ? sql`desc` : sql`asc`}, t.id
      offset ${page.offset} limit ${page.limit}`,
  );
  return { items, total: items[0]?.total ?? 0 };
}

export async function insertTopic(db: Db, orgId: string, input: TopicInput) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into training_topics (org_id, code, title, description, shared, objectives, competency_ids,
        ce_hours, ce_accreditor)
      values (${orgId}, ${input.code}, ${input.title}, ${input.description ?? null}, ${input.shared},
        ${arrayParam(input.objectives, 'text')}, ${arrayParam(input.competencyIds, 'uuid')},
        ${input.ceHours ?? null}, ${input.ceHours ? input.ceAccreditor || null : null})
      returning id`,
  );
  return row!.id;
}

/**
 * Whether organisation `org` may use topic `t` — offer it, record it, plan or require it: a shared topic,
 * or its own. Another organisation's private topic may be seen (decision 007) but not used (decision 022).
 */
export const topicUsableBy = (t: SQL, org: SQL) => sql`(${t}.shared or ${t}.org_id = ${org})`;

/** A topic the organisation may use; undefined for one it may not, exactly as for one that does not exist. */
export async function findUsableTopic(db: Db, orgId: string, id: string) {
  const [row] = await rows<{ id: string; orgId: string; title: string; shared: boolean }>(
    db,
    sql`select id, org_id as "orgId", title, shared from training_topics t
      where id = ${id} and ${topicUsableBy(sql`t`, sql`${orgId}::uuid`)}`,
  );
  return row;
}

export async function findTopic(db: Db, id: string) {
  const [row] = await rows<{ id: string; orgId: string; title: string; shared: boolean }>(
    db,
    sql`select id, org_id as "orgId", title, shared from training_topics where id = ${id}`,
  );
  return row;
}

export function listModules(db: Db) {
  return rows(
    db,
    sql`select m.id, c.title as curriculum, m.position, m.title, m.purpose, m.objectives,
        coalesce((select json_agg(json_build_object('id', t.id, 'title', t.title) order by array_position(m.topic_ids, t.id))
          from training_topics t where t.id = any(m.topic_ids)), '[]') as topics
      from training_modules m left join training_curricula c on c.id = m.curriculum_id
      order by c.title nulls last, m.position, m.title`,
  );
}

export function listCurricula(db: Db) {
  return rows<{ id: string; title: string; modules: { position: number; title: string }[] }>(
    db,
    sql`select c.id, c.title,
        coalesce((select json_agg(json_build_object('position', m.position, 'title', m.title) order by m.position)
          from training_modules m where m.curriculum_id = c.id), '[]') as modules
      from training_curricula c order by c.title, c.id`,
  );
}

export function listFrameworks(db: Db) {
  return rows(
    db,
    sql`select f.id, f.code, f.name, f.org_id is null as "builtIn",
        coalesce((select json_agg(json_build_object('id', c.id, 'code', c.code, 'text', c.text) order by c.position)
          from competencies c where c.framework_id = f.id), '[]') as competencies
      from competency_frameworks f order by f.org_id nulls first, f.name`,
  );
}

export interface SessionRow extends Omit<SessionView, 'attestationUrl' | 'myAttestationUrl' | 'minMinutes'> {
  minMinutes: number | null;
  attestationToken: string;
  attestationStatement: string;
  calendarSequence: number;
  total?: number;
}

/**
 * Sessions as read everywhere. A session of a topic its running organisation may not use (one made before
 * decision 022) is no session: not listed, and not found to register, import into, watch or attest.
 */
function sessionSelect(personId: string | null, where: SQL, tail: SQL = sql``) {
  // The sessions are chosen (filtered, sorted, paged) first, and only those on the page are counted.
  return sql`with picked as materialized (
      select s.id, count(*) over ()::int as total
      from training_sessions s join training_topics t on t.id = s.topic_id
      where ${where} and ${topicUsableBy(sql`t`, sql`s.org_id`)} ${tail}),
    numbered as (select id, total, row_number() over () as n from picked)
    select s.id, s.org_id as "orgId", o.name as "ownerName", s.topic_id as "topicId", t.title as "topicTitle",
      s.kind, s.title, ${iso(sql`s.starts_at`)} as "startsAt", ${iso(sql`s.ends_at`)} as "endsAt", s.time_zone as "timeZone",
      s.speaker, s.capacity, s.join_url as "joinUrl", s.video_url as "videoUrl", s.duration_minutes as "durationMinutes",
      s.min_minutes as "minMinutes", s.pass_mark as "passMark", s.max_attempts as "maxAttempts",
      s.attestation_token as "attestationToken", s.attestation_statement as "attestationStatement",
      ${iso(sql`s.attestation_closes_at`)} as "attestationClosesAt", s.program_year_id as "programYearId",
      ${iso(sql`s.announced_at`)} as "announcedAt", s.source_session_id as "sourceSessionId",
      s.shared, s.version, ${iso(sql`s.cancelled_at`)} as "cancelledAt", s.cancel_reason as "cancelReason",
      s.calendar_sequence as "calendarSequence", coalesce(s.ends_at < now(), false) as ended,
      case when s.capacity is null then null else greatest(s.capacity - training_seats_taken(s.id), 0) end as "seatsLeft",
      (select r.id from training_sessions r where r.source_session_id = s.id) as "recordingId",
      (select r.status from training_registrations r where r.session_id = s.id and r.person_id = ${personId}) as "myRegistration",
      json_build_object(
        'registered', (select count(*) from training_registrations r where r.session_id = s.id and r.status = 'registered'),
        'waitlisted', (select count(*) from training_registrations r where r.session_id = s.id and r.status = 'waitlisted'),
        'attended', (select count(distinct w.person_id) from (
          select a.person_id from training_attendance a where a.session_id = s.id
          union select v.person_id from training_viewings v where v.session_id = s.id and v.credited_ms > 0) w),
        'attested', (select count(*) from training_attestations a where a.session_id = s.id),
        'completed', (select count(*) from training_completions c where c.session_id = s.id and c.revoked_at is null)
      ) as counts,
      p.total
    from numbered p join training_sessions s on s.id = p.id join training_topics t on t.id = s.topic_id
      join organisations o on o.id = s.org_id
    order by p.n`;
}

export async function listSessions(
  db: Db,
  personId: string | null,
  q: {
    kind?: string | undefined;
    topicId?: string | undefined;
    topicIds?: string[] | undefined;
    upcoming?: string | undefined;
    open?: string | undefined;
    mine?: string | undefined;
    sort?: string | undefined;
    dir: string;
  },
  page: Page,
) {
  const where =
    and(
      q.kind ? sql`s.kind = ${q.kind}` : undefined,
      q.topicId ? sql`s.topic_id = ${q.topicId}` : undefined,
      q.topicIds ? sql`s.topic_id = any(${arrayParam(q.topicIds, 'uuid')})` : undefined,
      q.upcoming === 'true' ? sql`(s.starts_at is null or s.ends_at >= now())` : undefined,
      q.mine === 'true'
        ? sql`exists (select 1 from training_registrations r where r.session_id = s.id and r.person_id = ${personId}
            and r.status in ('registered', 'waitlisted'))`
        : undefined,
      q.open === 'true'
        ? sql`s.cancelled_at is null and (s.kind <> 'live' or s.capacity is null or training_seats_taken(s.id) < s.capacity)`
        : undefined,
    ) ?? sql`true`;
  const order = q.sort === 'title' ? sql`s.title` : sql`s.starts_at`;
  const items = await rows<SessionRow>(
    db,
    sessionSelect(
      personId,
      where,
      sql`order by ${order} ${q.dir === 'desc' ? sql`desc` : sql`asc`} nulls last, s.id offset ${page.offset} limit ${page.limit}`,
    ),
  );
  return { items, total: items[0]?.total ?? 0 };
}

export async function findSession(db: Db, personId: string | null, by: { id: string } | { token: string }) {
  const where = 'id' in by ? sql`s.id = ${by.id}` : sql`s.attestation_token = ${by.token}`;
  const [row] = await rows<SessionRow>(db, sessionSelect(personId, where));
  return row;
}

export async function insertSession(
  db: Db,
  orgId: string,
  input: SessionInput & {
    shared: boolean;
    token: string;
    closesAt: string;
    statement: string;
    sourceSessionId?: string | undefined;
  },
) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into training_sessions (org_id, topic_id, kind, title, shared, starts_at, ends_at, time_zone, speaker,
        capacity, join_url, video_url, duration_minutes, min_minutes, pass_mark, max_attempts,
        content, attestation_token, attestation_closes_at, attestation_statement, program_year_id, source_session_id)
      values (${orgId}, ${input.topicId}, ${input.kind}, ${input.title}, ${input.shared}, ${input.startsAt ?? null},
        ${input.endsAt ?? null}, ${input.timeZone}, ${input.speaker ?? null}, ${input.capacity ?? null},
        ${input.joinUrl ?? null}, ${input.videoUrl ?? null}, ${input.durationMinutes ?? null}, ${input.minMinutes ?? null},
        ${input.passMark ?? null}, ${input.maxAttempts ?? null}, ${input.content ? JSON.stringify(input.content) : null}::jsonb,
        ${input.token}, ${input.closesAt}, ${input.statement}, ${input.programYearId ?? null},
        ${input.sourceSessionId ?? null})
      returning id`,
  );
  return row!.id;
}

/** Locks the session's row so that two registrations cannot both take the last seat. */
export async function lockSeats(db: Db, sessionId: string) {
  const [row] = await rows<{ capacity: number | null; taken: number }>(
    db,
    sql`select s.capacity, training_seats_taken(s.id) as taken
      from training_sessions s where s.id = ${sessionId} for update of s`,
  );
  return row;
}

export async function insertRegistration(
  db: Db,
  r: {
    orgId: string;
    sessionId: string;
    personId: string;
    personName: string;
    personEmail: string;
    status: 'registered' | 'waitlisted';
  },
) {
  await db.execute(
    sql`insert into training_registrations (org_id, session_id, person_id, person_name, person_email, status)
      values (${r.orgId}, ${r.sessionId}, ${r.personId}, ${r.personName}, ${r.personEmail}, ${r.status})
      on conflict (org_id, session_id, person_id) do update
        set status = excluded.status, person_name = excluded.person_name, person_email = excluded.person_email,
          registered_at = now(), version = training_registrations.version + 1`,
  );
}

export function listRegistrations(db: Db, sessionId: string) {
  return rows(
    db,
    sql`select r.person_id as "personId", r.person_name as name, r.person_email as email, r.status,
        ${iso(sql`r.registered_at`)} as "registeredAt"
      from training_registrations r
      where r.session_id = ${sessionId} order by r.status, r.registered_at`,
  );
}

export function listAttendance(db: Db, sessionId: string) {
  return rows<{ personId: string | null }>(
    db,
    sql`select id, row_number as "rowNumber", name, email, ${iso(sql`joined_at`)} as "joinedAt",
        ${iso(sql`left_at`)} as "leftAt", minutes, person_id as "personId", matched_by as "matchedBy"
      from training_attendance where session_id = ${sessionId} order by person_id nulls first, row_number`,
  );
}

/** Whether the person is registered (or waitlisted) for the session. */
export async function isRegistrant(db: Db, sessionId: string, personId: string) {
  const [row] = await rows<{ one: number }>(
    db,
    sql`select 1 as one from training_registrations where session_id = ${sessionId} and person_id = ${personId}`,
  );
  return Boolean(row);
}

export async function matchAttendanceRow(db: Db, sessionId: string, rowId: string, personId: string | null) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`update training_attendance set person_id = ${personId}, matched_by = 'manual'
      where session_id = ${sessionId} and id = ${rowId} returning id`,
  );
  return row;
}

/** A person's attendance rows for a session (the evidence for an attestation). */
export function attendanceOf(db: Db, sessionId: string, personId: string) {
  return rows<{ joinedAt: string | null; leftAt: string | null; minutes: number }>(
    db,
    sql`select ${iso(sql`joined_at`)} as "joinedAt", ${iso(sql`left_at`)} as "leftAt", minutes
      from training_attendance where session_id = ${sessionId} and person_id = ${personId}`,
  );
}

export async function findAttestation(db: Db, sessionId: string, personId: string) {
  const [row] = await rows<{ at: string; status: 'accepted' | 'held' | 'rejected' }>(
    db,
    sql`select ${iso(sql`attested_at`)} as at, status from training_attestations
      where session_id = ${sessionId} and person_id = ${personId}`,
  );
  return row;
}

export async function insertAttestation(
  db: Db,
  a: {
    orgId: string;
    sessionId: string;
    personId: string;
    personName: string;
    statement: string;
    evidence: unknown;
    status: 'accepted' | 'held';
    reason: string;
    ip: string | null;
  },
) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`insert into training_attestations (org_id, session_id, person_id, person_name, statement, evidence, status, reason, ip)
      values (${a.orgId}, ${a.sessionId}, ${a.personId}, ${a.personName}, ${a.statement}, ${JSON.stringify(a.evidence)}::jsonb,
        ${a.status}, ${a.reason}, ${a.ip}) returning id`,
  );
  return row!.id;
}

/** People the attendance report can be matched to: those with its e-mail addresses, and the registrants. */
export function matchCandidates(db: Db, sessionId: string, emails: string[]) {
  return rows<{
    personId: string;
    givenName: string;
    familyName: string;
    email: string;
    registered: boolean;
  }>(
    db,
    sql`select p.id as "personId", p.given_name as "givenName", p.family_name as "familyName", p.email,
        exists (select 1 from training_registrations r where r.session_id = ${sessionId} and r.person_id = p.id) as registered
      from people p
      where lower(p.email) = any(${arrayParam(emails, 'text')})
         or p.id in (select r.person_id from training_registrations r where r.session_id = ${sessionId})`,
  );
}

/** Which organisation runs a session (a system lookup, for the command line). */
export async function findSessionOwner(db: Db, id: string) {
  const [row] = await rows<{ orgId: string; title: string }>(
    db,
    sql`select org_id as "orgId", title from training_sessions where id = ${id}`,
  );
  return row;
}
