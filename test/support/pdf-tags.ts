import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
  PDFDocument as PdfLib,
} from 'pdf-lib';
import { expect } from 'vitest';

/**
 * What a PDF/UA checker or a screen reader makes of a PDF: the catalog's and the metadata's promises, the
 * structure tree read in order (a figure by its alternative text), and every way the tree and the pages
 * can disagree. The file is read twice, by pdf-lib (the objects as written) and by pdf.js (as Firefox's
 * viewer reads them: its structure tree per page, its text by marked-content sequence, what it paints).
 */
export interface TaggedPdf {
  tagged: boolean;
  lang: string | null;
  title: string | null;
  xmpTitle: string | null;
  pdfuaPart: string | null;
  displayDocTitle: boolean;
  /** Every element's type, in structure order. */
  structure: string[];
  /** Every element that holds content or alternative text, in structure order. */
  elements: { type: string; text: string; alt: string | null }[];
  /** What is read aloud, one element a line; a figure as its alternative text. */
  reading: string[];
  headings: { level: number; text: string }[];
  /** Each table's rows, as header (TH) or data (TD) cells with their text. */
  tables: TableCell[][][];
  /** Text a viewer draws that sits in an artifact (read by nobody). */
  artifacts: string[];
  problems: string[];
}

type Key = `${number}:${number}`;
export interface TableCell {
  type: string;
  text: string;
  scope: string | null;
  span: number;
}

