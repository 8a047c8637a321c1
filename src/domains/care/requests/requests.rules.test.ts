import type { CareRule, RuleProgram } from '@contract/care/rules.schemas.js';
import { addDays } from '@contract/iso-days.js';
import { massachusettsDate } from '@contract/massachusetts-day.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appealFilingWindow,
  clockStanding,
  type Deadline,
  decisionDeadline,
  endOfMassachusettsDay,
  filingStanding,
  HOUR,
  hoursLeft,
  type NoRule,
  nextLevelWindow,
} from './requests.rules.js';

// The catalogue's request and appeal rules as issue 20 states them: 14 days until 2025, 7 from 2026.
const RULES: CareRule[] = [
  {
    kind: 'request_decision',
    program: 'one_care',
    version: 1,
    effectiveFrom: '2013-10-01',
    effectiveTo: '2025-12-31',
    parameters: { standardDays: 14, expeditedHours: 72 },
  },
  {
    kind: 'request_decision',
    program: 'one_care',
    version: 2,
    effectiveFrom: '2026-01-01',
    effectiveTo: null,
    parameters: { standardDays: 7, expeditedHours: 72 },
  },
  {
    kind: 'appeal_filing',
    program: 'one_care',
    version: 1,
    effectiveFrom: '2013-10-01',
    effectiveTo: null,
    parameters: { days: 60, continuationDays: 10 },
  },
  {
    kind: 'appeal_decision',
    program: 'one_care',
    version: 1,
    effectiveFrom: '2013-10-01',
    effectiveTo: null,
    parameters: { standardDays: 30, expeditedHours: 72 },
  },
  {
    kind: 'next_level_request',
    program: 'one_care',
    version: 1,
    effectiveFrom: '2013-10-01',
    effectiveTo: null,
    parameters: { days: 120 },
  },
];

const ok = <T extends object>(r: T | NoRule): T => {
  if ('rule' in r && r.rule === null) throw new Error((r as NoRule).why);
  return r as T;
};

describe('a service request’s decision clock', () => {
  it('gives a standard request received in 2025 fourteen calendar days, to the end of the day, under v1', () => {
    const d = ok<Deadline>(
      decisionDeadline(RULES, 'request_decision', 'one_care', 'standard', new Date('2025-06-02T14:00:00Z')),
    );
    expect(d.rule).toEqual({ kind: 'request_decision', program: 'one_care', version: 1 });
    expect(d.dueOn).toBe('2025-06-16');
    // 23:59:59.999 in Boston (EDT, UTC−4).
    expect(d.dueAt.toISOString()).toBe('2025-06-17T03:59:59.999Z');
    expect(d.explanation).toBe(
      'Decide by the end of 16 June 2025: 14 calendar days after the standard request received on 2 June 2025 (One Care request decision rule v1)',
    );
  });

  it('gives one received in 2026 seven days under v2, by the Massachusetts day it was received', () => {
    // 03:00 UTC on 1 January is still 31 December in Boston: v1.
    const eve = ok<Deadline>(
      decisionDeadline(RULES, 'request_decision', 'one_care', 'standard', new Date('2026-01-01T03:00:00Z')),
    );
    expect(eve).toMatchObject({ rule: { version: 1 }, dueOn: '2026-01-14' });
    const day = ok<Deadline>(
      decisionDeadline(RULES, 'request_decision', 'one_care', 'standard', new Date('2026-01-01T15:00:00Z')),
    );
    expect(day).toMatchObject({ rule: { version: 2 }, dueOn: '2026-01-08' });
  });

  it('gives an expedited request 72 hours from the instant it was received', () => {
    const at = new Date('2026-03-07T20:15:00Z');
    const d = ok<Deadline>(decisionDeadline(RULES, 'request_decision', 'one_care', 'expedited', at));
    expect(d.dueAt.getTime() - at.getTime()).toBe(72 * HOUR);
    // Over the change to daylight saving time (8 March 2026): 72 hours, not three calendar days at 3:15 pm.
    expect(d.explanation).toBe(
      'Decide by 4:15 pm on 10 March 2026: 72 hours after the expedited request received at 3:15 pm on 7 March 2026 (One Care request decision rule v2)',
    );
  });

  it('says why when no version was in force', () => {
    const r = decisionDeadline(
      RULES,
      'request_decision',
      'aco',
      'standard',
      new Date('2026-03-07T20:15:00Z'),
    );
    expect(r).toEqual({ rule: null, why: 'No ACO request decision rule was in force on 7 March 2026' });
  });

  it('counts hours left down, and past zero once it has run out', () => {
    const dueAt = new Date('2026-03-10T12:00:00Z');
    expect(hoursLeft(dueAt, new Date('2026-03-10T06:30:00Z'))).toBe(5);
    expect(hoursLeft(dueAt, new Date('2026-03-10T11:30:00Z'))).toBe(0);
    expect(hoursLeft(dueAt, new Date('2026-03-10T12:30:00Z'))).toBe(-1);
    const started = new Date('2026-03-07T12:00:00Z');
    expect(clockStanding({ dueAt }, started, null, new Date('2026-03-10T13:00:00Z'))).toMatchObject({
      overdue: true,
      met: null,
    });
    expect(clockStanding({ dueAt }, started, dueAt, new Date('2026-04-01T00:00:00Z'))).toEqual({
      hoursLeft: null,
      overdue: false,
      met: { decidedAt: dueAt.toISOString(), onTime: true, hoursToDecision: 72 },
    });
  });
});

