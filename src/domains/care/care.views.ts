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
