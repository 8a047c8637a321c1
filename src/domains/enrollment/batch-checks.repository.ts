// The checks across a batch's rows that need what is recorded: the ACO/MCO, CPs and members the rows name
// (never another organisation's), partnerships, counties, and capacity (decision 061).
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { organisationsView, orgRelationshipsView, serviceAreasView } from '../organisations/index.js';

const CP_ONLY_DISENROLLS =
  'A Community Partner sends only disenrollments (D) of members enrolled with it; enrollments and transfers are sent by the member’s ACO or MCO';
const CP_OWN_PID = 'A Community Partner’s batch names its own PID and service location here';
const NOT_OWN_PID =
  'This is not your organisation’s PID and service location: a batch lists your own members';
const NOT_RECORDED_HERE = 'No member with this MassHealth ID is recorded at your organisation';
const NOT_ENROLLED_HERE = 'No member with this MassHealth ID is enrolled with you';

const overRow = z.object({ rowNumber: z.number(), column: z.string(), message: z.string() });

/** Appends a problem to the rows `where` selects (besides the batch), naming `column`. */
const addProblem = (
  orgId: string,
  batchId: string,
  column: string | SQL,
  message: SQL,
  from: SQL,
  where: SQL,
) =>
  sql`update enrollment_batch_rows r
    set problems = r.problems || jsonb_build_array(jsonb_build_object('column', ${column}::text, 'message', ${message}))
    ${from} where r.org_id = ${orgId} and r.batch_id = ${batchId} and ${where}`;

const day = (d: SQL) => sql`to_char(${d}, 'FMDD FMMonth YYYY')`;
const orgName = (id: SQL) => sql`(select o.name from ${organisationsView} o where o.id = ${id})`;

/**
 * The checks across rows that need only what is recorded: the ACO/MCO by its PID (the submitter's own, or
 * for a Community Partner one it partners with), the CPs by theirs, the member at the ACO/MCO with the same
 * date of birth, the partnership and the member's county on the effective day. Each resolves ids on the
 * rows and appends a problem naming the column where it fails.
 */
