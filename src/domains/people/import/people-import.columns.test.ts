import { describe, expect, it } from 'vitest';
import { parseDate } from '../../../platform/files/import-columns.js';
import { IMPORT_COLUMNS, mapHeader, validateRow } from './people-import.columns.js';

const header = IMPORT_COLUMNS.map((c) => (c.required ? `${c.header} *` : c.header));
const { index } = mapHeader(header);
const row = (over: Record<string, string> = {}) =>
  IMPORT_COLUMNS.map(
    (c) =>
      over[c.key] ??
      (
        {
          givenName: 'Maria',
          familyName: 'Santos',
          email: 'Maria.Santos@Example.org',
          npi: '1234567893',
          role: 'Care coordinator',
          startsOn: '2024-02-01',
        } as Record<string, string>
      )[c.key] ??
      '',
  );

describe('people import rows', () => {
  it('maps the template header, aliases and any column order; names missing required columns', () => {
    expect(mapHeader(header).missing).toEqual([]);
    expect(mapHeader(['EMAIL', 'First name', 'Last Name', 'role', 'Start date']).missing).toEqual([]);
    expect(mapHeader(['Given name', 'E-mail']).missing).toEqual(['Family name', 'Role', 'Role start date']);
  });

  it('cleans a good row: e-mail lower-cased, role label to code', () => {
    const result = validateRow(row(), index, 2);
    expect(result.issues).toEqual([]);
    expect(result.row).toMatchObject({
      email: 'maria.santos@example.org',
      role: 'care_coordinator',
      startsOn: '2024-02-01',
      endsOn: null,
    });
  });

  it('names the row and column of every problem', () => {
    const result = validateRow(
      row({
        email: 'not-an-email',
        npi: '1234567894',
        role: 'Wizard',
        startsOn: '2024-02-30',
        familyName: '',
      }),
      index,
      7,
    );
    expect(result.row).toBeNull();
    expect(result.issues.map((i) => [i.row, i.column])).toEqual([
      [7, 'Family name'],
      [7, 'E-mail'],
      [7, 'NPI'],
      [7, 'Role'],
      [7, 'Role start date'],
    ]);
  });

  it('reads dates as YYYY-MM-DD or M/D/YYYY and refuses impossible ones', () => {
    expect(parseDate('2024-2-9')).toBe('2024-02-09');
    expect(parseDate('11/10/2026')).toBe('2026-11-10');
    expect(parseDate('2024-02-29')).toBe('2024-02-29');
    expect(parseDate('2023-02-29')).toBeNull();
    expect(parseDate('13/01/2024')).toBeNull();
    expect(parseDate('yesterday')).toBeNull();
    expect(parseDate('45355')).toBe('2024-03-04');
    expect(parseDate('9/5/2026')).toBe('2026-09-05');
    expect(parseDate('0099-01-01')).toBeNull();
  });

  it('refuses a role that ends before it starts', () => {
    const result = validateRow(row({ endsOn: '2024-01-01' }), index, 3);
    expect(result.issues).toEqual([
      { row: 3, column: 'Role end date', message: 'Before the role start date' },
    ]);
  });
});
