import { describe, expect, it } from 'vitest';
import { csvLine } from '../db/copy.js';
import { attachment, safeCell } from './export.js';

describe('spreadsheet safety', () => {
  it('escapes cells a spreadsheet would run as formulas', () => {
    for (const s of ['=HYPERLINK("x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])
      expect(safeCell(s)).toBe(`'${s}`);
    expect(safeCell('Maria Santos')).toBe('Maria Santos');
    expect(safeCell(42)).toBe(42);
    expect(safeCell(null)).toBeNull();
  });
});

describe('COPY CSV lines', () => {
  it('keeps NULL and empty text apart and quotes separators', () => {
    expect(csvLine(['a', null, '', 'x,y', 'say "hi"', 3])).toBe('a,,"","x,y","say ""hi""",3\n');
  });
});

describe('download names', () => {
  it('keeps the exact UTF-8 name and gives an ASCII fallback a header can carry', () => {
    expect(attachment('Nguyễn Thị Lan "staff"-result.xlsx')).toBe(
      `attachment; filename="Nguyen Thi Lan staff-result.xlsx"; filename*=UTF-8''${encodeURIComponent('Nguyễn Thị Lan "staff"-result.xlsx')}`,
    );
  });
});
