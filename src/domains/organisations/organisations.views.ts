// Relations the organisations domain publishes for other domains' set-based queries (decision 040).
import { sql } from 'drizzle-orm';

/** Organisations' names, for a reader that shows who runs or recorded something: id, code, name. */
export const organisationNamesView = sql`(select id, code, name from organisations)`;

/**
 * Relationships between organisations (network contracts, training agreements), as recorded by `org_id`:
 * org_id, other_org_id, kind, starts_on, ends_on.
 */
export const orgRelationshipsView = sql`(select org_id, other_org_id, kind, starts_on, ends_on from org_relationships)`;
