import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { embedFonts } from '../../platform/files/pdf-fonts.js';
import type { STATUSES } from './compliance.schemas.js';

type Counts = Record<(typeof STATUSES)[number], number>;

export interface PackSummary {
  organisation: string;
  asOf: string;
  madeAt: string;
  madeBy: string;
  query: string;
  people: number;
  requirements: { code: string; title: string; people: number; counts: Counts; rate: number }[];
}

const INK = rgb(0.11, 0.14, 0.2);
const MUTED = rgb(0.33, 0.36, 0.42);
const COLUMNS = [
  ['Requirement', 0],
  ['People', 262],
  ['Compliant', 310],
  ['Due soon', 370],
  ['Overdue', 426],
  ['Expired', 478],
  ['Exempt', 528],
  ['On track', 574],
] as const;

/** Cuts text to fit a width, with an ellipsis. */
function fitText(text: string, font: PDFFont, size: number, width: number) {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The evidence pack's summary (US Letter, portrait): what was asked, when, by whom, and the numbers. */
export async function renderPackSummary(s: PackSummary): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Readiness review evidence — ${s.organisation}, as of ${s.asOf}`);
  doc.setAuthor(s.organisation);
  doc.setCreationDate(new Date(s.madeAt));
  const { regular, bold } = await embedFonts(doc);
  const margin = 36;
  let page: PDFPage = doc.addPage([612, 792]);
  let y = 792 - margin;
  const line = (text: string, font = regular, size = 10, color = INK, x = margin) => {
    page.drawText(fitText(text, font, size, 612 - margin - x), { x, y, size, font, color });
  };
  const newPage = () => {
    page = doc.addPage([612, 792]);
    y = 792 - margin;
  };
  const wrap = (text: string, size: number, width: number) => {
    const words = text.split(' ');
    const lines: string[] = [];
    let current = '';
    for (const w of words) {
      const next = current ? `${current} ${w}` : w;
      if (regular.widthOfTextAtSize(next, size) > width && current) {
        lines.push(current);
        current = w;
      } else current = next;
    }
    if (current) lines.push(current);
    return lines;
  };

  line('Readiness review evidence', bold, 18);
  y -= 24;
  line(`${s.organisation} · as of ${s.asOf}`, bold, 12);
  y -= 18;
  line(
    `Made ${s.madeAt} by ${s.madeBy}. ${s.people.toLocaleString('en-US')} people reached.`,
    regular,
    9,
    MUTED,
  );
  y -= 14;
  for (const l of wrap(`Query: ${s.query}`, 9, 612 - 2 * margin)) {
    line(l, regular, 9, MUTED);
    y -= 12;
  }
  y -= 12;
  const header = () => {
    for (const [label, x] of COLUMNS) line(label, bold, 9, INK, margin + x);
    y -= 4;
    page.drawLine({ start: { x: margin, y }, end: { x: 612 - margin, y }, thickness: 0.5, color: MUTED });
    y -= 12;
  };
  header();
  for (const r of s.requirements) {
    if (y < margin + 24) {
      newPage();
      header();
    }
    const cells = [
      `${r.code} — ${r.title}`,
      String(r.people),
      String(r.counts.compliant),
      String(r.counts.due_soon),
      String(r.counts.overdue),
      String(r.counts.expired),
      String(r.counts.exempt),
      `${Math.round(r.rate * 100)}%`,
    ];
    COLUMNS.forEach(([, x], i) => {
      const width = (COLUMNS[i + 1]?.[1] ?? 540) - x - 6;
      page.drawText(fitText(cells[i]!, regular, 9, width), {
        x: margin + x,
        y,
        size: 9,
        font: regular,
        color: INK,
      });
    });
    y -= 14;
  }
  y -= 10;
  if (y < margin + 24) newPage();
  line(
    'Each requirement’s sheet in the XLSX pack lists every person with the completion that satisfies it and its evidence.',
    regular,
    8,
    MUTED,
  );
  return doc.save();
}