export async function readTaggedPdf(bytes: Uint8Array | Buffer): Promise<TaggedPdf> {
  const data = new Uint8Array(bytes);
  const lib = await PdfLib.load(data, { updateMetadata: false });
  const problems: string[] = [];
  const { catalog } = lib;
  const look = (o: PDFObject | undefined) => (o instanceof PDFRef ? lib.context.lookup(o) : o);
  const markInfo = look(catalog.get(PDFName.of('MarkInfo')));
  const prefs = look(catalog.get(PDFName.of('ViewerPreferences')));
  const lang = catalog.get(PDFName.of('Lang'));

  // pdf.js: text per marked-content sequence, painting outside any sequence, its own structure tree.
  // unpdf's pdf.js, the one `pdfText` uses: two builds in one process would share a worker of one version.
  const pdfjs = await (await import('unpdf')).getResolvedPDFJS();
  const doc = await pdfjs.getDocument({ data: data.slice(), verbosity: 0 }).promise;
  const pageText = new Map<Key, string>();
  const artifacts: string[] = [];
  const onPages = new Set<Key>();
  let tagged = false;
  let xmpTitle: string | null = null;
  let pdfuaPart: string | null = null;
  try {
    const marked = await doc.getMarkInfo();
    const meta = await doc.getMetadata();
    for (let p = 0; p < doc.numPages; p++) {
      const page = await doc.getPage(p + 1);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const stack: (Key | 'artifact' | null)[] = [];
      for (const item of content.items) {
        if ('type' in item) {
          if (item.type === 'endMarkedContent') stack.pop();
          else if ((item as { tag?: string }).tag === 'Artifact') stack.push('artifact');
          else {
            const mcid = item.id ? Number(/_mc(\d+)$/.exec(item.id)?.[1]) : Number.NaN;
            const key = Number.isInteger(mcid) ? (`${p}:${mcid}` as Key) : null;
            if (key) onPages.add(key);
            stack.push(key);
          }
          continue;
        }
        if (!item.str.trim()) continue;
        const top = stack.at(-1);
        if (top === 'artifact') artifacts.push(item.str);
        else if (top) pageText.set(top, `${pageText.get(top) ?? ''}${item.str}`);
        else problems.push(`page ${p + 1}: text outside any marked content: "${item.str}"`);
      }
      // Firefox's reader builds each page's tree from the parent tree: it must name only sequences there.
      const tree = await page.getStructTree();
      const ids: string[] = [];
      const walk = (n: unknown) => {
        const node = n as { type?: string; id?: string; children?: unknown[] };
        if (node.type === 'content' && node.id) ids.push(node.id);
        for (const c of node.children ?? []) walk(c);
      };
      if (tree) walk(tree);
      else problems.push(`page ${p + 1}: pdf.js finds no structure tree`);
      for (const id of ids) {
        const mcid = Number(/_mc(\d+)$/.exec(id)?.[1]);
        if (!onPages.has(`${p}:${mcid}`))
          problems.push(`page ${p + 1}: pdf.js tree names missing MCID ${mcid}`);
      }
    }
    tagged = marked?.Marked === true && markedInLib(markInfo);
    xmpTitle = meta.metadata?.get('dc:title') ?? null;
    pdfuaPart = meta.metadata?.get('pdfuaid:part') ?? null;
  } finally {
    await doc.destroy();
  }

  // pdf-lib: what each page paints outside any marked-content sequence.
  lib.getPages().forEach((page, p) => {
    const unmarked = unmarkedPainting(page.node.Contents(), lib);
    if (unmarked) problems.push(`page ${p + 1}: ${unmarked} drawing operations neither tagged nor artifact`);
  });

  // pdf-lib: the structure tree as written, read depth first.
  const pages = lib.getPages().map((p) => p.ref);
  const pageIndex = (ref: PDFObject | undefined) => pages.indexOf(ref as PDFRef);
  const referenced = new Map<Key, PDFRef>();
  const elements: TaggedPdf['elements'] = [];
  const structure: string[] = [];
  const reading: string[] = [];
  const headings: TaggedPdf['headings'] = [];
  const tables: TaggedPdf['tables'] = [];
  const text = (o: PDFObject | undefined) =>
    o instanceof PDFHexString || o instanceof PDFString ? o.decodeText() : null;
  const name = (o: PDFObject | undefined) => (o instanceof PDFName ? o.decodeText() : null);

  const visit = (ref: PDFRef, inherited: { table?: TableCell[][]; row?: TableCell[] }) => {
    const el = lib.context.lookup(ref, PDFDict);
    const type = name(el.get(PDFName.of('S'))) ?? '?';
    structure.push(type);
    const alt = text(el.get(PDFName.of('Alt')));
    const attrs = look(el.get(PDFName.of('A')));
    const attr = (key: string) => (attrs instanceof PDFDict ? look(attrs.get(PDFName.of(key))) : undefined);
    const ownPage = pageIndex(el.get(PDFName.of('Pg')));
    let own = '';
    const kids = look(el.get(PDFName.of('K')));
    const list = kids instanceof PDFArray ? kids.asArray() : kids ? [kids] : [];
    let context = inherited;
    if (type === 'Table') {
      context = { table: [] };
      tables.push(context.table!);
    } else if (type === 'TR') {
      context = { ...inherited, row: [] };
      inherited.table?.push(context.row!);
    }
    const contentOf = (page: number, mcid: number) => {
      const key: Key = `${page}:${mcid}`;
      if (page < 0) problems.push(`${type}: MCID ${mcid} on no page`);
      else if (!onPages.has(key)) problems.push(`${type}: MCID ${mcid} is not on page ${page + 1}`);
      if (referenced.has(key))
        problems.push(`${type}: MCID ${mcid} of page ${page + 1} belongs to two elements`);
      referenced.set(key, ref);
      own += `${own && pageText.get(key) ? ' ' : ''}${pageText.get(key) ?? ''}`;
    };
    const children: PDFRef[] = [];
    for (const kid of list) {
      if (kid instanceof PDFNumber) contentOf(ownPage, kid.asNumber());
      else {
        const k = look(kid);
        if (!(k instanceof PDFDict)) continue;
        if (name(k.get(PDFName.of('Type'))) === 'MCR') {
          const mcid = k.get(PDFName.of('MCID'));
          contentOf(pageIndex(k.get(PDFName.of('Pg'))), mcid instanceof PDFNumber ? mcid.asNumber() : -1);
        } else if (kid instanceof PDFRef) children.push(kid);
      }
    }
    if (own || alt !== null) elements.push({ type, text: own, alt });
    if (type === 'Figure') reading.push(`[Figure] ${alt ?? '(no alternative text)'}`);
    else if (own) reading.push(own);
    const level = /^H(\d)$/.exec(type);
    if (level) headings.push({ level: Number(level[1]), text: own });
    if (type === 'TH' || type === 'TD') {
      const span = attr('ColSpan');
      context.row?.push({
        type,
        text: own,
        scope: name(attr('Scope')),
        span: span instanceof PDFNumber ? span.asNumber() : 1,
      });
    }
    if (type !== 'Figure') for (const c of children) visit(c, context);
  };

  const rootObj = look(catalog.get(PDFName.of('StructTreeRoot')));
  if (rootObj instanceof PDFDict) {
    const k = rootObj.get(PDFName.of('K'));
    const top = look(k);
    for (const r of top instanceof PDFArray ? top.asArray() : [k]) if (r instanceof PDFRef) visit(r, {});
    checkParentTree(lib, rootObj, pages, referenced, problems);
  } else problems.push('no StructTreeRoot in the catalog');
  for (const key of onPages)
    if (!referenced.has(key)) problems.push(`marked content ${key} (page:MCID) belongs to no element`);
  problems.push(...fontProblems(lib));

  return {
    tagged,
    lang: text(lang),
    title: lib.getTitle() ?? null,
    xmpTitle,
    pdfuaPart,
    displayDocTitle:
      prefs instanceof PDFDict && prefs.get(PDFName.of('DisplayDocTitle'))?.toString() === 'true',
    structure,
    elements,
    reading,
    headings,
    tables,
    artifacts,
    problems,
  };
}

