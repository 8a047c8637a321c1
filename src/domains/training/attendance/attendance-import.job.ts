import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Database, Db } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { plural, problemList, writeImportResult } from '../../../platform/files/import-result.js';
import { UnreadableFile } from '../../../platform/files/unreadable.js';
import type { FileImportPayload } from '../../../platform/jobs/file-import.js';
import type { JobHandler } from '../../../platform/jobs/queue.js';
import {
  clearAttendance,
  insertAttendance,
  peopleByEmail,
  registrantsOf,
  sessionToImport,
  stagedLine,
} from './attendance-import.repository.js';
import { matchParticipants, participantEmails } from './matching.js';
import { type ParticipantRow, participantRows, type ReportHead } from './participant-report.js';

export const ATTENDANCE_IMPORT_JOB = 'training.attendance.import';

export type AttendanceImportPayload = FileImportPayload & { sessionId: string };

/** More rows than any webinar platform reports for one session (Zoom's largest webinars hold 100,000). */
export const MAX_REPORT_ROWS = 2_000_000;
/** Rows matched together: one look-up of their e-mail addresses. */
const MATCH_CHUNK_ROWS = 5_000;
/** Rows written by one statement. */
const WRITE_CHUNK_ROWS = 10_000;

/**
 * Imports a webinar platform's participant report into a live session's attendance, as a job with
 * progress. The report streams through the CSV reader; each chunk of rows is matched (by e-mail, then by
 * name or alias among the registrants; the rest wait for a person) and staged on disk beside the upload.
 * If any row cannot be read, nothing changes; otherwise the session's attendance is replaced in one
 * transaction with one audit event. Either way a result workbook lists each problem by row and column.
 */
