// Assignment's SQL: who is waiting for a CP, which CPs could take them, the proposals, confirmation under
// the CPs' capacity locks, withdrawal and the CP's outreach (decision 061).
import { nameWords, normaliseMasshealthId } from '@contract/care/identifiers.js';
import {
  ASSIGNMENT_STATUSES,
  CP_TYPES,
  OUTREACH_MODES,
  STAGES,
} from '@contract/enrollment/assignment.labels.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { holds, scopedOrgIds } from '../../platform/db/columns.js';
import { careMembersView } from '../care/index.js';
import { organisationsView, orgRelationshipsView, serviceAreasView } from '../organisations/index.js';
import type { Candidate, Proposal } from './assignment.js';
import { placesUsed } from './capacity.repository.js';

const countRow = z.object({ n: z.number() });
const statusRow = z.object({
  id: z.string(),
  cpOrgId: z.string(),
  cpName: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  memberName: z.string(),
  partnered: z.boolean(),
  identified: z.boolean(),
  enrolled: z.boolean(),
});
const identificationRow = z.object({ identificationId: z.string() });
const idRow = z.object({ id: z.string() });

const needRow = z.object({
  identificationId: z.string(),
  enrolleeId: z.string(),
  county: z.string().nullable(),
  cpType: z.enum(CP_TYPES).nullable(),
  suggestedCpOrgId: z.string().nullable(),
  requestedCpOrgId: z.string().nullable(),
  declined: z.boolean(),
  memberName: z.string(),
  masshealthId: z.string(),
});

/**
 * The organisation's members identified and waiting: no live assignment and not enrolled with a CP today,
 * oldest identification first, with their county and their last choice (in the caller's scope).
 */
export async function waitingMembers(db: Db, orgId: string, today: string) {
  return checkedRows(
    db,
    needRow,
    sql`select i.id as "identificationId", i.enrollee_id as "enrolleeId", m.county, i.cp_type as "cpType",
        i.suggested_cp_org_id as "suggestedCpOrgId", c.requested_cp_org_id as "requestedCpOrgId",
        coalesce(c.choice = 'decline', false) as declined,
        m.given_name || ' ' || m.family_name as "memberName", m.masshealth_id as "masshealthId"
      from enrollment_identifications i join ${careMembersView} m on m.id = i.enrollee_id
      left join lateral (select x.choice, x.requested_cp_org_id from enrollment_member_choices x
        where x.org_id = i.org_id and x.enrollee_id = i.enrollee_id
        order by x.received_on desc, x.created_at desc limit 1) c on true
      where i.org_id = ${orgId} and i.stage = 'identified' and i.ended_on is null
        and not exists (select 1 from enrollment_assignments a where a.org_id = i.org_id
          and a.identification_id = i.id and a.status in ('proposed', 'confirmed'))
        and not exists (select 1 from enrollment_spans s where s.org_id = i.org_id and s.enrollee_id = i.enrollee_id
          and (s.ends_on is null or s.ends_on >= ${today}::date))
      order by i.identified_on, i.id`,
  );
}
export type Waiting = z.infer<typeof needRow>;

const notWaitingRow = z.object({ proposed: z.number().int(), enrolled: z.number().int() });

/** The organisation's open identifications that wait for no proposal: assigned already, or enrolled today. */
export async function notWaiting(db: Db, orgId: string, today: string) {
  return (await checkedRow(
    db,
    notWaitingRow,
    sql`select count(*) filter (where assigned)::int as proposed,
        count(*) filter (where not assigned and enrolled)::int as enrolled
      from (select exists (select 1 from enrollment_assignments a where a.org_id = i.org_id
            and a.identification_id = i.id and a.status in ('proposed', 'confirmed')) as assigned,
          exists (select 1 from enrollment_spans s where s.org_id = i.org_id and s.enrollee_id = i.enrollee_id
            and (s.ends_on is null or s.ends_on >= ${today}::date)) as enrolled
        from enrollment_identifications i where i.org_id = ${orgId} and i.ended_on is null) x`,
  ))!;
}

const candidateRow = z.object({
  cpOrgId: z.string(),
  name: z.string(),
  type: z.enum(CP_TYPES),
  counties: z.array(z.string()),
  free: z.number(),
});

/**
 * The CPs the organisation has a partnership with on `day`, the counties each serves that day and its free
 * places: confirmed capacity less places used today and assignments proposed and not yet confirmed. Read as
 * the table owner: counts across every ACO/MCO, no member.
 */