const PAINT = new Set([
  'Tj',
  'TJ',
  "'",
  '"',
  'S',
  's',
  'f',
  'F',
  'f*',
  'B',
  'B*',
  'b',
  'b*',
  'Do',
  'sh',
  'BI',
]);

/** How many text-showing, path-painting, image or shading operators stand outside BMC/BDC … EMC. */
function unmarkedPainting(contents: PDFObject | undefined, lib: PDFDocument) {
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  let source = '';
  for (const s of streams) {
    const stream = s instanceof PDFRef ? lib.context.lookup(s) : s;
    if (stream instanceof PDFRawStream)
      source += `${Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')}\n`;
  }
  // Operands are skipped whole (strings may hold any byte); what is left are operators.
  const token = /\((?:\\.|[^\\)])*\)|<<|>>|<[0-9A-Fa-f\s]*>|\/[^\s/<>[\]()]*|[-+.\d]+|[[\]]|([A-Za-z'"*]+)/g;
  let depth = 0;
  let unmarked = 0;
  for (const m of source.matchAll(token)) {
    const op = m[1];
    if (!op) continue;
    if (op === 'BMC' || op === 'BDC') depth++;
    else if (op === 'EMC') depth--;
    else if (PAINT.has(op) && depth <= 0) unmarked++;
  }
  return unmarked;
}

function markedInLib(markInfo: PDFObject | undefined) {
  return markInfo instanceof PDFDict && markInfo.get(PDFName.of('Marked'))?.toString() === 'true';
}

/** Each page's StructParents key leads, through the parent tree, from an MCID back to its element. */
function checkParentTree(
  lib: PDFDocument,
  root: PDFDict,
  pages: PDFRef[],
  referenced: Map<Key, PDFRef>,
  problems: string[],
) {
  const nums = new Map<number, PDFObject>();
  const collect = (node: PDFObject | undefined) => {
    const n = node instanceof PDFRef ? lib.context.lookup(node) : node;
    if (!(n instanceof PDFDict)) return;
    const pairs = n.lookupMaybe(PDFName.of('Nums'), PDFArray)?.asArray() ?? [];
    for (let i = 0; i + 1 < pairs.length; i += 2) nums.set((pairs[i] as PDFNumber).asNumber(), pairs[i + 1]!);
    for (const kid of n.lookupMaybe(PDFName.of('Kids'), PDFArray)?.asArray() ?? []) collect(kid);
  };
  collect(root.get(PDFName.of('ParentTree')));
  for (const [key, element] of referenced) {
    const [page, mcid] = key.split(':').map(Number) as [number, number];
    const node = lib.context.lookup(pages[page]!, PDFDict);
    const sp = node.get(PDFName.of('StructParents'));
    if (!(sp instanceof PDFNumber)) {
      problems.push(`page ${page + 1} has content in the tree but no StructParents`);
      continue;
    }
    const entry = nums.get(sp.asNumber());
    const arr = entry instanceof PDFRef ? lib.context.lookup(entry) : entry;
    const back = arr instanceof PDFArray ? arr.get(mcid) : undefined;
    if (back !== element)
      problems.push(`parent tree: MCID ${mcid} of page ${page + 1} leads to another element`);
  }
}

/** Every font embedded, and with a ToUnicode map so its text copies and reads aloud as written. */
function fontProblems(lib: PDFDocument) {
  const problems: string[] = [];
  for (const [, obj] of lib.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type'))?.toString() !== '/Font') continue;
    const subtype = obj.get(PDFName.of('Subtype'))?.toString();
    if (subtype === '/CIDFontType2' || subtype === '/CIDFontType0') continue; // checked through its Type0 parent
    const base = obj.get(PDFName.of('BaseFont'))?.toString() ?? '?';
    if (!obj.get(PDFName.of('ToUnicode'))) problems.push(`font ${base} has no ToUnicode map`);
    const descendants = obj.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray);
    const font = descendants ? lib.context.lookup(descendants.get(0), PDFDict) : obj;
    const descriptor = font.lookupMaybe(PDFName.of('FontDescriptor'), PDFDict);
    const embedded = ['FontFile', 'FontFile2', 'FontFile3'].some((k) => descriptor?.get(PDFName.of(k)));
    if (!embedded) problems.push(`font ${base} is not embedded`);
  }
  return problems;
}

