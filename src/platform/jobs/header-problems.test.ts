import { describe, expect, it } from 'vitest';
import { headerProblems } from './header-problems.js';

const MISSING = ['Given name', 'Family name', 'E-mail', 'Role', 'Start date'];

describe('a header row the import cannot use', () => {
  it('is one problem when the file is empty, not text, or none of its columns is known', () => {
    expect(headerProblems([], 0, MISSING)).toEqual([
      { row: 1, message: expect.stringMatching(/^The file is empty: .*Download the template/) },
    ]);
    expect(headerProblems(['\u0000\u0001PNG', '\u0002'], 0, MISSING)).toEqual([
      { row: 1, message: expect.stringMatching(/^This is not a CSV or spreadsheet file: .*not text/) },
    ]);
    expect(headerProblems(['Name', 'Phone number'], 0, MISSING)).toEqual([
      { row: 1, message: expect.stringMatching(/^None of the first row's columns is one this import reads/) },
    ]);
  });

  it('says a semicolon- or tab-separated file is not comma-separated, and what to save it as', () => {
    expect(headerProblems(['Medicaid_ID;Member_Name_Last;Action'], 0, MISSING)).toEqual([
      {
        row: 1,
        message: expect.stringMatching(/^The file's columns are separated by semicolons, not commas/),
      },
    ]);
    expect(headerProblems(['Medicaid_ID\tAction'], 0, MISSING)[0]!.message).toMatch(/by tabs/);
  });

  it('names each missing column when the file is the template with columns taken out', () => {
    expect(headerProblems(['Given name', 'Family name', 'E-mail'], 3, ['Role', 'Start date'])).toEqual([
      { row: 1, column: 'Role', message: 'This required column is missing from the header row' },
      { row: 1, column: 'Start date', message: 'This required column is missing from the header row' },
    ]);
  });
});
