import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatTime, plural } from '../../web/src/format.js';

/**
 * Figures read the same on every page, and times are Massachusetts times whatever the browser's zone:
 * attestation times were shown in the reader's own zone (decision 039).
 */
describe('figures, dates and times as the web app shows them', () => {
  it('groups thousands', () => {
    expect([formatNumber(1634), formatNumber(0), formatNumber(1_250_000)]).toEqual([
      '1,634',
      '0',
      '1,250,000',
    ]);
  });

  it('writes a UTC evening instant as the Massachusetts day and time, with its zone', () => {
    // 2026-12-01 at 00:30 UTC is still 30 November in Boston, at 7:30 in the evening.
    const evening = '2026-12-01T00:30:00Z';
    expect(formatDate(evening)).toBe('Nov 30, 2026');
    expect(formatDateTime(evening)).toBe('Nov 30, 2026, 7:30 PM EST');
    expect(formatTime(new Date(evening))).toBe('7:30 PM EST');
    // In summer the zone is daylight time.
    expect(formatDateTime('2026-07-01T23:15:00Z')).toBe('Jul 1, 2026, 7:15 PM EDT');
  });

  it('keeps a calendar day as it is, never shifted by a zone', () => {
    expect(formatDate('2026-11-30')).toBe('Nov 30, 2026');
    expect(formatDate('2027-01-01')).toBe('Jan 1, 2027');
  });

  it('puts the noun in the singular for one and the plural otherwise', () => {
    expect(plural(1, 'attempt')).toBe('1 attempt');
    expect(plural(2, 'attempt')).toBe('2 attempts');
    expect(plural(0, 'attempt')).toBe('0 attempts');
    expect(plural(1, 'person', 'people')).toBe('1 person');
    expect(plural(1634, 'person', 'people')).toBe('1,634 people');
  });
});
