import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  addDays,
  addMonths,
  evaluate,
  type Facts,
  massachusettsDate,
  programYearOf,
  type Rule,
  type Status,
} from './rules.js';

const isoDate = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const recurrence = fc.oneof(
  fc.constant({ kind: 'once' as const }),
  fc.integer({ min: 1, max: 36 }).map((months) => ({ kind: 'every_months' as const, months })),
  fc.integer({ min: 1, max: 12 }).map((startMonth) => ({ kind: 'program_year' as const, startMonth })),
);
const rule: fc.Arbitrary<Rule> = fc.record({
  dueWithinDays: fc.integer({ min: 0, max: 365 }),
  recurrence,
  graceDays: fc.integer({ min: 0, max: 60 }),
  dueSoonDays: fc.integer({ min: 0, max: 90 }),
});
const facts: fc.Arbitrary<Facts> = fc.record({
  trigger: isoDate,
  satisfiers: fc.array(
    fc.tuple(isoDate, fc.option(isoDate, { nil: null })).map(([completedOn, expiresOn]) => ({
      id: completedOn,
      completedOn,
      expiresOn,
      label: 'CCM certification',
    })),
    { maxLength: 5 },
  ),
});
const late: Status[] = ['overdue', 'expired'];

const cult = (completedOn: string) => ({ id: 'c1', completedOn, label: 'Cultural competence' });
const annual: Rule = {
  dueWithinDays: 30,
  recurrence: { kind: 'every_months', months: 12 },
  graceDays: 0,
  dueSoonDays: 30,
  name: 'CC-1 v1',
};

