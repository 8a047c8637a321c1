import { sql } from 'drizzle-orm';
import { arrayParam, type Db, rows } from '../../../platform/db/client.js';
import type { Candidate, MatchedRow } from './matching.js';

/** The session a report is imported into: who runs it, whether it is live, and its time zone. */
export async function sessionToImport(db: Db, sessionId: string) {
  const [row] = await rows<{ orgId: string; kind: string; timeZone: string }>(
    db,
    sql`select org_id as "orgId", kind, time_zone as "timeZone" from training_sessions where id = ${sessionId}`,
  );
  return row;
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
 * People with these e-mail addresses (as recorded: trimmed, lower case), a chunk of the report at a time.
 * Identities are global, so this is a system look-up, exact addresses only, as the people import does.
 */
export function peopleByEmail(db: Db, emails: string[]) {
  if (emails.length === 0) return Promise.resolve([]);
  return rows<{ personId: string; email: string }>(
    db,
    sql`select id as "personId", email from people where email = any(${arrayParam(emails, 'text')})`,
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
