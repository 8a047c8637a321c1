// Relations the organisations domain publishes for other domains' set-based queries (decision 040): each is a
// subquery over its own tables, joined by the reader as `join ${view} alias on …`. Widen one by adding
// columns; never change what a column means.
import { sql } from 'drizzle-orm';

// Read by compliance.

/** Organisations: id, code, name, kind (an organisation kind). */
export const organisationsView = sql`(select id, code, name, kind from organisations)`;

/**
 * Network contracts, in the direction recorded (a contract binds both ways: match either side): org_id,
 * other_org_id, starts_on, ends_on (null while open-ended).
 */
export const networkContractsView = sql`(select org_id, other_org_id, starts_on, ends_on from org_relationships
  where kind = 'network_contract')`;
