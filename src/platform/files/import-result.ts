import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Db } from '../db/client.js';
import type { Issue } from '../http/errors.js';
import { writeXlsx } from '../http/export.js';
import type { FileStore } from './file-store.js';

/** At most this many problems are listed in a result file; the count covers them all. */
export const MAX_LISTED_PROBLEMS = 10_000;
/** At most this many notes on what an applied import did to particular rows. */
export const MAX_LISTED_NOTES = 10_000;

/** A message quoting a cell is cut to this length: 10,000 of them quoting 1 MB cells would not fit in memory. */
const MAX_MESSAGE_LENGTH = 500;

/** Collects an import's problems: all are counted, the first MAX_LISTED_PROBLEMS kept for the result file. */
export function problemList() {
  const rows: Issue[] = [];
  const lead: Issue[] = [];
  let count = 0;
  const clipped = (issue: Issue) =>
    issue.message.length > MAX_MESSAGE_LENGTH
      ? { ...issue, message: `${issue.message.slice(0, MAX_MESSAGE_LENGTH)}…` }
      : issue;
  return {
    /** What to list: the problems that stopped the reading first, then the rest by row. */
    get listed() {
      const byRow = [...rows].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      return [...lead, ...byRow].slice(0, MAX_LISTED_PROBLEMS);
    },
    get count() {
      return count;
    },
    note(issues: Issue[]) {
      count += issues.length;
      for (const issue of issues) if (rows.length < MAX_LISTED_PROBLEMS) rows.push(clipped(issue));
    },
    /** A problem that explains the others (the file could not be read past a row): listed first, always. */
    noteFirst(issue: Issue) {
      count++;
      lead.push(clipped(issue));
    },
  };
}

export { plural } from '@contract/text/figures.js';

/**
 * Writes an import's result workbook (its summary, then one line per problem with row and column) beside
 * the upload, registers it, and returns its file id.
 */
export async function writeImportResult(
  files: FileStore,
  db: Db,
  spec: {
    orgId: string;
    fileName: string;
    createdBy: string | null;
    summary: [string, string | number][];
    problems: Issue[];
    problemCount: number;
    /** What an applied import did to particular rows (never beside problems: with those nothing applies). */
    notes?: Issue[];
  },
) {
  const notes = spec.notes ?? [];
  const id = crypto.randomUUID();
  const file = files.pathOf(spec.orgId, id);
  await mkdir(path.dirname(file), { recursive: true });
  const summary: [string, string | number][] = [
    ['File', spec.fileName],
    ...spec.summary,
    ...(spec.problemCount > spec.problems.length
      ? ([['Listed', `the first ${spec.problems.length} problems`]] as [string, string][])
      : []),
    ['Checked at', new Date().toISOString()],
  ];
  const rowsOut: { row: number | null; column: string; message: string }[] = [
    ...summary.map(([k, v]) => ({ row: null, column: k, message: String(v) })),
    { row: null, column: '', message: '' },
    ...[...spec.problems, ...notes].map((p) => ({
      row: p.row ?? null,
      column: p.column ?? '',
      message: p.message,
    })),
  ];
  const out = createWriteStream(file);
  await writeXlsx(
    out,
    'Result',
    [
      { header: 'Row', value: (r) => r.row },
      { header: 'Column', value: (r) => r.column, width: 20 },
      { header: notes.length ? 'What changed' : 'Problem', value: (r) => r.message, width: 90 },
    ],
    rowsOut,
  );
  await finished(out);
  const base = spec.fileName.replace(/\.[^.]+$/, '');
  await files.register(db, {
    orgId: spec.orgId,
    id,
    name: `${base}-result.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    purpose: 'import-result',
    createdBy: spec.createdBy,
  });
  return id;
}