describe('an appeal’s clocks', () => {
  it('runs the filing window 60 days from the notice, with benefits continuing when filed within 10', () => {
    const w = ok(appealFilingWindow(RULES, 'one_care', '2026-02-02'));
    expect(w).toMatchObject({
      rule: { kind: 'appeal_filing', version: 1 },
      dueOn: '2026-04-03',
      continuationUntil: '2026-02-12',
    });
    expect(filingStanding(w, new Date('2026-02-12T22:00:00Z'))).toEqual({
      onTime: true,
      benefitsContinue: true,
    });
    // 13 February 02:00 UTC is still the 12th in Boston.
    expect(filingStanding(w, new Date('2026-02-13T02:00:00Z')).benefitsContinue).toBe(true);
    expect(filingStanding(w, new Date('2026-02-13T15:00:00Z'))).toEqual({
      onTime: true,
      benefitsContinue: false,
    });
    expect(filingStanding(w, new Date('2026-04-04T15:00:00Z')).onTime).toBe(false);
  });

  it('gives the plan 30 days (standard) or 72 hours (expedited) from filing, and the next level 120 days', () => {
    const filed = new Date('2026-02-10T15:00:00Z');
    expect(decisionDeadline(RULES, 'appeal_decision', 'one_care', 'standard', filed)).toMatchObject({
      dueOn: '2026-03-12',
      rule: { kind: 'appeal_decision', version: 1 },
    });
    const expedited = ok<Deadline>(
      decisionDeadline(RULES, 'appeal_decision', 'one_care', 'expedited', filed),
    );
    expect(expedited.dueAt.getTime() - filed.getTime()).toBe(72 * HOUR);
    expect(nextLevelWindow(RULES, 'one_care', '2026-03-01')).toMatchObject({
      dueOn: '2026-06-29',
      rule: { kind: 'next_level_request', version: 1 },
    });
  });
});

// ---- properties: every deadline comes from the version in force on the day its clock started ----

const DAY = 86_400_000;
/** Instants from 2014 to 2035. */
const instant = fc
  .integer({ min: Date.UTC(2014, 0, 1), max: Date.UTC(2035, 11, 31) })
  .map((t) => new Date(t));
const programs: RuleProgram[] = ['one_care', 'aco', 'mco', 'cp'];

/** A history of versions of one kind for one program: consecutive periods, each with its own numbers. */
const history = <K extends 'request_decision' | 'appeal_decision' | 'appeal_filing' | 'next_level_request'>(
  kind: K,
) =>
  fc
    .record({
      program: fc.constantFrom(...programs),
      starts: fc.uniqueArray(fc.integer({ min: 0, max: 22 * 365 }), { minLength: 1, maxLength: 6 }),
      numbers: fc.array(
        fc.record({
          a: fc.integer({ min: 1, max: 120 }),
          b: fc.integer({ min: 1, max: 240 }),
        }),
        { minLength: 6, maxLength: 6 },
      ),
    })
    .map(({ program, starts, numbers }) => {
      const sorted = [...starts].sort((x, y) => x - y);
      return sorted.map((s, i) => {
        const effectiveFrom = massachusettsDate(new Date(Date.UTC(2013, 0, 1) + s * DAY));
        const next = sorted[i + 1];
        const effectiveTo =
          next === undefined
            ? null
            : addDays(massachusettsDate(new Date(Date.UTC(2013, 0, 1) + next * DAY)), -1);
        const n = numbers[i]!;
        const parameters =
          kind === 'appeal_filing'
            ? { days: Math.max(n.a, n.b % 120 || 1), continuationDays: n.a }
            : kind === 'next_level_request'
              ? { days: n.a }
              : { standardDays: n.a, expeditedHours: n.b };
        return { kind, program, version: i + 1, effectiveFrom, effectiveTo, parameters } as CareRule;
      });
    });

