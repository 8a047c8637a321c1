import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { AuditActor, AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Database, Db } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import { formatOf, readTabular } from '../../../platform/files/tabular.js';
import type { Issue } from '../../../platform/http/errors.js';
import { writeXlsx } from '../../../platform/http/export.js';
import type { Job, JobContext, JobHandler } from '../../../platform/jobs/queue.js';
import { mapHeader, validateRow } from './people-import.columns.js';
import {
  applyStagedPeople,
  clearStaging,
  findCrossRowProblems,
  STAGING_COLUMNS,
} from './people-import.repository.js';

export const PEOPLE_IMPORT_JOB = 'people.import';

export interface PeopleImportPayload {
  fileId: string;
  fileName: string;
  actor: AuditActor;
}

/** At most this many problems are listed in the result file; the count covers them all. */
const MAX_LISTED_PROBLEMS = 10_000;

export interface PeopleImportResult extends Record<string, unknown> {
  outcome: 'imported' | 'rejected';
  rows: number;
  problems: number;
  message: string;
  resultFileId: string;
  peopleCreated?: number;
  peopleUpdated?: number;
  rolesAdded?: number;
  rolesUpdated?: number;
}

/**
 * Imports people and roles from an uploaded XLSX or CSV file. Rows stream from the file, are checked one
 * by one and bulk-loaded (COPY) into a staging table; cross-row checks run in SQL; then everything is
 * applied in one transaction, or, if any row has a problem, nothing is. Either way a result workbook
 * lists each problem by row and column.
 */
export function peopleImportJob(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
}): JobHandler {
  const { database, audit, files } = deps;
  return async (job, ctx) => {
    try {
      return await importPeople(job, ctx);
    } catch (err) {
      await clearStaging(database.system, job.orgId, job.id);
      throw err;
    }
  };

  async function importPeople(job: Job, ctx: JobContext): Promise<PeopleImportResult> {
    const payload = job.payload as unknown as PeopleImportPayload;
    const { orgId, id: jobId } = job;
    const problems: Issue[] = [];
    let problemCount = 0;
    const note = (issues: Issue[]) => {
      problemCount += issues.length;
      for (const issue of issues) if (problems.length < MAX_LISTED_PROBLEMS) problems.push(issue);
    };
    const format = formatOf(payload.fileName);
    let rowCount = 0;

    await clearStaging(database.system, orgId, jobId); // a retried attempt starts clean
    if (!format) {
      note([{ message: `"${payload.fileName}" is not an .xlsx or .csv file` }]);
    } else {
      const source = await readTabular(files.pathOf(orgId, payload.fileId), format, (read, total) => {
        void ctx.progress(
          Math.round((read / total) * 70),
          100,
          `Reading and checking rows (${rowCount.toLocaleString('en-US')} so far)`,
        );
      });
      const { index, missing } = mapHeader(source.header);
      if (missing.length > 0) {
        note(
          missing.map((column) => ({
            row: 1,
            column,
            message: 'This required column is missing from the header row',
          })),
        );
      } else {
        async function* validRows() {
          for await (const { rowNumber, cells } of source.rows) {
            rowCount++;
            const checked = validateRow(cells, index, rowNumber);
            if (checked.row) {
              const r = checked.row;
              yield [
                orgId,
                jobId,
                rowNumber,
                r.givenName,
                r.familyName,
                r.email,
                r.npi,
                r.phone,
                r.title,
                r.role,
                r.team,
                r.startsOn,
                r.endsOn,
              ];
            } else note(checked.issues);
          }
        }
        await database.copyInto('people_import_rows', STAGING_COLUMNS, validRows());
        if (rowCount === 0) note([{ row: 2, message: 'The file has a header row but no people' }]);
        await ctx.progress(75, 100, 'Checking rows against each other and against existing records');
        if (problemCount === 0)
          note(await findCrossRowProblems(database.system, orgId, jobId, MAX_LISTED_PROBLEMS));
      }
    }

    let result: PeopleImportResult;
    if (problemCount > 0) {
      await clearStaging(database.system, orgId, jobId);
      result = {
        outcome: 'rejected',
        rows: rowCount,
        problems: problemCount,
        resultFileId: '',
        message: `Nothing was imported: ${problemCount.toLocaleString('en-US')} problem${problemCount === 1 ? '' : 's'} in ${rowCount.toLocaleString('en-US')} rows. Download the result file to see each one.`,
      };
      await audit.recordNow(payload.actor, {
        action: 'import.rejected',
        entityType: 'people',
        entityId: jobId,
        orgId,
        details: {
          fileId: payload.fileId,
          fileName: payload.fileName,
          rows: rowCount,
          problems: problemCount,
        },
      });
    } else {
      await ctx.progress(85, 100, 'Applying');
      const counts = await database.system.transaction(async (tx) => {
        const c = await applyStagedPeople(tx as unknown as Db, orgId, jobId);
        await clearStaging(tx as unknown as Db, orgId, jobId);
        await audit.recordChange(tx as unknown as Db, payload.actor, {
          action: 'import',
          entityType: 'people',
          entityId: jobId,
          orgId,
          details: { fileId: payload.fileId, fileName: payload.fileName, rows: rowCount, ...c },
        });
        return c;
      });
      result = {
        outcome: 'imported',
        rows: rowCount,
        problems: 0,
        resultFileId: '',
        ...counts,
        message: `Imported ${rowCount.toLocaleString('en-US')} rows: ${counts.peopleCreated} people added, ${counts.peopleUpdated} updated, ${counts.rolesAdded} roles added, ${counts.rolesUpdated} roles updated.`,
      };
    }
    result.resultFileId = await writeResultFile(
      files,
      database.system,
      job.orgId,
      payload,
      result,
      problems,
      ctx,
    );
    await ctx.progress(100, 100, result.message);
    return result;
  }
}

