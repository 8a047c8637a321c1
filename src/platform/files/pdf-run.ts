// A long tagged document (a print run of thousands of letters) written to a stream as it goes. pdf-lib keeps
// every object of a document in memory until it saves, and finds the end of its page tree by walking it, so
// 10,000 letters took gigabytes, and time growing with the square of the pages. Here each part (a letter) is
// drawn with PdfWriter's calls; when the next part starts, the finished part's objects — its pages, their
// content, their structure elements — are written out and dropped. What the whole document shares (the fonts,
// embedded once as one subset of every part's characters; the page tree; the structure tree's root and
// parent tree; the catalog and metadata) is written at the end. Objects other than streams go into
// compressed object streams, found through a cross-reference stream (PDF 1.5).
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { deflateSync } from 'node:zlib';
import {
  PDFContentStream,
  PDFDocument,
  PDFHeader,
  PDFName,
  type PDFObject,
  PDFPage,
  PDFRef,
  PDFStream,
} from 'pdf-lib';
import { embedFonts } from './pdf-fonts.js';
import { type DocumentFacts, describeDocument } from './pdf-metadata.js';
import { PdfWriter } from './pdf-text.js';

/** Pages under one node of the page tree, so a reader finds a page without reading every other. */
const PAGES_PER_NODE = 256;
/** Objects in one object stream at most (a part's fit in one). */
const OBJECTS_PER_STREAM = 500;
/** Bytes gathered before they are handed to the stream. */
const CHUNK = 1 << 16;
const LETTER: [number, number] = [612, 792];
const latin1 = (s: string) => Buffer.from(s, 'latin1');

