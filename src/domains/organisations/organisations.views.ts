// Relations the organisations domain publishes for other domains' set-based queries (decision 040): each a
// subquery over its own tables, joined by the reader as `join ${organisationsView} o on o.id = …`. A
// relation is a contract: widen it by adding columns, never by changing what one means.
import { type SQL, sql } from 'drizzle-orm';

// Read by surveys (audiences, results by plan and organisation, plans' shared surveys) and by compliance.

/** Organisations: id, code, name, kind (`plan`, `training_vendor`, …), phone. */
export const organisationsView = sql`(select id, code, name, kind, phone from organisations)`;

/**
 * Each organisation's plan on a day: org_id, plan (a name) — itself if it is a plan, else the first plan
 * (by name) it has a network contract with in force that day; null when it has none.
 */
export const organisationPlansView = (day: SQL) =>
  sql`(select o.id as org_id, case when o.kind = 'plan' then o.name else (
      select min(p.name) from org_relationships r
        join organisations p on p.id = case when r.org_id = o.id then r.other_org_id else r.org_id end
      where r.kind = 'network_contract' and (r.org_id = o.id or r.other_org_id = o.id) and p.kind = 'plan'
        and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date)) end as plan
    from organisations o)`;

// Read by compliance.

/**
 * Network contracts, in the direction recorded (a contract binds both ways: match either side): org_id,
 * other_org_id, starts_on, ends_on (null while open-ended).
 */
export const networkContractsView = sql`(select org_id, other_org_id, starts_on, ends_on from org_relationships
  where kind = 'network_contract')`;

// Read by training.

/**
 * Relationships between organisations (network contracts, training agreements), as recorded by `org_id`:
 * org_id, other_org_id, kind, starts_on, ends_on.
 */
export const orgRelationshipsView = sql`(select org_id, other_org_id, kind, starts_on, ends_on from org_relationships)`;

// Read by enrollment.

/** Counties each organisation serves: org_id, county, starts_on, ends_on (null while open-ended). */
export const serviceAreasView = sql`(select org_id, county, starts_on, ends_on from service_areas)`;
