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

// Read by compliance.

/** Training topics: id, org_id (the owning organisation), title, shared (in every organisation's catalog). */
export const topicsView = sql`(select id, org_id, title, shared from training_topics)`;

/**
 * Training completions: id, org_id (the recording organisation), person_id, topic_id, method, completed_on,
 * revoked_at (null unless revoked), evidence (jsonb: note, fileName, minutes), recorded_by_name,
 * certificate_code, corrections (jsonb array of { at, changes: { field: { from, to } } }, oldest first),
 * created_at (when it was recorded).
 */
export const completionsView = sql`(select id, org_id, person_id, topic_id, method, completed_on, revoked_at,
  evidence, recorded_by_name, certificate_code, corrections, created_at from training_completions)`;
