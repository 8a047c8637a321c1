// Relations the people domain publishes for other domains' set-based queries (decision 040): each a
// subquery over its own tables, joined by the reader as `join ${personRolesView} pr on pr.person_id = …`.
// A relation is a contract: widen it by adding columns, never by changing what one means.
import { sql } from 'drizzle-orm';

// Read by surveys (whom a survey is addressed to, and the groups a response is counted in).

/** People's current and past roles: person_id, org_id, role (a role kind), starts_on, ends_on (null: current). */
export const personRolesView = sql`(select person_id, org_id, role, starts_on, ends_on from person_roles)`;

/** People as others may address them: id, given_name, family_name, email. */
export const peopleView = sql`(select id, given_name, family_name, email from people)`;
