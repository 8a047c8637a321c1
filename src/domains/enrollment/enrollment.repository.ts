// What enrollment's pages and exports read, inside the caller's scope (row-level security decides whose).
import { BATCH_OUTCOMES } from '@contract/enrollment/enrollment.labels.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { careMembersView } from '../care/index.js';
import { organisationsView, orgRelationshipsView, serviceAreasView } from '../organisations/index.js';
import { placesUsed } from './capacity.repository.js';

const batchRow = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  fileName: z.string(),
  checkOnly: z.boolean(),
  outcome: z.enum(BATCH_OUTCOMES),
  message: z.string().nullable(),
  rows: z.number(),
  refusedRows: z.number(),
  counts: z.record(z.string(), z.number()),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type BatchRecord = z.infer<typeof batchRow>;

const batchColumns = sql`b.id, b.org_id as "orgId", o.name as "orgName", b.file_name as "fileName",
  b.check_only as "checkOnly", b.outcome, b.message, b.rows, b.refused_rows as "refusedRows", b.counts,
  b.created_by_name as "createdByName", to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
  to_char(b.finished_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "finishedAt"`;

/** The batches in scope, newest first. */
export async function listBatches(db: Db, offset: number, limit: number) {
  return checkedRows(
    db,
    batchRow,
    sql`select ${batchColumns} from enrollment_batches b join ${organisationsView} o on o.id = b.org_id
      order by b.created_at desc, b.id desc offset ${offset} limit ${limit}`,
  );
}

const countRow = z.object({ n: z.number() });
export async function countBatches(db: Db) {
  return (await checkedRow(db, countRow, sql`select count(*)::int as n from enrollment_batches`))!.n;
}

export async function findBatch(db: Db, id: string) {
  return checkedRow(
    db,
    batchRow,
    sql`select ${batchColumns} from enrollment_batches b join ${organisationsView} o on o.id = b.org_id where b.id = ${id}`,
  );
}

const resultRow = z.object({
  rowNumber: z.number(),
  cells: z.array(z.string()),
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
});
export type ResultRow = z.infer<typeof resultRow>;

/** A batch's rows in file order, a page at a time after `after`; `accepted` only the rows without a problem. */
export async function batchRowsPage(
  db: Db,
  batchId: string,
  after: number,
  limit: number,
  acceptedOnly: boolean,
) {
  return checkedRows(
    db,
    resultRow,
    // The batch's organisation too, so its rows are read in order by their key (row-level security alone
    // names the organisations with an OR, which no index serves: each page read the whole batch).
    sql`select row_number as "rowNumber", cells, problems from enrollment_batch_rows
      where org_id = (select b.org_id from enrollment_batches b where b.id = ${batchId}) and batch_id = ${batchId}
        and row_number > ${after} ${acceptedOnly ? sql`and problems = '[]'::jsonb` : sql``}
      order by row_number limit ${limit}`,
  );
}

const memberRow = z.object({
  enrolleeId: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  masshealthId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  county: z.string().nullable(),
});

/** Every member with this MassHealth ID, at any ACO/MCO (system: the caller's scope is asked next). */
export async function membersWithId(db: Db, masshealthId: string) {
  return checkedRows(
    db,
    memberRow,
    sql`select m.id as "enrolleeId", m.org_id as "orgId", o.name as "orgName", m.masshealth_id as "masshealthId",
        m.given_name as "givenName", m.family_name as "familyName", m.date_of_birth::text as "dateOfBirth", m.county
      from ${careMembersView} m join ${organisationsView} o on o.id = m.org_id
      where m.masshealth_id = ${masshealthId} order by o.name`,
  );
}

const idRow = z.object({ id: z.string() });
/**
 * Which of these members the caller may see, by row-level security: held by their organisation, with a span at
 * their Community Partner, or any for a state agency.
 */