export async function candidates(db: Db, orgId: string, day: string, today: string): Promise<Candidate[]> {
  const cps = sql`select o.id from ${organisationsView} o where o.kind in ('cp_bh', 'cp_ltss')`;
  const rows = await checkedRows(
    db,
    candidateRow,
    sql`select o.id as "cpOrgId", o.name, case when o.kind = 'cp_ltss' then 'LTSS' else 'BH' end as type,
        coalesce((select array_agg(distinct a.county order by a.county) from ${serviceAreasView} a where a.org_id = o.id
          and a.starts_on <= ${day}::date and (a.ends_on is null or a.ends_on >= ${day}::date)), '{}') as counties,
        coalesce(c.confirmed, 0) - coalesce(u.used, 0)
          - (select count(*)::int from enrollment_assignments p where p.cp_org_id = o.id and p.status = 'proposed') as free
      from ${organisationsView} o
      left join enrollment_cp_capacity c on c.org_id = o.id
      left join ${placesUsed(cps, today)} u on u.cp_org_id = o.id
      where o.kind in ('cp_bh', 'cp_ltss') and exists (select 1 from ${orgRelationshipsView} r
        where r.kind = 'cp_partnership' and r.org_id = ${orgId} and r.other_org_id = o.id
          and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date))
      order by o.name`,
  );
  return rows.map((r) => ({ ...r, counties: new Set(r.counties) }));
}

