import { describe, expect, it } from 'vitest';
import { massachusettsDate, massachusettsInstant } from './massachusetts-day.js';

describe('the Massachusetts day and clock', () => {
  it('names the Boston day of a UTC evening instant', () => {
    expect(massachusettsDate(new Date('2026-12-01T03:00:00Z'))).toBe('2026-11-30');
    expect(massachusettsDate(new Date('2026-07-01T03:59:00Z'))).toBe('2026-06-30');
    expect(massachusettsDate(new Date('2026-07-01T04:00:00Z'))).toBe('2026-07-01');
  });

  it('finds the instant a Boston clock shows a time, in standard and daylight time', () => {
    expect(massachusettsInstant('2026-12-14', '12:00').toISOString()).toBe('2026-12-14T17:00:00.000Z');
    expect(massachusettsInstant('2026-07-04', '12:00').toISOString()).toBe('2026-07-04T16:00:00.000Z');
    expect(massachusettsInstant('2026-11-30', '23:30').toISOString()).toBe('2026-12-01T04:30:00.000Z');
    // The days the clocks change: noon is after the change either way.
    expect(massachusettsInstant('2026-03-08', '12:00').toISOString()).toBe('2026-03-08T16:00:00.000Z');
    expect(massachusettsInstant('2026-11-01', '12:00').toISOString()).toBe('2026-11-01T17:00:00.000Z');
  });
});