export async function visibleMembers(db: Db, enrolleeIds: readonly string[]) {
  if (enrolleeIds.length === 0) return new Set<string>();
  const ids = sql.join(
    enrolleeIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const rows = await checkedRows(
    db,
    idRow,
    sql`select id from ${careMembersView} m where m.id in (${ids})
      union select enrollee_id from enrollment_spans where enrollee_id in (${ids})
      union select enrollee_id from enrollment_identifications where enrollee_id in (${ids})
      union select enrollee_id from enrollment_assignments
        where enrollee_id in (${ids}) and confirmed_at is not null`,
  );
  return new Set(rows.map((r) => r.id));
}

const spanRow = z.object({
  id: z.string(),
  cpOrgId: z.string(),
  cpName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  endReason: z.string().nullable(),
  episodeStartsOn: z.string(),
  startBatchId: z.string().nullable(),
  endBatchId: z.string().nullable(),
});

/** One member's spans, oldest first (those the caller may see). */
export async function memberSpans(db: Db, enrolleeId: string) {
  return checkedRows(
    db,
    spanRow,
    sql`select s.id, s.cp_org_id as "cpOrgId", o.name as "cpName", s.starts_on::text as "startsOn",
        s.ends_on::text as "endsOn", s.end_reason as "endReason", s.episode_starts_on::text as "episodeStartsOn",
        s.start_batch_id as "startBatchId", s.end_batch_id as "endBatchId"
      from enrollment_spans s join ${organisationsView} o on o.id = s.cp_org_id
      where s.enrollee_id = ${enrolleeId} order by s.starts_on`,
  );
}

const cpRow = z.object({
  orgId: z.string(),
  name: z.string(),
  code: z.string(),
  kind: z.string(),
  ids: z.array(z.object({ pid: z.string(), sl: z.string() })),
  confirmed: z.number().nullable(),
  used: z.number(),
  counties: z.array(z.object({ county: z.string(), startsOn: z.string(), endsOn: z.string().nullable() })),
});
export type CpEntry = z.infer<typeof cpRow>;

/**
 * The Community Partner directory: identifiers, capacity (confirmed, and used today across every ACO/MCO) and
 * counties. Read as the table owner: counts and areas, no member.
 */
export async function cpDirectory(db: Db, today: string) {
  return checkedRows(
    db,
    cpRow,
    sql`select o.id as "orgId", o.name, o.code, o.kind,
        coalesce((select jsonb_agg(jsonb_build_object('pid', p.pid, 'sl', p.service_location) order by p.pid, p.service_location)
          from enrollment_provider_ids p where p.org_id = o.id), '[]'::jsonb) as ids,
        (select c.confirmed from enrollment_cp_capacity c where c.org_id = o.id) as confirmed,
        coalesce(u.used, 0) as used,
        coalesce((select jsonb_agg(jsonb_build_object('county', a.county, 'startsOn', a.starts_on, 'endsOn', a.ends_on) order by a.county)
          from ${serviceAreasView} a where a.org_id = o.id), '[]'::jsonb) as counties
      from ${organisationsView} o
        left join ${placesUsed(sql`select id from ${organisationsView} c where c.kind in ('cp_bh', 'cp_ltss')`, today)} u on u.cp_org_id = o.id
      where o.kind in ('cp_bh', 'cp_ltss') order by o.name`,
  );
}

const ownerRow = z.object({ pid: z.string(), sl: z.string(), name: z.string() });

/**
 * Sets the acting organisation's provider IDs and (a Community Partner) its confirmed capacity, in its scope.
 * A PID and location another organisation holds is not taken: those are returned, and nothing is changed.
 */
export async function setDirectoryEntry(
  db: Db,
  orgId: string,
  entry: { ids: { pid: string; sl: string }[]; confirmed: number | null },
) {
  const pairs = entry.ids.map((i) => sql`(${i.pid}, ${i.sl})`);
  if (pairs.length > 0) {
    // Others' rows are readable (the directory), so a clash is found before anything is written.
    const taken = await checkedRows(
      db,
      ownerRow,
      sql`select p.pid, p.service_location as sl, o.name from enrollment_provider_ids p
        join ${organisationsView} o on o.id = p.org_id
        where p.org_id <> ${orgId} and (p.pid, p.service_location) in (${sql.join(pairs, sql`, `)})`,
    );
    if (taken.length > 0) return { taken };
  }
  await db.execute(sql`delete from enrollment_provider_ids where org_id = ${orgId}`);
  if (pairs.length > 0)
    await db.execute(sql`insert into enrollment_provider_ids (org_id, pid, service_location)
      select ${orgId}, v.pid, v.sl from (values ${sql.join(pairs, sql`, `)}) as v(pid, sl)`);
  if (entry.confirmed === null)
    await db.execute(sql`delete from enrollment_cp_capacity where org_id = ${orgId}`);
  else
    await db.execute(sql`insert into enrollment_cp_capacity (org_id, confirmed) values (${orgId}, ${entry.confirmed})
      on conflict (org_id) do update set confirmed = excluded.confirmed,
        version = enrollment_cp_capacity.version + 1, updated_at = now()`);
  return { taken: [] };
}

const gapRow = z.object({
  orgId: z.string(),
  orgName: z.string(),
  county: z.string(),
  ltssCps: z.array(z.string()),
});

/**
 * Where an ACO or MCO falls short of LTSS Community Partners: each county it serves today with fewer than two
 * LTSS CPs that it partners with and that serve the county today (the names of those it has). Read as the table
 * owner: agreements and areas, no member.
 */
export async function ltssGaps(db: Db, today: string) {
  return checkedRows(
    db,
    gapRow,
    sql`select o.id as "orgId", o.name as "orgName", a.county,
        coalesce((select jsonb_agg(cp.name order by cp.name)
          from ${orgRelationshipsView} r
          join ${organisationsView} cp on cp.id = r.other_org_id and cp.kind = 'cp_ltss'
          where r.kind = 'cp_partnership' and r.org_id = o.id
            and r.starts_on <= ${today}::date and (r.ends_on is null or r.ends_on >= ${today}::date)
            and exists (select 1 from ${serviceAreasView} x where x.org_id = cp.id and x.county = a.county
              and x.starts_on <= ${today}::date and (x.ends_on is null or x.ends_on >= ${today}::date))), '[]'::jsonb) as "ltssCps"
      from ${organisationsView} o
      join ${serviceAreasView} a on a.org_id = o.id
        and a.starts_on <= ${today}::date and (a.ends_on is null or a.ends_on >= ${today}::date)
      where o.kind in ('aco', 'mco')
      order by o.name, a.county`,
  );
}

const choiceRow = z.object({
  id: z.string(),
  choice: z.enum(['different_cp', 'decline']),
  receivedOn: z.string(),
  requestedCpName: z.string().nullable(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  recordedByOrgName: z.string(),
  createdAt: z.string(),
});

/** A member's choices the caller may see, newest first. */
export async function memberChoices(db: Db, enrolleeId: string) {
  return checkedRows(
    db,
    choiceRow,
    sql`select c.id, c.choice, c.received_on::text as "receivedOn", cp.name as "requestedCpName", c.note,
        c.recorded_by_name as "recordedByName", o.name as "recordedByOrgName",
        to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt"
      from enrollment_member_choices c
      join ${organisationsView} o on o.id = c.recorded_by_org_id
      left join ${organisationsView} cp on cp.id = c.requested_cp_org_id
      where c.enrollee_id = ${enrolleeId} order by c.received_on desc, c.created_at desc`,
  );
}

const insertedRow = z.object({ id: z.string() });

export async function insertMemberChoice(
  db: Db,
  c: {
    orgId: string;
    enrolleeId: string;
    choice: string;
    requestedCpOrgId: string | null;
    receivedOn: string;
    note: string | null;
    recordedByOrgId: string;
    recordedBy: string;
    recordedByName: string;
  },
) {
  return (await checkedRow(
    db,
    insertedRow,
    sql`insert into enrollment_member_choices (org_id, enrollee_id, choice, requested_cp_org_id, received_on, note,
        recorded_by_org_id, recorded_by, recorded_by_name)
      values (${c.orgId}, ${c.enrolleeId}, ${c.choice}, ${c.requestedCpOrgId}, ${c.receivedOn}, ${c.note},
        ${c.recordedByOrgId}, ${c.recordedBy}, ${c.recordedByName}) returning id`,
  ))!.id;
}

const holderRow = z.object({ orgId: z.string(), kind: z.string().nullable() });
/** The member's ACO/MCO (system: asked after the caller's right to the member is settled), and a CP's kind. */
export async function memberHolder(db: Db, enrolleeId: string, cpOrgId: string | null) {
  return checkedRow(
    db,
    holderRow,
    sql`select m.org_id as "orgId", (select o.kind from ${organisationsView} o where o.id = ${cpOrgId}) as kind
      from ${careMembersView} m where m.id = ${enrolleeId}`,
  );
}

const refusedRow = z.object({
  rowNumber: z.number(),
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
});
/** A batch's first refused rows, in file order. */
export async function refusedRows(db: Db, batchId: string, limit: number) {
  return checkedRows(
    db,
    refusedRow,
    sql`select row_number as "rowNumber", problems from enrollment_batch_rows
      where org_id = (select b.org_id from enrollment_batches b where b.id = ${batchId}) and batch_id = ${batchId}
        and problems <> '[]'::jsonb order by row_number limit ${limit}`,
  );
}
