import { registrationView, type SessionInput, sessionView } from '@contract/training/training.schemas.js';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  arrayParam,
  checkedRow,
  checkedRows,
  type Db,
  isoTimestamp as iso,
} from '../../../platform/db/client.js';
import { organisationsView } from '../../organisations/index.js';
import { topicUsableBy } from '../catalog/catalog.repository.js';
import { registrations, trainingSessions } from './sessions.tables.js';

type Page = { offset: number; limit: number };

/** A session as read, with what only the server sees (its attestation secret, statement and sequence). */
export const sessionRow = sessionView
  .omit({ attestationUrl: true, myAttestationUrl: true, minMinutes: true })
  .extend({
    minMinutes: z.number().nullable(),
    attestationToken: z.string(),
    attestationStatement: z.string(),
    calendarSequence: z.number(),
  });
export type SessionRow = z.infer<typeof sessionRow>;
const pagedSessionRow = sessionRow.extend({ total: z.number() });

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
      join ${organisationsView} o on o.id = s.org_id
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
  const found = await checkedRows(
    db,
    pagedSessionRow,
    sessionSelect(
      personId,
      where,
      sql`order by ${order} ${q.dir === 'desc' ? sql`desc` : sql`asc`} nulls last, s.id offset ${page.offset} limit ${page.limit}`,
    ),
  );
  const total = found[0]?.total ?? 0;
  return { items: found.map(({ total: _total, ...item }): SessionRow => item), total };
}

export async function findSession(db: Db, personId: string | null, by: { id: string } | { token: string }) {
  const where = 'id' in by ? sql`s.id = ${by.id}` : sql`s.attestation_token = ${by.token}`;
  const row = await checkedRow(db, pagedSessionRow, sessionSelect(personId, where));
  if (!row) return undefined;
  const { total: _total, ...session } = row;
  return session as SessionRow;
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
  const at = (iso?: string) => (iso ? new Date(iso) : null);
  const [row] = await db
    .insert(trainingSessions)
    .values({
      orgId,
      topicId: input.topicId,
      kind: input.kind,
      title: input.title,
      shared: input.shared,
      startsAt: at(input.startsAt),
      endsAt: at(input.endsAt),
      timeZone: input.timeZone,
      speaker: input.speaker ?? null,
      capacity: input.capacity ?? null,
      joinUrl: input.joinUrl ?? null,
      videoUrl: input.videoUrl ?? null,
      durationMinutes: input.durationMinutes ?? null,
      minMinutes: input.minMinutes ?? null,
      passMark: input.passMark ?? null,
      maxAttempts: input.maxAttempts ?? null,
      content: input.content ?? null,
      attestationToken: input.token,
      attestationClosesAt: new Date(input.closesAt),
      attestationStatement: input.statement,
      programYearId: input.programYearId ?? null,
      sourceSessionId: input.sourceSessionId ?? null,
    })
    .returning({ id: trainingSessions.id });
  return row!.id;
}

const lockSeatsRow = z.object({ capacity: z.number().nullable(), taken: z.number() });
/** Locks the session's row so that two registrations cannot both take the last seat. */
export function lockSeats(db: Db, sessionId: string) {
  return checkedRow(
    db,
    lockSeatsRow,
    sql`select s.capacity, training_seats_taken(s.id)::int as taken
      from training_sessions s where s.id = ${sessionId} for update of s`,
  );
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
  await db
    .insert(registrations)
    .values(r)
    .onConflictDoUpdate({
      target: [registrations.orgId, registrations.sessionId, registrations.personId],
      set: {
        status: sql`excluded.status`,
        personName: sql`excluded.person_name`,
        personEmail: sql`excluded.person_email`,
        registeredAt: sql`now()`,
        version: sql`${registrations.version} + 1`,
      },
    });
}

export function listRegistrations(db: Db, sessionId: string) {
  return checkedRows(
    db,
    registrationView,
    sql`select r.person_id as "personId", r.person_name as name, r.person_email as email, r.status,
        ${iso(sql`r.registered_at`)} as "registeredAt"
      from training_registrations r
      where r.session_id = ${sessionId} order by r.status, r.registered_at`,
  );
}

/** Whether the person is registered (or waitlisted) for the session. */
export async function isRegistrant(db: Db, sessionId: string, personId: string) {
  const [row] = await db
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.personId, personId)));
  return Boolean(row);
}

/** Which organisation runs a session (a system lookup, for the command line). */
export async function findSessionOwner(db: Db, id: string) {
  const [row] = await db
    .select({ orgId: trainingSessions.orgId, title: trainingSessions.title })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, id));
  return row;
}
