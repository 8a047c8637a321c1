// The identification import: an ACO's or MCO's identified-member list (MassHealth's quarterly list, or its own)
// read row by row, checked against the organisation's PIDs, roster and identifications, then applied whole.
//
// Valid rows are NOT applied while any row is refused, as in the care roster import (and the enrollment batch):
// the result lists every row with its outcome, the person corrects the refused rows (or adds the members to the
// roster) and sends the file again, and a list is never half in. A later record for the same member in the file
// replaces an earlier one, and a record older than the one kept changes nothing: neither is a refusal.
//
// Rows are kept in memory between reading and applying (about 200 bytes each; a quarterly list is thousands of
// rows), within the most an import takes on the embedded database; no staging table is needed.
import { IDENTIFICATION_SOURCE_LABELS } from '@contract/enrollment/assignment.labels.js';
import {
  IDENTIFICATION_IMPORT_JOB,
  type IdentificationImportResult,
  type ImportedSource,
} from '@contract/enrollment/identification.schemas.js';
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
import { EMBEDDED_MAX_IMPORT_ROWS } from '../../platform/jobs/tabular-import.js';
import * as repo from './identification.repository.js';
import { decideRow, type RowDecision } from './identification-decide.js';
import {
  countsText,
  emptyCounts,
  type ResultLine,
  writeIdentificationResult,
} from './identification-result.js';
import {
  headerBelow,
  type IdentificationRow,
  latestPerMember,
  mapIdentificationHeader,
  readIdentificationRow,
} from './identification-rows.js';

export { IDENTIFICATION_IMPORT_JOB };

export type IdentificationPayload = FileImportPayload & { source: ImportedSource; checkOnly: 'yes' | 'no' };

declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    [IDENTIFICATION_IMPORT_JOB]: IdentificationPayload;
  }
}

/** The most rows one list takes on PostgreSQL: its rows are held in memory until applied. */
const MAX_ROWS = 200_000;
/** Refused rows the job's result lists for the page; the result file lists every row. */
const LISTED_PROBLEMS = 50;

