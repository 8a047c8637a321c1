import type { Writable } from 'node:stream';
import { isCalendarDay } from '@contract/iso-days.js';
import ExcelJS from 'exceljs';
import { serialDate } from './xlsx-reader.js';

/** One column of an import file: its template header, whether it is required, and other names accepted. */
export interface ImportColumn<K extends string = string> {
  key: K;
  header: string;
  required: boolean;
  example: string;
  aliases: readonly string[];
}

export const normaliseHeader = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** A spreadsheet's column letters for a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(i: number): string {
  return (i >= 26 ? columnLetters(Math.floor(i / 26) - 1) : '') + String.fromCharCode(65 + (i % 26));
}

/**
 * Reads a header row against the columns: which cell holds each column (case, spacing, punctuation and a
 * trailing "*" ignored; aliases accepted), which required columns are missing, and which are named by more
 * than one cell (`twice`, as "Medicaid_ID (columns A and F)"; the first is read). Unknown columns are ignored.
 */
export function headerMapper<K extends string>(columns: readonly ImportColumn<K>[]) {
  const byName = new Map<string, K>();
  for (const c of columns)
    for (const name of [c.header, c.key, ...c.aliases]) byName.set(normaliseHeader(name), c.key);
  return (header: string[]): { index: Map<K, number>; missing: string[]; twice: string[] } => {
    const cellsOf = new Map<K, number[]>();
    header.forEach((h, i) => {
      const key = byName.get(normaliseHeader(h));
      if (key) cellsOf.set(key, [...(cellsOf.get(key) ?? []), i]);
    });
    const index = new Map([...cellsOf].map(([key, cells]) => [key, cells[0]!] as const));
    const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
    const twice = columns
      .filter((c) => (cellsOf.get(c.key)?.length ?? 0) > 1)
      .map((c) => {
        const letters = cellsOf.get(c.key)!.map(columnLetters);
        return `${c.header} (columns ${letters.slice(0, -1).join(', ')} and ${letters.at(-1)})`;
      });
    return { index, missing, twice };
  };
}

/** A row's trimmed cell for a column ('' when the column or the cell is absent). */
export function cellGetter<K extends string>(cells: string[], index: Map<K, number>) {
  return (key: K) => {
    const i = index.get(key);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
}

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const US_DAY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * A date as YYYY-MM-DD from YYYY-MM-DD, M/D/YYYY or an Excel date serial (what a date cell holds when the
 * sheet is streamed without styles); null when it is not a real date.
 */
export function parseDate(text: string): string | null {
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    // 1950-01-01 to 2149-12-31: anything else in a date column is more likely a typo than a date.
    if (serial < 18_264 || serial > 91_310) return null;
    return serialDate(serial);
  }
  let y: number;
  let m: number;
  let d: number;
  let match = ISO_DAY.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = US_DAY.exec(text);
    if (!match) return null;
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  // A year before 100 is a typo (and was never taken).
  if (y < 100 || !isCalendarDay(y, m, d)) return null;
  if (text.length === 10 && text[4] === '-') return text; // already YYYY-MM-DD, the usual case
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An import template: the data sheet (required headers marked *, one example row, header frozen), then an
 * Instructions sheet, which the reader skips. `decorate` adds lists and validations to the workbook.
 */
export async function writeImportTemplate(
  out: Writable,
  spec: {
    sheet: string;
    columns: readonly ImportColumn[];
    instructions: string[];
    decorate?: (workbook: ExcelJS.Workbook, sheet: ExcelJS.Worksheet) => void;
  },
) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Concord';
  const sheet = workbook.addWorksheet(spec.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c) => ({
    header: c.required ? `${c.header} *` : c.header,
    key: c.key,
    width: Math.max(16, c.header.length + 6),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(Object.fromEntries(spec.columns.map((c) => [c.key, c.example])));
  spec.decorate?.(workbook, sheet);
  const help = workbook.addWorksheet('Instructions');
  help.getColumn(1).width = 110;
  spec.instructions.forEach((line, i) => {
    help.getCell(i + 1, 1).value = line;
  });
  help.getRow(1).font = { bold: true, size: 14 };
  await workbook.xlsx.write(out);
}

/**
 * A drop-down on a template's column: its values listed in column `listColumn` (A = 1) of the `listSheet`
 * sheet (added when the workbook has none), and a list validation on the column's cells. `strict` refuses
 * a value not on the list; otherwise the list is a suggestion (several values joined in one cell, say).
 */
export function addDropDown(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  spec: {
    column: number;
    title: string;
    values: readonly string[];
    listSheet: string;
    listColumn?: number;
    strict?: boolean;
    /** What a refused value is told; "Choose a value from the list." unless said. */
    error?: string;
  },
) {
  const listColumn = spec.listColumn ?? 1;
  const lists = workbook.getWorksheet(spec.listSheet) ?? workbook.addWorksheet(spec.listSheet);
  spec.values.forEach((v, i) => {
    lists.getCell(i + 1, listColumn).value = v;
  });
  const letter = (n: number) => String.fromCharCode(64 + n);
  const column = letter(spec.column + 1);
  const strict = spec.strict ?? true;
  // exceljs supports range validations but does not declare them in its types.
  (
    sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations.add(`${column}2:${column}100001`, {
    type: 'list',
    allowBlank: !strict,
    formulae: [`'${spec.listSheet}'!$${letter(listColumn)}$1:$${letter(listColumn)}$${spec.values.length}`],
    showErrorMessage: strict,
    errorTitle: spec.title,
    error: spec.error ?? 'Choose a value from the list.',
  });
}