/** Holds the ACO's/MCO's proposing lock until the transaction ends. */
export async function lockProposals(tx: Db, orgId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('enrollment-assignment:' || ${orgId}))`);
}

/** Records the proposals for a month (a member proposed meanwhile by someone else is left as it is). */
export async function insertProposals(db: Db, orgId: string, month: string, proposals: readonly Proposal[]) {
  if (proposals.length === 0) return;
  await db.execute(sql`insert into enrollment_assignments (org_id, identification_id, enrollee_id, cp_org_id, month, why)
    select ${orgId}, p."identificationId", p."enrolleeId", p."cpOrgId", ${month}::date, p.why
    from jsonb_to_recordset(${JSON.stringify(proposals)}::jsonb)
      as p("identificationId" uuid, "enrolleeId" uuid, "cpOrgId" uuid, why text)
    on conflict (org_id, identification_id) where status in ('proposed', 'confirmed') do nothing`);
}

const assignmentColumns = sql`a.id, a.org_id as "orgId", h.name as "orgName", a.identification_id as "identificationId",
  a.enrollee_id as "enrolleeId", a.cp_org_id as "cpOrgId", cp.name as "cpName",
  case when cp.kind = 'cp_ltss' then 'LTSS' else 'BH' end as "cpType", a.month::text as month, a.status,
  case when a.status in ('withdrawn', 'ended') then 'ended'
    when a.status = 'proposed' then 'identified'
    when exists (select 1 from enrollment_spans s where s.enrollee_id = a.enrollee_id and s.cp_org_id = a.cp_org_id
      and s.created_at >= a.confirmed_at) then 'enrolled'
    when o.attempts > 0 then 'outreach' else 'assigned' end as stage,
  a.why, a.confirmed_by_name as "confirmedByName",
  to_char(a.confirmed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "confirmedAt",
  a.end_reason as "endReason", a.letter_language as "letterLanguage",
  case when a.large_print then 'large_print' else 'standard' end as "letterFormat",
  coalesce(o.attempts, 0) as "outreachAttempts", o.last_on as "lastOutreachOn", a.version`;
/**
 * Beyond row-level security: a CP sees an assignment only once it was confirmed to it, so one proposed to it
 * and withdrawn before confirmation stays the ACO's/MCO's alone.
 */
const seenByCp = sql`(a.org_id = any ${scopedOrgIds} or a.confirmed_at is not null or (select enrollment_state_reader()))`;
const assignmentFrom = sql`from enrollment_assignments a
  join ${organisationsView} h on h.id = a.org_id join ${organisationsView} cp on cp.id = a.cp_org_id
  left join lateral (select count(*)::int as attempts, max(x.attempted_on)::text as last_on
    from enrollment_outreach x where x.org_id = a.org_id and x.assignment_id = a.id) o on true`;

const assignmentRow = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  identificationId: z.string(),
  enrolleeId: z.string(),
  cpOrgId: z.string(),
  cpName: z.string(),
  cpType: z.enum(CP_TYPES),
  month: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  stage: z.enum(STAGES),
  why: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  letterLanguage: z.string().nullable(),
  letterFormat: z.enum(['standard', 'large_print']),
  outreachAttempts: z.number(),
  lastOutreachOn: z.string().nullable(),
  version: z.number(),
});
export type AssignmentRecord = z.infer<typeof assignmentRow>;

/**
 * The free-text filter: the member's MassHealth ID (12 digits), every word in the member's names, or the
 * CP's name; in any case and with or without accents.
 */
function textFilter(q: string) {
  const digits = normaliseMasshealthId(q);
  const words = nameWords(q);
  const names = words.length
    ? sql.join(
        words.map((w) => sql`(${holds(sql`m.family_name`, w)} or ${holds(sql`m.given_name`, w)})`),
        sql` and `,
      )
    : sql`false`;
  return sql`(exists (select 1 from ${careMembersView} m where m.id = a.enrollee_id and (${names}
      ${/^\d{12}$/.test(digits) ? sql`or m.masshealth_id = ${digits}` : sql``}))
    or exists (select 1 from ${organisationsView} c where c.id = a.cp_org_id and ${holds(sql`c.name`, q)}))`;
}

/** Assignments the caller may see (its own, or those confirmed to its CP), a page at a time. */
export async function listAssignments(
  db: Db,
  filter: { month?: string | undefined; status?: string | undefined; q?: string | undefined },
  page: { offset: number; limit: number },
) {
  const where = sql.join(
    [
      sql`true`,
      ...(filter.month ? [sql`a.month = ${filter.month}::date`] : []),
      ...(filter.status ? [sql`a.status = ${filter.status}`] : []),
      ...(filter.q ? [textFilter(filter.q)] : []),
    ],
    sql` and `,
  );
  const items = await checkedRows(
    db,
    assignmentRow,
    sql`select ${assignmentColumns} ${assignmentFrom} where ${where} and ${seenByCp}
      order by a.month desc, a.status, cp.name, a.created_at, a.id offset ${page.offset} limit ${page.limit}`,
  );
  const total = await checkedRow(
    db,
    countRow,
    sql`select count(*)::int as n from enrollment_assignments a where ${where} and ${seenByCp}`,
  );
  return { items, total: total?.n ?? 0 };
}

export async function findAssignment(db: Db, id: string) {
  return checkedRow(
    db,
    assignmentRow,
    sql`select ${assignmentColumns} ${assignmentFrom} where a.id = ${id} and ${seenByCp}`,
  );
}

/** Assignments of these ids, by status, as the table owner (the caller's scope has been asked first). */
export async function assignmentsOf(db: Db, orgId: string, ids: readonly string[], today: string) {
  return checkedRows(
    db,
    statusRow,
    sql`select a.id, a.cp_org_id as "cpOrgId", cp.name as "cpName", a.status,
        m.given_name || ' ' || m.family_name as "memberName",
        exists (select 1 from ${orgRelationshipsView} r where r.kind = 'cp_partnership' and r.org_id = a.org_id
          and r.other_org_id = a.cp_org_id and r.starts_on <= a.month and (r.ends_on is null or r.ends_on >= a.month)) as partnered,
        exists (select 1 from enrollment_identifications i where i.org_id = a.org_id and i.id = a.identification_id
          and i.ended_on is null) as identified,
        exists (select 1 from enrollment_spans s where s.org_id = a.org_id and s.enrollee_id = a.enrollee_id
          and (s.ends_on is null or s.ends_on >= ${today}::date)) as enrolled
      from enrollment_assignments a join ${organisationsView} cp on cp.id = a.cp_org_id
        join ${careMembersView} m on m.id = a.enrollee_id
      where a.org_id = ${orgId} and a.id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`,
  );
}

const placesRow = z.object({
  cpOrgId: z.string(),
  name: z.string(),
  confirmed: z.number().nullable(),
  used: z.number(),
});

/**
 * Locks the capacity of these CPs (in one order, so two confirmations never deadlock) and reads their
 * places: the lock is held until the transaction ends, so two people confirming at once are counted one
 * after the other.
 */
export async function lockPlaces(tx: Db, cpOrgIds: readonly string[], today: string) {
  const cps = sql`select jsonb_array_elements_text(${JSON.stringify(cpOrgIds)}::jsonb)::uuid`;
  await tx.execute(
    sql`select org_id from enrollment_cp_capacity where org_id in (${cps}) order by org_id for update`,
  );
  return checkedRows(
    tx,
    placesRow,
    sql`select o.id as "cpOrgId", o.name, c.confirmed, coalesce(u.used, 0) as used
      from ${organisationsView} o left join enrollment_cp_capacity c on c.org_id = o.id
      left join ${placesUsed(cps, today)} u on u.cp_org_id = o.id where o.id in (${cps})`,
  );
}

/** Confirms proposed assignments, with the letter's language and format from the member's record. */
export async function confirm(
  tx: Db,
  orgId: string,
  ids: readonly string[],
  by: { personId: string; name: string },
) {
  const list = sql`select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid`;
  await tx.execute(sql`update enrollment_assignments a set status = 'confirmed', confirmed_by = ${by.personId},
      confirmed_by_name = ${by.name}, confirmed_at = now(), letter_language = m.preferred_language,
      large_print = 'large_print' = any(m.accessible_formats), version = a.version + 1, updated_at = now()
    from ${careMembersView} m
    where a.org_id = ${orgId} and a.id in (${list}) and a.status = 'proposed' and m.id = a.enrollee_id`);
  await tx.execute(sql`update enrollment_identifications i set stage = 'assigned', version = i.version + 1, updated_at = now()
    where i.org_id = ${orgId} and i.stage = 'identified'
      and i.id in (select a.identification_id from enrollment_assignments a where a.org_id = ${orgId} and a.id in (${list}))`);
}

/** Withdraws a live assignment; its identification waits for a CP again. Returns whether it was live. */
export async function withdraw(tx: Db, orgId: string, id: string, reason: string) {
  const done = await checkedRows(
    tx,
    identificationRow,
    sql`update enrollment_assignments set status = 'withdrawn', ended_at = now(), end_reason = ${reason},
        version = version + 1, updated_at = now()
      where org_id = ${orgId} and id = ${id} and status in ('proposed', 'confirmed')
      returning identification_id as "identificationId"`,
  );
  if (done.length === 0) return false;
  await tx.execute(sql`update enrollment_identifications set stage = 'identified', version = version + 1, updated_at = now()
    where org_id = ${orgId} and id = ${done[0]!.identificationId} and stage in ('assigned', 'outreach')`);
  return true;
}

export async function insertOutreach(
  tx: Db,
  a: { orgId: string; assignmentId: string; cpOrgId: string },
  input: { attemptedOn: string; mode: string; reached: boolean; note: string | null },
  by: { personId: string; name: string },
) {
  const row = await checkedRow(
    tx,
    idRow,
    sql`insert into enrollment_outreach (org_id, assignment_id, cp_org_id, attempted_on, mode, reached, note, recorded_by, recorded_by_name)
      values (${a.orgId}, ${a.assignmentId}, ${a.cpOrgId}, ${input.attemptedOn}, ${input.mode}, ${input.reached}, ${input.note},
        ${by.personId}, ${by.name}) returning id`,
  );
  return row!.id;
}

const outreachRow = z.object({
  id: z.string(),
  attemptedOn: z.string(),
  mode: z.enum(OUTREACH_MODES),
  reached: z.boolean(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  createdAt: z.string(),
});

export async function outreachOf(db: Db, assignmentId: string) {
  return checkedRows(
    db,
    outreachRow,
    sql`select id, attempted_on::text as "attemptedOn", mode, reached, note, recorded_by_name as "recordedByName",
        to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
      from enrollment_outreach where assignment_id = ${assignmentId} order by attempted_on, created_at`,
  );
}

const memberFactsRow = z.object({
  id: z.string(),
  memberName: z.string(),
  masshealthId: z.string(),
  county: z.string().nullable(),
  phone: z.string().nullable(),
});

/**
 * Name, MassHealth ID, county and phone of members the caller may see through their assignments (read as the
 * table owner: a CP is not on the member's care team before enrollment, yet needs these to reach them).
 */
export async function memberFacts(db: Db, enrolleeIds: readonly string[]) {
  if (enrolleeIds.length === 0) return new Map<string, z.infer<typeof memberFactsRow>>();
  const rows = await checkedRows(
    db,
    memberFactsRow,
    sql`select m.id, m.given_name || ' ' || m.family_name as "memberName", m.masshealth_id as "masshealthId", m.county, m.phone
      from ${careMembersView} m where m.id in (select jsonb_array_elements_text(${JSON.stringify(enrolleeIds)}::jsonb)::uuid)`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}
