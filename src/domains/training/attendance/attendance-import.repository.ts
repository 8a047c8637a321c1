import { sql } from 'drizzle-orm';
import { arrayParam, type Db, isoTimestamp as iso, rows } from '../../../platform/db/client.js';
import type { Candidate, MatchedRow } from './matching.js';

export interface SessionToImport {
  id: string;
  orgId: string;
  kind: 'live' | 'recorded' | 'self_paced';
  timeZone: string;
  title: string;
  topicId: string;
  startsAt: string | null;
  endsAt: string | null;
  minMinutes: number | null;
  durationMinutes: number | null;
}

/**
 * The session a report is imported into: who runs it, whether it is live, its time zone, title and times
 * (checked against the report's), and what its rule and completions need.
 */
export async function sessionToImport(db: Db, sessionId: string) {
  const [row] = await rows<SessionToImport>(
    db,
    sql`select id, org_id as "orgId", kind, time_zone as "timeZone", title, topic_id as "topicId",
        ${iso(sql`starts_at`)} as "startsAt", ${iso(sql`ends_at`)} as "endsAt", min_minutes as "minMinutes",
        duration_minutes as "durationMinutes"
      from training_sessions where id = ${sessionId}`,
  );
  return row;
}

/**
 * The rows a person matched (or unmatched) by hand, by what the report said of them, so that importing the
 * report again keeps what was decided.
 */
export function manualMatches(db: Db, sessionId: string) {
  return rows<{
    name: string;
    email: string | null;
    joinedAt: string | null;
    leftAt: string | null;
    personId: string | null;
  }>(
    db,
    sql`select name, email, ${iso(sql`joined_at`)} as "joinedAt", ${iso(sql`left_at`)} as "leftAt",
        person_id as "personId"
      from training_attendance where session_id = ${sessionId} and matched_by = 'manual'`,
  );
}

/** The session's registrants, whom rows without a known e-mail are matched to by name. */
export function registrantsOf(db: Db, sessionId: string) {
  return rows<Candidate>(
    db,
    sql`select p.id as "personId", p.given_name as "givenName", p.family_name as "familyName", p.email
      from training_registrations r join people p on p.id = r.person_id where r.session_id = ${sessionId}`,
  );
}

/**
 * People with these e-mail addresses (as recorded: trimmed, lower case), a chunk of the report at a time:
 * registrants of the session, and people who hold (or held within the year) a role at the organisation
 * running it or at one it has a relationship with (a network contract, a training agreement). Identities are
 * global, so this is a system look-up, bounded so that a report cannot find out who anyone else is.
 */
export function peopleByEmail(db: Db, emails: string[], orgId: string, sessionId: string) {
  if (emails.length === 0) return Promise.resolve([]);
  return rows<{ personId: string; email: string }>(
    db,
    sql`select p.id as "personId", p.email from people p
      where p.email = any(${arrayParam(emails, 'text')})
        and (exists (select 1 from training_registrations g where g.session_id = ${sessionId} and g.person_id = p.id)
          or exists (select 1 from person_roles r
            where r.person_id = p.id and (r.ends_on is null or r.ends_on >= current_date - 365)
              and (r.org_id = ${orgId} or exists (select 1 from org_relationships x
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
  return db.execute(
    sql`delete from training_attendance where org_id = ${orgId} and session_id = ${sessionId}`,
  );
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
