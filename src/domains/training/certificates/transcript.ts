// A learner's transcript: every completion recorded for them, anywhere, as a PDF to hand over and as rows
// for a spreadsheet. Revoked completions are listed as revoked and earn no hours.

import { massachusettsDate } from '@contract/massachusetts-day.js';
import { COMPLETION_METHOD_LABELS } from '@contract/training/training.labels.js';
import type { CompletionView } from '@contract/training/training.schemas.js';
import { MUTED, PdfWriter } from '../../../platform/files/pdf-text.js';
import type { ExportColumn } from '../../../platform/http/export.js';

export interface TranscriptLine extends CompletionView {
  verifyUrl: string;
}

const status = (c: CompletionView) =>
  c.revokedAt ? `Revoked ${massachusettsDate(new Date(c.revokedAt))}` : 'Valid';
const hours = (c: CompletionView) => (c.revokedAt ? null : c.ceHours);

/** The continuing-education hours the valid completions earn, by accrediting body ("" when none is named). */
export function hoursByAccreditor(lines: readonly CompletionView[]) {
  const by = new Map<string, number>();
  for (const c of lines) {
    const h = hours(c);
    if (h) by.set(c.ceAccreditor ?? '', Math.round(((by.get(c.ceAccreditor ?? '') ?? 0) + h) * 100) / 100);
  }
  return by;
}

export const TRANSCRIPT_COLUMNS: ExportColumn<TranscriptLine>[] = [
  { header: 'Completed on', value: (c) => c.completedOn, width: 14 },
  { header: 'Topic', value: (c) => c.topicTitle, width: 40 },
  { header: 'How', value: (c) => COMPLETION_METHOD_LABELS[c.method], width: 18 },
  { header: 'Continuing-education hours', value: hours, width: 14 },
  { header: 'Accredited by', value: (c) => (hours(c) ? c.ceAccreditor : null), width: 24 },
  { header: 'Recorded by', value: (c) => c.issuer, width: 28 },
  { header: 'Certificate', value: (c) => c.certificateCode, width: 14 },
  { header: 'Status', value: status, width: 18 },
  { header: 'Check it at', value: (c) => c.verifyUrl, width: 44 },
];

/** Each column's label and left edge (US Letter, portrait). */
const COLUMNS = [
  ['Completed', 0],
  ['Topic', 62],
  ['Hours', 262],
  ['Recorded by', 296],
  ['Certificate', 416],
  ['Status', 476],
] as const;

/** The transcript as a PDF: who, when it was made, each completion, and the hours earned. */
export async function renderTranscript(t: { personName: string; madeAt: Date; lines: TranscriptLine[] }) {
  const w = await PdfWriter.create({
    title: `Training transcript — ${t.personName}`,
    author: 'Concord',
    madeAt: t.madeAt,
  });
  w.heading('Training transcript', 1, { size: 18, gap: 3 });
  w.paragraph(t.personName, { font: w.bold, size: 12, gap: 3 });
  const valid = t.lines.filter((c) => !c.revokedAt).length;
  w.paragraph(
    `Made ${massachusettsDate(t.madeAt)}. ${t.lines.length} completion${t.lines.length === 1 ? '' : 's'} recorded, ${valid} valid.`,
    { size: 9, color: MUTED, gap: 4 },
  );
  const earned = hoursByAccreditor(t.lines);
  w.list(
    [...earned].map(
      ([body, h]) => `${h} continuing-education hours${body ? `, accredited by ${body}` : ''}.`,
    ),
    { size: 10, gap: 4 },
  );
  if (earned.size) w.y -= 8;
  const table = w.table(COLUMNS);
  for (const c of t.lines)
    table.row([
      c.completedOn,
      c.topicTitle,
      hours(c) ? String(hours(c)) : '',
      c.issuer,
      c.certificateCode,
      status(c),
    ]);
  if (!t.lines.length) w.paragraph('No completions are recorded.', { size: 10 });
  w.y -= 10;
  w.room(24);
  w.paragraph(
    'Each certificate can be checked by its code at the address printed on it, or in the XLSX transcript.',
    {
      size: 8,
      color: MUTED,
    },
  );
  return w.save();
}
