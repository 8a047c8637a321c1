// Relations the training domain publishes for other domains' set-based queries (decision 040): each is a
// subquery over training's own tables, joined by the reader as `join ${view} alias on …`. Widen one by adding
// columns; never change what a column means.
import { sql } from 'drizzle-orm';

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
