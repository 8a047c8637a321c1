// The checks across a batch's rows that need what is recorded: the ACO/MCO, CPs and members the rows name
// (never another organisation's), partnerships, counties, and capacity (decision 061).
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { organisationsView, orgRelationshipsView, serviceAreasView } from '../organisations/index.js';
import { placesUsed } from './capacity.repository.js';

const CP_ONLY_DISENROLLS =
  'A Community Partner sends only disenrollments (D) of members enrolled with it; enrollments and transfers are sent by the member’s ACO or MCO';
const CP_OWN_PID = 'A Community Partner’s batch names its own PID and service location here';
const NOT_OWN_PID =
  'This is not your organisation’s PID and service location: a batch lists your own members';
const NOT_RECORDED_HERE = 'No member with this MassHealth ID is recorded at your organisation';
const NOT_ENROLLED_HERE = 'No member with this MassHealth ID is enrolled with you';

const overRow = z.object({ rowNumber: z.number(), column: z.string(), message: z.string() });

const day = (d: SQL) => sql`to_char(${d}, 'FMDD FMMonth YYYY')`;
const orgName = (id: SQL) => sql`(select o.name from ${organisationsView} o where o.id = ${id})`;

/**
 * The checks across rows that need only what is recorded: the ACO/MCO by its PID (the submitter's own, or
 * for a Community Partner one it partners with), the CPs by theirs, the member at the ACO/MCO with the same
 * date of birth, the partnership and the member's county on the effective day. One statement resolves the
 * ids on the rows (of `range`, a span of row numbers, or all) and appends, in this order, a problem naming
 * the column for each check that fails. The partnerships and counties are looked up once for each
 * combination the rows name, not once a row.
 */
