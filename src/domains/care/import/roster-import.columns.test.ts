import { describe, expect, it } from 'vitest';
import {
  mapRosterHeader,
  parseBirthDate,
  ROSTER_COLUMNS,
  validateRosterRow,
} from './roster-import.columns.js';

const header = ROSTER_COLUMNS.map((c) => (c.required ? `${c.header} *` : c.header));
const { index } = mapRosterHeader(header);
const GOOD: Record<string, string> = {
  masshealthId: '1000 1234 5678',
  mbi: '1eg4-te5-mk73',
  familyName: 'Santos',
  givenName: 'Maria',
  dateOfBirth: '1968-04-21',
  sex: 'f',
  address: '12 Elm Street, Apt 2',
  town: 'Lowell',
  county: 'middlesex county',
  postalCode: '1852',
  phone: '978-555-0142',
  email: 'Maria.Santos@Example.org',
  preferredLanguage: 'Portuguese',
  accessibleFormats: 'Large print; ASL; large print',
  program: 'one care',
  effectiveOn: '2026-01-01',
  endsOn: '',
};
const row = (over: Record<string, string> = {}) =>
  ROSTER_COLUMNS.map((c) => over[c.key] ?? GOOD[c.key] ?? '');

describe('roster rows', () => {
  it('maps the roster header in any order and names the required columns missing', () => {
    expect(mapRosterHeader(header).missing).toEqual([]);
    expect(mapRosterHeader(['MBI', 'Last name', 'First name', 'DOB']).missing).toEqual([
      'MassHealth ID',
      'Program',
      'Effective date',
    ]);
  });

  it('cleans a good row: identifiers normalised, county, ZIP, sex, formats and program to their stored values', () => {
    const { row: r, issues } = validateRosterRow(row(), index, 2);
    expect(issues).toEqual([]);
    expect(r).toMatchObject({
      masshealthId: '100012345678',
      mbi: '1EG4TE5MK73',
      sex: 'female',
      county: 'Middlesex',
      postalCode: '01852',
      email: 'maria.santos@example.org',
      accessibleFormats: ['large_print', 'asl_interpreter'],
      program: 'one_care',
      endsOn: null,
    });
  });

  it('keeps what a file without a column does not say, and clears what an empty cell says', () => {
    const noPhone = mapRosterHeader(header.filter((h) => h !== 'Phone')).index;
    const cells = row().filter((_, i) => header[i] !== 'Phone');
    expect(validateRosterRow(cells, noPhone, 2).row?.phone).toBeUndefined();
    expect(validateRosterRow(row({ phone: '' }), index, 2).row?.phone).toBeNull();
  });

  it('refuses a phone number the API would refuse, as the enrollee form does', () => {
    const { issues } = validateRosterRow(row({ phone: 'ask the neighbour' }), index, 4);
    expect(issues).toEqual([expect.objectContaining({ row: 4, column: 'Phone' })]);
    expect(validateRosterRow(row({ phone: '(978) 555-0142 x12' }), index, 4).issues).toEqual([]);
  });

  it('names the row and column of every problem', () => {
    const { row: r, issues } = validateRosterRow(
      row({
        masshealthId: '12345',
        mbi: '1EG4TE5MK7O',
        county: 'Hampdn',
        sex: 'Q',
        postalCode: '123',
        accessibleFormats: 'Large print; Smoke signals',
        program: 'PACE',
        effectiveOn: '2026-02-30',
      }),
      index,
      9,
    );
    expect(r).toBeNull();
    expect(issues.map((i) => [i.row, i.column])).toEqual([
      [9, 'MassHealth ID'],
      [9, 'Medicare ID (MBI)'],
      [9, 'Sex'],
      [9, 'County'],
      [9, 'ZIP'],
      [9, 'Accessible format'],
      [9, 'Program'],
      [9, 'Effective date'],
    ]);
  });

  it('reads a date of birth as the people import reads dates, but refuses one whose day and month could be swapped', () => {
    expect(parseBirthDate('1961-03-04')).toEqual({ date: '1961-03-04' });
    expect(parseBirthDate('3/24/1961')).toEqual({ date: '1961-03-24' });
    expect(parseBirthDate('3/3/1961')).toEqual({ date: '1961-03-03' });
    expect(parseBirthDate('3/4/1961')).toEqual({
      problem:
        '"3/4/1961" could be 4 March or 3 April 1961: write the date of birth as YYYY-MM-DD (1961-03-04 or 1961-04-03)',
    });
    expect(parseBirthDate('22344')).toEqual({ date: '1961-03-04' });
    expect(parseBirthDate('15000')).toEqual({ date: '1941-01-24' });
    expect(parseBirthDate('2999-01-01')).toEqual({ problem: '2999-01-01 is in the future' });
    expect(parseBirthDate('yesterday')).toEqual({ problem: '"yesterday" is not a date; use YYYY-MM-DD' });
  });

  it('refuses an end before the effective date, and an enrollment before birth', () => {
    expect(validateRosterRow(row({ endsOn: '2025-12-31' }), index, 3).issues).toEqual([
      { row: 3, column: 'End date', message: 'Before the effective date' },
    ]);
    expect(validateRosterRow(row({ effectiveOn: '1960-01-01' }), index, 3).issues).toEqual([
      { row: 3, column: 'Effective date', message: 'Before the date of birth' },
    ]);
  });

  it('names a character that does not show in an identifier, rather than quoting it looking right', () => {
    expect(validateRosterRow(row({ masshealthId: '2000000\u200b09101' }), index, 3).issues).toEqual([
      {
        row: 3,
        column: 'MassHealth ID',
        message: expect.stringMatching(/^Contains an invisible character \(U\+200B\)/),
      },
    ]);
  });

  it('takes the dates the API takes: in a year Concord keeps, in effect at most a year ahead', () => {
    const today = '2026-03-15';
    const issues = (over: Record<string, string>) => validateRosterRow(row(over), index, 3, today).issues;
    expect(issues({ effectiveOn: '2199-06-01' })).toEqual([
      {
        row: 3,
        column: 'Effective date',
        message: '"2199-06-01" is not within a year from today (on or before 2027-03-15)',
      },
    ]);
    expect(issues({ endsOn: '9999-12-31' })).toEqual([
      { row: 3, column: 'End date', message: '"9999-12-31" is not between 1900 and 2199' },
    ]);
    expect(issues({ effectiveOn: '2027-03-15' })).toEqual([]);
  });
});
