import type { AuditRecordType } from '@contract/audit.labels.js';
import { formatNumber } from '@contract/text/figures.js';
import type { AuditTrail } from '../audit/audit.service.js';
import type { Database, Db } from '../db/client.js';
import { type CopyValue, CsvBuffer } from '../db/copy.js';
import type { FileStore } from '../files/file-store.js';
import {
  MAX_LISTED_NOTES,
  MAX_LISTED_PROBLEMS,
  plural,
  problemList,
  writeImportResult,
} from '../files/import-result.js';
import { formatOf, readTabular, type TabularFormat } from '../files/tabular.js';
import { unreadableText } from '../files/text-encoding.js';
import { UnreadableFile } from '../files/unreadable.js';
import type { Issue } from '../http/errors.js';
import type { FileImportPayload } from './file-import.js';
import { headerProblems } from './header-problems.js';
import type { JobHandler } from './queue.js';
import { addCounts, deferred, MAX_ROW, type RowRange, rangeQueue } from './row-ranges.js';
import { analyzeTable, clearStaging } from './staging.repository.js';

export { headerProblems } from './header-problems.js';
export type { RowRange } from './row-ranges.js';

/** A row checked on its own: its values for the staging table (after org, job and row number), or its problems. */
export type StagedRow = { values: CopyValue[] } | { issues: Issue[] };

