// Relations the care domain publishes for other domains' set-based queries (decision 040), joined by the
// reader. A relation is a contract: widen it by adding columns, never by changing what one means.
import { sql } from 'drizzle-orm';

// Read by enrollment.

/**
 * Enrollees as members of their plan, ACO or MCO: org_id (the holder), id, masshealth_id, mbi, given_name,
 * family_name, date_of_birth, county, town, preferred_language, address_line1, address_line2, postal_code,
 * accessible_formats (text[]), phone. Row-level security applies as to the table.
 */
export const careMembersView = sql`(select org_id, id, masshealth_id, mbi, given_name, family_name, date_of_birth,
  county, town, preferred_language, address_line1, address_line2, postal_code, accessible_formats, phone
  from care_enrollees)`;

/**
 * Members' coverage by their plan, ACO or MCO (Community Partner enrollments are not coverage): org_id,
 * enrollee_id, program, effective_on, ends_on (inclusive; open when null). Row-level security applies.
 */
export const careCoverageView = sql`(select org_id, enrollee_id, program::text as program, effective_on, ends_on
  from care_enrollments where program <> 'cp')`;
