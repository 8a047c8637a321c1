// Relations the people domain publishes for other domains' set-based queries (decision 040).
import { sql } from 'drizzle-orm';

/** People (one identity across organisations): id, given_name, family_name, email (trimmed, lower case), npi. */
export const peopleView = sql`(select id, given_name, family_name, email, npi from people)`;

/** The roles people hold or held at organisations: person_id, org_id, role, starts_on, ends_on (null: open). */
export const personRolesView = sql`(select person_id, org_id, role, starts_on, ends_on from person_roles)`;
