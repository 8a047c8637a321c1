import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client.js';
import { registrations } from '../sessions/sessions.tables.js';

/** The people registered for a session (and, when asked, its waitlist), by name, as they gave it. */
export function registrantsOf(db: Db, sessionId: string, statuses: ('registered' | 'waitlisted')[]) {
  const r = registrations;
  return db
    .select({ personId: r.personId, name: r.personName, email: r.personEmail, status: r.status })
    .from(r)
    .where(and(eq(r.sessionId, sessionId), inArray(r.status, statuses)))
    .orderBy(sql`lower(${r.personName})`, asc(r.personEmail), asc(r.personId)) as Promise<
    { personId: string; name: string; email: string; status: 'registered' | 'waitlisted' }[]
  >;
}

/** Locks the session's row, so that two sends at once are counted one after the other. */
export async function lockSession(db: Db, sessionId: string) {
  await db.execute(sql`select 1 from training_sessions where id = ${sessionId} for update`);
}
