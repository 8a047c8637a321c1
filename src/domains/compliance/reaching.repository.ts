// What other organisations require of an organisation's own people (decision 025): the plans it contracts
// with, their network requirements, and their kept statuses of the rows that name it. The statuses are read
// in the organisation's own scope: row-level security lets it read only rows naming it.

import { STATUSES, type StatusQuery } from '@contract/compliance/compliance.schemas.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { networkContractsView, organisationsView } from '../organisations/index.js';
import { peopleView, personRolesView } from '../people/index.js';

/** A network requirement of an organisation under a network contract with the one asking. */
const reachingRequirement = z.object({
  orgId: z.string(),
  orgName: z.string(),
  id: z.string(),
  code: z.string(),
  title: z.string(),
  program: z.string().nullable(),
});
export type ReachingRequirement = z.infer<typeof reachingRequirement>;

/**
 * The network requirements, in force on a day, of every organisation under a network contract with this one
 * that day (in either direction, as a requirement's reach is: decision 008). Read by the system, bounded by
 * the organisation's own contracts.
 */
export function reachingRequirements(db: Db, orgId: string, day: string) {
  return checkedRows(
    db,
    reachingRequirement,
    sql`with partners as (
        select distinct case when r.org_id = ${orgId} then r.other_org_id else r.org_id end as org_id
        from ${networkContractsView} r
        where (r.org_id = ${orgId} or r.other_org_id = ${orgId})
          and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date))
      select o.id as "orgId", o.name as "orgName", q.id, q.code, q.title, q.program
      from partners x join ${organisationsView} o on o.id = x.org_id
        cross join lateral compliance_requirements_on(o.id, ${day}::date) q
      where q.active and q.scope = 'network' and o.id <> ${orgId}
      order by o.name, o.id, q.code`,
  );
}

const rolesHeldAtRow = z.object({
  personId: z.string(),
  roles: z.array(z.string()),
  teams: z.array(z.string()),
});
/** The people holding a role at the organisation on a day, with their roles and teams there. */
export function rolesHeldAt(db: Db, orgId: string, day: string) {
  return checkedRows(
    db,
    rolesHeldAtRow,
    sql`select person_id as "personId", array_agg(distinct role::text order by role::text) as roles,
        coalesce(array_agg(distinct team order by team) filter (where team is not null), '{}') as teams
      from ${personRolesView} pr
      where org_id = ${orgId} and starts_on <= ${day}::date and (ends_on is null or ends_on >= ${day}::date)
      group by person_id`,
  );
}

/** The requirements as a table the statement can join, since the reader may not read another's requirements. */
const requirementsTable = (reqs: readonly ReachingRequirement[]) =>
  sql`unnest(${arrayParam(
    reqs.map((r) => r.id),
    'uuid',
  )}, ${arrayParam(
    reqs.map((r) => r.code),
    'text',
  )}, ${arrayParam(
    reqs.map((r) => r.title),
    'text',
  )}, ${arrayParam(
    reqs.map((r) => r.program ?? ''),
    'text',
  )}) as q(id, code, title, program)`;

/**
 * Kept rows of the reaching organisations' network requirements for people holding a role at `orgId`. The
 * organisation's own people are the way in (the rows' person index), so the cost follows the provider's size,
 * not the plan's network.
 */
const reachedRows = (orgId: string, reqs: readonly ReachingRequirement[]) =>
  sql`s.org_id = any(${arrayParam([...new Set(reqs.map((r) => r.orgId))], 'uuid')})
    and s.person_id in (select pr.person_id from ${personRolesView} pr where pr.org_id = ${orgId})
    and s.requirement_id = any(${arrayParam(
      reqs.map((r) => r.id),
      'uuid',
    )}) and ${orgId}::uuid = any(s.org_ids)`;

const reachedCount = z.object({
  /** The requiring organisation; null in the row for everyone. */
  orgId: z.string().nullable(),
  requirementId: z.string().nullable(),
  status: z.string().nullable(),
  rows: z.number(),
  people: z.number(),
});
export type ReachedCount = z.infer<typeof reachedCount>;

/**
 * Today's kept counts of what the reaching organisations require of the organisation's people: rows and
 * people per requirement and status, per requirement, per requiring organisation, and people over all
 * (with the organisation's own rows, so that someone under both is counted once).
 */
export function reachedCounts(db: Db, orgId: string, reqs: readonly ReachingRequirement[]) {
  return checkedRows(
    db,
    reachedCount,
    sql`with r as (
        select s.org_id, s.requirement_id, s.person_id, s.status from compliance_statuses s
        where ${reachedRows(orgId, reqs)}
        union all
        select s.org_id, null, s.person_id, null from compliance_statuses s where s.org_id = ${orgId})
      select org_id as "orgId", requirement_id as "requirementId", status, count(*)::int as rows,
        count(distinct person_id)::int as people
      from r group by grouping sets ((org_id, requirement_id, status), (org_id, requirement_id), (org_id), ())
      having grouping(org_id) = 1 or org_id <> ${orgId}`,
  );
}

const reachedRow = z.object({
  requirementId: z.string(),
  requirementCode: z.string(),
  requirementTitle: z.string(),
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  status: z.enum(STATUSES),
  dueOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  satisfiedBy: z.string().nullable(),
  explanation: z.string(),
  requiredById: z.string(),
});
export type ReachedRow = z.infer<typeof reachedRow>;

const SORT_SQL: Record<string, SQL> = {
  name: sql`lower(p.given_name || ' ' || p.family_name)`,
  dueOn: sql`s.due_on`,
  status: sql`array_position(${arrayParam(STATUSES, 'text')}, s.status)`,
  requirement: sql`lower(q.code)`,
};

