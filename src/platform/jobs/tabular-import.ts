import { sql } from 'drizzle-orm';
import type { AuditTrail } from '../audit/audit.service.js';
import type { Database, Db } from '../db/client.js';
import type { CopyValue } from '../db/copy.js';
import type { FileStore } from '../files/file-store.js';
import { MAX_LISTED_PROBLEMS, plural, problemList, writeImportResult } from '../files/import-result.js';
import { formatOf, readTabular, type TabularFormat } from '../files/tabular.js';
import { UnreadableWorkbook } from '../files/xlsx-reader.js';
import type { Issue } from '../http/errors.js';
import type { FileImportPayload } from './file-import.js';
import type { JobHandler } from './queue.js';

/** A row checked on its own: its values for the staging table (after org, job and row number), or its problems. */
export type StagedRow = { values: CopyValue[] } | { issues: Issue[] };

/** What one kind of file import supplies; the runner does the reading, staging, deciding, audit and result file. */
export interface TabularImportSpec<K extends string, Counts extends Record<string, number>> {
  /** The audit trail's entity type for the import. */
  entityType: string;
  /** What the rows are, for "The file has a header row but no …". */
  rowsAre: string;
  /** The staging table (with org_id, job_id, row_number first) and its columns, for COPY. */
  staging: { table: string; columns: string[] };
  mapHeader(header: string[]): { index: Map<K, number>; missing: string[] };
  /** Made once per run: checks each row on its own. */
  stager(): (cells: string[], index: Map<K, number>, rowNumber: number) => StagedRow;
  checking: string;
  /** Problems visible only across rows or against what is recorded, once every row reads. */
  findProblems(db: Db, orgId: string, jobId: string, limit: number): Promise<Issue[]>;
  applying: string;
  /** Applies the staged rows, in the transaction that also records the audit. */
  apply(tx: Db, orgId: string, jobId: string, payload: FileImportPayload): Promise<Counts>;
  /** The outcome in words, and its counts as lines of the result workbook. */
  describe(counts: Counts, rows: number): { message: string; summary: [string, number][] };
}

export type TabularImportResult = {
  outcome: 'imported' | 'rejected';
  rows: number;
  problems: number;
  message: string;
  resultFileId: string;
} & Record<string, unknown>;

/**
 * Runs an import of an uploaded XLSX or CSV file as a job: rows stream from the file, are checked one by
 * one and bulk-loaded (COPY) into a staging table; checks across rows run in SQL; then everything is
 * applied in one transaction or, if any row has a problem, nothing is. Either way a result workbook lists
 * each problem by row and column. Staging rows never outlive the run.
 */
export function tabularImportJob<K extends string, Counts extends Record<string, number>>(
  deps: { database: Database; audit: AuditTrail; files: FileStore },
  spec: TabularImportSpec<K, Counts>,
): JobHandler {
  const { database, audit, files } = deps;
  const clear = (db: Db, orgId: string, jobId: string) =>
    db.execute(
      sql`delete from ${sql.identifier(spec.staging.table)} where org_id = ${orgId} and job_id = ${jobId}`,
    );

  return async (job, ctx) => {
    const payload = job.payload as unknown as FileImportPayload;
    const { orgId, id: jobId } = job;
    const problems = problemList();
    const format = formatOf(payload.fileName);
    let rowCount = 0;
    await clear(database.system, orgId, jobId); // a retried attempt starts clean
    /** Reads, checks and stages every row, then looks across them; problems go to the list. */
    const stageRows = async (format: TabularFormat) => {
      const source = await readTabular(files.pathOf(orgId, payload.fileId), format, (read, total) => {
        void ctx.progress(
          Math.round((read / total) * 70),
          100,
          `Reading and checking rows (${rowCount.toLocaleString('en-US')} so far)`,
        );
      });
      const { index, missing } = spec.mapHeader(source.header);
      if (missing.length > 0) {
        problems.note(
          missing.map((column) => ({
            row: 1,
            column,
            message: 'This required column is missing from the header row',
          })),
        );
      } else {
        const stage = spec.stager();
        async function* stagedRows() {
          for await (const { rowNumber, cells } of source.rows) {
            rowCount++;
            const staged = stage(cells, index, rowNumber);
            if ('values' in staged) yield [orgId, jobId, rowNumber, ...staged.values];
            else problems.note(staged.issues);
          }
        }
        await database.copyInto(spec.staging.table, spec.staging.columns, stagedRows());
        if (rowCount === 0)
          problems.note([{ row: 2, message: `The file has a header row but no ${spec.rowsAre}` }]);
        await ctx.progress(75, 100, spec.checking);
        if (problems.count === 0)
          problems.note(await spec.findProblems(database.system, orgId, jobId, MAX_LISTED_PROBLEMS));
      }
    };

    try {
      if (!format) {
        problems.note([{ message: `"${payload.fileName}" is not an .xlsx or .csv file` }]);
      } else {
        try {
          await stageRows(format);
        } catch (err) {
          if (!(err instanceof UnreadableWorkbook)) throw err;
          problems.note([{ message: err.message }]);
        }
      }

      const details = { fileId: payload.fileId, fileName: payload.fileName, rows: rowCount };
      const base = { rows: rowCount, problems: problems.count, resultFileId: '' };
      let result: TabularImportResult;
      let summary: [string, number][] = [];
      if (problems.count > 0) {
        result = {
          ...base,
          outcome: 'rejected',
          message: `Nothing was imported: ${plural(problems.count, 'problem')} in ${plural(rowCount, 'row')}. Download the result file to see each one.`,
        };
        await audit.recordNow(payload.actor, {
          action: 'import.rejected',
          entityType: spec.entityType,
          entityId: jobId,
          orgId,
          details: { ...details, problems: problems.count },
        });
      } else {
        await ctx.progress(85, 100, spec.applying);
        const counts = await database.system.transaction(async (transaction) => {
          const tx = transaction as unknown as Db;
          const c = await spec.apply(tx, orgId, jobId, payload);
          await audit.recordChange(tx, payload.actor, {
            action: 'import',
            entityType: spec.entityType,
            entityId: jobId,
            orgId,
            details: { ...details, ...c },
          });
          return c;
        });
        const described = spec.describe(counts, rowCount);
        summary = described.summary;
        result = { ...base, ...counts, outcome: 'imported', message: described.message };
      }
      result.resultFileId = await writeImportResult(files, database.system, {
        orgId,
        fileName: payload.fileName,
        createdBy: payload.actor.userId,
        summary: [
          ['Outcome', result.outcome === 'imported' ? 'Imported' : 'Rejected — nothing was imported'],
          ['Rows read', result.rows],
          ['Problems', result.problems],
          ...summary,
        ],
        problems: problems.listed,
        problemCount: problems.count,
      });
      await ctx.progress(100, 100, result.message);
      return result;
    } finally {
      await clear(database.system, orgId, jobId);
    }
  };
}
