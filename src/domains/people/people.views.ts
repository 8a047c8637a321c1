// Relations the people domain publishes for other domains' set-based queries (decision 040): each is a
// subquery over people's own tables, joined by the reader as `join ${view} alias on …`. Widen one by adding
// columns; never change what a column means.
import { sql } from 'drizzle-orm';

// Read by surveys (whom a survey is addressed to, the groups a response is counted in) by compliance and by training.

/** People (one identity across organisations): id, given_name, family_name, email (trimmed, lower case), npi. */
export const peopleView = sql`(select id, given_name, family_name, email, npi from people)`;

/**
 * People's current, past and future roles: person_id, org_id, role (a role kind), team (null unless the role
 * is with a team), starts_on, ends_on (null while open-ended).
 */
export const personRolesView = sql`(select person_id, org_id, role, team, starts_on, ends_on from person_roles)`;

/**
 * Qualifications as each organisation recorded them: id, org_id (the recording organisation), person_id,
 * name, issuer, number, issued_on, expires_on, created_at (when it was recorded).
 */
export const qualificationsView = sql`(select id, org_id, person_id, name, issuer, number, issued_on, expires_on,
  created_at from qualifications)`;

/**
 * Whom each person reports to at an organisation (read by care for a supervisor's team): org_id, person_id,
 * supervisor_id (null when none is recorded).
 */
export const personSupervisorsView = sql`(select org_id, person_id, supervisor_id from person_org_details)`;
