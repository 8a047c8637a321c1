import { and, gte, isNull, lte, or, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { type AnyPgColumn, integer, pgPolicy, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The organisations the current transaction may see, set by `withScope` (see scope.ts). */
export const scopedOrgIds = sql`(string_to_array(current_setting('concord.org_ids', true), ',')::uuid[])`;

/** The acting person, set by `withScope`; null when none. */
export const scopedPersonId = sql`(nullif(current_setting('concord.person_id', true), '')::uuid)`;

/** A period with a first day and an open or last day (inclusive) that is in force on `day`. */
export const inForceOn = (starts: AnyPgColumn, ends: AnyPgColumn, day: string) =>
  and(lte(starts, day), or(isNull(ends), gte(ends, day)));

/**
 * A LIKE/ILIKE pattern matching text that contains `text` as typed: `%`, `_` and `\` in a search box are
 * characters to find, not wildcards.
 */
export const containing = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * Text that contains `text`, both folded by the database (`concord_fold`, migration 0048): in any case, with
 * or without accents, so "nguyen" finds "Nguyễn" and "josé" finds "Jose".
 */
export const holds = (column: SQLWrapper, text: string): SQL =>
  sql`concord_fold(${column}) like concord_fold(${containing(text)})`;

export const id = () => uuid('id').primaryKey().defaultRandom();
export const orgId = () => uuid('org_id').notNull();
export const version = () => integer('version').notNull().default(1);
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Row-level security for a tenant-owned table: a row is visible and writable only inside a transaction
 * whose scope includes the row's organisation. The table owner (migrations, system jobs) is not subject
 * to it; the application role is.
 */
export function tenantPolicy(column: AnyPgColumn) {
  return pgPolicy('tenant_isolation', {
    for: 'all',
    to: 'public',
    using: sql`${column} = ANY ${scopedOrgIds}`,
    withCheck: sql`${column} = ANY ${scopedOrgIds}`,
  });
}
