import type { STATUSES } from '@contract/compliance/compliance.schemas.js';
import { formatPercent, plural } from '@contract/text/figures.js';
import { MUTED, PdfWriter } from '../../platform/files/pdf-text.js';

type Counts = Record<(typeof STATUSES)[number], number>;

export interface PackSummary {
  organisation: string;
  asOf: string;
  /** Which facts it counts: as known on the day or as corrected since (decision 027). */
  basis: string;
  madeAt: string;
  madeBy: string;
  query: string;
  people: number;
  requirements: { code: string; title: string; people: number; counts: Counts; rate: number }[];
}

/** Each column's label and left edge; a column runs to 4 points before the next, the last to the margin. */
const COLUMNS = [
  ['Requirement', 0],
  ['People', 204],
  ['Compliant', 246],
  ['Due soon', 302],
  ['Overdue', 354],
  ['Expired', 402],
  ['Exempt', 446],
  ['On track', 490],
] as const;

/** The evidence pack's summary (US Letter, portrait): what was asked, when, by whom, and the numbers. */
export async function renderPackSummary(s: PackSummary): Promise<Uint8Array> {
  const w = await PdfWriter.create({
    title: `Readiness review evidence — ${s.organisation}, as of ${s.asOf}`,
    author: s.organisation,
    madeAt: new Date(s.madeAt),
  });
  const { bold } = w;
  w.heading('Readiness review evidence', 1, { size: 18, gap: 3 });
  w.paragraph(`${s.organisation} · as of ${s.asOf}`, { font: bold, size: 12, gap: 3 });
  w.paragraph(`Made ${s.madeAt} by ${s.madeBy}. ${plural(s.people, 'person', 'people')} reached.`, {
    size: 9,
    color: MUTED,
    gap: 2,
  });
  w.paragraph(s.basis, { font: bold, size: 9, gap: 12 });
  w.paragraph(`Query: ${s.query}`, { size: 9, color: MUTED, gap: 12 });
  const table = w.table(COLUMNS);
  for (const r of s.requirements)
    table.row([
      `${r.code} — ${r.title}`,
      String(r.people),
      String(r.counts.compliant),
      String(r.counts.due_soon),
      String(r.counts.overdue),
      String(r.counts.expired),
      String(r.counts.exempt),
      formatPercent(r.rate),
    ]);
  w.y -= 10;
  w.room(24);
  w.paragraph(
    'Each requirement’s sheet in the XLSX pack lists every person with the completion that satisfies it and its evidence.',
    { size: 8, color: MUTED },
  );
  return w.save();
}
