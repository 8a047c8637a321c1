// The batch job: reads and checks every row, checks them across the file and against what is recorded,
// decides each member's action by the lifecycle rules, and applies the whole batch or none of it (decision 061).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { formatNumber, plural } from '@contract/text/figures.js';
import type { AuditTrail } from '../../platform/audit/audit.service.js';
import type { Database, Db } from '../../platform/db/client.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { formatOf, readTabular } from '../../platform/files/tabular.js';
import { unreadableText } from '../../platform/files/text-encoding.js';
import { UnreadableFile } from '../../platform/files/unreadable.js';
import type { FileImportPayload } from '../../platform/jobs/file-import.js';
import { headerProblems } from '../../platform/jobs/header-problems.js';
import type { JobHandler } from '../../platform/jobs/queue.js';
import { analyzeTable } from '../../platform/jobs/staging.repository.js';
import { EMBEDDED_MAX_IMPORT_ROWS } from '../../platform/jobs/tabular-import.js';
import * as repo from './batch.repository.js';
import * as checks from './batch-checks.repository.js';
import { mapBatchHeader, readBatchRow } from './batch-rows.js';
import { chunkedStaging } from './batch-staging.js';
import { findBatch } from './enrollment.repository.js';
import { decideMember, type MemberAction, type Problem } from './lifecycle.js';

export const ENROLLMENT_BATCH_JOB = 'enrollment.batch';

export type BatchPayload = FileImportPayload & { checkOnly: 'yes' | 'no'; submitterKind: string };

declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    [ENROLLMENT_BATCH_JOB]: BatchPayload;
  }
}

/** Rows from which a batch's rows are analysed once loaded: below, the planner's guess does no harm. */
const ANALYSE_AFTER_ROWS = 1_000;

/** Members decided at a time: their rows and spans are one page in memory. */
const MEMBERS_PER_PAGE = 5_000;

export interface BatchResult extends Record<string, unknown> {
  batchId: string;
  outcome: 'applied' | 'checked' | 'rejected' | 'refused';
  message: string;
  rows: number;
  refusedRows: number;
}

async function sha256Of(file: string) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const twinMessage = (twin: { fileName: string; createdAt: string; createdByName: string | null }) =>
  `This file was already applied: "${twin.fileName}", uploaded ${EASTERN.format(new Date(twin.createdAt))} (Massachusetts time)${twin.createdByName ? ` by ${twin.createdByName}` : ''}. Nothing was applied again.`;

const EASTERN = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  dateStyle: 'long',
  timeStyle: 'short',
});