export function identificationImportJob(deps: { database: Database; audit: AuditTrail; files: FileStore }) {
  const { database, audit, files } = deps;
  const handler: JobHandler<typeof IDENTIFICATION_IMPORT_JOB> = async (job, ctx) => {
    const { payload, orgId, id: jobId } = job;
    const { source, fileName, actor } = payload;
    const checkOnly = payload.checkOnly === 'yes';
    const db = database.system;
    const today = massachusettsToday();
    const sourceLabel = IDENTIFICATION_SOURCE_LABELS[source];
    let rowCount = 0;

    const finish = async (
      result: Omit<IdentificationImportResult, 'resultFileId' | 'source'>,
      lines: ResultLine[],
    ): Promise<IdentificationImportResult> => {
      if (result.outcome === 'rejected' && !checkOnly)
        await audit.recordNow(actor, {
          action: 'import.rejected',
          entityType: 'enrollment_identification',
          entityId: jobId,
          orgId,
          details: { fileName, source, rows: result.rows, refused: result.refused, reason: result.message },
        });
      const resultFileId = await writeIdentificationResult(files, db, {
        orgId,
        fileName,
        createdBy: actor.userId,
        summary: [
          ['List', sourceLabel],
          ['Uploaded by', actor.name],
          ['Outcome', result.message],
          ['Rows read', result.rows],
          ['Rows refused', result.refused],
          ...Object.entries(result.counts)
            .filter(([k]) => k !== 'refused')
            .map(([k, v]) => [k.replaceAll('_', ' '), v] as [string, number]),
        ],
        lines,
      });
      await ctx.progress(100, 100, result.message);
      return { ...result, source, resultFileId };
    };
    /** The file is not an identified-member list, or cannot be read: one message, nothing written. */
    const refuseFile = (message: string, row?: number) =>
      finish(
        {
          outcome: 'rejected',
          message: `Nothing was imported: ${message}`,
          rows: rowCount,
          refused: 0,
          counts: emptyCounts(),
          problems: [{ ...(row ? { row } : {}), message }],
        },
        [],
      );

    await ctx.progress(0, 100, 'Reading the file');
    const format = formatOf(fileName);
    if (!format) return refuseFile(`"${fileName}" is not an .xlsx or .csv file`);
    const rows: IdentificationRow[] = [];
    try {
      const path = files.pathOf(orgId, payload.fileId);
      const sheet = await readTabular(path, format, (read, total) => {
        void ctx.progress(
          Math.round((read / total) * 50),
          100,
          `Reading and checking rows (${formatNumber(rowCount)} so far)`,
        );
      });
      const { index, missing, twice } = mapIdentificationHeader(sheet.header);
      if (missing.length > 0) {
        const below = index.size < 3 ? await headerBelow(sheet.rows) : null;
        if (below)
          return refuseFile(
            `row 1 is not the header row: the list’s header is on row ${below}. Delete the ${plural(below - 1, 'row')} above it, so that the header is row 1, and upload the file again.`,
            1,
          );
        const problems = headerProblems(sheet.header, index.size, missing);
        return refuseFile(
          problems.length === 1 && !problems[0]!.column
            ? problems[0]!.message
            : `the header row (row 1) lacks ${plural(missing.length, 'column')} of the identified-member list: ${missing.join(', ')}. Keep the list’s header row as MassHealth sends it (or download the template).`,
          1,
        );
      }
      if (twice.length > 0)
        return refuseFile(
          `the header row (row 1) names ${plural(twice.length, 'column')} twice: ${twice.join('; ')}. Keep one of each and upload the file again.`,
          1,
        );
      const limit = database.kind === 'pglite' ? EMBEDDED_MAX_IMPORT_ROWS : MAX_ROWS;
      const read = [...index.entries()];
      let lastRow = 1;
      for await (const { rowNumber, cells } of sheet.rows) {
        ctx.signal.throwIfAborted();
        if (cells.every((c) => c.trim() === '')) continue;
        rowCount++;
        if (rowNumber <= lastRow)
          throw new UnreadableFile(
            `Row ${rowNumber} appears twice in the sheet, or out of order: open the file in Excel, save it again, and upload that`,
            rowNumber,
          );
        lastRow = rowNumber;
        if (rowCount > limit)
          throw new UnreadableFile(
            `The file has more than ${formatNumber(limit)} rows, the most one list takes${database.kind === 'pglite' ? ' on the embedded database' : ''}. Split it into files of up to ${formatNumber(limit)} rows.`,
            rowNumber,
          );
        const unreadable = read.flatMap(([column, i]) => {
          const why = unreadableText(cells[i] ?? '');
          return why ? [{ column, message: why }] : [];
        });
        const safe = unreadable.length > 0 ? cells.map((c) => (unreadableText(c) ? '' : c)) : cells;
        const row = readIdentificationRow(safe, index, rowNumber, today);
        row.problems.unshift(...unreadable);
        rows.push(row);
      }
    } catch (err) {
      if (!(err instanceof UnreadableFile)) throw err;
      return refuseFile(err.row ? `row ${err.row}: ${err.message}` : err.message, err.row);
    }
    if (rows.length === 0) return refuseFile('the file has a header row but no rows of members', 2);

    // Across rows and against what is recorded (outside any transaction: progress may be written between).
    await ctx.progress(55, 100, 'Checking PIDs, members and Community Partners');
    const replacedBy = latestPerMember(rows);
    const live = rows.filter((r) => !replacedBy.has(r.rowNumber));
    const own = new Set((await repo.ownProviderIds(db, orgId)).map((p) => repo.providerKey(p.pid, p.sl)));
    const cps = await repo.cpProviderIds(db);
    const members = await repo.ownMembers(db, orgId, [
      ...new Set(live.flatMap((r) => (r.medicaidId ? [r.medicaidId] : []))),
    ]);
    for (const r of live) {
      // A row naming another organisation's PID is refused on that alone: its member is not looked up.
      if (r.acoPid && r.acoSl && !own.has(repo.providerKey(r.acoPid, r.acoSl))) {
        r.problems.push({
          column: 'ACO_MCO_PID',
          message:
            own.size === 0
              ? 'Your organisation has no PID in the Community Partner directory: its administrator adds them there first'
              : `PID ${r.acoPid} with service location ${r.acoSl} is not your organisation’s: a list you import names only your own members`,
        });
        continue;
      }
      const m = r.medicaidId ? members.get(r.medicaidId) : undefined;
      if (r.medicaidId && !m)
        r.problems.push({
          column: 'Medicaid_ID',
          message:
            'No member with this MassHealth ID is on your organisation’s roster: add the member to your enrollees first, then send the row again',
        });
      else if (m && r.dateOfBirth && m.dateOfBirth !== r.dateOfBirth)
        r.problems.push({
          column: 'Member_Date_of_Birth',
          message:
            'Not the date of birth recorded for the member with this MassHealth ID on your roster: correct the row or the roster',
        });
    }
    const refused = live.filter((r) => r.problems.length > 0);

    /** Every passing row's decision, against the identifications recorded now. */
    const decideAll = async (dbx: Db) => {
      const ready = live.filter((r) => r.problems.length === 0);
      const states = await repo.memberStates(
        dbx,
        orgId,
        ready.map((r) => members.get(r.medicaidId!)!.enrolleeId),
      );
      return ready.map((r) => {
        const enrolleeId = members.get(r.medicaidId!)!.enrolleeId;
        const cp = r.cpPid && r.cpSl ? (cps.get(repo.providerKey(r.cpPid, r.cpSl)) ?? null) : null;
        return decideRow(r, {
          enrolleeId,
          state: states.get(enrolleeId),
          source,
          suggestedCp: cp,
          fileName,
        });
      });
    };
    const linesOf = (decisions: RowDecision[]) => {
      const byRow = new Map(decisions.map((d) => [d.rowNumber, d]));
      return rows.map((r): ResultLine => {
        const replacing = replacedBy.get(r.rowNumber);
        if (replacing)
          return {
            rowNumber: r.rowNumber,
            medicaidId: r.medicaidId,
            outcome: 'replaced',
            outcomeText: `Replaced by row ${replacing}`,
            notes: [
              {
                column: 'Record_Update_Date',
                message: `Row ${replacing} is a later record for the same member (the later Record_Update_Date, or the same date further down): it is the one used`,
              },
            ],
          };
        const d = byRow.get(r.rowNumber);
        if (d) return d;
        // A refused row shows its ID as written where it could not be read (one digit short, say).
        return {
          rowNumber: r.rowNumber,
          medicaidId: r.medicaidId ?? (r.idAsGiven || null),
          outcome: 'refused',
          notes: r.problems,
        };
      });
    };
    const countOf = (lines: ResultLine[]) => {
      const counts = emptyCounts();
      for (const l of lines) counts[l.outcome]++;
      return counts;
    };
    const problems = refused
      .slice(0, LISTED_PROBLEMS)
      .flatMap((r) => r.problems.map((p) => ({ row: r.rowNumber, column: p.column, message: p.message })));

    if (refused.length > 0 || checkOnly) {
      const lines = linesOf(await decideAll(db));
      const counts = countOf(lines);
      const message =
        refused.length > 0
          ? `${checkOnly ? 'Checked, nothing applied' : 'Nothing was imported'}: ${plural(refused.length, 'row')} of ${formatNumber(rows.length)} ${refused.length === 1 ? 'is' : 'are'} refused. Correct ${refused.length === 1 ? 'it' : 'them'} (the result file names each row and column) and send the file again.`
          : `Every row passed: ${plural(rows.length, 'row')} checked, nothing applied (${countsText(counts)} if sent). Send the file without "check only" to apply it.`;
      return finish(
        {
          outcome: refused.length > 0 && !checkOnly ? 'rejected' : 'checked',
          message,
          rows: rows.length,
          refused: refused.length,
          counts,
          problems,
        },
        lines,
      );
    }

    // The applying: decided again under the organisation's lock, so two lists sent at once apply one after
    // the other. No progress is written inside the transaction (on the embedded database it holds the one
    // connection).
    await ctx.progress(80, 100, 'Applying');
    const by = { importId: jobId, userId: actor.userId, name: actor.name };
    const lines = await db.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      await repo.lockIdentifications(tx, orgId);
      const decisions = await decideAll(tx);
      const changes = decisions.flatMap((d) => (d.change ? [{ row: d.rowNumber, change: d.change }] : []));
      const inserted = await repo.insertIdentifications(
        tx,
        orgId,
        by,
        changes.flatMap((c) => (c.change.kind === 'insert' ? [c.change.values] : [])),
      );
      const updated = await repo.updateIdentifications(
        tx,
        orgId,
        jobId,
        changes.flatMap((c) => (c.change.kind === 'update' ? [c.change.values] : [])),
      );
      const ended = await repo.endIdentifications(
        tx,
        orgId,
        jobId,
        changes.flatMap((c) => (c.change.kind === 'end' ? [c.change] : [])),
      );
      const rowOf = new Map(
        changes.map((c) => [
          c.change.kind === 'end' ? c.change.enrolleeId : c.change.values.enrolleeId,
          c.row,
        ]),
      );
      const audited = (action: string, written: { id: string; enrolleeId: string }[]) =>
        written.map((w) => ({
          action,
          entityType: 'enrollment_identification' as const,
          entityId: w.id,
          orgId,
          details: {
            phi: true,
            enrolleeId: w.enrolleeId,
            source,
            importJobId: jobId,
            fileName,
            row: rowOf.get(w.enrolleeId),
          },
        }));
      await audit.recordChange(
        tx,
        actor,
        ...audited('create', inserted),
        ...audited('update', updated),
        ...audited('end', ended),
        {
          action: 'import',
          entityType: 'enrollment_identification',
          entityId: jobId,
          orgId,
          details: {
            fileName,
            source,
            rows: rows.length,
            created: inserted.length,
            updated: updated.length,
            ended: ended.length,
          },
        },
      );
      await ctx.applied(tx);
      return linesOf(decisions);
    });
    const counts = countOf(lines);
    return finish(
      {
        outcome: 'applied',
        message: `Imported ${plural(rows.length, 'row')} of the ${sourceLabel}: ${countsText(counts)}.`,
        rows: rows.length,
        refused: 0,
        counts,
        problems: [],
      },
      lines,
    );
  };
  // Everything is applied in the one transaction that ends with `ctx.applied`, or nothing is.
  handler.interruption = { noun: 'identification import', allOrNothing: true };
  return handler;
}
