import type { Writable } from 'node:stream';
import {
  ACCESSIBLE_FORMAT_LABELS,
  ACCESSIBLE_FORMATS,
  CARE_PROGRAM_LABELS,
  CARE_PROGRAMS,
} from '@contract/care/care.labels.js';
import { MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
import { addDropDown, writeImportTemplate } from '../../../platform/files/import-columns.js';
import { ROSTER_COLUMNS, type RosterKey, SEX_CODES } from './roster-import.columns.js';

const columnOf = (key: RosterKey) => ROSTER_COLUMNS.findIndex((c) => c.key === key);

/**
 * The downloadable enrollee roster template: the Enrollees sheet with an example row and drop-downs for
 * sex, county, program and accessible format (their lists on a Lists sheet), then instructions.
 */
export function writeRosterTemplate(out: Writable) {
  return writeImportTemplate(out, {
    sheet: 'Enrollees',
    columns: ROSTER_COLUMNS,
    decorate(workbook, sheet) {
      const lists = [
        { key: 'sex', title: 'Sex', values: SEX_CODES, strict: true },
        { key: 'county', title: 'County', values: MASSACHUSETTS_COUNTIES, strict: true },
        {
          key: 'program',
          title: 'Program',
          values: CARE_PROGRAMS.map((p) => CARE_PROGRAM_LABELS[p]),
          strict: true,
        },
        // Several formats may be joined in one cell ("Large print; Audio"): the list only suggests.
        {
          key: 'accessibleFormats',
          title: 'Accessible format',
          values: ACCESSIBLE_FORMATS.map((f) => ACCESSIBLE_FORMAT_LABELS[f]),
          strict: false,
        },
      ] as const;
      lists.forEach((l, i) => {
        addDropDown(workbook, sheet, {
          column: columnOf(l.key),
          title: l.title,
          values: l.values,
          listSheet: 'Lists',
          listColumn: i + 1,
          strict: l.strict,
          error: `Choose a ${l.title.toLowerCase()} from the list.`,
        });
      });
    },
    instructions: [
      'Enrollee roster import — one row per enrollee',
      '',
      'Columns marked * are required. The MassHealth ID identifies the enrollee within your plan: a row whose MassHealth ID',
      'is recorded already updates that enrollee, and a new one adds an enrollee. Each MassHealth ID may appear on one row only.',
      'MassHealth ID: 12 digits. Medicare ID (MBI): 11 characters in CMS’s format (spaces and dashes are ignored).',
      'Dates: YYYY-MM-DD, M/D/YYYY or a date cell. A date of birth whose day and month could be swapped (3/4/1961) must be',
      'written YYYY-MM-DD, so that it is never read as another day.',
      'Sex: F, M, X or U (not recorded). County: one of the fourteen Massachusetts counties. ZIP: 5 digits or ZIP+4.',
      'Accessible format: one or more of the list, joined with ";" (Large print; Audio).',
      'Program, effective date and end date: the enrollment. A row with the effective date of an enrollment already recorded',
      'sets its end date; a later effective date ends the enrollment running then on the day before and adds the new one.',
      'An end date is the last day enrolled. A member has one of One Care, ACO and MCO at a time (a Community Partner enrollment runs beside it); a later effective date ends the running enrollment the day before.',
      'Leaving a column out of the file leaves that field as it is recorded; an empty cell in a column the file has clears it.',
      'Re-importing the same file changes nothing: only enrollees whose details differ from the file are changed.',
      'Enrollees not in the file are left as they are: to end an enrollment, give its end date.',
      'If any row has a problem, nothing is imported; the result file lists each problem with its row and column.',
      'Delete the example row before you import.',
      '',
      'Programs:',
      ...CARE_PROGRAMS.map((p) => `  ${CARE_PROGRAM_LABELS[p]}`),
      'Accessible formats:',
      ...ACCESSIBLE_FORMATS.map((f) => `  ${ACCESSIBLE_FORMAT_LABELS[f]}`),
    ],
  });
}
