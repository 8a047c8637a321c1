import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../../platform/db/client.js';
import { stagedOrKept as given } from '../../../platform/jobs/staging.repository.js';
import type { RowRange } from '../../../platform/jobs/tabular-import.js';

export const STAGING_COLUMNS = [
  'org_id',
  'job_id',
  'row_number',
  'given_name',
  'family_name',
  'email',
  'npi',
  'phone',
  'title',
  'role',
  'team',
  'starts_on',
  'ends_on',
  'supervisor_email',
];

const stagingProblem = z.object({ row: z.coerce.number(), column: z.string(), message: z.string() });
export type StagingProblem = z.infer<typeof stagingProblem>;
const n = z.coerce.number();

/**
 * Problems only visible across rows or against what is recorded: the same role twice, one e-mail with two
 * different names or NPIs, one NPI on two people. An NPI is checked against the identity its e-mail names
 * whether or not another organisation keeps that identity, so the answer is the same either way: the file
 * learns nothing about which addresses are known elsewhere. (A linked identity's name and NPI are its
 * keeper's; the rows' differ silently, as a new identity's would be taken as given.)
 */
export async function findCrossRowProblems(
  db: Db,
  orgId: string,
  jobId: string,
  limit: number,
): Promise<StagingProblem[]> {
  return checkedRows(
    db,
    stagingProblem,
    sql`
    with s as (select org_id, job_id, row_number, email, given_name, family_name, nullif(npi, '') as npi, role, starts_on
      from people_import_rows where org_id = ${orgId} and job_id = ${jobId}),
    firsts as (select distinct on (email) email, row_number, given_name, family_name, npi from s order by email, row_number),
    problems as (
      select row_number as "row", 'Role' as "column",
             'The same person, role and start date already appear on row ' || first_row as message
      from (select row_number, min(row_number) over (partition by email, role, starts_on) as first_row from s) d
      where row_number <> first_row
      union all
      select s.row_number, 'Given name', 'Same e-mail as row ' || f.row_number || ' but a different name'
      from s join firsts f using (email)
      where s.row_number <> f.row_number and (s.given_name, s.family_name) is distinct from (f.given_name, f.family_name)
      union all
      select s.row_number, 'NPI', 'Same e-mail as row ' || f.row_number || ' but a different NPI'
      from s join firsts f using (email)
      where s.row_number <> f.row_number and s.npi is distinct from f.npi
      union all
      select row_number, 'NPI', 'This NPI is also given for ' || other_email || ' on row ' || other_row
      from (
        select row_number, email, first_value(email) over w as other_email, first_value(row_number) over w as other_row
        from s where npi is not null
        window w as (partition by npi order by row_number)
      ) n
      where email <> other_email
      union all
      select s.row_number, 'NPI', 'This NPI belongs to another person already recorded'
      from firsts s join people p on p.npi = s.npi
      where p.email <> s.email
      union all
      select s.row_number, 'Supervisor email',
        '"' || s.supervisor_email || '" is no one at this organisation: add them first, or on a row of this file'
      from people_import_rows s
      where s.org_id = ${orgId} and s.job_id = ${jobId} and coalesce(s.supervisor_email, '') <> ''
        and not exists (select 1 from people_import_rows o
          where o.org_id = ${orgId} and o.job_id = ${jobId} and o.email = s.supervisor_email)
        and not exists (select 1 from people p join person_roles r on r.person_id = p.id and r.org_id = ${orgId}
          where p.email = s.supervisor_email and (r.ends_on is null or r.ends_on >= current_date))
    )
    select "row", "column", message from problems order by "row", "column" limit ${limit}`,
  );
}

export type ApplyCounts = {
  /** People new to the organisation: a new identity, or one linked from elsewhere (not told apart). */
  peopleCreated: number;
  /** People already at the organisation whose identity (if it keeps it) or details changed. */
  peopleUpdated: number;
  rolesAdded: number;
  rolesUpdated: number;
};

const applyStagedPeopleRow = z.object({ n, firsts: n });
const applyStagedPeopleRow2 = z.object({ added: n, updated: n });
const applyStagedPeopleRow3 = z.object({ n });
const applyStagedPeopleRow4 = z.object({ n });
/**
 * Applies the staged rows in `range`: new identities, changes to identities this organisation stewards,
 * the organisation's own details for each person (phone, title), roles. Rows are matched to people by
 * e-mail in each statement rather than by updating the staging table, which would rewrite every staged row
 * twice. An e-mail seen in an earlier range finds its person already added (in the same transaction); the
 * checks across rows reject a file whose rows for one e-mail differ.
 */
