// The identified-member list's template: the header row in the layout MassHealth sends, one example row, and
// instructions. A list as MassHealth sends it needs no template; an ACO's or MCO's own identification may.
import type { Writable } from 'node:stream';
import { writeImportTemplate } from '../../platform/files/import-columns.js';
import { IDENTIFICATION_IMPORT_COLUMNS } from './identification-rows.js';

const INSTRUCTIONS = [
  'Identified-member list for Community Partner supports',
  'One row per member, in the layout of MassHealth’s quarterly list; the columns marked * are read, the others may stay empty.',
  'Medicaid_ID: the member’s 12-digit MassHealth ID. The member must be on your roster (Enrollees) first.',
  'ACO_MCO_PID and ACO_MCO_SL: your organisation’s own PID (nine digits) and service location (one letter).',
  'CP_Type: BH or LTSS. CP_PID and CP_SL: the Community Partner suggested, if any, as in the CP directory.',
  'Dates (Member_Date_of_Birth, Enrollment_Start_Date, Record_Update_Date): YYYYMMDD, YYYY-MM-DD, M/D/YYYY or a date cell.',
  'DMH_Flag, DDS_Flag, EOEA_Flag: Y or N. Record_Status: A (active: identifies the member) or I (inactive: ends it).',
  'The same member twice: the row with the later Record_Update_Date is used. A record older than the one kept changes nothing.',
  'If any row is refused, nothing is applied: the result file names each row and column to correct.',
];

export const writeIdentificationTemplate = (out: Writable) =>
  writeImportTemplate(out, {
    sheet: 'Identified members',
    columns: IDENTIFICATION_IMPORT_COLUMNS,
    instructions: INSTRUCTIONS,
  });
