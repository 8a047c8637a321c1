// The batch file template: instructions, the header row in the state portal's layout, three example rows,
// drop-downs for the action and the disenrollment reason, and date checks on the date columns.
import type { Writable } from 'node:stream';
import { BATCH_COLUMNS, type BatchColumn } from '@contract/enrollment/enrollment.labels.js';
import ExcelJS from 'exceljs';
import { addDropDown } from '../../platform/files/import-columns.js';
import { ACTION_CHOICES, REASON_CHOICES } from './batch-rows.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

const EXAMPLES: Partial<Record<BatchColumn, string | Date>>[] = [
  {
    Medicaid_ID: '100000000001',
    Member_Name_Last: 'Example',
    Member_Name_First: 'Enroll',
    Member_Date_of_Birth: day('1961-03-14'),
    Member_Sex: 'F',
    ACO_MCO_PID: '110000101',
    ACO_MCO_SL: 'A',
    CP_PID: '120000501',
    CP_SL: 'A',
    Action: ACTION_CHOICES[0]!,
    Effective_Date: day('2026-02-01'),
    Submitter_Notes: 'Example row: delete it before uploading',
  },
  {
    Medicaid_ID: '100000000002',
    Member_Name_Last: 'Example',
    Member_Name_First: 'Disenroll',
    Member_Date_of_Birth: day('1975-07-02'),
    Member_Sex: 'M',
    ACO_MCO_PID: '110000101',
    ACO_MCO_SL: 'A',
    CP_PID: '120000501',
    CP_SL: 'A',
    Action: ACTION_CHOICES[1]!,
    Effective_Date: day('2026-02-28'),
    Disenrollment_Reason: REASON_CHOICES[2]!,
    Submitter_Notes: 'Example row: delete it before uploading',
  },
  {
    Medicaid_ID: '100000000003',
    Member_Name_Last: 'Example',
    Member_Name_First: 'Transfer',
    Member_Date_of_Birth: day('1988-11-20'),
    Member_Sex: 'X',
    ACO_MCO_PID: '110000101',
    ACO_MCO_SL: 'A',
    CP_PID: '120000501',
    CP_SL: 'A',
    Action: ACTION_CHOICES[2]!,
    Effective_Date: day('2026-03-01'),
    Transfer_To_CP_PID: '120000602',
    Transfer_To_CP_SL: 'A',
    Submitter_Notes: 'Example row: delete it before uploading',
  },
];

const INSTRUCTIONS = [
  'Community Partner enrollment batch file',
  '',
  'One row per member on the "Batch" sheet. Keep the header row exactly as it is, on row 1. Delete the three example rows.',
  'Action: E, D or T (the list offers "E - Enroll", "D - Disenroll" and "T - Transfer"; either is read). E to enroll the member with the CP in CP_PID and CP_SL; D to disenroll them from it; T to transfer them from it to the CP in Transfer_To_CP_PID and Transfer_To_CP_SL.',
  'Medicaid_ID: the 12-digit MassHealth member ID. ACO_MCO_PID and CP_PID: 9-digit provider IDs; ACO_MCO_SL and CP_SL: one-letter service locations.',
  'Dates: a date cell, or text as YYYY-MM-DD, YYYYMMDD or M/D/YYYY.',
  'A disenrollment (D) takes effect on the last day of a month and needs a Disenrollment_Reason from the list; no other action has one.',
  'A transfer (T) needs the CP to transfer to; takes effect after the current enrollment began.',
  'No member may be enrolled again within 30 days of a disenrollment. A return after a gap of 90 days or less continues the earlier enrollment; a longer gap is a new one.',
  'The CP must partner with the ACO/MCO, serve the member’s county on the effective date, and have a free place.',
  'One row per member per file: two rows for one member are both refused.',
  'Upload the file in Concord under CP enrollment > Batch files. Tick "Check only" first to see every problem without applying anything.',
  'Concord checks every row before anything is applied: if any row has a problem, nothing is applied, and the result file lists each row with its outcome and the column to correct.',
  'A member may ask for a different Community Partner, or decline, at any time. This does not affect their MassHealth benefits.',
];

export async function writeBatchTemplate(out: Writable) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Concord';
  const help = workbook.addWorksheet('Instructions');
  help.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((line, i) => {
    help.getCell(i + 1, 1).value = line;
  });
  help.getRow(1).font = { bold: true, size: 14 };

  const sheet = workbook.addWorksheet('Batch', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = BATCH_COLUMNS.map((key) => ({
    header: key,
    key,
    width: Math.max(14, key.length + 4),
    ...(key.endsWith('Date') || key.endsWith('Birth') ? { style: { numFmt: 'yyyy-mm-dd' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const example of EXAMPLES) sheet.addRow(example);
  // Identifiers are text, so Excel keeps their leading zeros.
  for (const key of ['Medicaid_ID', 'ACO_MCO_PID', 'CP_PID', 'Transfer_To_CP_PID'] as const)
    sheet.getColumn(key).numFmt = '@';

  const column = (key: BatchColumn) => BATCH_COLUMNS.indexOf(key);
  addDropDown(workbook, sheet, {
    column: column('Action'),
    title: 'Action',
    values: ACTION_CHOICES,
    listSheet: 'Lists',
    error: 'Choose E (enroll), D (disenroll) or T (transfer).',
  });
  addDropDown(workbook, sheet, {
    column: column('Disenrollment_Reason'),
    title: 'Disenrollment reason',
    values: REASON_CHOICES,
    listSheet: 'Lists',
    listColumn: 2,
    error: 'Choose a reason from the list (only for D).',
  });
  const validations = (
    sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  for (const key of ['Member_Date_of_Birth', 'Effective_Date'] as const) {
    const letter = String.fromCharCode(65 + column(key));
    validations.add(`${letter}2:${letter}100001`, {
      type: 'date',
      operator: 'between',
      allowBlank: true,
      formulae: [day('1900-01-01'), day('2199-12-31')],
      showErrorMessage: true,
      errorTitle: key,
      error: 'Enter a date (YYYY-MM-DD).',
    });
  }
  // The drop-downs' values: out of sight, so nobody edits them by mistake.
  const lists = workbook.getWorksheet('Lists');
  if (lists) lists.state = 'hidden';
  await workbook.xlsx.write(out);
}
