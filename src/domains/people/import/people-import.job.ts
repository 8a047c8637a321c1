import type { AuditTrail } from '../../../platform/audit/audit.service.js';
import type { Database, Db } from '../../../platform/db/client.js';
import type { FileStore } from '../../../platform/files/file-store.js';
import {
  MAX_LISTED_PROBLEMS,
  plural,
  problemList,
  writeImportResult,
} from '../../../platform/files/import-result.js';
import { formatOf, readTabular } from '../../../platform/files/tabular.js';
import type { FileImportPayload } from '../../../platform/jobs/file-import.js';
import type { Job, JobContext, JobHandler } from '../../../platform/jobs/queue.js';
import { mapHeader, validateRow } from './people-import.columns.js';
import {
  applyStagedPeople,
  clearStaging,
  findCrossRowProblems,
  STAGING_COLUMNS,
} from './people-import.repository.js';

export const PEOPLE_IMPORT_JOB = 'people.import';

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
    const payload = job.payload as unknown as FileImportPayload;
    const { orgId, id: jobId } = job;
    const problems = problemList();
    const note = problems.note;
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
        if (problems.count === 0)
          note(await findCrossRowProblems(database.system, orgId, jobId, MAX_LISTED_PROBLEMS));
      }
    }

    let result: PeopleImportResult;
    if (problems.count > 0) {
      await clearStaging(database.system, orgId, jobId);
      result = {
        outcome: 'rejected',
        rows: rowCount,
        problems: problems.count,
        resultFileId: '',
        message: `Nothing was imported: ${plural(problems.count, 'problem')} in ${plural(rowCount, 'row')}. Download the result file to see each one.`,
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
          problems: problems.count,
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
        message: `Imported ${plural(rowCount, 'row')}: ${counts.peopleCreated} people added, ${counts.peopleUpdated} updated, ${counts.rolesAdded} roles added, ${counts.rolesUpdated} roles updated.`,
      };
    }
    result.resultFileId = await writeImportResult(files, database.system, {
      orgId,
      fileName: payload.fileName,
      createdBy: payload.actor.userId,
      summary: [
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
      ],
      problems: problems.listed,
      problemCount: problems.count,
    });
    await ctx.progress(100, 100, result.message);
    return result;
  }
}
