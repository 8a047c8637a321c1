// Today's statuses as kept (decision 020): written a slice of people at a time, read filtered, sorted and
// paged in the database.

import { STATUSES, type StatusQuery } from '@contract/compliance/compliance.schemas.js';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { peopleView } from '../people/index.js';
import { statuses } from './compliance.tables.js';
import type { EvaluatedRow } from './evaluation.js';
import type { Filter } from './population.repository.js';

const INSERT_CHUNK = 5_000;

/** Writes evaluated statuses as the organisation's kept rows (sent as one JSON parameter per chunk). */
export async function insertRows(tx: Db, orgId: string, rows: readonly EvaluatedRow[]) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({
      r: r.requirementId,
      p: r.personId,
      s: r.status,
      d: r.dueOn,
      v: r.validUntil,
      b: r.satisfiedBy,
      e: r.explanation,
      c: r.changesOn,
      roles: r.roles,
      orgs: r.orgIds,
      teams: r.teams,
    }));
    await tx.execute(
      sql`insert into compliance_statuses (org_id, requirement_id, person_id, status, due_on, valid_until,
          satisfied_by, explanation, changes_on, roles, org_ids, teams)
        select ${orgId}, x.r, x.p, x.s, x.d, x.v, x.b, x.e, x.c, x.roles, x.orgs, x.teams
        from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(r uuid, p uuid, s text, d date, v date,
          b uuid, e text, c date, roles text[], orgs uuid[], teams text[])`,
    );
  }
}

/** Deletes some people's kept rows, returning what the summary counted of them. */
export function deletePeopleRows(tx: Db, orgId: string, personIds: readonly string[]) {
  return tx
    .delete(statuses)
    .where(and(eq(statuses.orgId, orgId), sql`${statuses.personId} = any(${arrayParam(personIds, 'uuid')})`))
    .returning({
      personId: statuses.personId,
      requirementId: statuses.requirementId,
      status: sql<(typeof STATUSES)[number]>`${statuses.status}`,
      roles: statuses.roles,
      orgIds: statuses.orgIds,
      teams: statuses.teams,
    });
}

/** Deletes all the organisation's kept rows, before they are made again from nothing. */
export async function deleteAllRows(tx: Db, orgId: string) {
  await tx.delete(statuses).where(eq(statuses.orgId, orgId));
}

/** Brings the planner's statistics up to date after the table first fills, so one person's rows use the index. */
export async function analyzeStatuses(tx: Db) {
  await tx.execute(sql`analyze compliance_statuses`);
}

const keptRow = z.object({
  requirementId: z.string(),
  requirementCode: z.string(),
  requirementTitle: z.string(),
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  orgIds: z.array(z.string()),
  status: z.enum(STATUSES),
  dueOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  satisfiedBy: z.string().nullable(),
  explanation: z.string(),
});
/** A kept status with the ids of the organisations it reaches the person through (named by the reader). */
export type KeptRow = z.infer<typeof keptRow>;

const statusSelect = (orgId: string, where: SQL[], tail: SQL = sql``) =>
  sql`select s.requirement_id as "requirementId", q.code as "requirementCode", q.title as "requirementTitle",
      s.person_id as "personId", p.given_name || ' ' || p.family_name as name, p.email, s.roles,
      s.org_ids as "orgIds", s.status, s.due_on::text as "dueOn", s.valid_until::text as "validUntil", s.satisfied_by as "satisfiedBy",
      s.explanation ${tail}
    from compliance_statuses s join compliance_requirements q on q.id = s.requirement_id
      join ${peopleView} p on p.id = s.person_id
    where ${sql.join([sql`s.org_id = ${orgId}`, ...where], sql` and `)}`;

const filterSql = (filter: Filter) => [
  ...(filter.requirementIds
    ? [sql`s.requirement_id = any(${arrayParam(filter.requirementIds, 'uuid')})`]
    : []),
  ...(filter.personIds ? [sql`s.person_id = any(${arrayParam(filter.personIds, 'uuid')})`] : []),
];

/** The organisation's kept statuses, for some requirements or people if the filter says. */
export function keptRows(db: Db, orgId: string, filter: Filter) {
  return checkedRows(db, keptRow, statusSelect(orgId, filterSql(filter)));
}

const SORT_SQL: Record<string, SQL> = {
  name: sql`lower(p.given_name || ' ' || p.family_name)`,
  dueOn: sql`s.due_on`,
  status: sql`array_position(${arrayParam(STATUSES, 'text')}, s.status)`,
  requirement: sql`lower(q.code)`,
};

const keptPageRow = z.object({ total: z.number() });
/** The organisation's kept statuses, filtered, sorted and paged in the database, and how many in all. */
export async function keptPage(
  db: Db,
  orgId: string,
  q: StatusQuery,
  page: { offset: number; limit: number },
) {
  const where = [
    ...filterSql({
      requirementIds: q.requirementId ? [q.requirementId] : undefined,
      personIds: q.personId ? [q.personId] : undefined,
    }),
    ...(q.status ? [sql`s.status = ${q.status}`] : []),
    ...(q.role ? [sql`${q.role} = any(s.roles)`] : []),
    ...(q.organisationId ? [sql`${q.organisationId}::uuid = any(s.org_ids)`] : []),
    ...(q.team ? [sql`${q.team} = any(s.teams)`] : []),
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
    keptRow.extend({ total: z.number() }),
    sql`${statusSelect(orgId, where, sql`, count(*) over ()::int as total`)}
      order by ${SORT_SQL[q.sort ?? 'status']} ${dir} nulls last, ${SORT_SQL.name} ${dir}, ${SORT_SQL.requirement} ${dir}
      limit ${page.limit} offset ${page.offset}`,
  );
  let total = found[0]?.total ?? 0;
  if (!found.length && page.offset > 0) {
    const counted = await checkedRow(
      db,
      keptPageRow,
      sql`select count(*)::int as total from (${statusSelect(orgId, where)}) x`,
    );
    total = counted?.total ?? 0;
  }
  return { rows: found.map(({ total: _, ...row }) => row), total };
}