/** The version whose period holds the day, found the plain way. */
const holding = (rules: readonly CareRule[], day: string) =>
  rules.find((r) => r.effectiveFrom <= day && (r.effectiveTo === null || day <= r.effectiveTo));

describe('every clock’s deadline (property)', () => {
  it('a decision deadline is set by, and names, the version in force on the day the clock started', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom('request_decision' as const, 'appeal_decision' as const)
          .chain((kind) => fc.tuple(fc.constant(kind), history(kind))),
        fc.constantFrom('standard' as const, 'expedited' as const),
        instant,
        fc.context(),
        ([kind, rules], priority, startedAt, ctx) => {
          const program = rules[0]!.program;
          const day = massachusettsDate(startedAt);
          const expected = holding(rules, day);
          const got = decisionDeadline(rules, kind, program, priority, startedAt);
          ctx.log(JSON.stringify({ day, expected, got }));
          if (!expected) return got.rule === null;
          if (got.rule === null) return false;
          const d = got as Deadline;
          const p = expected.parameters as { standardDays: number; expeditedHours: number };
          expect(d.rule).toEqual({ kind, program, version: expected.version });
          expect(d.explanation).toContain(`rule v${expected.version})`);
          if (priority === 'expedited')
            expect(d.dueAt.getTime() - startedAt.getTime()).toBe(p.expeditedHours * HOUR);
          else {
            expect(d.dueOn).toBe(addDays(day, p.standardDays));
            // The last millisecond of the due day, Massachusetts time.
            expect(massachusettsDate(d.dueAt)).toBe(d.dueOn);
            expect(massachusettsDate(new Date(d.dueAt.getTime() + 1))).toBe(addDays(d.dueOn, 1));
          }
          return true;
        },
      ),
      { seed: 20_260_514, numRuns: 300 },
    );
  });

  it('a version added from a later day never moves a deadline already running', () => {
    fc.assert(
      fc.property(
        history('request_decision'),
        instant,
        fc.integer({ min: 1, max: 400 }),
        (rules, at, ahead) => {
          const program = rules[0]!.program;
          const before = decisionDeadline(rules, 'request_decision', program, 'standard', at);
          const day = massachusettsDate(at);
          const from = addDays(day, ahead);
          // The versions still open are closed the day before the new one, as the catalogue would be edited.
          const edited: CareRule[] = [
            ...rules.map((r) =>
              r.effectiveTo === null && r.effectiveFrom < from ? { ...r, effectiveTo: addDays(from, -1) } : r,
            ),
            {
              kind: 'request_decision',
              program,
              version: rules.length + 1,
              effectiveFrom: from,
              effectiveTo: null,
              parameters: { standardDays: 1, expeditedHours: 1 },
            },
          ];
          const after = decisionDeadline(edited, 'request_decision', program, 'standard', at);
          expect(after).toEqual(before);
        },
      ),
      { seed: 20_260_514, numRuns: 200 },
    );
  });

  it('the filing window and the next level are set by the version in force on the notice’s day', () => {
    fc.assert(
      fc.property(history('appeal_filing'), history('next_level_request'), instant, (filing, next, at) => {
        const notice = massachusettsDate(at);
        const f = filing[0]!.program;
        const window = appealFilingWindow(filing, f, notice);
        const expected = holding(filing, notice);
        if (!expected) expect(window.rule).toBeNull();
        else {
          const p = expected.parameters as { days: number; continuationDays: number };
          expect(window).toMatchObject({
            rule: { kind: 'appeal_filing', program: f, version: expected.version },
            dueOn: addDays(notice, p.days),
            continuationUntil: addDays(notice, p.continuationDays),
          });
        }
        const n = next[0]!.program;
        const level = nextLevelWindow(next, n, notice);
        const inForce = holding(next, notice);
        if (!inForce) expect(level.rule).toBeNull();
        else
          expect(level).toMatchObject({
            rule: { kind: 'next_level_request', program: n, version: inForce.version },
            dueOn: addDays(notice, (inForce.parameters as { days: number }).days),
          });
      }),
      { seed: 20_260_514, numRuns: 300 },
    );
  });

  it('the end of a Massachusetts day is its last millisecond, in winter and in summer', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const day = massachusettsDate(at);
        const end = endOfMassachusettsDay(day);
        expect(massachusettsDate(end)).toBe(day);
        expect(massachusettsDate(new Date(end.getTime() + 1))).toBe(addDays(day, 1));
      }),
      { seed: 20_260_514, numRuns: 300 },
    );
  });
});
