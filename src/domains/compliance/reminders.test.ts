import type { StatusRow } from '@contract/compliance/compliance.schemas.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, planReminders } from './reminders.js';
import { addDays } from './rules.js';

const row = (dueOn: string, status: StatusRow['status']): StatusRow => ({
  requirementId: 'r1',
  requirementCode: 'OC-CULT',
  requirementTitle: 'Cultural competence',
  personId: 'p1',
  name: 'Kwame Mensah',
  email: 'kwame@lowell.example',
  roles: ['rn'],
  organisations: ['Lowell Community Health'],
  status,
  dueOn,
  validUntil: null,
  satisfiedBy: null,
  explanation: `Due ${dueOn}`,
});

describe('reminder plan', () => {
  const due = '2026-12-15';
  const stageOn = (today: string, status: StatusRow['status']) =>
    planReminders([row(due, status)], DEFAULT_SETTINGS, today).map(
      (m) => `${m.stage}:${m.key.split(':').pop()}:${m.to}`,
    );

  it('reminds 14 and 3 days before and on the day, weekly while late, escalates after 7 days, flags after 30', () => {
    expect(stageOn('2026-11-30', 'pending')).toEqual([]);
    expect(stageOn('2026-12-01', 'due_soon')).toEqual(['before:before-14:person']);
    expect(stageOn('2026-12-12', 'due_soon')).toEqual(['before:before-3:person']);
    expect(stageOn(due, 'due_soon')).toEqual(['due:due:person']);
    expect(stageOn('2026-12-21', 'overdue')).toEqual(['due:due:person']);
    expect(stageOn('2026-12-22', 'overdue')).toEqual([
      'overdue:overdue-7:person',
      'escalation:escalation:supervisor',
    ]);
    expect(stageOn('2027-01-14', 'expired')).toEqual([
      'overdue:overdue-28:person',
      'escalation:escalation:supervisor',
      'flag:flag:officers',
    ]);
    expect(stageOn('2026-12-01', 'compliant')).toEqual([]);
    expect(stageOn('2027-01-14', 'exempt')).toEqual([]);
  });

  it('still tells someone 974 days late, on the first run and then every week', () => {
    const longAgo = addDays('2026-11-30', -974);
    const keys = (today: string) =>
      planReminders([row(longAgo, 'overdue')], DEFAULT_SETTINGS, today)
        .filter((m) => m.to === 'person')
        .map((m) => m.key.split(':').pop());
    expect(keys('2026-11-30')).toEqual(['overdue-973']);
    expect(keys('2026-12-05')).toEqual(['overdue-973']); // the same week: the same message, sent once
    expect(keys('2026-12-06')).toEqual(['overdue-980']);
  });

  it('repeats as often as the organisation says, or never', () => {
    const every = (repeatOverdueDays: number, today: string) =>
      planReminders([row(due, 'overdue')], { ...DEFAULT_SETTINGS, repeatOverdueDays }, today)
        .filter((m) => m.to === 'person')
        .map((m) => m.key.split(':').pop());
    expect(every(30, '2027-01-14')).toEqual(['overdue-30']);
    expect(every(0, '2027-01-14')).toEqual(['due']);
  });

  it('gives every day of a stage the same key, so running daily (or twice, or late) sends each once', () => {
    const keys = new Set<string>();
    let sends = 0;
    for (let d = '2026-11-01'; d <= '2027-02-01'; d = addDays(d, 1)) {
      const status = d <= due ? 'due_soon' : 'overdue';
      for (let run = 0; run < 2; run++)
        for (const m of planReminders([row(due, status)], DEFAULT_SETTINGS, d)) {
          if (!keys.has(m.key)) sends++;
          keys.add(m.key);
        }
    }
    // 14 days, 3 days, due, escalation, flag, and the weekly reminders from day 7 to day 42 late
    expect(sends).toBe(5 + 6);
  });

  it('catches up after missed runs with the latest stage only', () => {
    // Nobody ran anything between 1 December and the 13th: the 3-day reminder goes, not the 14-day one too.
    expect(stageOn('2026-12-13', 'due_soon')).toEqual(['before:before-3:person']);
  });
});