export function attendanceImportJob(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
}): JobHandler {
  const { database, audit, files } = deps;
  const stagedFile = (orgId: string, jobId: string) => `${files.pathOf(orgId, jobId)}.attendance`;
  const handler: JobHandler = async (job, ctx) => {
    const payload = job.payload as unknown as AttendanceImportPayload;
    const { orgId, id: jobId } = job;
    const { sessionId } = payload;
    const problems = problemList();
    const upload = files.pathOf(orgId, payload.fileId);
    const staged = stagedFile(orgId, jobId);
    const head: ReportHead = { meeting: { id: null, topic: null }, header: false };
    const counts = { rows: 0, matched: 0, unmatched: 0 };
    const people = new Set<string>();

    const session = await sessionToImport(database.system, sessionId);
    try {
      if (!session || session.orgId !== orgId || session.kind !== 'live')
        problems.note([{ message: 'The session is no longer a live session of your organisation' }]);
      else await stage(session.timeZone);
      let imported = false;
      if (problems.count === 0) {
        await ctx.progress(80, 100, 'Saving attendance');
        await database.system.transaction(async (transaction) => {
          const tx = transaction as unknown as Db;
          await clearAttendance(tx, orgId, sessionId);
          await writeStaged(tx);
          await audit.recordChange(tx, payload.actor, {
            action: 'import',
            entityType: 'training_attendance',
            entityId: sessionId,
            orgId,
            details: {
              ...counts,
              people: people.size,
              meeting: head.meeting.id,
              fileId: payload.fileId,
              jobId,
            },
          });
          await ctx.applied(tx); // last: fails if this run no longer holds the job, so nothing commits
        });
        imported = true;
      } else
        await audit.recordNow(payload.actor, {
          action: 'import.rejected',
          entityType: 'training_attendance',
          entityId: sessionId,
          orgId,
          details: { rows: counts.rows, problems: problems.count, fileId: payload.fileId, jobId },
        });

      const message = imported
        ? `Imported ${plural(counts.rows, 'row')}: ${counts.matched.toLocaleString('en-US')} matched to ${plural(people.size, 'person', 'people')}, ${counts.unmatched.toLocaleString('en-US')} to match by hand.`
        : `Nothing was imported: ${plural(problems.count, 'problem')} in ${plural(counts.rows, 'row')}. Download the result file to see each one.`;
      const resultFileId = await writeImportResult(files, database.system, {
        orgId,
        fileName: payload.fileName,
        createdBy: payload.actor.userId,
        summary: [
          ['Outcome', imported ? 'Imported' : 'Rejected — nothing was imported'],
          ['Rows read', counts.rows],
          ['Problems', problems.count],
          ...(imported
            ? ([
                ['Matched', counts.matched],
                ['People', people.size],
                ['To match by hand', counts.unmatched],
              ] as [string, number][])
            : []),
        ],
        problems: problems.listed,
        problemCount: problems.count,
      });
      await ctx.progress(100, 100, message);
      return {
        outcome: imported ? 'imported' : 'rejected',
        sessionId,
        ...counts,
        people: people.size,
        problems: problems.count,
        message,
        resultFileId,
      };
    } finally {
      await rm(staged, { force: true });
    }

    /** Reads, checks and matches every row, writing the matched rows to the staging file. */
    async function stage(timeZone: string) {
      const { size } = await stat(upload);
      let read = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          read += chunk.length;
          ctx
            .progress(
              Math.round((read / Math.max(size, 1)) * 75),
              100,
              `Reading and matching rows (${counts.rows.toLocaleString('en-US')} so far)`,
            )
            .catch(() => {}); // progress is a courtesy: a failed write of it does not stop the import
          done(null, chunk);
        },
      });
      const registrants = await registrantsOf(database.system, sessionId);
      const out = createWriteStream(staged);
      const write = async (text: string) => {
        if (!out.write(text)) await once(out, 'drain');
      };
      let chunk: ParticipantRow[] = [];
      const flush = async () => {
        if (problems.count > 0 || chunk.length === 0) {
          chunk = []; // a report with a problem is not imported: its rows need no matching
          return;
        }
        const emails = participantEmails(chunk);
        const known = await peopleByEmail(database.system, emails);
        const matched = matchParticipants(
          chunk,
          new Map(known.map((p) => [p.email, p.personId])),
          registrants,
        );
        let text = '';
        for (const m of matched) {
          if (m.personId) {
            counts.matched++;
            people.add(m.personId);
          } else counts.unmatched++;
          text += stagedLine(m);
        }
        chunk = [];
        await write(text);
      };
      try {
        const input = createReadStream(upload).pipe(counter);
        for await (const item of participantRows(input, timeZone, head)) {
          if (head.header && ++counts.rows > MAX_REPORT_ROWS) {
            problems.note([
              {
                row: Array.isArray(item) ? item[0]?.row : item.rowNumber,
                message: `The report has more than ${MAX_REPORT_ROWS.toLocaleString('en-US')} rows, more than any webinar platform writes for one session: is this the right file?`,
              },
            ]);
            break;
          }
          if (Array.isArray(item)) problems.note(item);
          else {
            chunk.push(item);
            if (chunk.length >= MATCH_CHUNK_ROWS) await flush();
          }
        }
        await flush();
      } catch (err) {
        if (!(err instanceof UnreadableFile)) throw err;
        problems.note([{ ...(err.row ? { row: err.row } : {}), message: err.message }]);
      } finally {
        out.end();
        await finished(out);
      }
      if (problems.count === 0 && counts.rows === 0)
        problems.note([{ row: 2, message: 'The report has a header row but no participants' }]);
    }

    /** The staged rows into the session's attendance, a statement per chunk. */
    async function writeStaged(tx: Db) {
      let batch: string[] = [];
      const lines = createInterface({ input: createReadStream(staged), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        batch.push(line);
        if (batch.length >= WRITE_CHUNK_ROWS) {
          await insertAttendance(tx, orgId, sessionId, `[${batch.join(',')}]`);
          batch = [];
        }
      }
      if (batch.length > 0) await insertAttendance(tx, orgId, sessionId, `[${batch.join(',')}]`);
    }
  };
  // The attendance is replaced in the one transaction that ends with `ctx.applied`, or not at all.
  handler.interruption = {
    noun: 'import',
    allOrNothing: true,
    cleanUp: async (_db, job) => {
      await rm(stagedFile(job.orgId, job.id), { force: true });
    },
  };
  return handler;
}
