// An identified-member list's header and each row on its own: the checks that need nothing but the row. The
// list comes as MassHealth and the ACOs/MCOs write it, flaws included: stray spaces, codes in either case
// (`a`, `bh`), dates as YYYYMMDD, M/D/YYYY, YYYY-MM-DD or Excel serials, and IDs Excel cut short.
import { masshealthIdProblem, normaliseMasshealthId } from '@contract/care/identifiers.js';
import type { CpType } from '@contract/enrollment/assignment.labels.js';
import {
  AGENCY_FLAGS,
  type AgencyFlag,
  IDENTIFICATION_COLUMNS,
  IDENTIFICATION_READ_COLUMNS,
  type IdentificationColumn,
} from '@contract/enrollment/identification.schemas.js';
import { hiddenInCell } from '@contract/text/readable.js';
import { headerMapper, type ImportColumn } from '../../platform/files/import-columns.js';
import { batchDate } from './batch-rows.js';

const EXAMPLES: Partial<Record<IdentificationColumn, string>> = {
  Medicaid_ID: '100200300400',
  Member_Name_Last: 'Rivera',
  Member_Name_First: 'Ana',
  Member_Date_of_Birth: '19610314',
  ACO_MCO_PID: '110000101',
  ACO_MCO_SL: 'A',
  CP_Type: 'BH',
  CP_PID: '120000501',
  CP_SL: 'A',
  Enrollment_Start_Date: '20260201',
  Start_Reason_Desc: 'MassHealth identified',
  DMH_Flag: 'N',
  DDS_Flag: 'N',
  EOEA_Flag: 'N',
  Record_Status: 'A',
  Record_Update_Date: '20260115',
};

/** A row's problem, naming its column. */
export interface Problem {
  column: IdentificationColumn;
  message: string;
}

const READ = new Set<string>(IDENTIFICATION_READ_COLUMNS);
export const IDENTIFICATION_IMPORT_COLUMNS: readonly ImportColumn<IdentificationColumn>[] =
  IDENTIFICATION_COLUMNS.map((key) => ({
    key,
    header: key,
    required: READ.has(key),
    example: EXAMPLES[key] ?? '',
    aliases: [],
  }));

export const mapIdentificationHeader = headerMapper(IDENTIFICATION_IMPORT_COLUMNS);

/** Characters nobody sees: zero-width spaces and joiners, the word joiner, the byte-order mark, soft hyphens. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
const visible = (s: string) => s.replace(INVISIBLE, '').trim();
const long = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/** One row as read: what it says, or null where it could not be read (its problem names the column). */
export interface IdentificationRow {
  rowNumber: number;
  medicaidId: string | null;
  /** The Medicaid_ID cell as written (spaces trimmed), for the result file when it could not be read. */
  idAsGiven: string;
  dateOfBirth: string | null;
  acoPid: string | null;
  acoSl: string | null;
  cpType: CpType | null;
  /** The suggested CP's PID and location, when the row names one. */
  cpPid: string | null;
  cpSl: string | null;
  startsOn: string | null;
  startReason: string | null;
  agencyFlags: AgencyFlag[];
  status: 'A' | 'I' | null;
  updatedOn: string | null;
  problems: Problem[];
}

const FLAG_WORDS: Record<string, boolean> = {
  Y: true,
  YES: true,
  '1': true,
  N: false,
  NO: false,
  '0': false,
  '': false,
};
const START_REASON_LENGTH = 500;