function bytesOf(object: { sizeInBytes(): number; copyBytesInto(b: Uint8Array, o: number): number }) {
  const bytes = Buffer.allocUnsafe(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return bytes;
}

/** Bytes to a stream in chunks, counting them (objects are found by offset), waiting when it is full. */
class Output {
  offset = 0;
  private pending: Buffer[] = [];
  private size = 0;
  constructor(private readonly out: Writable) {}

  async write(bytes: Buffer) {
    this.offset += bytes.length;
    this.pending.push(bytes);
    this.size += bytes.length;
    if (this.size >= CHUNK) await this.drain();
  }

  async drain() {
    if (this.size === 0) return;
    const chunk = Buffer.concat(this.pending, this.size);
    this.pending = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}

/** Where each object is: at an offset in the file (1), or the n-th in an object stream (2). Grows as needed. */
class Locations {
  type = new Uint8Array(1024);
  field = new Uint32Array(1024);
  index = new Uint16Array(1024);
  set(n: number, type: 1 | 2, field: number, index = 0) {
    if (n >= this.type.length) {
      const size = Math.max(n + 1, this.type.length * 2);
      const grow = <T extends Uint8Array | Uint16Array | Uint32Array>(a: T, make: (n: number) => T) => {
        const b = make(size);
        b.set(a);
        return b;
      };
      this.type = grow(this.type, (s) => new Uint8Array(s));
      this.field = grow(this.field, (s) => new Uint32Array(s));
      this.index = grow(this.index, (s) => new Uint16Array(s));
    }
    this.type[n] = type;
    this.field[n] = field;
    this.index[n] = index;
  }
  /** The cross-reference stream's rows for objects 0 to size - 1: type (1 byte), offset or stream (4), index (2). */
  rows(size: number) {
    const rows = Buffer.alloc(size * 7);
    for (let n = 0; n < size; n++) {
      const at = n * 7;
      const type = n < this.type.length ? this.type[n]! : 0;
      rows[at] = type;
      if (type === 0) {
        rows.writeUInt16BE(n === 0 ? 65535 : 0, at + 5); // free: generation 65535 for object 0
        continue;
      }
      rows.writeUInt32BE(this.field[n]!, at + 1);
      rows.writeUInt16BE(this.index[n]!, at + 5);
    }
    return rows;
  }
}

/** The page tree: pages in groups of PAGES_PER_NODE under the catalog's root, the groups made at the end. */
class PageGroups {
  private readonly groups: { ref: PDFRef; kids: PDFRef[] }[] = [];
  pages = 0;
  constructor(private readonly doc: PDFDocument) {}

  add(size: [number, number]) {
    let group = this.groups.at(-1);
    if (!group || group.kids.length === PAGES_PER_NODE) {
      group = { ref: this.doc.context.nextRef(), kids: [] }; // its number now, its object at the end
      this.groups.push(group);
    }
    const page = PDFPage.create(this.doc);
    page.setSize(size[0], size[1]);
    page.node.setParent(group.ref);
    group.kids.push(page.ref);
    this.pages++;
    return page;
  }

  finish() {
    const { context, catalog } = this.doc;
    const rootRef = catalog.get(PDFName.of('Pages')) as PDFRef;
    const root = catalog.Pages();
    for (const g of this.groups) {
      const node = { Type: 'Pages', Parent: rootRef, Kids: g.kids, Count: g.kids.length };
      context.assign(g.ref, context.obj(node));
      root.Kids().push(g.ref);
    }
    root.set(PDFName.of('Count'), context.obj(this.pages));
  }
}

/**
 * A PdfWriter whose document goes to `out` part by part: call `part()` before each part but the first (it
 * writes out the part before, then starts a new page), and `close()` at the end. Memory holds one part at a
 * time, whatever the length of the run (and a few bytes per object written).
 */
export class PdfRunWriter extends PdfWriter {
  private readonly where = new Locations();
  /** Objects numbered up to here are written: at first, those the whole document shares (kept to the end). */
  private flushedUpTo: number;

  private constructor(
    private readonly output: Output,
    private readonly tree: PageGroups,
    doc: PDFDocument,
    fonts: Awaited<ReturnType<typeof embedFonts>>,
    pageSize: [number, number],
    margin: number,
    language?: string,
  ) {
    super(doc, fonts.regular, fonts.bold, pageSize, margin, language, (_doc, size) => tree.add(size));
    this.flushedUpTo = doc.context.largestObjectNumber;
  }

  static async open(
    out: Writable,
    meta: DocumentFacts & { pageSize?: [number, number]; margin?: number },
  ): Promise<PdfRunWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    describeDocument(doc, meta);
    const fonts = await embedFonts(doc);
    const output = new Output(out);
    await output.write(bytesOf(PDFHeader.forVersion(1, 7)));
    await output.write(latin1('\n\n'));
    const size = meta.pageSize ?? LETTER;
    return new PdfRunWriter(output, new PageGroups(doc), doc, fonts, size, meta.margin ?? 36, meta.language);
  }

  /** How many pages so far. */
  get pages() {
    return this.tree.pages;
  }

  /** Writes out the part just drawn, and starts the next on a new page. */
  async part() {
    const { context } = this.doc;
    const last = context.largestObjectNumber;
    const finished: [PDFRef, PDFObject][] = [];
    for (let n = this.flushedUpTo + 1; n <= last; n++) {
      const ref = PDFRef.of(n);
      const object = context.lookup(ref);
      if (!object) continue; // a number kept for an object made at the end (a page tree node)
      finished.push([ref, object]);
      context.delete(ref);
    }
    this.flushedUpTo = last;
    await this.writeAll(finished);
    this.newPage();
  }

  override save(): Promise<Uint8Array> {
    throw new Error('A print run is written as it goes: end it with close(), not save()');
  }

  /** Writes what the whole document shares and the cross-reference stream; `out` then has the whole file. */
  async close() {
    this.tags.finish();
    this.tree.finish();
    await this.doc.flush(); // the fonts' subsets: every character any part used
    const { context } = this.doc;
    await this.writeAll(context.enumerateIndirectObjects());
    const xrefRef = context.nextRef();
    const size = context.largestObjectNumber + 1;
    this.where.set(xrefRef.objectNumber, 1, this.output.offset);
    const rows = deflateSync(this.where.rows(size));
    const dict = context.obj({
      Type: 'XRef',
      Size: size,
      W: [1, 4, 2],
      Root: context.trailerInfo.Root,
      Info: context.trailerInfo.Info,
      Filter: 'FlateDecode',
      Length: rows.length,
    });
    const at = this.output.offset;
    await this.output.write(latin1(`${xrefRef.objectNumber} 0 obj\n`));
    await this.output.write(Buffer.concat([bytesOf(dict), latin1('\nstream\n'), rows]));
    await this.output.write(latin1(`\nendstream\nendobj\n\nstartxref\n${at}\n%%EOF\n`));
    await this.output.drain();
  }

  /** Streams each as an object of its own; every other object into compressed object streams. */
  private async writeAll(objects: [PDFRef, PDFObject][]) {
    const plain: [PDFRef, PDFObject][] = [];
    for (const [ref, object] of objects) {
      if (object instanceof PDFStream) await this.writeStream(ref, object);
      else plain.push([ref, object]);
    }
    for (let i = 0; i < plain.length; i += OBJECTS_PER_STREAM)
      await this.writeObjectStream(plain.slice(i, i + OBJECTS_PER_STREAM));
  }

  private async writeStream(ref: PDFRef, stream: PDFStream) {
    this.where.set(ref.objectNumber, 1, this.output.offset);
    // Page content is compressed by zlib here rather than by pdf-lib's JavaScript deflate: a third of the time.
    const object =
      stream instanceof PDFContentStream
        ? this.doc.context.stream(deflateSync(stream.getUnencodedContents()), { Filter: 'FlateDecode' })
        : stream;
    await this.output.write(latin1(`${ref.objectNumber} 0 obj\n`));
    await this.output.write(bytesOf(object));
    await this.output.write(latin1('\nendobj\n\n'));
  }

  private async writeObjectStream(objects: [PDFRef, PDFObject][]) {
    const ref = this.doc.context.nextRef();
    const heads: string[] = [];
    const bodies: Buffer[] = [];
    let offset = 0;
    objects.forEach(([r, object], i) => {
      const body = bytesOf(object);
      heads.push(`${r.objectNumber} ${offset}`);
      bodies.push(body, latin1('\n'));
      offset += body.length + 1;
      this.where.set(r.objectNumber, 2, ref.objectNumber, i);
    });
    const head = latin1(`${heads.join(' ')}\n`);
    const content = deflateSync(Buffer.concat([head, ...bodies]));
    const dict = this.doc.context.obj({
      Type: 'ObjStm',
      N: objects.length,
      First: head.length,
      Filter: 'FlateDecode',
      Length: content.length,
    });
    this.where.set(ref.objectNumber, 1, this.output.offset);
    await this.output.write(latin1(`${ref.objectNumber} 0 obj\n`));
    await this.output.write(Buffer.concat([bytesOf(dict), latin1('\nstream\n'), content]));
    await this.output.write(latin1('\nendstream\nendobj\n\n'));
    this.flushedUpTo = Math.max(this.flushedUpTo, ref.objectNumber);
  }
}
