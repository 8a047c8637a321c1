import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS } from '../src/domains/people/index.js';
import { generatePeople } from '../src/seed/generator.js';

/**
 * A people import workbook of `rows` rows in the template's shape, plus two columns the import ignores
 * (12 in all, as spreadsheets from HR systems usually carry extra columns). `first` offsets the generated
 * sequence (see generatePeople), so that a file's NPIs and e-mails are not those of the demo dataset. Written with the streaming writer,
 * its text in a shared-strings table as Excel saves it, or inline in each cell (`sharedStrings: false`).
 */
export async function writePeopleWorkbook(
  file: string,
  rows: number,
  { sharedStrings = true, seed = 11, first = 0 } = {},
) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: sharedStrings,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('People');
  sheet.addRow([...IMPORT_COLUMNS.map((c) => c.header), 'Employee ID', 'Notes']).commit();
  let i = 0;
  for (const p of generatePeople(rows, { seed, domain: 'bench.example', first })) {
    i++;
    sheet
      .addRow([
        p.givenName,
        p.familyName,
        p.email,
        p.npi ?? '',
        p.phone,
        p.title ?? '',
        p.role,
        p.team ?? '',
        p.startsOn,
        p.endsOn ?? '',
        '', // Supervisor email
        `E${i}`,
        '',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}