const reachedPageRow = z.object({ total: z.number() });
/**
 * Today's kept statuses the reaching organisations' network requirements give the organisation's people,
 * filtered, sorted and paged. Roles and teams are the person's at this organisation: their roles elsewhere
 * are not its to see.
 */
export async function reachedPage(
  db: Db,
  orgId: string,
  reqs: readonly ReachingRequirement[],
  today: string,
  q: StatusQuery,
  page: { offset: number; limit: number },
) {
  if (!reqs.length || (q.organisationId && q.organisationId !== orgId)) return { items: [], total: 0 };
  const rolesHere = (where: SQL = sql`true`) =>
    sql`select 1 from ${personRolesView} pr where pr.org_id = ${orgId} and pr.person_id = s.person_id
      and pr.starts_on <= ${today}::date and (pr.ends_on is null or pr.ends_on >= ${today}::date) and ${where}`;
  const where = [
    reachedRows(orgId, reqs),
    ...(q.requirementId ? [sql`s.requirement_id = ${q.requirementId}`] : []),
    ...(q.personId ? [sql`s.person_id = ${q.personId}`] : []),
    ...(q.status ? [sql`s.status = ${q.status}`] : []),
    ...(q.role ? [sql`exists (${rolesHere(sql`pr.role::text = ${q.role}`)})`] : []),
    ...(q.team ? [sql`exists (${rolesHere(sql`pr.team = ${q.team}`)})`] : []),
    ...(q.program ? [sql`q.program = ${q.program}`] : []),
    ...(q.q
      ? [
          sql`(position(lower(${q.q}) in lower(p.given_name || ' ' || p.family_name)) > 0
            or position(lower(${q.q}) in lower(p.email)) > 0)`,
        ]
      : []),
  ];
  const dir = sql.raw(q.dir === 'desc' ? 'desc' : 'asc');
  const found = await checkedRows(
    db,
    reachedRow.extend({ total: z.number() }),
    sql`select s.requirement_id as "requirementId", q.code as "requirementCode", q.title as "requirementTitle",
        s.person_id as "personId", p.given_name || ' ' || p.family_name as name, p.email,
        coalesce((select array_agg(distinct pr.role::text order by pr.role::text) from ${personRolesView} pr
          where pr.org_id = ${orgId} and pr.person_id = s.person_id and pr.starts_on <= ${today}::date
            and (pr.ends_on is null or pr.ends_on >= ${today}::date)), '{}') as roles,
        s.status, s.due_on::text as "dueOn", s.valid_until::text as "validUntil", s.satisfied_by as "satisfiedBy",
        s.explanation, s.org_id as "requiredById", count(*) over ()::int as total
      from compliance_statuses s join ${requirementsTable(reqs)} on q.id = s.requirement_id
        join ${peopleView} p on p.id = s.person_id
      where ${sql.join(where, sql` and `)}
      order by ${SORT_SQL[q.sort ?? 'status']} ${dir} nulls last, ${SORT_SQL.name} ${dir}, ${SORT_SQL.requirement} ${dir}
      limit ${page.limit} offset ${page.offset}`,
  );
  let total = Number(found[0]?.total ?? 0);
  if (!found.length && page.offset > 0) {
    const counted = await checkedRow(
      db,
      reachedPageRow,
      sql`select count(*)::int as total from compliance_statuses s join ${requirementsTable(reqs)} on q.id = s.requirement_id
        join ${peopleView} p on p.id = s.person_id where ${sql.join(where, sql` and `)}`,
    );
    total = counted?.total ?? 0;
  }
  return { items: found.map(({ total: _, ...r }) => r), total };
}

const heldRoleAtRow = z.object({ held: z.boolean() });
/** Whether a person holds or held a role at the organisation. */
export async function heldRoleAt(db: Db, orgId: string, personId: string) {
  const row = await checkedRow(
    db,
    heldRoleAtRow,
    sql`select exists (select 1 from ${personRolesView} pr where person_id = ${personId} and org_id = ${orgId}) as held`,
  );
  return Boolean(row?.held);
}

const organisationsReachingRow = z.object({ orgId: z.string(), orgName: z.string() });
/** The organisations whose requirements may reach a person: where they hold a role, and those contracting with it. */
export function organisationsReaching(db: Db, personId: string, asOf: string) {
  return checkedRows(
    db,
    organisationsReachingRow,
    sql`with mine as (
        select distinct org_id from ${personRolesView} pr
        where person_id = ${personId} and starts_on <= ${asOf}::date and (ends_on is null or ends_on >= ${asOf}::date))
      select distinct o.id as "orgId", o.name as "orgName" from ${organisationsView} o
      where exists (select 1 from compliance_requirements q where q.org_id = o.id and q.active)
        and (o.id in (select org_id from mine) or exists (
          select 1 from ${networkContractsView} r
          where r.starts_on <= ${asOf}::date and (r.ends_on is null or r.ends_on >= ${asOf}::date)
            and ((r.org_id = o.id and r.other_org_id in (select org_id from mine))
              or (r.other_org_id = o.id and r.org_id in (select org_id from mine)))))`,
  );
}

const organisationNamesRow = z.object({ id: z.string(), name: z.string() });
/** Organisations' names by id. */
export function organisationNames(db: Db, ids: readonly string[]) {
  return checkedRows(
    db,
    organisationNamesRow,
    sql`select id, name from ${organisationsView} o where id = any(${arrayParam(ids, 'uuid')})`,
  );
}
