// The assignment letters' SQL: what each confirmed assignment's letter says, one or a month's at a time
// (decision 063).
import { CP_TYPES } from '@contract/enrollment/assignment.labels.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { organisationsView } from '../organisations/index.js';

const letterRow = z.object({
  id: z.string(),
  enrolleeId: z.string(),
  memberName: z.string(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  town: z.string().nullable(),
  postalCode: z.string().nullable(),
  county: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  largePrint: z.boolean(),
  month: z.string(),
  senderName: z.string(),
  senderPhone: z.string().nullable(),
  cpName: z.string(),
  cpType: z.enum(CP_TYPES),
  cpPhone: z.string().nullable(),
});
export type LetterFacts = z.infer<typeof letterRow>;

/**
 * What the assignment letters of the organisation's confirmed assignments say: one (`id`) or a month's, in
 * the caller's scope, a page at a time after `after` (by id).
 */
export async function letterFacts(
  db: Db,
  orgId: string,
  which: { id: string } | { month: string; after: string; limit: number },
) {
  const where =
    'id' in which
      ? sql`a.id = ${which.id}`
      : sql`a.month = ${which.month}::date and a.id > ${which.after}::uuid`;
  return checkedRows(
    db,
    letterRow,
    sql`select a.id, a.enrollee_id as "enrolleeId", m.given_name || ' ' || m.family_name as "memberName",
        m.address_line1 as "addressLine1", m.address_line2 as "addressLine2", m.town, m.postal_code as "postalCode",
        m.county, m.preferred_language as "preferredLanguage", a.large_print as "largePrint", a.month::text as month,
        h.name as "senderName", h.phone as "senderPhone", cp.name as "cpName",
        case when cp.kind = 'cp_ltss' then 'LTSS' else 'BH' end as "cpType", cp.phone as "cpPhone"
      from enrollment_assignments a join ${careMembersView} m on m.id = a.enrollee_id
      join ${organisationsView} h on h.id = a.org_id join ${organisationsView} cp on cp.id = a.cp_org_id
      where a.org_id = ${orgId} and a.status = 'confirmed' and ${where}
      order by a.id ${'id' in which ? sql`` : sql`limit ${which.limit}`}`,
  );
}
