import { massachusettsToday as today } from '@contract/massachusetts-day.js';
import type { QualificationListQuery } from '@contract/people/people.schemas.js';
import { and, asc, count, eq, getTableColumns, gte, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { holds } from '../../platform/db/columns.js';
import { people, qualifications } from './people.tables.js';

export async function qualificationsAt(db: Db, orgId: string, personId: string) {
  return db
    .select()
    .from(qualifications)
    .where(and(eq(qualifications.orgId, orgId), eq(qualifications.personId, personId)))
    .orderBy(asc(qualifications.expiresOn));
}

export async function insertQualification(db: Db, values: typeof qualifications.$inferInsert) {
  const [row] = await db.insert(qualifications).values(values).returning();
  return row!;
}

export async function updateQualification(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  values: Partial<typeof qualifications.$inferInsert>,
) {
  const [row] = await db
    .update(qualifications)
    .set({ ...values, version: sql`${qualifications.version} + 1`, updatedAt: new Date() })
    .where(
      and(eq(qualifications.orgId, orgId), eq(qualifications.id, id), eq(qualifications.version, version)),
    )
    .returning();
  return row;
}

/** Qualifications recorded by the organisation, soonest expiry first, with days left. */
export async function listQualifications(
  db: Db,
  orgId: string,
  query: QualificationListQuery,
  page: { offset: number; limit: number },
) {
  const now = today();
  const q = query.q;
  const where = and(
    eq(qualifications.orgId, orgId),
    query.expiringWithinDays !== undefined
      ? sql`${qualifications.expiresOn} <= ${now}::date + ${query.expiringWithinDays}::int`
      : undefined,
    query.includeExpired
      ? undefined
      : or(isNull(qualifications.expiresOn), gte(qualifications.expiresOn, now)),
    q
      ? or(holds(qualifications.name, q), holds(people.familyName, q), holds(people.givenName, q))
      : undefined,
  );
  const sortColumn =
    query.sort === 'name'
      ? qualifications.name
      : query.sort === 'familyName'
        ? people.familyName
        : qualifications.expiresOn;
  const order = query.dir === 'desc' ? sql`${sortColumn} desc nulls last` : sql`${sortColumn} asc nulls last`;
  const [items, [total]] = await Promise.all([
    db
      .select({
        ...getTableColumns(qualifications),
        givenName: people.givenName,
        familyName: people.familyName,
        daysToExpiry: sql<number | null>`(${qualifications.expiresOn} - ${now}::date)`,
      })
      .from(qualifications)
      .innerJoin(people, eq(people.id, qualifications.personId))
      .where(where)
      .orderBy(order, asc(qualifications.id))
      .offset(page.offset)
      .limit(page.limit),
    db
      .select({ n: count() })
      .from(qualifications)
      .innerJoin(people, eq(people.id, qualifications.personId))
      .where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}