export async function resolveRows(db: Db, orgId: string, batchId: string, submitterIsCp: boolean) {
  const rows = sql`r.org_id = ${orgId} and r.batch_id = ${batchId}`;
  const providerOf = (pid: SQL, sl: SQL, kinds: SQL) =>
    sql`(select p.org_id from enrollment_provider_ids p join ${organisationsView} o on o.id = p.org_id
      where p.pid = ${pid} and p.service_location = ${sl} and o.kind in ${kinds})`;
  const payers = sql`('aco', 'mco')`;
  const cps = sql`('cp_bh', 'cp_ltss')`;
  await db.execute(sql`update enrollment_batch_rows r set
      holder_org_id = ${providerOf(sql`r.aco_pid`, sql`r.aco_sl`, payers)},
      cp_org_id = ${providerOf(sql`r.cp_pid`, sql`r.cp_sl`, cps)},
      to_cp_org_id = case when r.to_pid is not null then ${providerOf(sql`r.to_pid`, sql`r.to_sl`, cps)} end
    where ${rows}`);
  // A PID and location given that the directory does not hold, for each of the three.
  for (const [column, what, pid, sl, id] of [
    ['ACO_MCO_PID', 'ACO or MCO', 'aco_pid', 'aco_sl', 'holder_org_id'],
    ['CP_PID', 'Community Partner', 'cp_pid', 'cp_sl', 'cp_org_id'],
    ['Transfer_To_CP_PID', 'Community Partner', 'to_pid', 'to_sl', 'to_cp_org_id'],
  ] as const) {
    const [p, l] = [sql.raw(`r.${pid}`), sql.raw(`r.${sl}`)];
    await db.execute(
      addProblem(
        orgId,
        batchId,
        column,
        sql`format('No %s has PID %s and service location %s in the directory', ${what}::text, ${p}, ${l})`,
        sql``,
        sql`${p} is not null and ${l} is not null and ${sql.raw(`r.${id}`)} is null`,
      ),
    );
  }
  // Whose members a row may name: the submitter's own (an ACO or MCO), or for a Community Partner only the
  // members enrolled with it, to disenroll. A row naming anyone else is refused before its member is looked
  // up, so a batch never tells one organisation anything of another's members (not even whether one exists).
  if (submitterIsCp) {
    await db.execute(
      addProblem(
        orgId,
        batchId,
        'Action',
        sql`${CP_ONLY_DISENROLLS}::text`,
        sql``,
        sql`r.action in ('E', 'T')`,
      ),
    );
    await db.execute(
      addProblem(orgId, batchId, 'CP_PID', sql`${CP_OWN_PID}::text`, sql``, sql`r.cp_org_id <> ${orgId}`),
    );
    await db.execute(
      addProblem(
        orgId,
        batchId,
        'ACO_MCO_PID',
        sql`format('%s has no partnership with you in force on %s', ${orgName(sql`r.holder_org_id`)}, ${day(sql`r.effective_on`)})`,
        sql``,
        sql`r.holder_org_id is not null and r.effective_on is not null and not exists (
        select 1 from ${orgRelationshipsView} x where x.kind = 'cp_partnership' and x.org_id = r.holder_org_id
          and x.other_org_id = ${orgId} and x.starts_on <= r.effective_on and (x.ends_on is null or x.ends_on >= r.effective_on))`,
      ),
    );
    await db.execute(sql`update enrollment_batch_rows r set holder_org_id = null
      where ${rows} and (r.action is distinct from 'D' or r.cp_org_id is distinct from ${orgId}
        or exists (select 1 from jsonb_array_elements(r.problems) p where p->>'column' = 'ACO_MCO_PID'))`);
  } else {
    await db.execute(
      addProblem(
        orgId,
        batchId,
        'ACO_MCO_PID',
        sql`${NOT_OWN_PID}::text`,
        sql``,
        sql`r.holder_org_id <> ${orgId}`,
      ),
    );
    await db.execute(
      sql`update enrollment_batch_rows r set holder_org_id = null where ${rows} and r.holder_org_id <> ${orgId}`,
    );
  }

  await db.execute(sql`update enrollment_batch_rows r set enrollee_id = m.id
    from ${careMembersView} m where ${rows} and m.org_id = r.holder_org_id and m.masshealth_id = r.medicaid_id
      ${submitterIsCp ? sql`and exists (select 1 from enrollment_spans s where s.enrollee_id = m.id and s.cp_org_id = ${orgId} and s.ends_on is null)` : sql``}`);
  await db.execute(
    addProblem(
      orgId,
      batchId,
      'Medicaid_ID',
      sql`${submitterIsCp ? NOT_ENROLLED_HERE : NOT_RECORDED_HERE}::text`,
      sql``,
      sql`r.holder_org_id is not null and r.medicaid_id is not null and r.enrollee_id is null`,
    ),
  );
  await db.execute(
    addProblem(
      orgId,
      batchId,
      'Member_Date_of_Birth',
      sql`'This is not the member''s recorded date of birth: check the member''s record'::text`,
      sql`from ${careMembersView} m`,
      sql`m.id = r.enrollee_id and r.date_of_birth is not null and m.date_of_birth <> r.date_of_birth`,
    ),
  );

  // The CP a member starts with (E: CP_PID; T: Transfer_To_CP_PID) partners with the ACO/MCO and serves
  // the member's county on the effective day.
  for (const [column, cp, action] of [
    ['CP_PID', 'cp_org_id', 'E'],
    ['Transfer_To_CP_PID', 'to_cp_org_id', 'T'],
  ] as const) {
    const starting = sql`r.action = ${action} and r.${sql.raw(cp)} is not null and r.holder_org_id is not null and r.effective_on is not null`;
    await db.execute(
      addProblem(
        orgId,
        batchId,
        column,
        sql`format('%s has no partnership with %s in force on %s', ${orgName(sql`r.${sql.raw(cp)}`)}, ${orgName(sql`r.holder_org_id`)}, ${day(sql`r.effective_on`)})`,
        sql``,
        sql`${starting} and not exists (
        select 1 from ${orgRelationshipsView} x where x.kind = 'cp_partnership' and x.org_id = r.holder_org_id
          and x.other_org_id = r.${sql.raw(cp)} and x.starts_on <= r.effective_on and (x.ends_on is null or x.ends_on >= r.effective_on))`,
      ),
    );
    await db.execute(
      addProblem(
        orgId,
        batchId,
        column,
        sql`case when m.county is null
          then 'The member''s county is not recorded, so the Community Partner''s area cannot be checked: add it to the member''s record'
          else format('%s does not serve %s County on %s', ${orgName(sql`r.${sql.raw(cp)}`)}, m.county, ${day(sql`r.effective_on`)}) end`,
        sql`from ${careMembersView} m`,
        sql`m.id = r.enrollee_id and ${starting} and not exists (
        select 1 from ${serviceAreasView} a where a.org_id = r.${sql.raw(cp)} and a.county = m.county
          and a.starts_on <= r.effective_on and (a.ends_on is null or a.ends_on >= r.effective_on))`,
      ),
    );
  }
}

/**
 * Capacity: locks the capacity of every CP the batch starts members with (so two batches, or two people,
 * never both take its last places), then refuses the rows past it, in row order. "Used" is the CP's spans
 * that have not ended by `today`.
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
        left join (select x.cp_org_id, count(*) as used from enrollment_spans x
            where x.cp_org_id in (${starting}) and (x.ends_on is null or x.ends_on >= ${today})
            group by x.cp_org_id) u on u.cp_org_id = b.starts_cp_org_id
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