export function enrollmentBatchJob(deps: { database: Database; audit: AuditTrail; files: FileStore }) {
  const { database, audit, files } = deps;
  const run: JobHandler<typeof ENROLLMENT_BATCH_JOB> = async (job, ctx) => {
    const { payload, orgId, id: batchId } = job;
    const checkOnly = payload.checkOnly === 'yes';
    const db = database.system;
    const path = files.pathOf(orgId, payload.fileId);
    const today = massachusettsToday();
    await ctx.progress(0, 100, 'Reading the file');
    const fileSha256 = await sha256Of(path);
    await repo.startBatch(db, {
      orgId,
      id: batchId,
      fileId: payload.fileId,
      fileName: payload.fileName,
      fileSha256,
      checkOnly,
      createdBy: payload.actor.userId,
      createdByName: payload.actor.name,
    });

    let rows = 0;
    const content = createHash('sha256');
    const finish = async (
      outcome: BatchResult['outcome'],
      message: string,
      refusedRows = 0,
      counts: Record<string, number> = {},
    ): Promise<BatchResult> => {
      await repo.finishBatch(db, orgId, batchId, {
        outcome,
        message,
        rows,
        refusedRows,
        counts,
        contentSha256: rows > 0 ? content.digest('hex') : null,
      });
      await ctx.progress(100, 100, message);
      return { batchId, outcome, message, rows, refusedRows };
    };
    const refuse = async (message: string) => {
      await audit.recordNow(payload.actor, {
        action: 'import.rejected',
        entityType: 'enrollment_batch',
        entityId: batchId,
        orgId,
        details: { fileName: payload.fileName, reason: message },
      });
      return finish('refused', message);
    };

    if (!checkOnly) {
      const twin = await repo.appliedTwin(db, orgId, { file: fileSha256 });
      if (twin) return refuse(twinMessage(twin));
    }
    const format = formatOf(payload.fileName);
    if (!format) return refuse(`"${payload.fileName}" is not an .xlsx or .csv file`);

    // Every row, read and checked on its own, to the batch's rows (COPY), and checked against what is
    // recorded a chunk at a time.
    let staging: ReturnType<typeof chunkedStaging> | undefined;
    try {
      const source = await readTabular(path, format, (read, total) => {
        void ctx.progress(
          Math.round((read / total) * 50),
          100,
          `Reading and checking rows (${formatNumber(rows)} so far)`,
        );
      });
      const { index, missing, twice } = mapBatchHeader(source.header);
      if (missing.length > 0) {
        const problems = headerProblems(source.header, index.size, missing);
        const below = index.size === 0 ? await headerBelow(source.rows) : null;
        return refuse(
          below
            ? `Row 1 is not the header row: the template's header is on row ${below} of this file. Delete the ${plural(below - 1, 'row')} above it, so that the header is row 1, and upload the file again.`
            : problems.length === 1 && !problems[0]!.column
              ? problems[0]!.message
              : `The header row (row 1) lacks ${plural(missing.length, 'column')}: ${missing.join(', ')}. Download the template and keep its header row as it is.`,
        );
      }
      if (twice.length > 0)
        return refuse(
          `The header row (row 1) names ${plural(twice.length, 'column')} twice: ${twice.join('; ')}. Keep one of each and upload the file again.`,
        );
      const read = [...index.entries()];
      let lastRow = 1;
      const submitterIsCp = payload.submitterKind.startsWith('cp_');
      staging = chunkedStaging(database, repo.BATCH_ROW_COLUMNS, (range) =>
        checks.resolveRows(db, orgId, batchId, submitterIsCp, range),
      );
      for await (const { rowNumber, cells } of source.rows) {
        ctx.signal.throwIfAborted();
        rows++;
        // A workbook written by hand can number two rows alike: the rows would be ambiguous.
        if (rowNumber <= lastRow)
          throw new UnreadableFile(
            `Row ${rowNumber} appears twice in the sheet, or out of order: open the file in Excel, save it again, and upload that`,
            rowNumber,
          );
        lastRow = rowNumber;
        if (database.kind === 'pglite' && rows > EMBEDDED_MAX_IMPORT_ROWS)
          throw new UnreadableFile(
            `The file has more than ${formatNumber(EMBEDDED_MAX_IMPORT_ROWS)} rows, the most one batch takes on the embedded database (it would hold every other request until done). Split it into files of up to ${formatNumber(EMBEDDED_MAX_IMPORT_ROWS)} rows, or run Concord on PostgreSQL.`,
            rowNumber,
          );
        let unreadable: Problem[] | null = null;
        for (const [column, i] of read) {
          const why = unreadableText(cells[i] ?? '');
          if (!why) continue;
          unreadable ??= [];
          unreadable.push({ column, message: why });
        }
        const safe = unreadable ? cells.map((c) => (unreadableText(c) ? '' : c)) : cells;
        const checked = readBatchRow(safe, index, today);
        const kept = JSON.stringify(checked.cells);
        content.update(`${kept}\n`);
        const r = checked.row;
        const problems = unreadable ? [...unreadable, ...checked.problems] : checked.problems;
        await staging.add(rowNumber, [
          orgId,
          batchId,
          rowNumber,
          kept,
          r.medicaidId,
          r.dateOfBirth,
          r.action,
          r.effectiveOn,
          r.reason,
          r.cpPid,
          r.cpSl,
          r.toPid,
          r.toSl,
          r.acoPid,
          r.acoSl,
          problems.length === 0 ? '[]' : JSON.stringify(problems),
        ]);
      }
      await staging.end();
      // Fresh statistics, or the planner takes the just-loaded rows for a handful and joins them pairwise
      // (measured: 89 s a page of members at 100,000 rows, against well under a second).
      if (rows >= ANALYSE_AFTER_ROWS) await analyzeTable(db, 'enrollment_batch_rows');
    } catch (err) {
      // A chunk still being staged finishes (or fails) first, so that nothing is written after the clean-up.
      await staging?.settled();
      if (!(err instanceof UnreadableFile)) throw err;
      await repo.stopBatch(db, orgId, batchId); // its rows go; the record is then refused below
      return refuse(err.row ? `Row ${err.row}: ${err.message}` : err.message);
    }
    if (rows === 0) return refuse('The file has a header row but no rows of members');
    if (!checkOnly) {
      const twin = await repo.appliedTwin(db, orgId, { content: content.copy().digest('hex') });
      if (twin) return refuse(twinMessage(twin));
    }

    // The checks across rows, the rules and capacity, then the applying: one transaction, or nothing.
    // No progress is written inside the transaction: on the embedded database it holds the one connection.
    await ctx.progress(55, 100, 'Checking members, Community Partners and the rules, then applying');
    const names = await repo.cpNames(db);
    const nameOf = (id: string) => names.get(id) ?? 'another Community Partner';
    const outcome = await db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      // A Community Partner's rows name other organisations' members: each holder's log says which were read.
      for (const { holderOrgId, ids } of await repo.othersMembers(tx, orgId, batchId))
        audit.recordRead(payload.actor, {
          entityType: 'enrollment_member',
          action: 'batch-check',
          orgId: holderOrgId,
          details: { phi: true, ids, batchId, actorOrgId: orgId },
        });
      await repo.lockHolders(tx, orgId, batchId);
      // The next page is asked for as soon as this one has come, and a page's decisions are sent without
      // waiting: the database reads and records while the rules decide (the statements queue on the one
      // connection, in the order sent).
      const pageAfter = (after: string) => {
        const page = repo.memberPage(tx, orgId, batchId, after, MEMBERS_PER_PAGE);
        page.catch(() => {}); // seen when awaited
        return page;
      };
      let next = pageAfter('');
      let recording: Promise<void> = Promise.resolve();
      for (;;) {
        const page = await next;
        if (page.length === 0) break;
        next = pageAfter(page[page.length - 1]!.medicaidId);
        const decisions = decidePage(page, nameOf);
        await recording;
        recording = repo.recordDecisions(tx, orgId, batchId, decisions);
        recording.catch(() => {});
      }
      await recording;
      // The decisions filled the columns capacity reads: fresh statistics again, for the same reason.
      if (rows >= ANALYSE_AFTER_ROWS) await analyzeTable(tx, 'enrollment_batch_rows');
      await checks.checkCapacity(tx, orgId, batchId, today);
      const counts = await repo.rowCounts(tx, orgId, batchId);
      if (counts.refused > 0 || checkOnly) return counts;
      await repo.applySpans(tx, orgId, batchId);
      await repo.finishBatch(tx, orgId, batchId, {
        outcome: 'applied',
        message: appliedMessage(counts),
        rows,
        refusedRows: 0,
        counts: actionCounts(counts),
        contentSha256: content.copy().digest('hex'),
      });
      await audit.recordChange(tx, payload.actor, {
        action: 'import',
        entityType: 'enrollment_batch',
        entityId: batchId,
        orgId,
        details: { fileName: payload.fileName, rows, ...actionCounts(counts) },
      });
      await ctx.applied(tx);
      return { ...counts, applied: true as const };
    });
    if ('applied' in outcome) {
      await ctx.progress(100, 100, appliedMessage(outcome));
      return { batchId, outcome: 'applied', message: appliedMessage(outcome), rows, refusedRows: 0 };
    }
    if (outcome.refused === 0)
      return finish(
        'checked',
        `Every row passed: ${plural(rows, 'row')} checked, nothing applied. Upload the file without "check only" to apply it.`,
        0,
        actionCounts(outcome),
      );
    const message = `${checkOnly ? 'Checked, nothing applied' : 'Nothing was applied'}: ${plural(outcome.refused, 'row')} of ${formatNumber(rows)} ${outcome.refused === 1 ? 'has' : 'have'} problems. Download the result file to see each one.`;
    if (!checkOnly)
      await audit.recordNow(payload.actor, {
        action: 'import.rejected',
        entityType: 'enrollment_batch',
        entityId: batchId,
        orgId,
        details: { fileName: payload.fileName, rows, refused: outcome.refused },
      });
    return finish(checkOnly ? 'checked' : 'rejected', message, outcome.refused, actionCounts(outcome));
  };
  /** A run that fails leaves its batch saying so (never "being checked"); the job says why, and may try again. */
  const handler: JobHandler<typeof ENROLLMENT_BATCH_JOB> = async (job, ctx) => {
    try {
      return await run(job, ctx);
    } catch (err) {
      // A run that lost its job to another process leaves the batch to that run.
      if (!ctx.signal.aborted)
        await repo
          .stopBatch(
            database.system,
            job.orgId,
            job.id,
            'The batch could not be checked, so nothing of it was applied. Upload it again; if this happens again, tell your administrator.',
          )
          .catch(() => {});
      throw err;
    }
  };
  handler.interruption = {
    noun: 'batch',
    allOrNothing: true,
    // A run that stopped after its transaction committed is kept: its rows are its result and portal files.
    cleanUp: async (db, job) => {
      if ((await findBatch(db, job.id))?.outcome !== 'applied') await repo.stopBatch(db, job.orgId, job.id);
    },
  };
  return handler;
}

