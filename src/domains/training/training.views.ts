// Relations the training domain publishes for other domains' set-based queries (decision 040): each a
// subquery over its own tables, joined by the reader as `join ${sessionsView} ts on ts.id = …`. A relation
// is a contract: widen it by adding columns, never by changing what one means.
import { sql } from 'drizzle-orm';

// Read by surveys (what a survey may be linked to, and a session's registrants as its audience).

/** Training sessions: id, org_id (the organisation running it). */
export const sessionsView = sql`(select id, org_id from training_sessions)`;

/** Training modules: id, org_id (its author), shared (visible to every organisation), position in its curriculum. */
export const modulesView = sql`(select id, org_id, shared, position from training_modules)`;

/** Who is registered for a session now (not cancelled or waitlisted): session_id, person_id. */
export const sessionRegistrantsView = sql`(select session_id, person_id from training_registrations
  where status = 'registered')`;
