import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayFromEpochDays, isCalendarDay } from './iso-days.js';

const DAY = 86_400_000;

describe('ISO days', () => {
  it('counts days from 1970 as Date does, in every year from 0 to 9999 and beyond', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 3_000_000 }), (n) => {
        expect(dayFromEpochDays(n)).toBe(new Date(n * DAY).toISOString().slice(0, 10));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [0, -1, -719_528, 2_932_896, 2_932_897, 60 * 365])
      expect(dayFromEpochDays(n)).toBe(new Date(n * DAY).toISOString().slice(0, 10));
    expect(() => dayFromEpochDays(Number.NaN)).toThrow(RangeError);
  });

  it('knows the calendar: month lengths and leap years', () => {
    expect(isCalendarDay(2024, 2, 29)).toBe(true);
    expect(isCalendarDay(2023, 2, 29)).toBe(false);
    expect(isCalendarDay(1900, 2, 29)).toBe(false);
    expect(isCalendarDay(2000, 2, 29)).toBe(true);
    expect(isCalendarDay(2026, 4, 31)).toBe(false);
    expect(isCalendarDay(2026, 13, 1)).toBe(false);
    expect(isCalendarDay(2026, 1, 0)).toBe(false);
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 9_999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const date = new Date(Date.UTC(y, m - 1, d));
          const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
          expect(isCalendarDay(y, m, d)).toBe(real);
        },
      ),
    );
  });

  it('adds days and months across month ends and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });
});
