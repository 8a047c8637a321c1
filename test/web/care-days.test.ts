import { describe, expect, it } from 'vitest';
import { futureContact, timesOnSharedDays, withDays } from '../../web/src/pages/care/days.js';

describe('days and times on the care pages', () => {
  it('writes the server’s calendar days in the app’s date format', () => {
    expect(withDays('Not counted: phone, reached, 10 January 2024; a successful contact')).toBe(
      'Not counted: phone, reached, Jan 10, 2024; a successful contact',
    );
    expect(withDays('Due 2026-11-03, 90 days after the enrollment on 2026-08-05')).toBe(
      'Due Nov 3, 2026, 90 days after the enrollment on Aug 5, 2026',
    );
  });

  it('gives the time of the contacts that share a Massachusetts day, and of no other', () => {
    const at = new Map([
      ['a', '2026-11-03T14:30:00Z'], // 9:30 AM EST on Nov 3
      ['b', '2026-11-03T20:05:00Z'], // 3:05 PM EST on Nov 3
      ['c', '2026-11-04T03:00:00Z'], // 10:00 PM EST on Nov 3 as well
      ['d', '2026-11-05T15:00:00Z'],
    ]);
    const times = timesOnSharedDays(['a', 'b', 'c', 'd', 'unknown'], at);
    expect(Object.fromEntries(times)).toEqual({
      a: '9:30 AM EST',
      b: '3:05 PM EST',
      c: '10:00 PM EST',
    });
  });
});

describe('a contact logged for a moment still to come', () => {
  // Noon EST on Nov 3, 2026.
  const now = new Date('2026-11-03T17:00:00Z');

  it('is refused on the Day field when the day is still to come, whatever the time', () => {
    expect(futureContact('2026-11-04', '08:00', now)?.field).toBe('day');
    expect(futureContact('2026-12-20', '00:00', now)).toMatchObject({
      field: 'day',
      message: expect.stringContaining('Nov 3, 2026'),
    });
  });

  it('is refused on the Time field when it is today at a time still to come', () => {
    expect(futureContact('2026-11-03', '13:00', now)?.field).toBe('time');
  });

  it('is accepted when it has happened, with five minutes’ grace', () => {
    expect(futureContact('2026-11-03', '12:04', now)).toBeNull();
    expect(futureContact('2026-11-02', '23:59', now)).toBeNull();
  });
});