describe('requirement rules', () => {
  it('another completion never turns compliant into anything else, nor anything into overdue', () => {
    fc.assert(
      fc.property(rule, facts, isoDate, isoDate, (r, f, extra, asOf) => {
        const before = evaluate(r, f, asOf);
        const after = evaluate(r, { ...f, satisfiers: [...f.satisfiers, cult(extra)] }, asOf);
        if (before.status === 'compliant') expect(after.status).toBe('compliant');
        if (!late.includes(before.status)) expect(late).not.toContain(after.status);
      }),
    );
  });

  it('only completions on or before the day asked about count (a past day is answered as it stood)', () => {
    fc.assert(
      fc.property(rule, facts, isoDate, isoDate, (r, f, later, asOf) => {
        fc.pre(later > asOf);
        // It changes on that completion's day, and not before.
        const { changesOn, ...withLater } = evaluate(
          r,
          { ...f, satisfiers: [...f.satisfiers, cult(later)] },
          asOf,
        );
        const { changesOn: without, ...rest } = evaluate(r, f, asOf);
        expect(withLater).toEqual(rest);
        expect(changesOn).toBe(without === null || later < without ? later : without);
      }),
    );
  });

  it('says when it would next change, and nothing changes before that day', () => {
    fc.assert(
      fc.property(rule, facts, isoDate, fc.integer({ min: 1, max: 400 }), (r, f, asOf, step) => {
        const now = evaluate(r, f, asOf);
        const then = addDays(asOf, step);
        if (now.changesOn === null || then < now.changesOn) {
          // Everything a kept status holds, not just the status.
          const { changesOn: _, ...same } = now;
          expect(evaluate(r, f, then)).toMatchObject(same);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a new program year starts again even when the due date and grace run past it', () => {
    const r: Rule = {
      dueWithinDays: 329,
      recurrence: { kind: 'program_year', startMonth: 4 },
      graceDays: 36,
      dueSoonDays: 55,
    };
    const now = evaluate(r, { trigger: '2020-01-01', satisfiers: [] }, '2024-12-31');
    expect(now).toMatchObject({ status: 'due_soon', dueOn: '2025-02-24', changesOn: '2025-02-25' });
    const grace = evaluate(r, { trigger: '2020-01-01', satisfiers: [] }, '2025-03-01');
    expect(grace).toMatchObject({ status: 'due_soon', changesOn: '2025-04-01' });
    expect(evaluate(r, { trigger: '2020-01-01', satisfiers: [] }, '2025-04-01').status).toBe('pending');
  });

  it('a completion every N months counts through the day before its anniversary', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 36 }), (done, months) => {
        const r: Rule = { ...annual, recurrence: { kind: 'every_months', months }, dueSoonDays: 0 };
        const f = { trigger: '2019-01-01', satisfiers: [cult(done)] };
        const lastDay = addDays(addMonths(done, months), -1);
        expect(evaluate(r, f, lastDay)).toMatchObject({ status: 'compliant', validUntil: lastDay });
        expect(evaluate(r, f, addDays(lastDay, 1)).status).toBe('expired');
      }),
    );
  });

  it('clamps leap days: 29 February plus a year is 28 February', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    const f = { trigger: '2024-01-01', satisfiers: [cult('2024-02-29')] };
    expect(evaluate(annual, f, '2025-02-27')).toMatchObject({ status: 'due_soon', validUntil: '2025-02-27' });
    expect(evaluate(annual, f, '2025-02-28').status).toBe('expired');
  });

  it('counts Massachusetts days: 11:59 pm Eastern on 31 December is still that year', () => {
    expect(massachusettsDate(new Date('2027-01-01T04:59:59Z'))).toBe('2026-12-31'); // EST, UTC−5
    expect(massachusettsDate(new Date('2027-01-01T05:00:00Z'))).toBe('2027-01-01');
    expect(massachusettsDate(new Date('2026-07-01T03:59:59Z'))).toBe('2026-06-30'); // EDT, UTC−4
    expect(massachusettsDate(new Date('2026-07-01T04:00:00Z'))).toBe('2026-07-01');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        (d) => {
          const day = massachusettsDate(d);
          const hours = (d.getTime() - Date.parse(`${day}T00:00:00Z`)) / 3_600_000;
          // The Eastern day starts 4 or 5 hours after that date's UTC midnight and lasts 24 hours.
          expect(hours).toBeGreaterThanOrEqual(4);
          expect(hours).toBeLessThan(29);
        },
      ),
    );
  });

  it('counts Massachusetts days without building a date formatter each time (it is on every compliance read)', () => {
    massachusettsDate(new Date());
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    try {
      expect(massachusettsDate(new Date('2026-07-01T04:00:00Z'))).toBe('2026-07-01');
      expect(massachusettsDate(new Date('2027-01-01T04:59:59Z'))).toBe('2026-12-31');
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });

  it('explains a status the way the issue describes', () => {
    const f = {
      trigger: '2026-01-01',
      satisfiers: [
        { id: 'x', completedOn: '2026-03-02', label: 'Cultural competence, earned at a UMass live session' },
      ],
    };
    expect(evaluate(annual, f, '2026-06-01')).toEqual({
      status: 'compliant',
      dueOn: '2027-03-01',
      validUntil: '2027-03-01',
      satisfiedBy: 'x',
      changesOn: '2027-01-31',
      explanation:
        'Satisfied by Cultural competence, earned at a UMass live session on 2026-03-02, valid until 2027-03-01 (renewal due 2027-03-01, rule CC-1 v1)',
    });
  });

  it('walks a new hire from pending to due soon to the grace period to overdue', () => {
    const r: Rule = {
      dueWithinDays: 60,
      recurrence: { kind: 'once' },
      graceDays: 7,
      dueSoonDays: 14,
      name: 'CC-1 v1',
      triggerWords: 'role start',
    };
    const f = { trigger: '2026-01-01', satisfiers: [] };
    expect(evaluate(r, f, '2026-02-01')).toMatchObject({
      status: 'pending',
      dueOn: '2026-03-02',
      changesOn: '2026-02-16',
    });
    expect(evaluate(r, f, '2026-02-16').status).toBe('due_soon');
    expect(evaluate(r, f, '2026-03-09')).toMatchObject({
      status: 'due_soon',
      explanation:
        'Due 2026-03-02; in the grace period until 2026-03-09 (60 days after role start 2026-01-01, rule CC-1 v1)',
    });
    expect(evaluate(r, f, '2026-03-10')).toMatchObject({
      status: 'overdue',
      explanation: 'Overdue: due 2026-03-02 (60 days after role start 2026-01-01, rule CC-1 v1)',
    });
    expect(evaluate(r, { ...f, satisfiers: [cult('2026-04-01')] }, '2026-04-01')).toMatchObject({
      status: 'compliant',
      validUntil: null,
      changesOn: null,
    });
  });

  it('asks for one completion in each program year', () => {
    const r: Rule = {
      dueWithinDays: 30,
      recurrence: { kind: 'program_year', startMonth: 7 },
      graceDays: 0,
      dueSoonDays: 60,
    };
    expect(programYearOf('2026-06-30', 7)).toEqual({ start: '2025-07-01', end: '2026-06-30' });
    const f = { trigger: '2024-01-01', satisfiers: [cult('2025-09-15')] };
    expect(evaluate(r, f, '2026-06-30')).toMatchObject({ status: 'compliant', validUntil: '2026-06-30' });
    expect(evaluate(r, f, '2026-07-01')).toMatchObject({ status: 'due_soon', dueOn: '2026-07-31' });
    expect(evaluate(r, f, '2026-08-01')).toMatchObject({ status: 'expired', changesOn: '2027-07-01' });
    expect(evaluate(r, { ...f, satisfiers: [cult('2026-07-20')] }, '2026-08-01')).toMatchObject({
      status: 'compliant',
      validUntil: '2027-06-30',
    });
  });

  it('a licence counts until it expires, and renewal is due by then', () => {
    const r: Rule = {
      dueWithinDays: 0,
      recurrence: { kind: 'once' },
      graceDays: 0,
      dueSoonDays: 30,
      name: 'RN v3',
    };
    const licence = { id: 'l1', completedOn: '2024-01-01', expiresOn: '2026-12-31', label: 'RN licence' };
    const f = { trigger: '2024-01-01', satisfiers: [licence] };
    expect(evaluate(r, f, '2026-11-01')).toMatchObject({
      status: 'compliant',
      validUntil: '2026-12-31',
      changesOn: '2026-12-02',
    });
    expect(evaluate(r, f, '2026-12-15')).toMatchObject({ status: 'due_soon', dueOn: '2026-12-31' });
    expect(evaluate(r, f, '2027-01-01')).toMatchObject({
      status: 'expired',
      explanation:
        'Expired: RN licence on 2024-01-01 no longer counts; renewal was due 2026-12-31 (rule RN v3)',
    });
    const renewed = { ...licence, id: 'l2', completedOn: '2026-12-20', expiresOn: '2028-12-31' };
    expect(evaluate(r, { ...f, satisfiers: [licence, renewed] }, '2027-01-01')).toMatchObject({
      status: 'compliant',
      satisfiedBy: 'l2',
    });
  });

  it('an exemption holds until its end, then the rule applies again', () => {
    const r: Rule = { dueWithinDays: 30, recurrence: { kind: 'once' }, graceDays: 0, dueSoonDays: 0 };
    const f = {
      trigger: '2026-01-01',
      satisfiers: [],
      exemption: { until: '2026-06-30', reason: 'On leave' },
    };
    expect(evaluate(r, f, '2026-06-30')).toMatchObject({
      status: 'exempt',
      explanation: 'Exempt until 2026-06-30: On leave',
      changesOn: '2026-07-01',
    });
    expect(evaluate(r, f, '2026-07-01').status).toBe('overdue');
  });

  describe('a due date never falls before the rule started (decision 028)', () => {
    // CC-1 v2 took effect on 1 March 2024, due 90 days after contract start, with 14 days' grace.
    const cc1: Rule = {
      dueWithinDays: 90,
      recurrence: { kind: 'once' },
      graceDays: 14,
      dueSoonDays: 30,
      startsOn: '2024-03-01',
      name: 'CC-1 v2',
      triggerWords: 'start under contract',
    };

    it('someone in place since 2016 is first due 90 days after the rule started, not in 2016', () => {
      const f = { trigger: '2016-05-01', satisfiers: [] };
      expect(evaluate(cc1, f, '2024-03-15')).toMatchObject({
        status: 'pending',
        dueOn: '2024-05-30',
        changesOn: '2024-04-30',
        explanation:
          'Not yet due: by 2024-05-30 (rule CC-1 v2 in force 2024-03-01; in place before then: first due 2024-05-30)',
      });
      expect(evaluate(cc1, f, '2024-06-13').status).toBe('due_soon');
      expect(evaluate(cc1, f, '2024-06-14')).toMatchObject({
        status: 'overdue',
        explanation:
          'Overdue: due 2024-05-30 (rule CC-1 v2 in force 2024-03-01; in place before then: first due 2024-05-30)',
      });
    });

    it('someone who arrives after it started is due 90 days after their own start', () => {
      expect(evaluate(cc1, { trigger: '2024-04-01', satisfiers: [] }, '2024-04-02')).toMatchObject({
        status: 'pending',
        dueOn: '2024-06-30',
        explanation:
          'Not yet due: by 2024-06-30 (90 days after start under contract 2024-04-01, rule CC-1 v2)',
      });
    });

    it('a completion that lapsed before the rule started leaves renewal due on the first due date', () => {
      const yearly: Rule = { ...cc1, recurrence: { kind: 'every_months', months: 12 } };
      const f = { trigger: '2016-05-01', satisfiers: [cult('2022-06-01')] };
      expect(evaluate(yearly, f, '2024-03-15')).toMatchObject({ status: 'pending', dueOn: '2024-05-30' });
    });

    it('a program year that started before the rule is due by the rule’s first due date', () => {
      const yearly: Rule = { ...cc1, dueWithinDays: 60, recurrence: { kind: 'program_year', startMonth: 1 } };
      expect(evaluate(yearly, { trigger: '2020-01-01', satisfiers: [] }, '2024-03-02')).toMatchObject({
        status: 'pending',
        dueOn: '2024-04-30',
      });
      // The next year's due date is the year's own, and says so.
      expect(evaluate(yearly, { trigger: '2020-01-01', satisfiers: [] }, '2025-01-02')).toMatchObject({
        dueOn: '2025-03-02',
        explanation: 'Not yet due: by 2025-03-02 (60 days after program year start 2025-01-01, rule CC-1 v2)',
      });
    });

    it('holds for any rule, facts and day', () => {
      fc.assert(
        fc.property(rule, facts, isoDate, isoDate, (r, f, startsOn, asOf) => {
          const e = evaluate({ ...r, startsOn }, f, asOf);
          if (e.dueOn !== null) expect(e.dueOn >= startsOn).toBe(true);
        }),
      );
    });
  });
});
