import { PDFDocument, type PDFFont, PDFName, type PDFPage, rgb } from 'pdf-lib';
import { embedFonts } from './pdf-fonts.js';
import { type DocumentFacts, describeDocument } from './pdf-metadata.js';
import { PdfTags, type StructElement } from './pdf-tags.js';

export const INK = rgb(0.11, 0.14, 0.2);
export const MUTED = rgb(0.33, 0.36, 0.42);
type Colour = typeof INK;

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

/** How a line is set: `x` from the left margin, within `width` (the rest of the line when left out). */
export interface LineStyle {
  font?: PDFFont;
  size?: number;
  color?: Colour;
  x?: number;
  width?: number;
  align?: 'left' | 'centre';
}
export interface BlockStyle extends LineStyle {
  /** Points left below the block. */
  gap?: number;
}
export type Cell = string | { text: string; size?: number; color?: Colour };

const LETTER: [number, number] = [612, 792];
const HEADING_SIZE = { 1: 18, 2: 14, 3: 10 } as const;

/**
 * A tagged document written top to bottom (US Letter, portrait, unless told otherwise): `y` is where the
 * next line's baseline goes, and `room(h)` starts a new page when less than `h` points are left. Every
 * call both draws and tags — headings, paragraphs, lists, tables and figures become the structure a
 * screen reader follows, in the order they are written; rules, borders and repeated table headers are
 * artifacts. Pages are only reachable through these calls, so nothing is drawn untagged.
 */
export class PdfWriter {
  readonly width: number;
  y = 0;
  protected page!: PDFPage;
  protected readonly tags: PdfTags;
  private figureOpen: StructElement | null = null;
  private readonly fontKeys = new Map<PDFFont, PDFName>();

  protected constructor(
    protected readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly pageSize: [number, number],
    readonly margin: number,
    language?: string,
    /** Where a new page comes from: the end of the document's page tree, unless a subclass keeps its own. */
    private readonly addPage: (doc: PDFDocument, size: [number, number]) => PDFPage = (doc, size) =>
      doc.addPage(size),
  ) {
    this.width = pageSize[0] - 2 * margin;
    this.tags = new PdfTags(doc, language);
    this.newPage();
  }

  static async create(meta: DocumentFacts & { pageSize?: [number, number]; margin?: number }) {
    const doc = await PDFDocument.create({ updateMetadata: false });
    describeDocument(doc, meta);
    const { regular, bold } = await embedFonts(doc);
    return new PdfWriter(doc, regular, bold, meta.pageSize ?? LETTER, meta.margin ?? 36, meta.language);
  }

  /** A new page, and whatever each page repeats at its top. */
  newPage() {
    this.page = this.addPage(this.doc, this.pageSize);
    this.y = this.pageSize[1] - this.margin;
  }

  room(height: number) {
    if (this.y - height < this.margin) {
      this.newPage();
      return true;
    }
    return false;
  }

  /** One line at `y`, cut to fit: a paragraph of its own, or part of the figure being drawn. */
  text(text: string, style: LineStyle = {}) {
    if (!text.trim()) return; // no element for nothing
    this.line(text, style, this.figureOpen ?? this.tags.element('P', this.tags.document));
  }

  /** A heading (H1–H3), wrapped to the width, moving `y` down past it. */
  heading(text: string, level: 1 | 2 | 3, style: BlockStyle = {}) {
    this.outsideFigure('a heading');
    if (!text.trim()) return;
    const { size = HEADING_SIZE[level], gap = 6 } = style;
    this.block(
      text,
      { font: this.bold, ...style, size, gap },
      this.tags.element(`H${level}`, this.tags.document),
    );
  }

  /** A paragraph wrapped to the width, moving `y` down past it. */
  paragraph(text: string, style: BlockStyle = {}) {
    if (!text.trim()) return;
    this.block(text, style, this.figureOpen ?? this.tags.element('P', this.tags.document));
  }

  /** Items one under another, each wrapped, tagged as a list. */
  list(items: readonly string[], style: BlockStyle = {}) {
    this.outsideFigure('a list');
    if (!items.length) return; // a list holds at least one item
    const list = this.tags.element('L', this.tags.document);
    for (const item of items) {
      const body = this.tags.element('LBody', this.tags.element('LI', list));
      this.block(item, style, body);
    }
  }

  /**
   * A picture — a chart, a QR code — read as its alternative text: whatever `draw` writes (text, and
   * `graphic()` shapes) is the figure's content, and `alt` says in words what it shows.
   */
  figure(alt: string, draw: () => void, bbox?: [number, number, number, number]) {
    this.outsideFigure('a figure');
    const figure = this.tags.element('Figure', this.tags.document, { alt });
    const [page, top] = [this.page, this.y];
    this.figureOpen = figure;
    try {
      draw();
    } finally {
      this.figureOpen = null;
    }
    // Where it sits, when it sits on one page (a chart may run on to the next).
    const box =
      bbox ?? (page === this.page ? [this.margin, this.y, this.margin + this.width, top + 12] : null);
    if (box) this.tags.layout(figure, box as [number, number, number, number]);
  }