/**
 * The checks every document people read must pass (decision 036): tagged, in US English, titled (in XMP
 * too) with the title shown, a tree whose every piece of content is on its page and every piece of page
 * content in the tree or an artifact, headings from H1 without skipped levels, alternative text on every
 * figure, table headers with a scope and rows as wide as the header, and fonts that extract as written.
 */
export async function expectAccessiblePdf(bytes: Uint8Array | Buffer, title?: string | RegExp) {
  const pdf = await readTaggedPdf(bytes);
  expect(pdf.problems).toEqual([]);
  expect(pdf.tagged).toBe(true);
  expect(pdf.lang).toBe('en-US');
  expect(pdf.displayDocTitle).toBe(true);
  expect(pdf.title).toBeTruthy();
  expect(pdf.xmpTitle).toBe(pdf.title);
  if (title) expect(pdf.title).toMatch(title);
  expect(pdf.headings[0]?.level).toBe(1);
  pdf.headings.forEach((h, i) => {
    expect(h.text).not.toBe('');
    if (i) expect(h.level, `heading "${h.text}"`).toBeLessThanOrEqual(pdf.headings[i - 1]!.level + 1);
  });
  for (const f of pdf.elements.filter((e) => e.type === 'Figure')) expect(f.alt).toMatch(/\w{3}/);
  for (const table of pdf.tables) {
    const [header, ...rows] = table;
    expect(header?.every((c) => c.type === 'TH' && c.scope === 'Column')).toBe(true);
    for (const row of rows) {
      expect(row.every((c) => c.type === 'TD')).toBe(true);
      expect(row.reduce((n, c) => n + c.span, 0)).toBe(header!.length);
    }
  }
  return pdf;
}

/** Asserts that `parts` are read in this order (each a substring of what is read aloud). */
export function expectReadInOrder(pdf: TaggedPdf, parts: readonly string[]) {
  const all = pdf.reading.join('\n');
  let from = 0;
  for (const part of parts) {
    const at = all.indexOf(part, from);
    expect(at, `"${part}" read after "${parts[parts.indexOf(part) - 1] ?? ''}"`).toBeGreaterThanOrEqual(0);
    from = at + part.length;
  }
}
