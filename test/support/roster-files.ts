// Enrollee roster files as a plan sends them, from the synthetic enrollees: small ones for tests (CSV and
// XLSX, built like the people files), and large ones streamed for the benchmark (100,000 rows in flat memory).
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import {
  ACCESSIBLE_FORMATS,
  type CareProgram,
  type EnrolleeOptions,
  enrolleeAt,
  generateEnrollees,
  LANGUAGES,
  type Sex,
  type SyntheticEnrollee,
} from '../../src/seed/enrollees.js';
import { type IMPORT_HEADER, peopleCsv, tmpFile } from './files.js';

export const ROSTER_HEADER = [
  'MassHealth ID',
  'Medicare ID (MBI)',
  'Last name',
  'First name',
  'Date of birth',
  'Sex',
  'Address',
  'Town',
  'County',
  'ZIP',
  'Phone',
  'E-mail',
  'Preferred language',
  'Accessible format',
  'Program',
  'Effective date',
  'End date',
] as const;

const SEX: Record<Sex, string> = { female: 'F', male: 'M', other: 'X', unknown: 'U' };
export const PROGRAM_LABELS: Record<CareProgram, string> = {
  one_care: 'One Care',
  aco: 'ACO',
  mco: 'MCO',
  cp: 'Community Partners',
};

/** One enrollee as a roster row, in ROSTER_HEADER's order; dates as YYYY-MM-DD, several formats joined by "; ". */
export function rosterRow(e: SyntheticEnrollee): string[] {
  return [
    e.massHealthId,
    e.mbi,
    e.familyName,
    e.givenName,
    e.dateOfBirth,
    SEX[e.sex],
    e.addressLine,
    e.town,
    e.county,
    e.zip,
    e.phone ?? '',
    e.email ?? '',
    LANGUAGES[e.language].label,
    e.accessibleFormats.map((f) => ACCESSIBLE_FORMATS[f]).join('; '),
    PROGRAM_LABELS[e.program],
    e.effectiveOn,
    e.endsOn ?? '',
  ];
}

/** A roster CSV of these rows (or enrollees), written like a people file. */
export function rosterCsv(rows: (string[] | SyntheticEnrollee)[], header: readonly string[] = ROSTER_HEADER) {
  // peopleCsv writes any header; its type names the people template's.
  return peopleCsv(
    rows.map((r) => (Array.isArray(r) ? r : rosterRow(r))),
    [...header] as unknown as typeof IMPORT_HEADER,
  );
}

const DATE_COLUMNS = new Set([4, 15, 16]);
/** A cell as a spreadsheet holds it: dates as dates, the rest as text (IDs keep their leading zeros). */
const cell = (value: string, column: number) =>
  DATE_COLUMNS.has(column) && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value;

/** A roster XLSX like a people file: an Instructions sheet first, then Enrollees. */
export async function rosterXlsx(
  rows: (string[] | SyntheticEnrollee)[],
  header: readonly string[] = ROSTER_HEADER,
) {
  const file = tmpFile('roster.xlsx');
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Instructions').addRow(['Fill in the Enrollees sheet']);
  const sheet = workbook.addWorksheet('Enrollees');
  sheet.addRow([...header]);
  for (const r of rows) sheet.addRow((Array.isArray(r) ? r : rosterRow(r)).map(cell));
  await workbook.xlsx.writeFile(file);
  return file;
}

export interface LargeRoster extends EnrolleeOptions {
  rows: number;
  /** Rewrites a row before it is written (a flaw planted, a column changed). */
  edit?: (row: string[], index: number) => string[];
}

/** Streams a roster CSV of `rows` generated enrollees to `file`. */
export async function writeRosterCsv(file: string, spec: LargeRoster) {
  const out = createWriteStream(file);
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  let chunk = `${ROSTER_HEADER.join(',')}\r\n`;
  let i = 0;
  for (const e of generateEnrollees(spec.rows, spec)) {
    const row = spec.edit ? spec.edit(rosterRow(e), i) : rosterRow(e);
    chunk += `${row.map(quote).join(',')}\r\n`;
    if (++i % 1000 === 0) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return file;
}

/** Streams a roster XLSX of `rows` generated enrollees to `file`, as bench/generate.ts writes people. */
export async function writeRosterXlsx(file: string, spec: LargeRoster & { sharedStrings?: boolean }) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: spec.sharedStrings ?? true,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('Enrollees');
  sheet.addRow([...ROSTER_HEADER]).commit();
  let i = 0;
  for (const e of generateEnrollees(spec.rows, spec)) {
    const row = spec.edit ? spec.edit(rosterRow(e), i) : rosterRow(e);
    sheet.addRow(row.map(cell)).commit();
    i++;
  }
  sheet.commit();
  await workbook.commit();
  return file;
}

/**
 * test/fixtures/enrollee-roster.csv: 50 enrollees (indexes 900,000 on, so none is the demo's), as of
 * 15 March 2026, with four flaws at the rows its README names.
 */
export const SAMPLE_ROSTER = { seed: 19, today: '2026-03-15', first: 900_000, rows: 50 } as const;
export const SAMPLE_ROSTER_FLAWS: Record<number, (row: string[]) => string[]> = {
  // Row 7: an MBI with an S in position 2, a letter CMS never uses.
  7: (row) => set(row, 1, `${row[1]![0]}S${row[1]!.slice(2)}`),
  // Row 19: a MassHealth ID that lost a digit (11).
  19: (row) => set(row, 0, row[0]!.slice(0, 11)),
  // Row 28: the county misspelt.
  28: (row) =>
    set(row, 8, row[8] === 'Middlesex' ? 'Middlsex' : `${row[8]!.slice(0, -2)}${row[8]!.slice(-1)}`),
  // Row 41: a date of birth as a US spreadsheet writes it.
  41: (row) => set(row, 4, '3/4/1961'),
};
const set = (row: string[], column: number, value: string) => row.map((v, i) => (i === column ? value : v));

/** The sample roster's rows (1-based numbering as in the README: row 1 is the first after the header). */
export function sampleRosterRows() {
  return Array.from({ length: SAMPLE_ROSTER.rows }, (_, i) => {
    const row = rosterRow(enrolleeAt(SAMPLE_ROSTER.first + i, SAMPLE_ROSTER));
    return SAMPLE_ROSTER_FLAWS[i + 1]?.(row) ?? row;
  });
}