/** What one kind of file import supplies; the runner does the reading, staging, deciding, audit and result file. */
export interface TabularImportSpec<K extends string, Counts extends Record<string, number>> {
  /** The audit trail's entity type for the import. */
  entityType: AuditRecordType;
  /** What the rows are, for "The file has a header row but no …". */
  rowsAre: string;
  /** The staging table (with org_id, job_id, row_number first) and its columns, for COPY. */
  staging: { table: string; columns: string[] };
  mapHeader(header: string[]): { index: Map<K, number>; missing: string[] };
  /** Made once per run: checks each row on its own. */
  stager(): (cells: string[], index: Map<K, number>, rowNumber: number) => StagedRow;
  checking: string;
  /** Problems visible only across rows or against what is recorded, once every row is staged (and analysed). */
  findProblems(db: Db, orgId: string, jobId: string, limit: number): Promise<Issue[]>;
  applying: string;
  /**
   * Apply each chunk as soon as it is staged (PostgreSQL), rather than after the checks across rows. Pays
   * where applying is costly per row and the file is read fast (people); not where each chunk's statements
   * would look up the same large tables again (completions, measured 1.5× slower at 1,000,000 rows).
   */
  applyWhileReading?: boolean;
  /**
   * The tables an applied import adds to, analysed once it has committed when it applied at least
   * `ANALYSE_AFTER_ROWS` rows: until autovacuum gets to them the planner would take the organisation's
   * thousands of new rows for a handful (measured: a 30,000-person organisation's people list 4× slower).
   */
  changes: string[];
  /**
   * Applies the staged rows numbered `rows.from` to `rows.to`, in the transaction that also records the audit;
   * with `notes`, what it did to particular rows (a recorded enrollee changed), listed in the result workbook.
   */
  apply(
    tx: Db,
    orgId: string,
    jobId: string,
    payload: FileImportPayload,
    rows: RowRange,
  ): Promise<Counts | { counts: Counts; notes: Issue[] }>;
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
 * The most rows one import takes on the embedded database. PGlite has one connection, which an import holds
 * while it stages and applies (31 s for 50,000 new people, measured on a 2-core machine at load average 8), and every
 * other request waits for it; larger files belong on PostgreSQL, where an import runs beside requests.
 */
export const EMBEDDED_MAX_IMPORT_ROWS = 50_000;

const ANALYSE_AFTER_ROWS = 1_000;

/** Staged rows applied at a time while the file is still being read (PostgreSQL), unless told otherwise. */
const APPLY_CHUNK_ROWS = 20_000;

export interface TabularImportDeps {
  database: Database;
  audit: AuditTrail;
  files: FileStore;
  /** Rows per staged chunk applied while reading; 20,000 by default. */
  applyChunkRows?: number;
  /** The most rows an import takes on the embedded database; `EMBEDDED_MAX_IMPORT_ROWS` by default. */
  embeddedMaxRows?: number;
}

/**
 * Runs an import of an uploaded XLSX or CSV file as a job: rows stream from the file, are checked one by
 * one and bulk-loaded (COPY) into a staging table; checks across rows run in SQL; everything is applied in
 * one transaction that commits only if no row has a problem, or nothing is. With `applyWhileReading`, on
 * PostgreSQL, the applying runs on its own connection while the file is still being read, chunk by staged
 * chunk, and the checks across rows run beside its end: nothing applied is seen by anyone until it
 * commits. Otherwise (and always on PGlite, which has one connection) the steps run one after the other. Either way a result workbook lists each problem
 * by row and column. Staging rows never outlive the run.
 */
export function tabularImportJob<K extends string, Counts extends Record<string, number>>(
  deps: TabularImportDeps,
  spec: TabularImportSpec<K, Counts>,
): JobHandler {
  const {
    database,
    audit,
    files,
    applyChunkRows = APPLY_CHUNK_ROWS,
    embeddedMaxRows: maxRows = EMBEDDED_MAX_IMPORT_ROWS,
  } = deps;
  const clear = (db: Db, orgId: string, jobId: string) => clearStaging(db, spec.staging.table, orgId, jobId);

  const handler: JobHandler = async (job, ctx) => {
    const payload = job.payload as unknown as FileImportPayload;
    const { orgId, id: jobId } = job;
    const problems = problemList();
    const notes: Issue[] = [];
    // Applying while reading needs a connection to load with while the applying holds another: PostgreSQL.
    const loadCsv = spec.applyWhileReading ? database.copyCsvInto : undefined;
    const overlap = loadCsv !== undefined;
    const ready = rangeQueue();
    const checked = deferred<boolean>();
    let rowCount = 0;
    let stagedCount = 0;
    const details = () => ({ fileId: payload.fileId, fileName: payload.fileName, rows: rowCount });

    /** The applying transaction: each range as it is staged, then — if the checks found nothing — the audit. */
    const applyAll = () =>
      database.system.transaction(async (transaction) => {
        const tx = transaction as unknown as Db;
        let counts: Counts | null = null;
        for await (const range of ready) {
          const applied = await spec.apply(tx, orgId, jobId, payload, range);
          const withNotes = 'notes' in applied ? (applied as { counts: Counts; notes: Issue[] }) : null;
          counts = addCounts(counts, withNotes ? withNotes.counts : (applied as Counts));
          if (withNotes) notes.push(...withNotes.notes.slice(0, MAX_LISTED_NOTES - notes.length));
        }
        if (!(await checked.promise) || !counts) throw new Error('the checks found problems: rolled back');
        await audit.recordChange(tx, payload.actor, {
          action: 'import',
          entityType: spec.entityType,
          entityId: jobId,
          orgId,
          details: { ...details(), ...counts },
        });
        await ctx.applied(tx); // last: fails if this run no longer holds the job, so nothing commits
        return counts;
      });

    /** Reads, checks and stages every row; problems go to the list; staged chunks go to the applying. */
    const stageRows = async (format: TabularFormat) => {
      const source = await readTabular(files.pathOf(orgId, payload.fileId), format, (read, total) => {
        void ctx.progress(
          Math.round((read / total) * 70),
          100,
          `Reading and checking rows (${formatNumber(rowCount)} so far)`,
        );
      });
      const { index, missing } = spec.mapHeader(source.header);
      if (missing.length > 0) {
        problems.note(headerProblems(source.header, index.size, missing));
        return;
      }
      const stage = spec.stager();
      // The columns the import reads, by the header the file gives them: a cell of theirs that text cannot
      // hold (NUL, other control characters, bytes that were not text) is a problem naming row and column.
      const read = [...new Set(index.values())].map(
        (i) => [i, source.header[i] || `column ${i + 1}`] as const,
      );
      async function* stagedRows() {
        for await (const { rowNumber, cells } of source.rows) {
          ctx.signal.throwIfAborted(); // another process settled the job: stop reading
          rowCount++;
          if (database.kind === 'pglite' && rowCount > maxRows)
            throw new UnreadableFile(
              `The file has more than ${formatNumber(maxRows)} ${spec.rowsAre}, the most one import takes on the embedded database (it would hold every other request until done). Split it into files of up to ${formatNumber(maxRows)} rows, or run Concord on PostgreSQL (DATABASE_URL) for larger imports.`,
              rowNumber,
            );
          const unreadable: Issue[] = [];
          for (const [i, column] of read) {
            const why = unreadableText(cells[i] ?? '');
            if (why) unreadable.push({ row: rowNumber, column, message: why });
          }
          if (unreadable.length > 0) {
            problems.note(unreadable);
            continue;
          }
          const staged = stage(cells, index, rowNumber);
          if ('values' in staged) {
            stagedCount++;
            yield [orgId, jobId, rowNumber, ...staged.values];
          } else problems.note(staged.issues);
        }
      }
      if (!loadCsv) await database.copyInto(spec.staging.table, spec.staging.columns, stagedRows());
      else {
        // Each chunk is its own COPY, so it is visible to the applying transaction once loaded; one COPY
        // is in flight while the next chunk is read into the other of two buffers.
        const buffers = [new CsvBuffer(), new CsvBuffer()] as const;
        let filling = 0;
        let rows = 0;
        // The first chunks are small, so the applying starts early; they double up to the full size.
        let limit = Math.min(applyChunkRows, 2_500);
        let range: RowRange = { from: 0, to: 0 };
        let loading: Promise<unknown> = Promise.resolve();
        const load = async () => {
          const [csv, loaded] = [buffers[filling]!.contents, range];
          await loading; // the other buffer's COPY is done, so it can be filled next
          loading = loadCsv(spec.staging.table, spec.staging.columns, [csv]).then(() => {
            if (problems.count === 0) ready.push(loaded);
          });
          loading.catch(() => {}); // awaited below
          filling = 1 - filling;
          buffers[filling]!.clear();
          rows = 0;
          limit = Math.min(applyChunkRows, limit * 2);
        };
        try {
          for await (const row of stagedRows()) {
            const rowNumber = row[2] as number;
            if (rows++ === 0) range = { from: rowNumber, to: rowNumber };
            range.to = rowNumber;
            buffers[filling]!.add(row);
            if (rows >= limit) await load();
          }
          if (rows > 0) await load();
        } finally {
          await loading; // no COPY outlives the reading, even a failed one
        }
      }
      if (rowCount === 0)
        problems.note([{ row: 2, message: `The file has a header row but no ${spec.rowsAre}` }]);
    };

    /**
     * The checks across rows, once every row is staged; settles whether the applying may commit. They run
     * over the rows that passed on their own even when others did not, so the result file lists every
     * problem at once rather than the next ones after the first are corrected.
     */
    const checkAcross = async () => {
      if (stagedCount === 0) return checked.resolve(false);
      await ctx.progress(75, 100, spec.checking);
      // Fresh statistics, or the planner takes the just-loaded rows for a handful and joins them pairwise.
      await analyzeTable(database.system, spec.staging.table);
      problems.note(await spec.findProblems(database.system, orgId, jobId, MAX_LISTED_PROBLEMS));
      checked.resolve(problems.count === 0);
      if (problems.count === 0) await ctx.progress(85, 100, spec.applying);
    };

    await clear(database.system, orgId, jobId); // a retried attempt starts clean
    const applying = overlap ? applyAll() : null;
    applying?.catch(() => {}); // awaited below
    try {
      const format = formatOf(payload.fileName);
      try {
        if (!format) problems.note([{ message: `"${payload.fileName}" is not an .xlsx or .csv file` }]);
        else await stageRows(format);
        if (!overlap && problems.count === 0) ready.push({ from: 0, to: MAX_ROW });
        ready.close();
        await checkAcross();
      } catch (err) {
        checked.reject(err);
        ready.close();
        if (!(err instanceof UnreadableFile)) throw err;
        problems.noteFirst({ ...(err.row ? { row: err.row } : {}), message: err.message });
      }
      let counts: Counts | null = null;
      if (problems.count === 0) counts = await (applying ?? applyAll());
      // Rolled back, or stopped on what the checks explain (an NPI another person holds): a rejection.
      else await applying?.catch(() => {});

      const base = { rows: rowCount, problems: problems.count, resultFileId: '' };
      let result: TabularImportResult;
      let summary: [string, number][] = [];
      if (!counts) {
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
          details: { ...details(), problems: problems.count },
        });
      } else {
        // Side by side where there are connections for it (PostgreSQL).
        if (rowCount >= ANALYSE_AFTER_ROWS)
          await Promise.all(spec.changes.map((changed) => analyzeTable(database.system, changed)));
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
        notes: result.outcome === 'imported' ? notes : [],
      });
      await ctx.progress(100, 100, result.message);
      return result;
    } finally {
      await applying?.catch(() => {}); // settled before the staging rows go, however the run ended
      await clear(database.system, orgId, jobId);
    }
  };
  // Everything is applied in the one transaction that ends with `ctx.applied`, or nothing is.
  handler.interruption = {
    noun: 'import',
    allOrNothing: true,
    cleanUp: async (db, job) => {
      await clear(db, job.orgId, job.id);
    },
  };
  return handler;
}
