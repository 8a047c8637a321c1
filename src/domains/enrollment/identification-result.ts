// An identification import's result workbook: a summary, then every row of the file with its outcome, and each
// problem or note naming its column. Stored beside the upload; the job's result names it (`/api/jobs/:id/result`).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import {
  IDENTIFICATION_ROW_OUTCOME_LABELS,
  type IdentificationRowOutcome,
} from '@contract/enrollment/identification.schemas.js';
import { formatNumber, plural } from '@contract/text/figures.js';
import type { Db } from '../../platform/db/client.js';
import type { FileStore } from '../../platform/files/file-store.js';
import { sheetOf, writeXlsxSheets } from '../../platform/http/export.js';

export interface ResultLine {
  rowNumber: number;
  medicaidId: string | null;
  outcome: IdentificationRowOutcome;
  /** "Replaced by row 12" rather than the outcome's label, where there is more to say. */
  outcomeText?: string;
  notes: { column: string; message: string }[];
}

type SummaryLine = [string, string | number];

/** Every outcome at nought. */
export const emptyCounts = (): Record<IdentificationRowOutcome, number> => ({
  created: 0,
  updated: 0,
  ended: 0,
  unchanged: 0,
  kept: 0,
  nothing_to_end: 0,
  replaced: 0,
  refused: 0,
});

/** What the rows did, in words. */
export const countsText = (c: Record<IdentificationRowOutcome, number>) =>
  `${plural(c.created, 'member')} identified, ${formatNumber(c.updated)} updated, ${formatNumber(c.ended)} ended, ${formatNumber(c.unchanged)} unchanged${c.kept ? `, ${plural(c.kept, 'older record')} changing nothing` : ''}${c.replaced ? `, ${plural(c.replaced, 'row')} replaced by a later row for the same member` : ''}`;

export async function writeIdentificationResult(
  files: FileStore,
  db: Db,
  spec: {
    orgId: string;
    fileName: string;
    createdBy: string | null;
    summary: SummaryLine[];
    lines: ResultLine[];
  },
) {
  const id = crypto.randomUUID();
  const file = files.pathOf(spec.orgId, id);
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  await writeXlsxSheets(out, [
    sheetOf(
      'Summary',
      [
        { header: 'Item', value: (r: SummaryLine) => r[0], width: 24 },
        { header: 'Value', value: (r: SummaryLine) => r[1], width: 90 },
      ],
      [['File', spec.fileName], ...spec.summary, ['Checked at', new Date().toISOString()]],
    ),
    sheetOf(
      'Rows',
      [
        { header: 'Row', value: (r: ResultLine) => r.rowNumber },
        { header: 'Medicaid_ID', value: (r: ResultLine) => r.medicaidId ?? '', width: 16 },
        {
          header: 'Outcome',
          value: (r: ResultLine) => r.outcomeText ?? IDENTIFICATION_ROW_OUTCOME_LABELS[r.outcome],
          width: 34,
        },
        { header: 'Column', value: (r: ResultLine) => r.notes.map((n) => n.column).join('\n'), width: 24 },
        { header: 'Message', value: (r: ResultLine) => r.notes.map((n) => n.message).join('\n'), width: 90 },
      ],
      spec.lines,
    ),
  ]);
  await finished(out);
  await files.register(db, {
    orgId: spec.orgId,
    id,
    name: `${spec.fileName.replace(/\.[^.]+$/, '')}-result.xlsx`,
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    purpose: 'import-result',
    createdBy: spec.createdBy,
  });
  return id;
}
