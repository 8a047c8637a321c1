import { sql } from 'drizzle-orm';
import { type Db, rows } from '../../../platform/db/client.js';
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
];

export interface StagingProblem {
  row: number;
  column: string;
  message: string;
}

/**
 * Problems only visible across rows or against what is already recorded: the same role twice, one
 * e-mail with two different names or NPIs, one NPI on two people.
 */
export async function findCrossRowProblems(
  db: Db,
  orgId: string,
  jobId: string,
  limit: number,
): Promise<StagingProblem[]> {
  return rows<StagingProblem>(
    db,
    sql`
    with s as (select * from people_import_rows where org_id = ${orgId} and job_id = ${jobId}),
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
      select s.row_number, 'NPI', 'This person is recorded with a different NPI, which your organisation cannot change'
      from firsts s join people p on p.email = s.email
      where p.home_org_id <> ${orgId} and s.npi is not null and p.npi is not null and p.npi <> s.npi
    )
    select "row", "column", message from problems order by "row", "column" limit ${limit}`,
  );
}

export type ApplyCounts = {
  peopleCreated: number;
  peopleUpdated: number;
  rolesAdded: number;
  rolesUpdated: number;
};

/**
 * Applies the staged rows in `range`: new identities, changes to identities this organisation stewards,
 * roles. Rows are matched to people by e-mail in each statement rather than by updating the staging table,
 * which would rewrite every staged row twice. An e-mail seen in an earlier range finds its person already
 * added (in the same transaction); the checks across rows reject a file whose rows for one e-mail differ.
 */
export async function applyStagedPeople(
  db: Db,
  orgId: string,
  jobId: string,
  range: RowRange,
): Promise<ApplyCounts> {
  const staged = sql`org_id = ${orgId} and job_id = ${jobId} and row_number between ${range.from} and ${range.to}`;
  // Each e-mail's first row in the range: the identity the range gives that person.
  const firsts = sql`select distinct on (email) * from people_import_rows where ${staged} order by email, row_number`;
  const [created] = await rows<{ n: number; firsts: number }>(
    db,
    sql`with f as (${firsts}),
    ins as (
      insert into people (home_org_id, given_name, family_name, email, npi, phone, title)
      select ${orgId}, f.given_name, f.family_name, f.email, f.npi, f.phone, f.title from f
      where not exists (select 1 from people p where p.email = f.email)
      returning 1)
    select (select count(*) from ins)::int as n, (select count(*) from f)::int as firsts`,
  );
  // Only people recorded before this statement can have changed; when every e-mail was new, none did.
  const [updated] =
    Number(created?.n) < Number(created?.firsts)
      ? await rows<{ n: number }>(
          db,
          sql`with upd as (
            update people p set given_name = f.given_name, family_name = f.family_name, npi = f.npi, phone = f.phone,
              title = f.title, version = p.version + 1, updated_at = now()
            from (${firsts}) f
            where p.email = f.email and p.home_org_id = ${orgId}
              and (p.given_name, p.family_name, p.npi, p.phone, p.title) is distinct from (f.given_name, f.family_name, f.npi, f.phone, f.title)
            returning 1)
          select count(*)::int as n from upd`,
        )
      : [{ n: 0 }];
  const [roles] = await rows<{ added: number; updated: number }>(
    db,
    sql`with r as (
      insert into person_roles (org_id, person_id, role, team, starts_on, ends_on)
      select ${orgId}, p.id, s.role::role_kind, s.team, s.starts_on, s.ends_on
      from people_import_rows s join people p on p.email = s.email
      where ${staged}
      on conflict (org_id, person_id, role, starts_on) do update
        set ends_on = excluded.ends_on, team = excluded.team, version = person_roles.version + 1, updated_at = now()
        where (person_roles.ends_on, person_roles.team) is distinct from (excluded.ends_on, excluded.team)
      returning (xmax = 0) as inserted)
    select (count(*) filter (where inserted))::int as added, (count(*) filter (where not inserted))::int as updated from r`,
  );
  return {
    peopleCreated: Number(created?.n ?? 0),
    peopleUpdated: Number(updated?.n ?? 0),
    rolesAdded: Number(roles?.added ?? 0),
    rolesUpdated: Number(roles?.updated ?? 0),
  };
}