export async function resolveRows(
  db: Db,
  orgId: string,
  batchId: string,
  submitterIsCp: boolean,
  range?: { from: number; to: number },
) {
  const payers = sql`('aco', 'mco')`;
  const cps = sql`('cp_bh', 'cp_ltss')`;
  const problem = (column: string | SQL, message: SQL) =>
    sql`jsonb_build_object('column', ${column}::text, 'message', ${message})`;
  /** The first, and only, problem the condition gives, or null. */
  const when = (condition: SQL, column: string | SQL, message: SQL) =>
    sql`case when ${condition} then ${problem(column, message)} end`;
  const partnered = (holder: SQL, cp: SQL, on: SQL) =>
    sql`exists (select 1 from ${orgRelationshipsView} x where x.kind = 'cp_partnership' and x.org_id = ${holder}
      and x.other_org_id = ${cp} and x.starts_on <= ${on} and (x.ends_on is null or x.ends_on >= ${on}))`;
  const notInDirectory = (column: string, what: string, pid: string, sl: string, id: string) =>
    when(
      sql`${sql.raw(`i.${pid}`)} is not null and ${sql.raw(`i.${sl}`)} is not null and ${sql.raw(`i.${id}`)} is null`,
      column,
      sql`format('No %s has PID %s and service location %s in the directory', ${what}::text, ${sql.raw(`i.${pid}`)}, ${sql.raw(`i.${sl}`)})`,
    );
  // Whose members a row may name: the submitter's own (an ACO or MCO), or for a Community Partner only the
  // members enrolled with it, to disenroll. A row naming anyone else is refused before its member is looked
  // up, so a batch never tells one organisation anything of another's members (not even whether one exists).
  const own = submitterIsCp
    ? {
        unpartnered: sql`i.holder is not null and i.effective_on is not null and not ${partnered(sql`i.holder`, sql`${orgId}::uuid`, sql`i.effective_on`)}`,
        problems: [
          when(sql`i.action in ('E', 'T')`, 'Action', sql`${CP_ONLY_DISENROLLS}::text`),
          when(sql`i.cp <> ${orgId}`, 'CP_PID', sql`${CP_OWN_PID}::text`),
          when(
            sql`i.unpartnered`,
            'ACO_MCO_PID',
            sql`format('%s has no partnership with you in force on %s', ${orgName(sql`i.holder`)}, ${day(sql`i.effective_on`)})`,
          ),
        ],
        // A problem with the ACO/MCO's PID (as read, or its partnership) leaves the row without one.
        holder: sql`case when i.action = 'D' and i.cp = ${orgId} and not i.unpartnered
          and not i.problems @> '[{"column": "ACO_MCO_PID"}]'::jsonb then i.holder end`,
      }
    : {
        unpartnered: sql`false`,
        problems: [when(sql`i.holder <> ${orgId}`, 'ACO_MCO_PID', sql`${NOT_OWN_PID}::text`)],
        holder: sql`case when i.holder = ${orgId} then i.holder end`,
      };
  const rows = sql`r.org_id = ${orgId} and r.batch_id = ${batchId}
    ${range ? sql`and r.row_number between ${range.from} and ${range.to}` : sql``}`;
  // Each member is looked up by its key (LATERAL … LIMIT); everything else is joined by hashing. The rows
  // were just loaded, often with no statistics yet: a nested loop chosen for "one row" would read the whole
  // batch once a row.
  await db.transaction(async (tx) => {
    // (The penalty that turns nested loops off would also make the plan look costly enough to compile.)
    await tx.execute(sql`select set_config('enable_nestloop', 'off', true), set_config('jit', 'off', true)`);
    await tx.execute(sql`with dir as (
      select p.pid, p.service_location as sl, p.org_id, o.kind
      from enrollment_provider_ids p join ${organisationsView} o on o.id = p.org_id),
    ids as (
      select r.row_number, r.problems, r.medicaid_id, r.date_of_birth, r.action, r.effective_on, r.aco_pid,
        r.aco_sl, r.cp_pid, r.cp_sl, r.to_pid, r.to_sl, a.org_id as holder, c.org_id as cp, t.org_id as to_cp
      from enrollment_batch_rows r
        left join dir a on a.pid = r.aco_pid and a.sl = r.aco_sl and a.kind in ${payers}
        left join dir c on c.pid = r.cp_pid and c.sl = r.cp_sl and c.kind in ${cps}
        left join dir t on t.pid = r.to_pid and t.sl = r.to_sl and t.kind in ${cps}
      where ${rows}),
    checked as (select i.*, ${own.unpartnered} as unpartnered from ids i),
    owned as (
      select i.*, ${own.holder} as holder_ok,
        array[${notInDirectory('ACO_MCO_PID', 'ACO or MCO', 'aco_pid', 'aco_sl', 'holder')},
          ${notInDirectory('CP_PID', 'Community Partner', 'cp_pid', 'cp_sl', 'cp')},
          ${notInDirectory('Transfer_To_CP_PID', 'Community Partner', 'to_pid', 'to_sl', 'to_cp')},
          ${sql.join(own.problems, sql`, `)}] as found
      from checked i),
    -- The CP a member starts with (E: CP_PID; T: Transfer_To_CP_PID), when the row names all it needs.
    members as (
      select o.*, m.id as enrollee, m.date_of_birth as recorded_birth, m.county,
        case o.action when 'E' then o.cp when 'T' then o.to_cp end as starting,
        case o.action when 'E' then 'CP_PID' else 'Transfer_To_CP_PID' end as starting_column
      from owned o left join lateral (
        select m.id, m.date_of_birth, m.county from ${careMembersView} m
        where m.org_id = o.holder_ok and m.masshealth_id = o.medicaid_id
          ${submitterIsCp ? sql`and exists (select 1 from enrollment_spans s where s.enrollee_id = m.id and s.cp_org_id = ${orgId} and s.ends_on is null)` : sql``}
        limit 1) m on true),
    partners as (
      select k.holder_ok, k.starting, k.effective_on, ${partnered(sql`k.holder_ok`, sql`k.starting`, sql`k.effective_on`)} as ok
      from (select distinct holder_ok, starting, effective_on from members
            where starting is not null and holder_ok is not null and effective_on is not null) k),
    areas as (
      select k.starting, k.county, k.effective_on, exists (select 1 from ${serviceAreasView} a
          where a.org_id = k.starting and a.county = k.county and a.starts_on <= k.effective_on
            and (a.ends_on is null or a.ends_on >= k.effective_on)) as ok
      from (select distinct starting, county, effective_on from members
            where enrollee is not null and starting is not null and holder_ok is not null and effective_on is not null) k),
    resolved as (
      select m.row_number, m.holder_ok, m.cp, m.to_cp, m.enrollee, to_jsonb(array_remove(m.found || array[
          ${when(sql`m.holder_ok is not null and m.medicaid_id is not null and m.enrollee is null`, 'Medicaid_ID', sql`${submitterIsCp ? NOT_ENROLLED_HERE : NOT_RECORDED_HERE}::text`)},
          ${when(sql`m.date_of_birth is not null and m.recorded_birth <> m.date_of_birth`, 'Member_Date_of_Birth', sql`'This is not the member''s recorded date of birth: check the member''s record'::text`)},
          ${when(sql`not p.ok`, sql`m.starting_column`, sql`format('%s has no partnership with %s in force on %s', ${orgName(sql`m.starting`)}, ${orgName(sql`m.holder_ok`)}, ${day(sql`m.effective_on`)})`)},
          ${when(
            sql`not a.ok`,
            sql`m.starting_column`,
            sql`case when m.county is null
              then 'The member''s county is not recorded, so the Community Partner''s area cannot be checked: add it to the member''s record'
              else format('%s does not serve %s County on %s', ${orgName(sql`m.starting`)}, m.county, ${day(sql`m.effective_on`)}) end`,
          )}], null)) as found
      from members m
        left join partners p on p.holder_ok = m.holder_ok and p.starting = m.starting and p.effective_on = m.effective_on
        left join areas a on a.starting = m.starting and coalesce(a.county, '') = coalesce(m.county, '')
          and a.effective_on = m.effective_on and m.enrollee is not null and m.holder_ok is not null)
    update enrollment_batch_rows r set holder_org_id = x.holder_ok, cp_org_id = x.cp, to_cp_org_id = x.to_cp,
      enrollee_id = x.enrollee, problems = case when x.found = '[]'::jsonb then r.problems else r.problems || x.found end
    from resolved x where ${rows} and r.row_number = x.row_number`);
  });
}

