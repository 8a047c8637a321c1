// The 42 CFR Part 2 tag every tagged care table carries, and the restrictive policy that reads it (decision 060).
import { sql } from 'drizzle-orm';
import { type AnyPgColumn, pgPolicy, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../../organisations/organisations.tables.js';

/**
 * A record of substance use disorder treatment (42 CFR Part 2, decision 060) names the Part 2 program that made
 * it: the organisation its writer acted for. Null on every other record.
 */
export const part2Program = () => uuid('part2_org_id').references(() => organisations.id);

/**
 * A restrictive policy beside the care policy: a tagged record is seen by its program, and elsewhere only under a
 * consent of the enrollee in force now that names the reader's organisation (`care_part2_sees`, migration 0054).
 */
export function part2Policy(enrollee: AnyPgColumn, program: AnyPgColumn) {
  return pgPolicy('part2_consent', {
    as: 'restrictive',
    for: 'all',
    to: 'public',
    using: sql`${program} IS NULL OR care_part2_sees(${enrollee}, ${program}, 'tpo')`,
  });
}
