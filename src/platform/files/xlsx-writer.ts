// A streaming XLSX writer for large workbooks of plain rows (decision 062): each sheet's XML is written as
// text, a page of rows at a time, and zipped by yazl as it is read, so memory holds one chunk of a sheet
// whatever its length, and the rows are pulled only as fast as the output takes them. Cells are inline
// strings, numbers and booleans, without styles; the header row stays in view, as `writeXlsxSheets` of
// export.ts (exceljs) writes them. exceljs builds a cell object per value and did not wait for its output:
// a 100,000-row, 19-column batch result took about 6 s and its memory grew with the rows.
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { Sheet } from '../http/export.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/**
 * A sheet's deflate level: the fastest. Its XML repeats itself, so the file is only about 15% larger than at
 * zlib's default, which took a third more of the writing's time.
 */
const LEVEL = 1;
/** A sheet's XML is handed to the zip in pieces of about this many characters. */
const PIECE = 1 << 16;

/**
 * Characters XML 1.0 cannot hold (controls other than tab and line ends, U+FFFE and U+FFFF, half surrogate
 * pairs), as U+FFFD, as export.ts does; and the markup characters as entities.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what it finds
const NEEDS_CARE = /[<>&"\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' };
export const xmlText = (s: string) =>
  NEEDS_CARE.test(s) ? s.replace(NOT_XML, '\uFFFD').replace(/[<>&"]/g, (c) => ENTITIES[c]!) : s;
/** Leading or trailing spaces, or line breaks, are kept only when the text says so. */
const SPACED = /^\s|\s$|\n/;

/** A, B, …, Z, AA, AB, … */
function columnName(i: number) {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function cellXml(ref: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'number')
    return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : cellXml(ref, String(value));
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  const text = xmlText(value);
  return SPACED.test(text)
    ? `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`
    : `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
}

/** One sheet's XML, in pieces, its rows read as the zip asks for more. */
async function* sheetXml(spec: Sheet<unknown>) {
  const names = spec.columns.map((_, i) => columnName(i));
  let xml = `${HEAD}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`;
  spec.columns.forEach((c, i) => {
    const width = c.width ?? Math.max(12, c.header.length + 2);
    xml += `<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"/>`;
  });
  xml += '</cols><sheetData><row r="1">';
  spec.columns.forEach((c, i) => {
    xml += cellXml(`${names[i]}1`, c.header);
  });
  xml += '</row>';
  let r = 1;
  for await (const row of spec.rows) {
    r++;
    xml += `<row r="${r}">`;
    for (let i = 0; i < spec.columns.length; i++)
      xml += cellXml(`${names[i]}${r}`, spec.columns[i]!.value(row));
    xml += '</row>';
    if (xml.length >= PIECE) {
      yield xml;
      xml = '';
    }
  }
  yield `${xml}</sheetData></worksheet>`;
}

/**
 * A workbook of several sheets, streamed one after another into `out` (which it ends); each sheet's name cut
 * to Excel's 31 characters, without the characters Excel refuses in one.
 */
export async function writeXlsxSheets(out: Writable, sheets: Sheet<unknown>[]): Promise<void> {
  const zip = new ZipFile();
  const add = (name: string, text: string) => zip.addBuffer(Buffer.from(text), name);
  const names = sheets.map((s) => s.name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31));
  add(
    '[Content_Types].xml',
    `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${names
      .map(
        (_, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join('')}</Types>`,
  );
  add(
    '_rels/.rels',
    `${HEAD}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  add(
    'xl/workbook.xml',
    `${HEAD}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView/></bookViews><sheets>${names
      .map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
  );
  add(
    'xl/_rels/workbook.xml.rels',
    `${HEAD}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">${names
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join(
        '',
      )}<Relationship Id="rId${names.length + 1}" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
  );
  add(
    'xl/styles.xml',
    `${HEAD}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  );
  // A sheet whose rows fail (a database read, say) fails the workbook: the output is destroyed with it.
  let failed: unknown;
  sheets.forEach((spec, i) => {
    const xml = Readable.from(sheetXml(spec));
    xml.once('error', (err) => {
      failed ??= err;
      (zip.outputStream as Readable).destroy(err);
    });
    zip.addReadStream(xml, `xl/worksheets/sheet${i + 1}.xml`, { compressionLevel: LEVEL });
  });
  zip.end();
  try {
    await pipeline(zip.outputStream, out);
  } catch (err) {
    throw failed ?? err;
  }
}
