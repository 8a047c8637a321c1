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
import { certificateCode } from '../completions.service.js';
import { mapCompletionHeader, validateCompletionRow } from './completions-import.columns.js';
import {
  applyStagedCompletions,
  clearCompletionStaging,
  findCompletionProblems,
  STAGING_COLUMNS,
  STAGING_TABLE,
} from './completions-import.repository.js';

export const COMPLETIONS_IMPORT_JOB = 'training.completions.import';

export interface CompletionsImportResult extends Record<string, unknown> {
  outcome: 'imported' | 'rejected';
  rows: number;
  problems: number;
  message: string;
  resultFileId: string;
  added?: number;
  alreadyRecorded?: number;
}

/**
 * Imports completions earned elsewhere from an XLSX or CSV file: rows stream from the file, are checked
 * one by one and bulk-loaded (COPY) into a staging table, checked against people, topics and each other in
 * SQL, then applied in one statement — or, if any row has a problem, not at all. A result workbook lists
 * each problem by row and column.
 */
export function completionsImportJob(deps: {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
}): JobHandler {
  const { database, audit, files } = deps;
  return async (job, ctx) => {
    try {
      return await importCompletions(job, ctx);
    } finally {
      await clearCompletionStaging(database.system, job.orgId, job.id);
    }
  };

  async function importCompletions(job: Job, ctx: JobContext): Promise<CompletionsImportResult> {
    const payload = job.payload as unknown as FileImportPayload;
    const { orgId, id: jobId } = job;
    const problems = problemList();
    const format = formatOf(payload.fileName);
    const today = new Date().toISOString().slice(0, 10);
    let rowCount = 0;

    await clearCompletionStaging(database.system, orgId, jobId); // a retried attempt starts clean
    if (!format) {
      problems.note([{ message: `"${payload.fileName}" is not an .xlsx or .csv file` }]);
    } else {
      const source = await readTabular(files.pathOf(orgId, payload.fileId), format, (read, total) => {
        void ctx.progress(
          Math.round((read / total) * 70),
          100,
          `Reading and checking rows (${rowCount.toLocaleString('en-US')} so far)`,
        );
      });
      const { index, missing } = mapCompletionHeader(source.header);
      if (missing.length > 0) {
        problems.note(
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
            const checked = validateCompletionRow(cells, index, rowNumber, today);
            if (!checked.row) {
              problems.note(checked.issues);
              continue;
            }
            const r = checked.row;
            yield [
              orgId,
              jobId,
              rowNumber,
              r.email,
              r.npi,
              r.topicCode,
              r.completedOn,
              r.source,
              r.note,
              certificateCode(),
            ];
          }
        }
        await database.copyInto(STAGING_TABLE, STAGING_COLUMNS, validRows());
        if (rowCount === 0)
          problems.note([{ row: 2, message: 'The file has a header row but no completions' }]);
        await ctx.progress(75, 100, 'Checking people and topics');
        if (problems.count === 0)
          problems.note(await findCompletionProblems(database.system, orgId, jobId, MAX_LISTED_PROBLEMS));
      }
    }

    let result: CompletionsImportResult;
    const details = { fileId: payload.fileId, fileName: payload.fileName, rows: rowCount };
    if (problems.count > 0) {
      result = {
        outcome: 'rejected',
        rows: rowCount,
        problems: problems.count,
        resultFileId: '',
        message: `Nothing was imported: ${plural(problems.count, 'problem')} in ${plural(rowCount, 'row')}. Download the result file to see each one.`,
      };
      await audit.recordNow(payload.actor, {
        action: 'import.rejected',
        entityType: 'training_completions',
        entityId: jobId,
        orgId,
        details: { ...details, problems: problems.count },
      });
    } else {
      await ctx.progress(85, 100, 'Recording completions');
      const counts = await database.system.transaction(async (tx) => {
        const c = await applyStagedCompletions(tx as unknown as Db, orgId, jobId, {
          userId: payload.actor.userId,
          name: payload.actor.name,
          fileName: payload.fileName,
        });
        await audit.recordChange(tx as unknown as Db, payload.actor, {
          action: 'import',
          entityType: 'training_completions',
          entityId: jobId,
          orgId,
          details: { ...details, ...c },
        });
        return c;
      });
      result = {
        outcome: 'imported',
        rows: rowCount,
        problems: 0,
        resultFileId: '',
        ...counts,
        message: `Imported ${plural(rowCount, 'row')}: ${plural(counts.added, 'completion')} recorded, ${counts.alreadyRecorded.toLocaleString('en-US')} already recorded.`,
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
              ['Completions recorded', result.added ?? 0],
              ['Already recorded', result.alreadyRecorded ?? 0],
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
