import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../../platform/db/client.js';

/** The people registered for a session (and, when asked, its waitlist), by name, as they gave it. */
export function registrantsOf(db: Db, sessionId: string, statuses: ('registered' | 'waitlisted')[]) {
  return rows<{ personId: string; name: string; email: string; status: 'registered' | 'waitlisted' }>(
    db,
    sql`select person_id as "personId", person_name as name, person_email as email, status
      from training_registrations
      where session_id = ${sessionId} and status::text in (${sql.join(
        statuses.map((s) => sql`${s}`),
        sql`, `,
      )})
      order by lower(person_name), person_email, person_id`,
  );
}

/** Locks the session's row, so that two sends at once are counted one after the other. */
export async function lockSession(db: Db, sessionId: string) {
  await db.execute(sql`select 1 from training_sessions where id = ${sessionId} for update`);
}