  /** Shapes that are part of the figure being drawn (bars, a QR code's squares). */
  graphic(paint: (page: PDFPage) => void) {
    if (!this.figureOpen) throw new Error('A graphic is part of a figure: draw it inside figure()');
    const page = this.page;
    this.tags.mark(page, this.figureOpen, () => paint(page));
  }

  /** Shapes that only decorate or rule (a border, a signature line): passed over when read aloud. */
  artifact(paint: (page: PDFPage) => void) {
    const page = this.page;
    this.tags.artifact(page, () => paint(page));
  }

  rule() {
    this.artifact(() => this.drawRule());
  }

  /**
   * A table whose columns start at fixed offsets: the header now (and again on each new page, where it is
   * an artifact: the table has one header row), then `row(cells)` per line, which returns the row's
   * baseline. A cell is cut to fit before the next column; a row's last cell runs to the margin (and
   * spans the columns it leaves out), so a short row can say something across them.
   */
  table(
    columns: readonly (readonly [label: string, x: number])[],
    opts: { size?: number; rowHeight?: number; below?: number } = {},
  ) {
    const { size = 9, below = 12 } = opts;
    const rowHeight = opts.rowHeight ?? size + 5;
    const table = this.tags.element('Table', this.tags.document);
    const labels = () => columns.map(([label, x]) => [label, { font: this.bold, size, x }] as const);
    const header = (again: boolean) => {
      if (again) {
        this.tags.artifact(
          this.page,
          () => {
            for (const [label, style] of labels()) this.put(label, style);
            this.drawRule(this.y - 4);
          },
          'Pagination',
        );
      } else {
        const tr = this.tags.element('TR', table);
        for (const [label, style] of labels())
          this.line(label, style, this.tags.element('TH', tr, { scope: 'Column' }));
        this.artifact(() => this.drawRule(this.y - 4));
      }
      this.y -= 4 + below;
    };
    header(false);
    return {
      row: (cells: readonly Cell[]) => {
        if (this.room(rowHeight + 5)) header(true);
        const tr = this.tags.element('TR', table);
        cells.forEach((c, i) => {
          const cell = typeof c === 'string' ? { text: c } : c;
          const last = i === cells.length - 1;
          const x = columns[i]![1];
          const next = last ? undefined : columns[i + 1]?.[1];
          const td = this.tags.element('TD', tr, { colSpan: last ? columns.length - i : 1 });
          this.line(
            cell.text,
            {
              size: cell.size ?? size,
              color: cell.color,
              x,
              width: next === undefined ? this.width - x : next - x - 4,
            },
            td,
          );
        });
        const baseline = this.y;
        this.y -= rowHeight;
        return baseline;
      },
    };
  }

  save() {
    this.tags.finish();
    return this.doc.save();
  }

  private block(text: string, style: BlockStyle, el: StructElement) {
    const { font = this.regular, size = 10, gap = 4, x = 0 } = style;
    for (const l of wrapText(text, font, size, style.width ?? this.width - x)) {
      this.room(size + 4);
      this.line(l, { ...style, font, size }, el);
      this.y -= size + 3;
    }
    this.y -= gap;
  }

  private line(text: string, style: LineStyle, el: StructElement) {
    if (!text) return; // an empty cell: the element stays, with nothing to mark
    this.tags.mark(this.page, el, () => this.put(text, style));
  }

  private put(text: string, style: LineStyle) {
    const { font = this.regular, size = 10, color = INK, x = 0, align = 'left' } = style;
    const width = style.width ?? this.width - x;
    const fitted = fitText(text, font, size, width);
    const inset = align === 'centre' ? (width - font.widthOfTextAtSize(fitted, size)) / 2 : 0;
    this.chooseFont(font);
    this.page.drawText(fitted, { x: this.margin + x + inset, y: this.y, size, color });
  }

  /**
   * Sets the page's font under one name per font (F1, F2, …). pdf-lib's own `drawText({ font })` adds the font
   * to the page's resources again under a new random name at every call: a page held dozens of copies, and
   * each name was kept by pdf-lib for the life of the process.
   */
  private chooseFont(font: PDFFont) {
    const page = this.page as unknown as { font?: PDFFont; fontKey?: PDFName };
    if (page.font === font) return;
    let key = this.fontKeys.get(font);
    if (!key) {
      key = PDFName.of(`F${this.fontKeys.size + 1}`);
      this.fontKeys.set(font, key);
    }
    this.page.node.setFontDictionary(key, font.ref);
    page.font = font;
    page.fontKey = key;
  }

  private drawRule(y = this.y) {
    this.page.drawLine({
      start: { x: this.margin, y },
      end: { x: this.margin + this.width, y },
      thickness: 0.5,
      color: MUTED,
    });
  }

  private outsideFigure(what: string) {
    if (this.figureOpen)
      throw new Error(`A figure is read as its alternative text: write ${what} outside it`);
  }
}
