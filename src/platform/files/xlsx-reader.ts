import type { Readable } from 'node:stream';
import { dayFromEpochDays } from '@contract/iso-days.js';
import {
  INFLATE_LIMITS,
  type InflateLimits,
  openXlsxArchive,
  UnreadableWorkbook,
  unreadable,
  type XlsxArchive,
} from './xlsx-archive.js';

export { UnreadableWorkbook } from './xlsx-archive.js';

/**
 * A streaming reader for the first data sheet of an XLSX workbook, made for imports: it reads the zip's
 * central directory (the upload is a file on disk), then inflates only the parts it needs — the shared
 * strings, the styles (to know which numbers are dates) and the one sheet — scanning each as it streams.
 * Memory holds the shared strings (as UTF-8) and one chunk of the sheet at a time. Values come out as
 * text: shared and inline strings, numbers, booleans ("true"/"false"), error codes, formulas' cached
 * results, and numbers shown as dates as YYYY-MM-DD. See decision 010 for why imports do not use
 * exceljs's streaming reader.
 */

/**
 * The complete `element`s (with or without a namespace prefix) in a streaming part, a batch per chunk: each
 * as its attributes and its inner text (empty when self-closing). Text between the elements is skipped.
 */
async function* elements(
  text: Readable,
  element: string,
  part: string,
  maxChars: number,
): AsyncGenerator<[string, string][]> {
  const pattern = new RegExp(
    `<(?:[\\w.-]+:)?${element}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${element}>)`,
    'g',
  );
  const opening = new RegExp(`<(?:[\\w.-]+:)?${element}\\b`);
  const tooLarge = () =>
    unreadable(
      `its part ${part} has ${element === 'row' ? 'a row' : 'an element'} larger than ${Math.round(maxChars / (1 << 20))} MB, which no spreadsheet writes`,
    );
  let buffer = '';
  let open = false; // the buffer begins with an element not yet closed
  try {
    const closing = `${element}>`;
    for await (const chunk of text) {
      // An element still open can only end in a chunk that closes one: until then, no search of it all.
      const seam = buffer.slice(-closing.length) + (chunk as string);
      buffer += chunk as string;
      if (open && !seam.includes(closing)) {
        if (buffer.length > maxChars) throw tooLarge();
        continue;
      }
      const batch: [string, string][] = [];
      pattern.lastIndex = 0;
      let kept = 0;
      let match = pattern.exec(buffer);
      while (match) {
        batch.push([match[1]!, match[2] ?? '']);
        kept = pattern.lastIndex;
        match = pattern.exec(buffer);
      }
      // Keep only an element begun and not yet ended (or a tail that may begin one): what lies between
      // elements, such as a sheet's merged cells after its rows, is not held.
      const rest = buffer.slice(kept);
      const begun = opening.exec(rest);
      open = begun !== null;
      buffer = begun ? rest.slice(begun.index) : rest.slice(-64);
      if (buffer.length > maxChars) throw tooLarge();
      yield batch;
    }
  } catch (err) {
    if (err instanceof UnreadableWorkbook) throw err;
    throw unreadable(`its part ${part} is damaged (${(err as Error).message})`);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text to a string: entities and character references, and OOXML's `_xHHHH_` escapes. */
export function xmlText(raw: string): string {
  let s = raw;
  if (s.includes('&'))
    s = s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
      if (ref[0] !== '#') return ENTITIES[ref] ?? whole;
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd'; // not a character: shown as one that is not
    });
  if (s.includes('_x'))
    s = s.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return s;
}

const attributePatterns = new Map<string, RegExp>();
function attribute(attributes: string, name: string): string | undefined {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  const match = pattern.exec(attributes);
  return match ? (match[1] ?? match[2]) : undefined;
}

const T = /<(?:[\w.-]+:)?t\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g;
const PHONETIC = /<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g;

/** The text of a string item (`<si>` or `<is>`): its runs' text together, without phonetic guides. */
function itemText(inner: string): string {
  const body = inner.includes('rPh') ? inner.replace(PHONETIC, '') : inner;
  let text = '';
  T.lastIndex = 0;
  let match = T.exec(body);
  while (match) {
    text += match[1] ?? '';
    match = T.exec(body);
  }
  return xmlText(text);
}

/** Which number formats show a date: the built-in date formats, or a format code with a day or year in it. */
function dateStyles(styles: string | null): boolean[] {
  if (!styles) return [];
  const custom = new Map<number, string>();
  for (const m of styles.matchAll(/<(?:[\w.-]+:)?numFmt\b([^>]*?)\/?>/g)) {
    const id = attribute(m[1]!, 'numFmtId');
    const code = attribute(m[1]!, 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), xmlText(code));
  }
  const isDate = (id: number) => {
    const code = custom.get(id);
    if (code !== undefined)
      return /[dy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, '').split(';')[0] ?? '');
    return (id >= 14 && id <= 17) || id === 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
  };
  const cellXfs = /<(?:[\w.-]+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?cellXfs>/.exec(styles);
  if (!cellXfs) return [];
  return [...cellXfs[1]!.matchAll(/<(?:[\w.-]+:)?xf\b([^>]*?)\/?>/g)].map((m) =>
    isDate(Number(attribute(m[1]!, 'numFmtId') ?? 0)),
  );
}

