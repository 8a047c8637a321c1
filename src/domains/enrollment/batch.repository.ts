// A batch's record and rows in SQL: starting and finishing it, the same file twice, the lifecycle pages the
// rules decide, and applying the spans (decision 061); the checks across rows are in batch-checks. Run as the
// table owner by the job.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../platform/db/client.js';
import { organisationsView } from '../organisations/index.js';
import type { Problem, Span } from './lifecycle.js';

export const BATCH_ROW_COLUMNS = [
  'org_id',
  'batch_id',
  'row_number',
  'cells',
  'medicaid_id',
  'date_of_birth',
  'action',
  'effective_on',
  'reason',
  'cp_pid',
  'cp_sl',
  'to_pid',
  'to_sl',
  'aco_pid',
  'aco_sl',
  'problems',
];

const twinRow = z.object({
  id: z.string(),
  fileName: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});

/** Starts (or, on a retried attempt, starts again) the batch's record, with none of its rows. */
export async function startBatch(
  db: Db,
  b: {
    orgId: string;
    id: string;
    fileId: string;
    fileName: string;
    fileSha256: string;
    checkOnly: boolean;
    createdBy: string | null;
    createdByName: string | null;
  },
) {
  await db.execute(sql`delete from enrollment_batch_rows where org_id = ${b.orgId} and batch_id = ${b.id}`);
  await db.execute(sql`insert into enrollment_batches
      (org_id, id, file_id, file_name, file_sha256, check_only, created_by, created_by_name)
    values (${b.orgId}, ${b.id}, ${b.fileId}, ${b.fileName}, ${b.fileSha256}, ${b.checkOnly}, ${b.createdBy}, ${b.createdByName})
    on conflict (org_id, id) do update set outcome = 'running', message = null, rows = 0, refused_rows = 0,
      counts = '{}'::jsonb, content_sha256 = null, finished_at = null`);
}

/** The organisation's applied batch of the same file (by its bytes or its rows), if any. */
export async function appliedTwin(db: Db, orgId: string, hash: { file: string } | { content: string }) {
  const match = 'file' in hash ? sql`file_sha256 = ${hash.file}` : sql`content_sha256 = ${hash.content}`;
  return checkedRow(
    db,
    twinRow,
    sql`select id, file_name as "fileName", to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt", created_by_name as "createdByName"
      from enrollment_batches where org_id = ${orgId} and outcome = 'applied' and ${match} limit 1`,
  );
}

export async function finishBatch(
  db: Db,
  orgId: string,
  id: string,
  f: {
    outcome: string;
    message: string;
    rows: number;
    refusedRows: number;
    counts: Record<string, number>;
    contentSha256: string | null;
  },
) {
  await db.execute(sql`update enrollment_batches set outcome = ${f.outcome}, message = ${f.message},
      rows = ${f.rows}, refused_rows = ${f.refusedRows}, counts = ${JSON.stringify(f.counts)}::jsonb,
      content_sha256 = ${f.contentSha256}, finished_at = now()
    where org_id = ${orgId} and id = ${id}`);
}

/** A stopped or failed run's batch: its rows go, its record says so (nothing of it was applied). */
export async function stopBatch(
  db: Db,
  orgId: string,
  id: string,
  message = 'The process stopped before the batch was finished; nothing of it was applied. Upload it again.',
) {
  // Only a batch still running: an applied one keeps its rows (its result and portal files).
  await db.execute(sql`with stopped as (
      update enrollment_batches set outcome = 'stopped', finished_at = now(), message = ${message}
      where org_id = ${orgId} and id = ${id} and outcome = 'running' returning id)
    delete from enrollment_batch_rows where org_id = ${orgId} and batch_id in (select id from stopped)`);
}