/** Reads and checks one row of the list on its own; `today` bounds the record's date. */
export function readIdentificationRow(
  raw: string[],
  index: Map<IdentificationColumn, number>,
  rowNumber: number,
  today: string,
): IdentificationRow {
  const cell = (c: IdentificationColumn) => {
    const i = index.get(c);
    return i === undefined ? '' : visible(raw[i] ?? '');
  };
  const problems: Problem[] = [];
  const problem = (column: IdentificationColumn, message: string) => {
    problems.push({ column, message });
    return null;
  };

  let medicaidId: string | null = normaliseMasshealthId(cell('Medicaid_ID'));
  const idProblem = masshealthIdProblem(medicaidId);
  if (idProblem) {
    // Excel drops a leading zero from an ID typed into a General cell, and shows a long one as 1.2E+11.
    const hint = /^\d{11}$/.test(medicaidId)
      ? ': if it began with 0, Excel dropped it. Format the column as Text and type the ID again'
      : /^\d(\.\d+)?E\+\d+$/i.test(medicaidId)
        ? ': Excel turned it into a number. Format the column as Text and type the IDs again'
        : '';
    medicaidId = problem('Medicaid_ID', `${idProblem}${hint}`);
  }

  const day = (column: IdentificationColumn, what: string, required: boolean) => {
    const text = cell(column);
    if (text === '') return required ? problem(column, `Enter the ${what}`) : null;
    const parsed = batchDate(text);
    if (!parsed)
      return problem(
        column,
        `"${long(text)}" is not a date: write it as YYYYMMDD, YYYY-MM-DD or M/D/YYYY, or use a date cell`,
      );
    if (parsed < '1900-01-01' || parsed > '2199-12-31')
      return problem(column, `${parsed} is not a plausible date`);
    return parsed;
  };
  let dateOfBirth = day('Member_Date_of_Birth', 'member’s date of birth', true);
  if (dateOfBirth && dateOfBirth > today)
    dateOfBirth = problem('Member_Date_of_Birth', `The date of birth ${dateOfBirth} is after today`);

  const pidOf = (
    column: IdentificationColumn,
    slColumn: IdentificationColumn,
    what: string,
    required: boolean,
  ) => {
    const pid = cell(column);
    const sl = cell(slColumn).toUpperCase();
    if (!required && pid === '' && sl === '') return [null, null] as const;
    let okPid: string | null = pid;
    let okSl: string | null = sl;
    if (pid === '') okPid = problem(column, `Enter the PID (nine digits) of the ${what}`);
    else if (!/^\d{9}$/.test(pid)) okPid = problem(column, `"${long(pid)}" is not a PID: nine digits`);
    if (sl === '') okSl = problem(slColumn, `Enter the service location (one letter) of the ${what}`);
    else if (!/^[A-Z]$/.test(sl))
      okSl = problem(slColumn, `"${long(sl)}" is not a service location: one letter`);
    return [okPid, okSl] as const;
  };
  const [acoPid, acoSl] = pidOf('ACO_MCO_PID', 'ACO_MCO_SL', 'ACO or MCO', true);
  const [cpPid, cpSl] = pidOf('CP_PID', 'CP_SL', 'Community Partner', false);

  const typeText = cell('CP_Type').toUpperCase();
  let cpType: CpType | null = null;
  if (typeText === 'BH' || typeText === 'LTSS') cpType = typeText;
  else if (typeText !== '') problem('CP_Type', `"${long(cell('CP_Type'))}" is not a CP type: BH or LTSS`);

  const agencyFlags: AgencyFlag[] = [];
  for (const flag of AGENCY_FLAGS) {
    const column = `${flag}_Flag` as IdentificationColumn;
    const value = FLAG_WORDS[cell(column).toUpperCase()];
    if (value === undefined) problem(column, `"${long(cell(column))}" is not Y or N`);
    else if (value) agencyFlags.push(flag);
  }

  const statusText = cell('Record_Status').toUpperCase();
  const status =
    statusText === 'A' || statusText === 'ACTIVE'
      ? 'A'
      : statusText === 'I' || statusText === 'INACTIVE'
        ? 'I'
        : problem(
            'Record_Status',
            statusText === ''
              ? 'Enter the record status: A (active) or I (inactive)'
              : `"${long(cell('Record_Status'))}" is not a record status: A (active) or I (inactive)`,
          );
  let updatedOn = day('Record_Update_Date', 'day the record was last updated', true);
  if (updatedOn && updatedOn > today)
    updatedOn = problem('Record_Update_Date', `The record’s date ${updatedOn} is after today`);
  // An active record says from when the member is identified; an inactive one ends on its record's date.
  const startsOn = day('Enrollment_Start_Date', 'day the identification starts', status === 'A');

  const reason = cell('Start_Reason_Desc');
  if (reason.length > START_REASON_LENGTH)
    problem('Start_Reason_Desc', `Has at most ${START_REASON_LENGTH} characters; this has ${reason.length}`);
  const hidden = hiddenInCell(reason);
  if (hidden) problem('Start_Reason_Desc', hidden);

  return {
    rowNumber,
    medicaidId,
    idAsGiven: long(cell('Medicaid_ID')),
    dateOfBirth,
    acoPid,
    acoSl,
    cpType,
    cpPid,
    cpSl,
    startsOn,
    startReason: reason === '' ? null : reason.slice(0, START_REASON_LENGTH),
    agencyFlags,
    status,
    updatedOn,
    problems,
  };
}

/**
 * The same member on several rows: the record with the later Record_Update_Date wins (the same date: the later
 * row); each other row is replaced by it. Rows without a readable ID or date are left to their own problems.
 */
export function latestPerMember(rows: readonly IdentificationRow[]) {
  const winner = new Map<string, IdentificationRow>();
  for (const r of rows) {
    if (!r.medicaidId || !r.updatedOn) continue;
    const kept = winner.get(r.medicaidId);
    if (!kept || r.updatedOn >= kept.updatedOn!) winner.set(r.medicaidId, r);
  }
  const replacedBy = new Map<number, number>();
  for (const r of rows) {
    const w = r.medicaidId && r.updatedOn ? winner.get(r.medicaidId) : undefined;
    if (w && w !== r) replacedBy.set(r.rowNumber, w.rowNumber);
  }
  return replacedBy;
}

/** The row number of the list's whole header among a file's first rows (below a title, say), or null. */
export async function headerBelow(rows: AsyncIterable<{ rowNumber: number; cells: string[] }>) {
  let looked = 0;
  for await (const { rowNumber, cells } of rows) {
    if (mapIdentificationHeader(cells).missing.length === 0) return rowNumber;
    if (++looked === 10) break;
  }
  return null;
}
