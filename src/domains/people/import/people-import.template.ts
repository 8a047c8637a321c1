import type { Writable } from 'node:stream';
import { ROLE_KINDS, ROLE_LABELS } from '@contract/people/people.schemas.js';
import { addDropDown, writeImportTemplate } from '../../../platform/files/import-columns.js';
import { IMPORT_COLUMNS } from './people-import.columns.js';

/** The downloadable people import template: the People sheet with an example row and a role list, then instructions. */
export function writePeopleTemplate(out: Writable) {
  return writeImportTemplate(out, {
    sheet: 'People',
    columns: IMPORT_COLUMNS,
    decorate(workbook, sheet) {
      addDropDown(workbook, sheet, {
        column: IMPORT_COLUMNS.findIndex((c) => c.key === 'role'),
        title: 'Role',
        values: ROLE_KINDS.map((r) => ROLE_LABELS[r]),
        listSheet: 'Roles',
        error: 'Choose a role from the list.',
      });
    },
    instructions: [
      'People import — one row per person and role',
      '',
      'Columns marked * are required. A person with several roles has one row per role, with the same e-mail address.',
      'E-mail identifies the person: one identity across organisations. Someone already known to Concord keeps their name,',
      'e-mail and NPI, which are only changed if your organisation created them; your rows add their roles at your organisation.',
      'Phone, title and team are your organisation’s own: another organisation that works with the person keeps its own, and neither sees the other’s.',
      'Leaving a column out of the file leaves that field as it is recorded: a file without the Phone column changes no one’s phone.',
      'An empty cell in a column the file has clears the field: an empty Phone cell removes the phone recorded for that person.',
      'This holds for NPI, Phone, Title, Team, Role end date and Supervisor email.',
      'Supervisor email: whom the person reports to at your organisation; escalations about their overdue training go there.',
      'It must be someone with a role at your organisation already, or on a row of this file.',
      'NPI: 10 digits; the check digit is verified. Dates: YYYY-MM-DD (or M/D/YYYY). Leave the role end date empty while the role continues.',
      'Re-importing the same rows is safe: an existing role (same person, role and start date) has its end date and team updated.',
      'If any row has a problem, nothing is imported; the result file lists each problem with its row and column.',
      'Delete the example row before you import.',
      '',
      'Roles:',
      ...ROLE_KINDS.map((r) => `  ${ROLE_LABELS[r]}`),
    ],
  });
}