/** The row number of the template's whole header among a file's first rows (below a title, say), or null. */
async function headerBelow(rows: AsyncIterable<{ rowNumber: number; cells: string[] }>) {
  let looked = 0;
  for await (const { rowNumber, cells } of rows) {
    if (mapBatchHeader(cells).missing.length === 0) return rowNumber;
    if (++looked === 10) break;
  }
  return null;
}

const actionCounts = (c: { enroll: number; disenroll: number; transfer: number }) => ({
  enroll: c.enroll,
  disenroll: c.disenroll,
  transfer: c.transfer,
});

const appliedMessage = (c: { rows: number; enroll: number; disenroll: number; transfer: number }) =>
  `Applied ${plural(c.rows, 'row')}: ${plural(c.enroll, 'enrollment')}, ${plural(c.disenroll, 'disenrollment')}, ${plural(c.transfer, 'transfer')}.`;

/** The rules over one page of members: each member's rows with their spans, one decision per row. */
function decidePage(page: repo.PageRow[], nameOf: (id: string) => string): repo.RowDecision[] {
  const decisions: repo.RowDecision[] = [];
  for (let i = 0; i < page.length; ) {
    let j = i;
    while (j < page.length && page[j]!.medicaidId === page[i]!.medicaidId) j++;
    const group = page.slice(i, j);
    i = j;
    const ready = group.filter((r) => r.problemCount === 0 && r.enrolleeId && r.action && r.effectiveOn);
    // A member with two rows is refused whole; one with one row is decided once its checks passed.
    const rows = group.length > 1 ? group : ready;
    const outcome = decideMember(
      group[0]!.spans,
      rows.map((r) => ({ rowNumber: r.rowNumber, content: r.content, action: actionOf(r) })),
      nameOf,
    );
    for (const r of rows) {
      const problem = outcome.problems.get(r.rowNumber) ?? null;
      const change = problem ? null : outcome.change;
      decisions.push({
        rowNumber: r.rowNumber,
        problem: problem as Problem | null,
        endsOn: change?.end?.endsOn ?? null,
        endReason: change?.end?.reason ?? null,
        startsCpOrgId: change?.start?.cpOrgId ?? null,
        episodeStartsOn: change?.start?.episodeStartsOn ?? null,
      });
    }
  }
  return decisions;
}

/** A checked row as the rules read it (a row of several for one member may be unchecked: it is refused anyway). */
function actionOf(r: repo.PageRow): MemberAction {
  const base = { cpOrgId: r.cpOrgId ?? '', effectiveOn: r.effectiveOn ?? '' };
  if (r.action === 'D') return { action: 'D', ...base, reason: r.reason ?? '' };
  if (r.action === 'T') return { action: 'T', ...base, toCpOrgId: r.toCpOrgId ?? '' };
  return { action: 'E', ...base };
}
