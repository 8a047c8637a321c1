import { describe, expect, it } from 'vitest';
import { liveRule, minimumMinutes, recordedRule, selfPacedRule } from './completion-rules.js';

describe('completion rules', () => {
  it('takes three quarters of the length when no minimum is set', () => {
    expect(minimumMinutes({ minMinutes: null, durationMinutes: 120 })).toBe(90);
    expect(minimumMinutes({ minMinutes: 45, durationMinutes: 120 })).toBe(45);
    expect(minimumMinutes({ minMinutes: null, durationMinutes: 61 })).toBe(46);
    const scheduled = { startsAt: '2026-11-10T15:00:00Z', endsAt: '2026-11-10T17:00:00Z' };
    expect(minimumMinutes({ minMinutes: null, durationMinutes: null, ...scheduled })).toBe(90);
  });

  it('counts a live session at the minimum and not a minute below', () => {
    expect(liveRule(90, 90).met).toBe(true);
    expect(liveRule(89, 90)).toEqual({ met: false, reason: 'Attended 89 minutes; at least 90 are required' });
    expect(liveRule(0, 90).reason).toMatch(/No attendance is recorded/);
    expect(recordedRule(44, 45).met).toBe(false);
    expect(recordedRule(45, 45).met).toBe(true);
  });

  it('requires every page, then the pass mark within the attempts allowed', () => {
    const base = { pages: 4, pagesViewed: 4, passMark: 80, maxAttempts: 2 };
    expect(selfPacedRule({ ...base, pagesViewed: 3, attempts: [{ score: 100 }] }).reason).toBe(
      'Viewed 3 of 4 pages',
    );
    expect(selfPacedRule({ ...base, attempts: [] }).reason).toBe('The knowledge check has not been taken');
    expect(selfPacedRule({ ...base, attempts: [{ score: 60 }, { score: 80 }] }).met).toBe(true);
    // A pass on a third attempt, beyond the two allowed, does not count.
    const late = selfPacedRule({ ...base, attempts: [{ score: 60 }, { score: 70 }, { score: 95 }] });
    expect(late).toEqual({
      met: false,
      reason: 'Best score 70%, below the pass mark of 80%; no attempts left',
    });
    // Without a knowledge check, viewing every page is not finishing: the learner marks it complete.
    expect(selfPacedRule({ ...base, passMark: null, attempts: [] })).toEqual({
      met: false,
      reason: 'Viewed all 4 pages: mark the module as complete to finish',
    });
    expect(selfPacedRule({ ...base, passMark: null, attempts: [], markedComplete: true }).met).toBe(true);
  });
});