/** Holds the batch's ACO/MCOs' enrollment lock until the transaction ends: their batches run one at a time. */
export async function lockHolders(db: Db, orgId: string, batchId: string) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('enrollment:' || h::text))
    from (select distinct holder_org_id as h from enrollment_batch_rows
          where org_id = ${orgId} and batch_id = ${batchId} and holder_org_id is not null order by 1) x`);
}

const pageRow = z.object({
  rowNumber: z.number(),
  medicaidId: z.string(),
  action: z.string().nullable(),
  effectiveOn: z.string().nullable(),
  reason: z.string().nullable(),
  cpOrgId: z.string().nullable(),
  toCpOrgId: z.string().nullable(),
  enrolleeId: z.string().nullable(),
  problemCount: z.number(),
  content: z.string(),
  spans: z.array(
    z.object({
      cpOrgId: z.string(),
      startsOn: z.string(),
      endsOn: z.string().nullable(),
      endReason: z.string().nullable(),
      episodeStartsOn: z.string(),
    }),
  ),
});
export type PageRow = Omit<z.infer<typeof pageRow>, 'spans'> & { spans: Span[] };

/**
 * The rows of the members after `after` (by MassHealth ID), at least `limit` rows and every row of each of
 * their members, each with its member's spans (an empty page past the last). One statement, read through
 * the batch's member index: the page's last MassHealth ID (the `limit`-th row's, or the batch's last), then
 * the rows up to it. The cells (to tell a duplicate from a conflict) only of a member with several rows.
 */
export async function memberPage(db: Db, orgId: string, batchId: string, after: string, limit: number) {
  const rows = await checkedRows(
    db,
    pageRow,
    sql`select r.row_number as "rowNumber", r.medicaid_id as "medicaidId", r.action, r.effective_on::text as "effectiveOn",
        r.reason, r.cp_org_id as "cpOrgId", r.to_cp_org_id as "toCpOrgId", r.enrollee_id as "enrolleeId",
        jsonb_array_length(r.problems) as "problemCount",
        case when count(*) over (partition by r.medicaid_id) > 1 then r.cells::text else '' end as content,
        coalesce((select jsonb_agg(jsonb_build_object('cpOrgId', s.cp_org_id, 'startsOn', s.starts_on,
            'endsOn', s.ends_on, 'endReason', s.end_reason, 'episodeStartsOn', s.episode_starts_on))
          from enrollment_spans s where s.enrollee_id = r.enrollee_id), '[]'::jsonb) as spans
      from enrollment_batch_rows r
      where r.org_id = ${orgId} and r.batch_id = ${batchId} and r.medicaid_id > ${after}
        and r.medicaid_id <= coalesce(
          (select b.medicaid_id from enrollment_batch_rows b where b.batch_id = ${batchId} and b.medicaid_id > ${after}
            order by b.medicaid_id offset ${limit - 1} limit 1),
          (select max(b.medicaid_id) from enrollment_batch_rows b where b.batch_id = ${batchId}))
      order by r.medicaid_id, r.row_number`,
  );
  return rows as PageRow[];
}

/** What the rules decided for a page of rows: a problem, or the span ended and the span started. */
export interface RowDecision {
  rowNumber: number;
  problem: Problem | null;
  endsOn: string | null;
  endReason: string | null;
  startsCpOrgId: string | null;
  episodeStartsOn: string | null;
}

export async function recordDecisions(db: Db, orgId: string, batchId: string, decisions: RowDecision[]) {
  if (decisions.length === 0) return;
  await db.execute(sql`update enrollment_batch_rows r set
      problems = case when d.problem is null then r.problems else r.problems || jsonb_build_array(d.problem) end,
      ends_on = d."endsOn", end_reason = d."endReason", starts_cp_org_id = d."startsCpOrgId",
      episode_starts_on = d."episodeStartsOn"
    from jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb) as d("rowNumber" int, problem jsonb,
      "endsOn" date, "endReason" text, "startsCpOrgId" uuid, "episodeStartsOn" date)
    where r.org_id = ${orgId} and r.batch_id = ${batchId} and r.row_number = d."rowNumber"`);
}

const countsRow = z.object({
  rows: z.number(),
  refused: z.number(),
  problems: z.number(),
  enroll: z.number(),
  disenroll: z.number(),
  transfer: z.number(),
});

/** The batch's rows: how many, how many refused (and with how many problems), and its actions by kind. */
export async function rowCounts(db: Db, orgId: string, batchId: string) {
  return (await checkedRow(
    db,
    countsRow,
    sql`select count(*)::int as rows,
        count(*) filter (where problems <> '[]'::jsonb)::int as refused,
        coalesce(sum(jsonb_array_length(problems)), 0)::int as problems,
        count(*) filter (where action = 'E')::int as enroll,
        count(*) filter (where action = 'D')::int as disenroll,
        count(*) filter (where action = 'T')::int as transfer
      from enrollment_batch_rows where org_id = ${orgId} and batch_id = ${batchId}`,
  ))!;
}

/** Applies a batch whose rows have no problem: the open spans end, then the new spans start. */
export async function applySpans(db: Db, orgId: string, batchId: string) {
  await db.execute(sql`update enrollment_spans s set ends_on = r.ends_on, end_reason = r.end_reason,
      end_batch_id = ${batchId}, version = s.version + 1, updated_at = now()
    from enrollment_batch_rows r
    where r.org_id = ${orgId} and r.batch_id = ${batchId} and r.ends_on is not null
      and s.org_id = r.holder_org_id and s.enrollee_id = r.enrollee_id and s.ends_on is null`);
  await db.execute(sql`insert into enrollment_spans (org_id, enrollee_id, cp_org_id, starts_on, episode_starts_on, start_batch_id)
    select holder_org_id, enrollee_id, starts_cp_org_id, effective_on, episode_starts_on, ${batchId}
    from enrollment_batch_rows
    where org_id = ${orgId} and batch_id = ${batchId} and starts_cp_org_id is not null`);
}

const nameRow = z.object({ id: z.string(), name: z.string() });
/** Every Community Partner's name, for the rules' messages. */
export async function cpNames(db: Db) {
  const rows = await checkedRows(
    db,
    nameRow,
    sql`select id, name from ${organisationsView} o where o.kind in ('cp_bh', 'cp_ltss')`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

const resolvedRow = z.object({ holderOrgId: z.string(), ids: z.array(z.string()) });
/**
 * The members the batch's rows were matched to at other organisations than the submitter's (a Community
 * Partner's batch names its members' ACOs and MCOs), by their ACO/MCO: for the read audit of each holder.
 */
export async function othersMembers(db: Db, orgId: string, batchId: string) {
  return checkedRows(
    db,
    resolvedRow,
    sql`select holder_org_id as "holderOrgId", jsonb_agg(distinct enrollee_id) as ids from enrollment_batch_rows
      where org_id = ${orgId} and batch_id = ${batchId} and enrollee_id is not null and holder_org_id <> ${orgId}
      group by holder_org_id`,
  );
}
