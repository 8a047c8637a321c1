// Tagged PDF (ISO 32000-1 §14.7–14.8) on top of pdf-lib, which draws but does not tag: a structure tree
// under one Document element, each piece of page content a marked-content sequence (BDC … EMC) whose MCID
// points back to its element through the parent tree, and everything else marked as an artifact. The
// catalog says the file is tagged, in US English, and that a viewer shows its title (decision 036).
import {
  type PDFArray,
  type PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';

/** The standard structure types the documents use (no role map needed). */
export type StructType =
  | 'Document'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure';

export const LANGUAGE = 'en-US';

export interface StructElement {
  readonly type: StructType;
  readonly ref: PDFRef;
  readonly dict: PDFDict;
  readonly kids: PDFArray;
  page?: PDFPage;
}

/** A table cell's or a figure's attributes (§14.8.5): a header's scope, a cell's span, a figure's box. */
export interface ElementAttributes {
  alt?: string;
  scope?: 'Column' | 'Row';
  colSpan?: number;
  bbox?: [number, number, number, number];
}

export class PdfTags {
  readonly document: StructElement;
  /**
   * Per page (by its reference, so that a page written out early is not held): its key in the parent tree
   * and, by MCID, the element each marked sequence belongs to.
   */
  private readonly pages = new Map<PDFRef, { key: number; parents: PDFRef[] }>();

  constructor(
    private readonly doc: PDFDocument,
    /** The document's language (BCP 47), which a screen reader speaks it in. */
    private readonly language: string = LANGUAGE,
  ) {
    this.document = this.create('Document'); // its parent, the tree's root, is written by finish()
  }

  /** A new element, the last child of `parent`: elements are read in the order they are made. */
  element(type: StructType, parent: StructElement, attributes: ElementAttributes = {}) {
    const el = this.create(type, parent.ref);
    parent.kids.push(el.ref);
    const { context } = this.doc;
    if (attributes.alt !== undefined) el.dict.set(PDFName.of('Alt'), PDFHexString.fromText(attributes.alt));
    const table: Record<string, string | number> = { O: 'Table' };
    if (attributes.scope) table.Scope = attributes.scope;
    if (attributes.colSpan && attributes.colSpan > 1) table.ColSpan = attributes.colSpan;
    if (Object.keys(table).length > 1) el.dict.set(PDFName.of('A'), context.obj(table));
    if (attributes.bbox) this.layout(el, attributes.bbox);
    return el;
  }

  /** Where a figure sits on its page: [left, bottom, right, top] in points. */
  layout(el: StructElement, bbox: [number, number, number, number]) {
    el.dict.set(PDFName.of('A'), this.doc.context.obj({ O: 'Layout', BBox: bbox }));
  }

  /** Whatever `draw` puts on `page`, as one marked-content sequence of `el`. */
  mark(page: PDFPage, el: StructElement, draw: () => void) {
    const entry = this.entry(page);
    const mcid = entry.parents.length;
    entry.parents.push(el.ref);
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of(el.type),
        `<< /MCID ${mcid} >>`,
      ]),
    );
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    if (!el.page) {
      el.page = page;
      el.dict.set(PDFName.of('Pg'), page.ref);
    }
    // An element's own page takes bare MCIDs; content it has on a later page, marked-content references.
    el.kids.push(
      el.page === page ? PDFNumber.of(mcid) : this.doc.context.obj({ Type: 'MCR', Pg: page.ref, MCID: mcid }),
    );
  }

  /**
   * Content that is not part of what the document says (a border, a rule, a signature line, a table's
   * header repeated on a new page): marked so that assistive technology passes over it.
   */
  artifact(page: PDFPage, draw: () => void, kind: 'Layout' | 'Pagination' = 'Layout') {
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of('Artifact'),
        `<< /Type /${kind} >>`,
      ]),
    );
    draw();
    page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
  }

  /** Writes the structure tree root, its parent tree and the catalog entries a tagged PDF needs. */
  finish() {
    const { context, catalog } = this.doc;
    const nums: unknown[] = [];
    for (const { key, parents } of this.pages.values()) nums.push(key, parents);
    const parentTree = context.register(context.obj({ Nums: nums as never }));
    const root = context.register(
      context.obj({
        Type: 'StructTreeRoot',
        K: [this.document.ref],
        ParentTree: parentTree,
        ParentTreeNextKey: this.pages.size,
      }),
    );
    this.document.dict.set(PDFName.of('P'), root);
    catalog.set(PDFName.of('StructTreeRoot'), root);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true, Suspects: false }));
    this.doc.setLanguage(this.language);
  }

  private create(type: StructType, parent?: PDFRef): StructElement {
    const kids = this.doc.context.obj([]);
    const dict = this.doc.context.obj({ Type: 'StructElem', S: type, K: kids });
    if (parent) dict.set(PDFName.of('P'), parent);
    return { type, dict, kids, ref: this.doc.context.register(dict) };
  }

  private entry(page: PDFPage) {
    let entry = this.pages.get(page.ref);
    if (!entry) {
      entry = { key: this.pages.size, parents: [] };
      this.pages.set(page.ref, entry);
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(entry.key));
      // Tab order follows the structure (PDF/UA asks it of every page that has annotations).
      page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    }
    return entry;
  }
}