/**
 * Capacity: locks the capacity of every CP the batch starts members with (so two batches, or two people,
 * never both take its last places), then refuses the rows past it, in row order. "Used" is `placesUsed`.
 */
export async function checkCapacity(db: Db, orgId: string, batchId: string, today: string) {
  const starting = sql`select starts_cp_org_id from enrollment_batch_rows
    where org_id = ${orgId} and batch_id = ${batchId} and starts_cp_org_id is not null and problems = '[]'::jsonb`;
  await db.execute(
    sql`select org_id from enrollment_cp_capacity where org_id in (${starting}) order by org_id for update`,
  );
  // The rows past capacity are found in one read, then marked: an update joined to the same window over the
  // batch was planned as a loop over it (measured: over 80 s at 100,000 rows).
  const over = await checkedRows(
    db,
    overRow,
    sql`select s.row_number as "rowNumber",
        case when s.action = 'T' then 'Transfer_To_CP_PID' else 'CP_PID' end as "column",
        case when s.confirmed is null
          then format('%s has no confirmed capacity in the directory', ${orgName(sql`s.starts_cp_org_id`)})
          else format('%s has no free place: %s confirmed, %s used, %s earlier in this file', ${orgName(sql`s.starts_cp_org_id`)},
            s.confirmed, s.used, s.k - 1) end as message
      from (
        select b.row_number, b.action, b.starts_cp_org_id, c.confirmed, coalesce(u.used, 0) as used,
          row_number() over (partition by b.starts_cp_org_id order by b.row_number) as k
        from enrollment_batch_rows b left join enrollment_cp_capacity c on c.org_id = b.starts_cp_org_id
        -- Counted once per CP, not once per row.
        left join ${placesUsed(starting, today, { orgId, batchId })} u on u.cp_org_id = b.starts_cp_org_id
        where b.org_id = ${orgId} and b.batch_id = ${batchId} and b.starts_cp_org_id is not null and b.problems = '[]'::jsonb
      ) s
      where s.confirmed is null or s.used + s.k > s.confirmed`,
  );
  if (over.length === 0) return;
  await db.execute(sql`update enrollment_batch_rows r
    set problems = r.problems || jsonb_build_array(jsonb_build_object('column', d."column", 'message', d.message))
    from jsonb_to_recordset(${JSON.stringify(over)}::jsonb) as d("rowNumber" int, "column" text, message text)
    where r.org_id = ${orgId} and r.batch_id = ${batchId} and r.row_number = d."rowNumber"`);
}
