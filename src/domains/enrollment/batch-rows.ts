// A batch file's header and each row on its own: the checks that need nothing but the row (decision 061).

import { masshealthIdProblem, normaliseMasshealthId } from '@contract/care/identifiers.js';
import {
  BATCH_ACTION_LABELS,
  BATCH_ACTIONS,
  BATCH_COLUMNS,
  type BatchAction,
  type BatchColumn,
  DISENROLLMENT_REASON_LABELS,
  DISENROLLMENT_REASONS,
  type DisenrollmentReason,
} from '@contract/enrollment/enrollment.labels.js';
import { hiddenInCell } from '@contract/text/readable.js';
import { headerMapper, type ImportColumn, parseDate } from '../../platform/files/import-columns.js';
import type { Problem } from './lifecycle.js';

/** A stored cell is cut to this many characters: enough to show, never a 32,767-character cell a thousand times. */
export const STORED_CELL_LENGTH = 1_000;
const NOTES_LENGTH = 1_000;
const NAME_LENGTH = 100;

const EXAMPLES: Record<BatchColumn, string> = {
  Medicaid_ID: '100200300400',
  Member_Name_Last: 'Rivera',
  Member_Name_First: 'Ana',
  Member_Date_of_Birth: '1961-03-14',
  Member_Sex: 'F',
  ACO_MCO_PID: '110000101',
  ACO_MCO_SL: 'A',
  CP_PID: '120000501',
  CP_SL: 'A',
  Action: 'E',
  Effective_Date: '2026-02-01',
  Disenrollment_Reason: '',
  Transfer_To_CP_PID: '',
  Transfer_To_CP_SL: '',
  Submitter_Notes: '',
};

export const BATCH_IMPORT_COLUMNS: readonly ImportColumn<BatchColumn>[] = BATCH_COLUMNS.map((key) => ({
  key,
  header: key,
  required: key !== 'Submitter_Notes',
  example: EXAMPLES[key],
  aliases: [],
}));

export const mapBatchHeader = headerMapper(BATCH_IMPORT_COLUMNS);

/** Characters nobody sees: zero-width spaces and joiners, the word joiner, the byte-order mark, soft hyphens. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
const visible = (s: string) => s.replace(INVISIBLE, '').trim();
/** The columns of free text, kept as written (a joiner may belong in a name). */
const FREE_TEXT = new Set<BatchColumn>(['Member_Name_Last', 'Member_Name_First', 'Submitter_Notes']);

/** What a row reads as, for the checks across rows. */
export interface ReadRow {
  medicaidId: string | null;
  dateOfBirth: string | null;
  action: BatchAction | null;
  effectiveOn: string | null;
  reason: DisenrollmentReason | null;
  cpPid: string | null;
  cpSl: string | null;
  toPid: string | null;
  toSl: string | null;
  acoPid: string | null;
  acoSl: string | null;
}

/** "E", "e", "E - Enroll" as E. */
function actionOf(text: string): BatchAction | null {
  const code = text.split(/\s*[-–:]\s*/)[0]!.toUpperCase();
  return (BATCH_ACTIONS as readonly string[]).includes(code) ? (code as BatchAction) : null;
}

const reasonByText = new Map<string, DisenrollmentReason>();
for (const reason of DISENROLLMENT_REASONS) {
  reasonByText.set(reason.toLowerCase(), reason);
  reasonByText.set(DISENROLLMENT_REASON_LABELS[reason].toLowerCase(), reason);
}
/** "MOVED", "moved", "MOVED - Moved out of the service area", or the label alone. */
function reasonOf(text: string): DisenrollmentReason | null {
  const lower = text.toLowerCase();
  return reasonByText.get(lower) ?? reasonByText.get(lower.split(/\s+[-–]\s+/)[0]!) ?? null;
}