async function writeResultFile(
  files: FileStore,
  db: Db,
  orgId: string,
  payload: PeopleImportPayload,
  result: PeopleImportResult,
  problems: Issue[],
  ctx: JobContext,
) {
  const id = crypto.randomUUID();
  const file = files.pathOf(orgId, id);
  await mkdir(path.dirname(file), { recursive: true });
  const summary: [string, string | number][] = [
    ['File', payload.fileName],
    ['Outcome', result.outcome === 'imported' ? 'Imported' : 'Rejected — nothing was imported'],
    ['Rows read', result.rows],
    ['Problems', result.problems],
    ...(result.outcome === 'imported'
      ? ([
          ['People added', result.peopleCreated ?? 0],
          ['People updated', result.peopleUpdated ?? 0],
          ['Roles added', result.rolesAdded ?? 0],
          ['Roles updated', result.rolesUpdated ?? 0],
        ] as [string, number][])
      : []),
    ...(result.problems > problems.length
      ? ([['Listed', `the first ${problems.length} problems`]] as [string, string][])
      : []),
    ['Checked at', new Date().toISOString()],
  ];
  const rowsOut: { row: number | null; column: string; message: string }[] = [
    ...summary.map(([k, v]) => ({ row: null, column: k, message: String(v) })),
    { row: null, column: '', message: '' },
    ...problems.map((p) => ({ row: p.row ?? null, column: p.column ?? '', message: p.message })),
  ];
  const out = createWriteStream(file);
  await writeXlsx(
    out,
    'Result',
    [
      { header: 'Row', value: (r) => r.row },
      { header: 'Column', value: (r) => r.column, width: 20 },
      { header: 'Problem', value: (r) => r.message, width: 90 },
    ],
    rowsOut,
  );
  await finished(out);
  ctx.log?.debug({ file }, 'people import result written');
  const base = payload.fileName.replace(/\.[^.]+$/, '');
  await files.register(db, {
    orgId,
    id,
    name: `${base}-result.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    purpose: 'import-result',
    createdBy: payload.actor.userId,
  });
  return id;
}
