import type {
  OrganisationListQuery,
  RELATIONSHIP_KINDS,
} from '@contract/organisations/organisations.schemas.js';
import { and, asc, count, desc, eq, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../platform/db/client.js';
import { holds } from '../../platform/db/columns.js';
import { organisations, orgRelationships, serviceAreas } from './organisations.tables.js';

type Organisation = typeof organisations.$inferSelect;

/** A list's filters: the list query's, and an exact id or code as a FHIR search names them. */
export type OrganisationFilter = Pick<OrganisationListQuery, 'q' | 'kind'> & { id?: string; code?: string };

function listWhere(query: OrganisationFilter): SQL | undefined {
  const q = query.q;
  return and(
    query.id ? eq(organisations.id, query.id) : undefined,
    query.code ? sql`lower(${organisations.code}) = lower(${query.code})` : undefined,
    q
      ? or(holds(organisations.name, q), holds(organisations.code, q), holds(organisations.city, q))
      : undefined,
    query.kind ? eq(organisations.kind, query.kind) : undefined,
  );
}

export async function listOrganisations(
  db: Db,
  query: OrganisationFilter & Pick<OrganisationListQuery, 'sort' | 'dir'>,
  page: { offset: number; limit: number },
) {
  const column = organisations[query.sort ?? 'name'];
  const order = query.dir === 'desc' ? desc(column) : asc(column);
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(organisations)
      .where(listWhere(query))
      .orderBy(order, asc(organisations.id))
      .offset(page.offset)
      .limit(page.limit),
    db.select({ n: count() }).from(organisations).where(listWhere(query)),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findOrganisationByCode(db: Db, code: string): Promise<Organisation | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(sql`lower(${organisations.code}) = lower(${code})`);
  return row;
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).returning();
  return row!;
}

export async function updateOrganisation(db: Db, id: string, version: number, values: Partial<Organisation>) {
  const [row] = await db
    .update(organisations)
    .set({ ...values, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
    .where(and(eq(organisations.id, id), eq(organisations.version, version)))
    .returning();
  return row;
}

const owner = alias(organisations, 'owner');
const other = alias(organisations, 'other');

/** Relationships where the organisation is either party; row-level security limits them further. */
export async function listRelationships(db: Db, orgId: string) {
  return db
    .select({
      id: orgRelationships.id,
      orgId: orgRelationships.orgId,
      orgName: owner.name,
      kind: orgRelationships.kind,
      otherOrgId: orgRelationships.otherOrgId,
      otherOrgName: other.name,
      startsOn: orgRelationships.startsOn,
      endsOn: orgRelationships.endsOn,
      version: orgRelationships.version,
    })
    .from(orgRelationships)
    .innerJoin(owner, eq(owner.id, orgRelationships.orgId))
    .innerJoin(other, eq(other.id, orgRelationships.otherOrgId))
    .where(or(eq(orgRelationships.orgId, orgId), eq(orgRelationships.otherOrgId, orgId)))
    .orderBy(asc(orgRelationships.kind), asc(other.name));
}

/** Whether a period overlaps an existing one for the same key; open ends run forever. */
const overlaps = (
  starts: SQL | unknown,
  ends: SQL | unknown,
  startsOn: string,
  endsOn: string | null | undefined,
) => sql`daterange(${starts}, ${ends}, '[]') && daterange(${startsOn}::date, ${endsOn ?? null}::date, '[]')`;

export async function relationshipOverlaps(
  db: Db,
  r: {
    orgId: string;
    otherOrgId: string;
    kind: (typeof RELATIONSHIP_KINDS)[number];
    startsOn: string;
    endsOn?: string | null;
  },
  exceptId?: string,
) {
  const [row] = await db
    .select({ n: count() })
    .from(orgRelationships)
    .where(
      and(
        eq(orgRelationships.orgId, r.orgId),
        eq(orgRelationships.otherOrgId, r.otherOrgId),
        eq(orgRelationships.kind, r.kind),
        exceptId ? sql`${orgRelationships.id} <> ${exceptId}` : undefined,
        overlaps(orgRelationships.startsOn, orgRelationships.endsOn, r.startsOn, r.endsOn),
      ),
    );
  return Number(row?.n ?? 0) > 0;
}

export async function insertRelationship(db: Db, values: typeof orgRelationships.$inferInsert) {
  const [row] = await db.insert(orgRelationships).values(values).returning();
  return row!;
}

export async function findRelationship(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select()
    .from(orgRelationships)
    .where(and(eq(orgRelationships.orgId, orgId), eq(orgRelationships.id, id)));
  return row;
}

export async function endRelationship(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  endsOn: string | null,
) {
  const [row] = await db
    .update(orgRelationships)
    .set({ endsOn, version: sql`${orgRelationships.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(orgRelationships.orgId, orgId),
        eq(orgRelationships.id, id),
        eq(orgRelationships.version, version),
      ),
    )
    .returning();
  return row;
}

export async function listServiceAreas(db: Db, orgId: string) {
  return db
    .select()
    .from(serviceAreas)
    .where(eq(serviceAreas.orgId, orgId))
    .orderBy(asc(serviceAreas.county), asc(serviceAreas.startsOn));
}

export async function serviceAreaOverlaps(
  db: Db,
  orgId: string,
  county: string,
  startsOn: string,
  endsOn?: string | null,
) {
  const [row] = await db
    .select({ n: count() })
    .from(serviceAreas)
    .where(
      and(
        eq(serviceAreas.orgId, orgId),
        eq(serviceAreas.county, county),
        overlaps(serviceAreas.startsOn, serviceAreas.endsOn, startsOn, endsOn),
      ),
    );
  return Number(row?.n ?? 0) > 0;
}

export async function insertServiceArea(db: Db, values: typeof serviceAreas.$inferInsert) {
  const [row] = await db.insert(serviceAreas).values(values).returning();
  return row!;
}

export async function endServiceArea(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  endsOn: string | null,
) {
  const [row] = await db
    .update(serviceAreas)
    .set({ endsOn, version: sql`${serviceAreas.version} + 1` })
    .where(and(eq(serviceAreas.orgId, orgId), eq(serviceAreas.id, id), eq(serviceAreas.version, version)))
    .returning();
  return row;
}

/**
 * An organisation's network on a day, as a subquery of organisation ids: the organisation itself and every
 * organisation joined to it by a relationship of any kind (network contract, CP partnership, training
 * agreement) in force that day, whichever party owns it. What reaches across organisations on an
 * organisation's behalf (a survey's audience) stays within it.
 */
export const networkOf = (orgId: SQL, day: SQL) =>
  sql`(select ${orgId}::uuid union
    select case when r.org_id = ${orgId}::uuid then r.other_org_id else r.org_id end from org_relationships r
    where (r.org_id = ${orgId}::uuid or r.other_org_id = ${orgId}::uuid)
      and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date))`;
