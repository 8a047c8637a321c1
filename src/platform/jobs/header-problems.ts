import { unreadableText } from '../files/text-encoding.js';
import type { Issue } from '../http/errors.js';

/**
 * What is wrong with a header row the import cannot use, said once when the file is not the kind of file
 * the import reads at all (empty, not text, or none of its columns), column by column otherwise.
 */
export function headerProblems(header: string[], known: number, missing: string[]): Issue[] {
  const template = 'Download the template from the import page, copy your rows into it, and import that.';
  if (header.every((cell) => cell.trim() === ''))
    return [
      { row: 1, message: `The file is empty: its first row, the header, has nothing in it. ${template}` },
    ];
  if (header.some((cell) => unreadableText(cell)))
    return [
      {
        row: 1,
        message: `This is not a CSV or spreadsheet file: its first row holds bytes that are not text. ${template}`,
      },
    ];
  if (
    known === 0 &&
    header.filter((cell) => cell.trim() !== '').length === 1 &&
    /[;\t|]/.test(header[0] ?? '')
  )
    return [
      {
        row: 1,
        message: `The file's columns are separated by ${header[0]!.includes(';') ? 'semicolons' : header[0]!.includes('\t') ? 'tabs' : 'bars'}, not commas. In Excel, save it as "CSV UTF-8 (Comma delimited)" or as a workbook (.xlsx), and upload that.`,
      },
    ];
  if (known === 0)
    return [
      {
        row: 1,
        message: `None of the first row's columns is one this import reads, so it is not the header row of the template. ${template}`,
      },
    ];
  return missing.map((column) => ({
    row: 1,
    column,
    message: 'This required column is missing from the header row',
  }));
}
