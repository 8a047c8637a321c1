import { describe, expect, it } from 'vitest';
import { hasStarted, reportDifferences, sameTitle } from './report-check.js';

const session = {
  title: 'One Care: Cultural competence (live webinar)',
  startsAt: '2026-03-19T14:00:00Z',
  timeZone: 'America/New_York',
};

describe('whether a participant report is the session’s own', () => {
  it('names the report’s day and the session’s when they differ', () => {
    const report = { title: session.title, startedAt: new Date('2026-03-12T14:00:03Z') };
    expect(reportDifferences(report, session)).toEqual([
      'The report is for 12 March 2026; this session is on 19 March 2026',
    ]);
  });

  it('reads both days in the session’s time zone (an evening in Boston is the next day in UTC)', () => {
    const evening = { ...session, startsAt: '2026-03-20T00:30:00Z' }; // 19 March, 8:30 PM in Boston
    expect(reportDifferences({ title: null, startedAt: new Date('2026-03-19T23:55:00Z') }, evening)).toEqual(
      [],
    );
  });

  it('names both titles when the report is for another webinar', () => {
    const report = { title: 'Accessibility and accommodations', startedAt: new Date('2026-03-19T14:00:00Z') };
    expect(reportDifferences(report, session)).toEqual([
      'The report is for “Accessibility and accommodations”; this session is “One Care: Cultural competence (live webinar)”',
    ]);
  });

  it('takes a title in another case, or shortened by the platform, as the same', () => {
    expect(sameTitle('ONE CARE: Cultural Competence', session.title)).toBe(true);
    expect(sameTitle('One Care – Cultural competence (live webinar)', session.title)).toBe(true);
    expect(sameTitle('Wellness principles', session.title)).toBe(false);
  });

  it('checks nothing the report does not say', () => {
    expect(reportDifferences({ title: null, startedAt: null }, session)).toEqual([]);
  });

  it('counts a session as happened once it has started', () => {
    const now = Date.parse('2026-03-19T14:30:00Z');
    expect(hasStarted(session, now)).toBe(true);
    expect(hasStarted({ startsAt: '2026-03-26T14:00:00Z' }, now)).toBe(false);
    expect(hasStarted({ startsAt: null }, now)).toBe(false);
  });
});
