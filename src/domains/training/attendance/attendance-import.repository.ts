import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRows, type Db, isoTimestamp as iso } from '../../../platform/db/client.js';
import { orgRelationshipsView } from '../../organisations/index.js';
import { peopleView, personRolesView } from '../../people/index.js';
import { trainingSessions } from '../sessions/sessions.tables.js';
import { attendance } from './attendance.tables.js';
import type { Candidate, MatchedRow } from './matching.js';

/**
 * The session a report is imported into: who runs it, whether it is live, its time zone, title and times
 * (checked against the report's), and what its rule and completions need.
 */
export async function sessionToImport(db: Db, sessionId: string) {
  const s = trainingSessions;
  const [row] = await db
    .select({
      id: s.id,
      orgId: s.orgId,
      kind: s.kind,
      timeZone: s.timeZone,
      title: s.title,
      topicId: s.topicId,
      startsAt: sql<string | null>`${iso(sql`${s.startsAt}`)}`,
      endsAt: sql<string | null>`${iso(sql`${s.endsAt}`)}`,
      minMinutes: s.minMinutes,
      durationMinutes: s.durationMinutes,
    })
    .from(s)
    .where(eq(s.id, sessionId));
  return row;
}
export type SessionToImport = NonNullable<Awaited<ReturnType<typeof sessionToImport>>>;

/**
 * The rows a person matched (or unmatched) by hand, by what the report said of them, so that importing the
 * report again keeps what was decided.
 */
export function manualMatches(db: Db, sessionId: string) {
  const a = attendance;
  return db
    .select({
      name: a.name,
      email: a.email,
      joinedAt: sql<string | null>`${iso(sql`${a.joinedAt}`)}`,
      leftAt: sql<string | null>`${iso(sql`${a.leftAt}`)}`,
      personId: a.personId,
    })
    .from(a)
    .where(and(eq(a.sessionId, sessionId), eq(a.matchedBy, 'manual')));
}

const candidate = z.object({
  personId: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
});

/** The session's registrants, whom rows without a known e-mail are matched to by name. */
export function registrantsOf(db: Db, sessionId: string): Promise<Candidate[]> {
  return checkedRows(
    db,
    candidate,
    sql`select p.id as "personId", p.given_name as "givenName", p.family_name as "familyName", p.email
      from training_registrations r join ${peopleView} p on p.id = r.person_id where r.session_id = ${sessionId}`,
  );
}

const peopleByEmailRow = z.object({ personId: z.uuid(), email: z.string() });
/**
 * People with these e-mail addresses (as recorded: trimmed, lower case), a chunk of the report at a time:
 * registrants of the session, and people who hold (or held within the year) a role at the organisation
 * running it or at one it has a relationship with (a network contract, a training agreement). Identities are
 * global, so this is a system look-up, bounded so that a report cannot find out who anyone else is.
 */
export async function peopleByEmail(db: Db, emails: string[], orgId: string, sessionId: string) {
  if (emails.length === 0) return [];
  return checkedRows(
    db,
    peopleByEmailRow,
    sql`select p.id as "personId", p.email from ${peopleView} p
      where p.email = any(${arrayParam(emails, 'text')})
        and (exists (select 1 from training_registrations g where g.session_id = ${sessionId} and g.person_id = p.id)
          or exists (select 1 from ${personRolesView} r
            where r.person_id = p.id and (r.ends_on is null or r.ends_on >= current_date - 365)
              and (r.org_id = ${orgId} or exists (select 1 from ${orgRelationshipsView} x
                where (x.org_id = ${orgId} and x.other_org_id = r.org_id)
                  or (x.other_org_id = ${orgId} and x.org_id = r.org_id)))))`,
  );
}

/** Matched rows as staged between the read and the write: one JSON object a line. */
export const stagedLine = (r: MatchedRow) =>
  `${JSON.stringify({
    row_number: r.rowNumber,
    name: r.name,
    email: r.email,
    joined_at: r.joinedAt?.toISOString() ?? null,
    left_at: r.leftAt?.toISOString() ?? null,
    minutes: r.minutes,
    person_id: r.personId,
    matched_by: r.matchedBy,
  })}\n`;

export function clearAttendance(db: Db, orgId: string, sessionId: string) {
  return db.delete(attendance).where(and(eq(attendance.orgId, orgId), eq(attendance.sessionId, sessionId)));
}

/** Inserts staged lines (a JSON array of them) into a session's attendance in one statement. */
export function insertAttendance(db: Db, orgId: string, sessionId: string, jsonArray: string) {
  return db.execute(
    sql`insert into training_attendance (org_id, session_id, row_number, name, email, joined_at, left_at, minutes,
        person_id, matched_by)
      select ${orgId}, ${sessionId}, r.row_number, r.name, r.email, r.joined_at, r.left_at, r.minutes, r.person_id,
        r.matched_by
      from json_to_recordset(${jsonArray}::json) as r(row_number int, name text, email text, joined_at timestamptz,
        left_at timestamptz, minutes int, person_id uuid, matched_by text)`,
  );
}
