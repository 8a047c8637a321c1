import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import { formatNumber } from '@contract/text/figures.js';
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
  manualMatches,
  peopleByEmail,
  registrantsOf,
  type SessionToImport,
  sessionToImport,
  stagedLine,
} from './attendance-import.repository.js';
import { acceptMetAttestations } from './held-attestations.js';
import { type MatchedRow, matchParticipants, participantEmails } from './matching.js';
import {
  noMeeting,
  type ParticipantRow,
  participantRows,
  type ReportHead,
  reportTimes,
} from './participant-report.js';
import { hasStarted, reportDifferences } from './report-check.js';

export const ATTENDANCE_IMPORT_JOB = 'training.attendance.import';

/** `confirmed` is 'true' when the importer confirmed a report whose date or title differs from the session's. */
export type AttendanceImportPayload = FileImportPayload & { sessionId: string; confirmed?: string };
declare module '../../../platform/jobs/queue.js' {
  interface JobKinds {
    [ATTENDANCE_IMPORT_JOB]: AttendanceImportPayload;
  }
}

/** A report row as a person matched it by hand, recognised again in a new import of the report. */
const seconds = (at: Date | string | null) => (at ? Math.floor(+new Date(at) / 1000) : '');
const rowKey = (r: {
  name: string;
  email: string | null;
  joinedAt: Date | string | null;
  leftAt: Date | string | null;
}) => JSON.stringify([r.name, r.email ?? '', seconds(r.joinedAt), seconds(r.leftAt)]);

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
}): JobHandler<typeof ATTENDANCE_IMPORT_JOB> {
  const { database, audit, files } = deps;
  const stagedFile = (orgId: string, jobId: string) => `${files.pathOf(orgId, jobId)}.attendance`;
  const handler: JobHandler<typeof ATTENDANCE_IMPORT_JOB> = async (job, ctx) => {
    const payload = job.payload;
    const { orgId, id: jobId } = job;
    const { sessionId } = payload;
    const problems = problemList();
    const upload = files.pathOf(orgId, payload.fileId);
    const staged = stagedFile(orgId, jobId);
    const head: ReportHead = { meeting: noMeeting(), header: false };
    const counts = { rows: 0, matched: 0, unmatched: 0, keptByHand: 0 };
    const people = new Set<string>();
    /** The earliest join and its row: the report's day when it has no meeting block. */
    let firstJoin: { at: Date; row: number } | null = null;
    let differences: string[] = [];
    let accepted: Awaited<ReturnType<typeof acceptMetAttestations>> = [];

    const session = await sessionToImport(database.system, sessionId);
    try {
      if (!session || session.orgId !== orgId || session.kind !== 'live')
        problems.note([{ message: 'The session is no longer a live session of your organisation' }]);
      else if (!hasStarted(session))
        problems.note([{ message: 'The session has not happened yet: import its report after it' }]);
      else {
        await stage(session);
        if (problems.count === 0 && payload.confirmed !== 'true') checkIdentity(session);
      }
      let imported = false;
      if (problems.count === 0 && session) {
        await ctx.progress(80, 100, 'Saving attendance');
        await database.system.transaction(async (transaction) => {
          const tx = transaction as unknown as Db;
          await clearAttendance(tx, orgId, sessionId);
          await writeStaged(tx);
          accepted = await acceptMetAttestations(tx, audit, payload.actor, session, 'import', { jobId });
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
              ...(payload.confirmed === 'true' ? { confirmed: true, differences } : {}),
              attestationsAccepted: accepted.length,
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

      const kept = counts.keptByHand ? ` ${plural(counts.keptByHand, 'row')} kept as matched by hand.` : '';
      const acceptedNote = accepted.length
        ? ` ${plural(accepted.length, 'held attestation')} accepted: the attendance now meets the rule.`
        : '';
      const message = imported
        ? `Imported ${plural(counts.rows, 'row')}: ${formatNumber(counts.matched)} matched to ${plural(people.size, 'person', 'people')}, ${formatNumber(counts.unmatched)} to match by hand.${kept}${acceptedNote}`
        : differences.length > 0
          ? `Nothing was imported: ${differences.join('. ')}. If it is this session’s report all the same, import it again and confirm so.`
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
                ['Kept as matched by hand', counts.keptByHand],
                ['Held attestations accepted', accepted.length],
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
        differences,
        attestationsAccepted: accepted.length,
        message,
        resultFileId,
      };
    } finally {
      await rm(staged, { force: true });
    }

    /**
     * Refuses a report whose day or title is not the session's (unless the importer confirmed it), naming
     * what differs and the row it is read from.
     */
    function checkIdentity(s: SessionToImport) {
      const started = head.meeting.startTime ? reportTimes(s.timeZone).parse(head.meeting.startTime) : null;
      const at = started
        ? { at: started, row: head.meeting.row, column: 'Start Time' }
        : firstJoin && { ...firstJoin, column: 'Join Time' };
      differences = reportDifferences({ title: head.meeting.topic, startedAt: at?.at ?? null }, s);
      const where = at?.row ?? head.meeting.row;
      for (const message of differences)
        problems.note([
          {
            ...(where ? { row: where } : {}),
            column: message.includes('“') ? 'Topic' : (at?.column ?? 'Start Time'),
            message: `${message}. If it is this session’s report all the same, import it again and confirm so`,
          },
        ]);
    }

    /** Reads, checks and matches every row, writing the matched rows to the staging file. */
    async function stage(s: SessionToImport) {
      const { timeZone } = s;
      // What a person matched (or unmatched) by hand stays so when the same row comes again.
      const byHand = new Map(
        (await manualMatches(database.system, sessionId)).map((m) => [rowKey(m), m.personId]),
      );
      const { size } = await stat(upload);
      let read = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          read += chunk.length;
          ctx
            .progress(
              Math.round((read / Math.max(size, 1)) * 75),
              100,
              `Reading and matching rows (${formatNumber(counts.rows)} so far)`,
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
        const known = await peopleByEmail(database.system, emails, orgId, sessionId);
        const matched: MatchedRow[] = matchParticipants(
          chunk,
          new Map(known.map((p) => [p.email, p.personId])),
          registrants,
        ).map((m) => {
          const key = byHand.size > 0 ? rowKey(m) : null;
          if (key === null || !byHand.has(key)) return m;
          counts.keptByHand++;
          return { ...m, personId: byHand.get(key) ?? null, matchedBy: 'manual' };
        });
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
                message: `The report has more than ${formatNumber(MAX_REPORT_ROWS)} rows, more than any webinar platform writes for one session: is this the right file?`,
              },
            ]);
            break;
          }
          if (Array.isArray(item)) problems.note(item);
          else {
            if (item.joinedAt && (!firstJoin || item.joinedAt < firstJoin.at))
              firstJoin = { at: item.joinedAt, row: item.rowNumber };
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