/**
 * The most shared strings a workbook may hold, and their size as UTF-8 (decision 015): a 1,000,000-row
 * people file holds about 4 million distinct texts in about 60 MB.
 */
export const SHARED_STRING_LIMITS = { count: 8_000_000, bytes: 128 << 20 };

/** The longest element (a row, a shared string) read: a spreadsheet's cell holds at most 32,767 characters. */
const MAX_ELEMENT_CHARS = 4 << 20;

/**
 * The shared strings as UTF-8 in one growing buffer with their offsets: a workbook saved by Excel keeps every
 * distinct text there (names, e-mail addresses), and as strings cut from the part's text they would cost
 * several times their size and keep that text alive.
 */
export class StringTable {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  private ends = new Int32Array(1 << 12);
  private count = 0;

  /** At most `maxCount` strings of `maxBytes` in all (UTF-8); past either, `push` refuses the workbook. */
  constructor(
    private readonly maxCount = SHARED_STRING_LIMITS.count,
    private readonly maxBytes = SHARED_STRING_LIMITS.bytes,
  ) {}

  push(text: string) {
    const room = this.used + text.length * 3;
    if (this.count >= this.maxCount || this.used + text.length > this.maxBytes)
      throw unreadable(
        `its shared strings hold more than ${this.count >= this.maxCount ? `${this.maxCount.toLocaleString('en-US')} texts` : `${Math.round(this.maxBytes / (1 << 20))} MB of text`}; split it into smaller files`,
      );
    if (room > this.bytes.length) {
      // Grows by doubling, but never much past the cap.
      const bigger = Buffer.allocUnsafe(
        Math.min(Math.max(this.bytes.length * 2, room), this.maxBytes + text.length * 3),
      );
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.used += this.bytes.write(text, this.used);
    if (this.count === this.ends.length) {
      const longer = new Int32Array(this.ends.length * 2);
      longer.set(this.ends);
      this.ends = longer;
    }
    this.ends[this.count++] = this.used;
  }

  /** The string at `index`, or '' when there is none. */
  at(index: number): string {
    if (!(index >= 0 && index < this.count)) return '';
    return this.bytes.toString('utf8', index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }
}

const DAY_MS = 86_400_000;
/** The furthest a `Date` reaches from 1970, in milliseconds. */
const MAX_TIME = 8.64e15;
/** An Excel serial day number as YYYY-MM-DD (the 1900 system counts from 1899-12-30 in practice). */
export function serialDate(serial: number, date1904 = false): string {
  const days = serial + (date1904 ? 1462 : 0) - 25_569;
  const time = Math.round(days * DAY_MS);
  // Past what a date can be (a number styled as a date by mistake): the number, for the import to refuse.
  return Math.abs(time) <= MAX_TIME ? dayFromEpochDays(Math.floor(time / DAY_MS)) : String(serial);
}

/** Resolves a relationship target against the folder of the part that holds the relationship. */
const resolveTarget = (folder: string, target: string) => {
  if (target.startsWith('/')) return target.slice(1);
  const parts = folder ? folder.split('/') : [];
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.') parts.push(piece);
  }
  return parts.join('/');
};

function relationships(rels: string | null, folder: string): Map<string, { type: string; target: string }> {
  const map = new Map<string, { type: string; target: string }>();
  for (const m of (rels ?? '').matchAll(/<(?:[\w.-]+:)?Relationship\b([^>]*?)\/?>/g)) {
    const id = attribute(m[1]!, 'Id');
    const target = attribute(m[1]!, 'Target');
    if (id && target)
      map.set(id, { type: attribute(m[1]!, 'Type') ?? '', target: resolveTarget(folder, xmlText(target)) });
  }
  return map;
}

const folderOf = (part: string) => part.slice(0, Math.max(0, part.lastIndexOf('/')));
const relsOf = (part: string) => {
  const folder = folderOf(part);
  return `${folder ? `${folder}/` : ''}_rels/${part.slice(folder ? folder.length + 1 : 0)}.rels`;
};

/** Column letters (A, Z, AA…) to a zero-based index. */
function columnIndex(reference: string): number {
  let n = 0;
  for (let i = 0; i < reference.length; i++) {
    const c = reference.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** A sheet's size in Excel: 1,048,576 rows of 16,384 columns (A to XFD). */
const MAX_ROWS = 1_048_576;
const MAX_COLUMNS = 16_384;

const VALUE = /<(?:[\w.-]+:)?v\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const INLINE = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;
const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const CELL_ATTRIBUTE = /(?:^|\s)(r|t|s)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

/**
 * Streams the rows of the workbook's first sheet whose name `skipSheet` does not match, as text cells by
 * column (a row with no cells is not yielded). `onBytes` is told how many of the file's bytes have been read.
 */
export async function* xlsxRows(
  file: string,
  options: {
    skipSheet?: RegExp;
    onBytes?: (bytesRead: number) => void;
    limits?: { inflate?: InflateLimits; sharedStrings?: { count: number; bytes: number } };
  } = {},
): AsyncGenerator<SheetRow> {
  const zip = await openXlsxArchive(file, options.limits?.inflate ?? INFLATE_LIMITS);
  try {
    yield* rowsOf(zip, options);
  } finally {
    zip.close();
  }
}

async function* rowsOf(
  zip: XlsxArchive,
  options: Parameters<typeof xlsxRows>[1] & {},
): AsyncGenerator<SheetRow> {
  const rootRels = relationships(await zip.text('_rels/.rels'), '');
  const workbookPart =
    [...rootRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = await zip.text(workbookPart);
  if (workbook === null)
    throw unreadable('it has no workbook part (is it a Word or PowerPoint file renamed?)');
  const date1904 = /<(?:[\w.-]+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbook);
  const rels = relationships(await zip.text(relsOf(workbookPart)), folderOf(workbookPart));
  const sheets = [...workbook.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*?)\/?>/g)].map((m) => ({
    name: xmlText(attribute(m[1]!, 'name') ?? ''),
    rel: /(?:^|\s)[\w.-]+:id\s*=\s*["']([^"']*)["']/.exec(m[1]!)?.[1] ?? '',
  }));
  const sheet = sheets.find((s) => !options.skipSheet?.test(s.name));
  const sheetPart = sheet ? rels.get(sheet.rel)?.target : undefined;
  if (!sheetPart || !zip.has(sheetPart)) throw unreadable('it has no worksheet to read');

  const byType = (suffix: string) => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
  const isDate = dateStyles(await zip.text(byType('/styles') ?? 'xl/styles.xml'));
  const shared = new StringTable(options.limits?.sharedStrings?.count, options.limits?.sharedStrings?.bytes);
  const sharedPart = byType('/sharedStrings') ?? 'xl/sharedStrings.xml';
  const sharedText = await zip.stream(sharedPart);
  if (sharedText)
    for await (const batch of elements(sharedText, 'si', sharedPart, MAX_ELEMENT_CHARS))
      for (const [, inner] of batch) shared.push(itemText(inner));

  const cellText = (attributes: string, inner: string): [number, string] => {
    let reference = '';
    let type = '';
    let style = 0;
    CELL_ATTRIBUTE.lastIndex = 0;
    let a = CELL_ATTRIBUTE.exec(attributes);
    while (a) {
      const value = a[2] ?? a[3] ?? '';
      if (a[1] === 'r') reference = value;
      else if (a[1] === 't') type = value;
      else style = Number(value);
      a = CELL_ATTRIBUTE.exec(attributes);
    }
    const column = reference ? columnIndex(reference) : -1;
    if (type === 'inlineStr') {
      const is = INLINE.exec(inner);
      return [column, is ? itemText(is[1]!).trim() : ''];
    }
    const v = VALUE.exec(inner);
    if (!v) return [column, ''];
    const raw = v[1]!;
    switch (type) {
      case 's':
        return [column, shared.at(Number(raw)).trim()];
      case 'str':
      case 'e':
        return [column, xmlText(raw).trim()];
      case 'b':
        return [column, raw === '1' || raw === 'true' ? 'true' : 'false'];
      case 'd':
        return [column, raw.slice(0, 10)];
      default: {
        const n = Number(raw);
        if (raw === '' || Number.isNaN(n)) return [column, raw.trim()];
        return [column, isDate[style] ? serialDate(n, date1904) : String(n)];
      }
    }
  };

  let lastRow = 0;
  const rowOf = (attributes: string, inner: string): SheetRow | null => {
    const r = Number(attribute(attributes, 'r'));
    // A row numbered past a sheet's last (1,048,576), or not at all, follows the row before it.
    const rowNumber = r >= 1 && r <= MAX_ROWS ? Math.floor(r) : lastRow + 1;
    lastRow = rowNumber;
    const cells: string[] = [];
    let any = false;
    CELL.lastIndex = 0;
    let c = CELL.exec(inner);
    while (c) {
      const [column, text] = cellText(c[1]!, c[2] ?? '');
      const at = column >= 0 ? column : cells.length;
      if (at >= MAX_COLUMNS)
        throw unreadable(
          `row ${rowNumber} of its sheet has a cell past the last column a sheet can have (XFD)`,
        );
      while (cells.length < at) cells.push('');
      cells[at] = text;
      if (text !== '') any = true;
      c = CELL.exec(inner);
    }
    return any ? { rowNumber, cells } : null;
  };
  let read = 0;
  const text = await zip.stream(sheetPart, (n) => {
    read += n;
    options.onBytes?.(read);
  });
  for await (const batch of elements(text!, 'row', sheetPart, MAX_ELEMENT_CHARS))
    for (const [attributes, inner] of batch) {
      const row = rowOf(attributes, inner);
      if (row) yield row;
    }
}