/** The drop-down's entries: "MOVED - Moved out of the service area". */
export const REASON_CHOICES = DISENROLLMENT_REASONS.map((r) => `${r} - ${DISENROLLMENT_REASON_LABELS[r]}`);
export const ACTION_CHOICES = BATCH_ACTIONS.map((a) => `${a} - ${BATCH_ACTION_LABELS[a]}`);

/** A date as the state's files write it (YYYYMMDD), or as `parseDate` reads it. */
export function batchDate(text: string): string | null {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return parseDate(compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text);
}

/**
 * Reads and checks one row: its cells as they will be kept (in the template's order, cut to a length), what
 * it reads as, and every problem found in it alone, each naming its column.
 */
export function readBatchRow(
  raw: string[],
  index: Map<BatchColumn, number>,
  today: string,
): { cells: string[]; row: ReadRow; problems: Problem[] } {
  const cell = (c: BatchColumn) => {
    const i = index.get(c);
    return i === undefined ? '' : (raw[i] ?? '').trim();
  };
  // IDs, codes and dates are kept as read, without characters nobody sees: they go to the state's portal.
  const cells = BATCH_COLUMNS.map((c) =>
    (FREE_TEXT.has(c) ? cell(c) : visible(cell(c))).slice(0, STORED_CELL_LENGTH),
  );
  const problems: Problem[] = [];
  const problem = (column: BatchColumn, message: string) => {
    problems.push({ column, message });
    return null;
  };
  const required = (column: BatchColumn, what: string) => {
    const value = visible(cell(column));
    return value === '' ? problem(column, `Enter the ${what}`) : value;
  };
  const long = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

  let medicaidId: string | null = normaliseMasshealthId(visible(cell('Medicaid_ID')));
  const idProblem = masshealthIdProblem(medicaidId);
  // Excel shows a long number typed into a General cell as 1.00005E+11, and keeps only its first digits.
  const mangled = /^\d(\.\d+)?E\+\d+$/i.test(medicaidId)
    ? ': Excel turned it into a number. Format the column as Text and type the IDs again'
    : '';
  if (idProblem) medicaidId = problem('Medicaid_ID', `${idProblem}${mangled}`);

  for (const [column, what] of [
    ['Member_Name_Last', 'member’s last name'],
    ['Member_Name_First', 'member’s first name'],
  ] as const) {
    const name = required(column, what);
    if (name && name.length > NAME_LENGTH)
      problem(column, `A name has at most ${NAME_LENGTH} characters; this has ${name.length}`);
  }

  const day = (column: BatchColumn, what: string) => {
    const text = required(column, what);
    if (text === null) return null;
    const parsed = batchDate(text);
    if (!parsed)
      return problem(
        column,
        `"${long(text)}" is not a date: write it as YYYY-MM-DD, YYYYMMDD or M/D/YYYY, or use a date cell`,
      );
    if (parsed < '1900-01-01' || parsed > '2199-12-31')
      return problem(column, `${parsed} is not a plausible date`);
    return parsed;
  };
  let dateOfBirth = day('Member_Date_of_Birth', 'member’s date of birth');
  if (dateOfBirth && dateOfBirth > today)
    dateOfBirth = problem('Member_Date_of_Birth', `The date of birth ${dateOfBirth} is in the future`);

  const sex = visible(cell('Member_Sex')).toUpperCase();
  if (!['M', 'F', 'U', 'X'].includes(sex))
    problem(
      'Member_Sex',
      sex === '' ? 'Enter the member’s sex: M, F, X or U' : `"${long(sex)}" is not M, F, X or U`,
    );

  const pid = (column: BatchColumn, slColumn: BatchColumn, what: string, needed: boolean) => {
    const p = visible(cell(column));
    const s = visible(cell(slColumn)).toUpperCase();
    if (!needed) {
      if (p !== '') problem(column, `Leave ${column} empty unless the action is T (transfer)`);
      if (s !== '') problem(slColumn, `Leave ${slColumn} empty unless the action is T (transfer)`);
      return [null, null] as const;
    }
    let okPid: string | null = p;
    let okSl: string | null = s;
    if (p === '') okPid = problem(column, `Enter the PID (nine digits) of the ${what}`);
    else if (!/^\d{9}$/.test(p)) okPid = problem(column, `"${long(p)}" is not a PID: nine digits`);
    if (s === '') okSl = problem(slColumn, `Enter the service location (one letter) of the ${what}`);
    else if (!/^[A-Z]$/.test(s))
      okSl = problem(slColumn, `"${long(s)}" is not a service location: one letter`);
    return [okPid, okSl] as const;
  };
  const [acoPid, acoSl] = pid('ACO_MCO_PID', 'ACO_MCO_SL', 'ACO or MCO', true);
  const [cpPid, cpSl] = pid('CP_PID', 'CP_SL', 'Community Partner', true);

  const actionText = visible(cell('Action'));
  const action = actionOf(actionText);
  if (!action)
    problem(
      'Action',
      actionText === ''
        ? 'Enter the action: E (enroll), D (disenroll) or T (transfer)'
        : `"${long(actionText)}" is not an action: E (enroll), D (disenroll) or T (transfer)`,
    );
  const effectiveOn = day('Effective_Date', 'effective date');

  const reasonText = visible(cell('Disenrollment_Reason'));
  let reason: DisenrollmentReason | null = null;
  if (action === 'D') {
    if (reasonText === '')
      problem('Disenrollment_Reason', 'A disenrollment needs its reason: choose one from the list');
    else {
      reason = reasonOf(reasonText);
      if (!reason)
        problem(
          'Disenrollment_Reason',
          `"${long(reasonText)}" is not a disenrollment reason: choose one from the list (${DISENROLLMENT_REASONS.join(', ')})`,
        );
    }
  } else if (action && reasonText !== '')
    problem('Disenrollment_Reason', 'Only a disenrollment (D) has a reason: leave it empty');

  const [toPid, toSl] =
    action === null
      ? [null, null]
      : pid('Transfer_To_CP_PID', 'Transfer_To_CP_SL', 'Community Partner to transfer to', action === 'T');

  const notes = cell('Submitter_Notes');
  if (notes.length > NOTES_LENGTH)
    problem('Submitter_Notes', `Notes have at most ${NOTES_LENGTH} characters; these have ${notes.length}`);

  // Text a person reads (names, notes) holds nothing that reorders or hides letters.
  for (const column of ['Member_Name_Last', 'Member_Name_First', 'Submitter_Notes'] as const) {
    const hidden = hiddenInCell(cell(column));
    if (hidden) problem(column, hidden);
  }

  // The cells as kept, for the result and the portal file: each value as it was read (one date format, the
  // action and reason codes, identifiers without spaces), or as given where it could not be read.
  const row = {
    medicaidId,
    dateOfBirth,
    action,
    effectiveOn,
    reason,
    cpPid,
    cpSl,
    toPid,
    toSl,
    acoPid,
    acoSl,
  };
  const read: Partial<Record<BatchColumn, string | null>> = {
    Medicaid_ID: medicaidId,
    Member_Name_Last: visible(cell('Member_Name_Last')),
    Member_Name_First: visible(cell('Member_Name_First')),
    Member_Date_of_Birth: dateOfBirth,
    Member_Sex: ['M', 'F', 'U', 'X'].includes(sex) ? sex : null,
    ACO_MCO_PID: acoPid,
    ACO_MCO_SL: acoSl,
    CP_PID: cpPid,
    CP_SL: cpSl,
    Action: action,
    Effective_Date: effectiveOn,
    Disenrollment_Reason: reason,
    Transfer_To_CP_PID: toPid,
    Transfer_To_CP_SL: toSl,
  };
  BATCH_COLUMNS.forEach((c, i) => {
    const value = read[c];
    if (value) cells[i] = value.slice(0, STORED_CELL_LENGTH);
  });
  return { cells, row, problems };
}