export async function applyStagedPeople(
  db: Db,
  orgId: string,
  jobId: string,
  range: RowRange,
): Promise<ApplyCounts> {
  const stagedAs = (s: string) =>
    sql`${sql.identifier(s)}.org_id = ${orgId} and ${sql.identifier(s)}.job_id = ${jobId} and ${sql.identifier(s)}.row_number between ${range.from} and ${range.to}`;
  const staged = stagedAs('people_import_rows');
  // Each e-mail's first row in the range: what the range gives that person.
  const firsts = sql`select distinct on (email) * from people_import_rows where ${staged} order by email, row_number`;
  const [created] = await checkedRows(
    db,
    applyStagedPeopleRow,
    sql`with f as (${firsts}),
    ins as (
      insert into people (home_org_id, given_name, family_name, email, npi)
      select ${orgId}, f.given_name, f.family_name, f.email, nullif(f.npi, '') from f
      where not exists (select 1 from people p where p.email = f.email)
      returning 1)
    select (select count(*) from ins)::int as n, (select count(*) from f)::int as firsts`,
  );
  // Every e-mail new to Concord (a first import, most of a large one): everyone is new here too, with
  // nothing recorded to change; their details and roles are only added.
  const allNew = Number(created?.n) === Number(created?.firsts);
  const [people] = allNew
    ? await checkedRows(
        db,
        applyStagedPeopleRow2,
        sql`with added as (
          insert into person_org_details (org_id, person_id, phone, title)
          select ${orgId}, p.id, nullif(f.phone, ''), nullif(f.title, '') from (${firsts}) f join people p on p.email = f.email
          where coalesce(nullif(f.phone, ''), nullif(f.title, '')) is not null)
        select ${Number(created?.n)}::int as added, 0 as updated`,
      )
    : await changeRecorded(db, orgId, firsts);
  const matched = sql`from people_import_rows s join people p on p.email = s.email where ${stagedAs('s')}`;
  const [updatedRoles] = allNew
    ? [{ n: 0 }]
    : await checkedRows(
        db,
        applyStagedPeopleRow3,
        sql`with upd as (
          update person_roles r set ends_on = ${given(sql`s.ends_on`, sql`r.ends_on::text`)}::date,
            team = ${given(sql`s.team`, sql`r.team`)}, version = r.version + 1, updated_at = now()
          from people_import_rows s join people p on p.email = s.email
          where ${stagedAs('s')} and r.org_id = ${orgId} and r.person_id = p.id and r.role = s.role::role_kind
            and r.starts_on = s.starts_on
            and (r.ends_on::text, r.team) is distinct from (${given(sql`s.ends_on`, sql`r.ends_on::text`)}, ${given(sql`s.team`, sql`r.team`)})
          returning 1)
        select count(*)::int as n from upd`,
      );
  const [addedRoles] = await checkedRows(
    db,
    applyStagedPeopleRow4,
    sql`with ins as (
      insert into person_roles (org_id, person_id, role, team, starts_on, ends_on)
      select ${orgId}, p.id, s.role::role_kind, nullif(s.team, ''), s.starts_on, nullif(s.ends_on, '')::date ${matched}
      on conflict (org_id, person_id, role, starts_on) do nothing
      returning 1)
    select count(*)::int as n from ins`,
  );
  await applySupervisors(db, orgId, jobId, range);
  return {
    peopleCreated: Number(people?.added ?? 0),
    peopleUpdated: Number(people?.updated ?? 0),
    rolesAdded: Number(addedRoles?.n ?? 0),
    rolesUpdated: Number(updatedRoles?.n ?? 0),
  };
}

const changeRecordedRow = z.object({ added: n, updated: n });
/**
 * For a range naming people already recorded: who is new here (decided before any role is added), the
 * changes to identities this organisation keeps, and to its own details for everyone in the range.
 */
function changeRecorded(db: Db, orgId: string, firsts: SQL) {
  return checkedRows(
    db,
    changeRecordedRow,
    sql`with f as (
      select f.*, p.id as person_id, p.home_org_id, p.given_name as p_given, p.family_name as p_family, p.npi as p_npi,
        exists (select 1 from person_roles r where r.org_id = ${orgId} and r.person_id = p.id) as here
      from (${firsts}) f join people p on p.email = f.email),
    identity as (
      update people p set given_name = f.given_name, family_name = f.family_name,
        npi = ${given(sql`f.npi`, sql`p.npi`)}, version = p.version + 1, updated_at = now()
      from f
      where p.id = f.person_id and f.home_org_id = ${orgId}
        and (f.p_given, f.p_family, f.p_npi) is distinct from (f.given_name, f.family_name, ${given(sql`f.npi`, sql`f.p_npi`)})
      returning p.id),
    changed as (
      update person_org_details d set phone = ${given(sql`f.phone`, sql`d.phone`)}, title = ${given(sql`f.title`, sql`d.title`)},
        version = d.version + 1, updated_at = now()
      from f
      where d.org_id = ${orgId} and d.person_id = f.person_id
        and (d.phone, d.title) is distinct from (${given(sql`f.phone`, sql`d.phone`)}, ${given(sql`f.title`, sql`d.title`)})
      returning d.person_id as id),
    added as (
      insert into person_org_details (org_id, person_id, phone, title)
      select ${orgId}, f.person_id, nullif(f.phone, ''), nullif(f.title, '') from f
      where coalesce(nullif(f.phone, ''), nullif(f.title, '')) is not null
        and not exists (select 1 from person_org_details d where d.org_id = ${orgId} and d.person_id = f.person_id)
      returning person_id as id)
    select (select count(*) from f where not here)::int as added,
      (select count(distinct id) from (select id from identity union all select id from changed union all select id from added) c
        where c.id in (select person_id from f where here))::int as updated`,
  );
}

/**
 * Records the supervisor each row names ('' clears it). A supervisor may be on a later row, added in a later
 * range: each range therefore settles every row read so far, and the last range leaves every row settled.
 */
async function applySupervisors(db: Db, orgId: string, jobId: string, range: RowRange) {
  await db.execute(
    sql`insert into person_org_details (org_id, person_id, supervisor_id)
      select distinct on (p.id) ${orgId}, p.id, sup.id
      from people_import_rows s join people p on p.email = s.email
        left join people sup on sup.email = nullif(s.supervisor_email, '')
      where s.org_id = ${orgId} and s.job_id = ${jobId} and s.row_number <= ${range.to}
        and s.supervisor_email is not null
        and (sup.id is not null or exists (select 1 from person_org_details d where d.org_id = ${orgId} and d.person_id = p.id))
      order by p.id, s.row_number
      on conflict (org_id, person_id) do update set supervisor_id = excluded.supervisor_id,
        version = person_org_details.version + 1, updated_at = now()
      where person_org_details.supervisor_id is distinct from excluded.supervisor_id`,
  );
}
