import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { embedFonts } from './pdf-fonts.js';

export const INK = rgb(0.11, 0.14, 0.2);
export const MUTED = rgb(0.33, 0.36, 0.42);

/** Cuts text to fit a width, with an ellipsis. */
export function fitText(text: string, font: PDFFont, size: number, width: number) {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Breaks text into lines no wider than `width`, at spaces. */
export function wrapText(text: string, font: PDFFont, size: number, width: number) {
  const lines: string[] = [];
  let current = '';
  for (const w of text.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${w}` : w;
    if (font.widthOfTextAtSize(next, size) > width && current) {
      lines.push(current);
      current = w;
    } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

const LETTER: [number, number] = [612, 792];

/**
 * A US Letter, portrait document written top to bottom: `y` is where the next line's baseline goes, and
 * `room(h)` starts a new page when less than `h` points are left.
 */
export class PdfWriter {
  readonly margin = 36;
  readonly width = LETTER[0] - 2 * this.margin;
  page!: PDFPage;
  y = 0;
  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  static async create(meta: { title: string; author: string; madeAt: Date }) {
    const doc = await PDFDocument.create();
    doc.setTitle(meta.title);
    doc.setAuthor(meta.author);
    doc.setCreationDate(meta.madeAt);
    const { regular, bold } = await embedFonts(doc);
    return new PdfWriter(doc, regular, bold);
  }

  /** A new page, and whatever each page repeats at its top. */
  newPage() {
    this.page = this.doc.addPage(LETTER);
    this.y = LETTER[1] - this.margin;
  }

  room(height: number) {
    if (this.y - height < this.margin) {
      this.newPage();
      return true;
    }
    return false;
  }

  /** One line at `y`, cut to fit what is left of the width from `x`. */
  text(
    text: string,
    opts: { font?: PDFFont; size?: number; color?: typeof INK; x?: number; width?: number } = {},
  ) {
    const { font = this.regular, size = 10, color = INK, x = 0 } = opts;
    const width = opts.width ?? this.width - x;
    this.page.drawText(fitText(text, font, size, width), {
      x: this.margin + x,
      y: this.y,
      size,
      font,
      color,
    });
  }

  /** A paragraph wrapped to the width, moving `y` down past it. */
  paragraph(text: string, opts: { font?: PDFFont; size?: number; color?: typeof INK; gap?: number } = {}) {
    const { font = this.regular, size = 10, color = INK, gap = 4 } = opts;
    for (const l of wrapText(text, font, size, this.width)) {
      this.room(size + 4);
      this.text(l, { font, size, color });
      this.y -= size + 3;
    }
    this.y -= gap;
  }

  rule() {
    this.page.drawLine({
      start: { x: this.margin, y: this.y },
      end: { x: this.margin + this.width, y: this.y },
      thickness: 0.5,
      color: MUTED,
    });
  }

  /**
   * A table whose columns start at fixed offsets: the header now (and again on each new page), then
   * `row(cells)` per line. A cell is cut to fit before the next column; a row's last cell runs to the
   * margin, so a short row can say something across the columns it leaves out.
   */
  table(columns: readonly (readonly [label: string, x: number])[], size = 9) {
    const header = () => {
      for (const [label, x] of columns) this.text(label, { font: this.bold, size, x });
      this.y -= 4;
      this.rule();
      this.y -= 12;
    };
    header();
    return {
      row: (cells: readonly string[]) => {
        if (this.room(size + 10)) header();
        cells.forEach((cell, i) => {
          const x = columns[i]![1];
          const next = i < cells.length - 1 ? columns[i + 1]?.[1] : undefined;
          this.text(cell, { size, x, width: next === undefined ? this.width - x : next - x - 4 });
        });
        this.y -= size + 5;
      },
    };
  }

  save() {
    return this.doc.save();
  }
}
