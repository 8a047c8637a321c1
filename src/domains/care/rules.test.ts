import { ruleLabel, ruleRefLabel } from '@contract/care/rules.labels.js';
import { type CareRule, careRule, type RuleProgram } from '@contract/care/rules.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDARD_CARE_RULES } from './rule-catalogue.js';
import {
  type Assessment,
  addDays,
  addMonths,
  assessmentDue,
  type Clock,
  cpEngagementDue,
  type MajorChange,
  ruleInForce,
} from './rules.js';

const rules: CareRule[] = [...STANDARD_CARE_RULES];
const day = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
/** A clock without its function, to compare two computations of it. */
const plain = ({ overdue: _, ...c }: Clock) => c;

describe('the standard catalogue', () => {
  it('is valid rule data, and no two versions of a kind and program are in force on the same day', () => {
    for (const r of STANDARD_CARE_RULES) expect(careRule.safeParse(r).success, JSON.stringify(r)).toBe(true);
    for (const a of STANDARD_CARE_RULES)
      for (const b of STANDARD_CARE_RULES) {
        if (a === b || a.kind !== b.kind || a.program !== b.program) continue;
        expect(a.version).not.toBe(b.version);
        const apart =
          (a.effectiveTo !== null && a.effectiveTo < b.effectiveFrom) ||
          (b.effectiveTo !== null && b.effectiveTo < a.effectiveFrom);
        expect(apart, `${a.kind} ${a.program} v${a.version} and v${b.version}`).toBe(true);
      }
  });

  it('describes each rule from its parameters', () => {
    const oneCare = ruleInForce(rules, 'initial_assessment', 'one_care', '2024-01-01');
    expect(oneCare.rule && ruleLabel(oneCare.rule)).toBe(
      'Comprehensive assessment within 90 days of enrollment, with an in-person meeting',
    );
    expect(
      ruleLabel({ kind: 'initial_assessment', parameters: { days: 120, inPersonRequired: false } }),
    ).toBe('Comprehensive assessment within 120 days of enrollment');
    expect(
      ruleLabel({
        kind: 'unreachable',
        parameters: { attempts: 3, distinctDays: true, minModes: 2, withinDays: 90 },
      }),
    ).toBe('Unreachable after 3 unsuccessful attempts on different days by at least 2 modes within 90 days');
    expect(ruleRefLabel({ kind: 'cp_engagement', program: 'cp', version: 3 })).toBe(
      'Community Partners engagement rule v3',
    );
  });
});

describe('the rule in force', () => {
  it('is the version whose period holds the day, or a reason there is none', () => {
    expect(ruleInForce(rules, 'initial_assessment', 'aco', '2018-03-01').rule?.version).toBe(1);
    const before = ruleInForce(rules, 'initial_assessment', 'aco', '2018-02-28');
    expect(before).toEqual({
      rule: null,
      why: 'No ACO initial assessment rule was in force on 28 February 2018',
    });
  });

  it('sets the Community Partner engagement window by the enrollment date: 90, then 120, then 150 days', () => {
    const due = (effectiveOn: string) => {
      const c = cpEngagementDue({ effectiveOn }, rules);
      return c.rule ? [c.rule.version, c.dueOn] : c.why;
    };
    expect(due('2019-05-01')).toEqual([1, '2019-07-30']);
    expect(due('2020-03-31')).toEqual([1, '2020-06-29']);
    expect(due('2020-04-01')).toEqual([2, '2020-07-30']);
    expect(due('2023-03-31')).toEqual([2, '2023-07-29']);
    expect(due('2023-04-01')).toEqual([3, '2023-08-29']);
    expect(due('2025-01-15')).toEqual([3, '2025-06-14']);
    expect(due('2018-05-31')).toBe('No Community Partners engagement rule was in force on 31 May 2018');
  });

  it('an enrollee enrolled in March 2020 keeps the 90-day window after the 120-day rule begins', () => {
    const c = cpEngagementDue({ effectiveOn: '2020-03-15', engagedOn: '2020-06-20' }, rules) as Clock;
    expect(c.dueOn).toBe('2020-06-13');
    expect(c.explanation).toBe(
      'Due 13 June 2020: 90 days after Community Partners enrollment on 15 March 2020 (Community Partners engagement rule v1). Met late on 20 June 2020, 7 days after the due date',
    );
    expect(c.overdue('2020-06-13')).toBe(false);
    expect(c.overdue('2020-06-14')).toBe(true);
    expect(c.overdue('2020-06-20')).toBe(false);
  });
});

describe('assessment clocks', () => {
  const oneCare = { id: 'e1', program: 'one_care' as const, effectiveOn: '2024-01-01' };
  const a = (id: string, completedOn: string, inPerson = true): Assessment => ({ id, completedOn, inPerson });

  it('One Care asks for the first assessment within 90 days and in person; a phone assessment does not meet it', () => {
    const { clocks } = assessmentDue(
      oneCare,
      [a('phone', '2024-02-01', false), a('visit', '2024-04-05')],
      [],
      rules,
    );
    const initial = clocks.find((c) => c.kind === 'initial_assessment')!;
    expect(initial).toMatchObject({
      dueOn: '2024-03-31',
      inPersonRequired: true,
      rule: { kind: 'initial_assessment', program: 'one_care', version: 1 },
      met: { on: '2024-04-05', assessmentId: 'visit' },
    });
    expect(initial.explanation).toBe(
      'Due 31 March 2024: 90 days after enrollment on 1 January 2024, with an in-person meeting (One Care initial assessment rule v1). ' +
        'The assessment on 1 February 2024 did not count: not in person; One Care requires an in-person meeting. ' +
        'Met late on 5 April 2024, 5 days after the due date',
    );
    expect(initial.notCounted).toEqual([
      {
        assessmentId: 'phone',
        why: 'The assessment on 1 February 2024 did not count: not in person; One Care requires an in-person meeting',
      },
    ]);
    expect([
      initial.overdue('2024-03-31'),
      initial.overdue('2024-04-01'),
      initial.overdue('2024-04-05'),
    ]).toEqual([false, true, false]);
    // The yearly cycle starts from the visit that met the initial assessment, not the phone call before it.
    const yearly = clocks.filter((c) => c.kind === 'reassessment');
    expect(yearly.map((c) => [c.startedOn, c.dueOn, c.met?.assessmentId ?? null])).toEqual([
      ['2024-04-05', '2025-04-05', null],
    ]);
  });

  it('an initial assessment still open starts no yearly clock: phone assessments alone leave it overdue', () => {
    const { clocks } = assessmentDue(
      oneCare,
      [a('phone', '2024-02-01', false), a('phone2', '2024-05-01', false)],
      [],
      rules,
    );
    expect(clocks.map((c) => c.kind)).toEqual(['initial_assessment']);
    expect(clocks[0]!.met).toBeNull();
    expect(clocks[0]!.overdue('2024-05-02')).toBe(true);
    expect(clocks[0]!.notCounted.map((n) => n.assessmentId)).toEqual(['phone', 'phone2']);
  });

  it('a clock met after its due date says it was met late, and by how many days', () => {
    const { clocks } = assessmentDue(
      oneCare,
      [a('on-time', '2024-03-31'), a('next', '2025-04-01')],
      [],
      rules,
    );
    const [initial, first] = clocks;
    expect(initial!.met).toEqual({ on: '2024-03-31', assessmentId: 'on-time', daysLate: 0 });
    expect(initial!.explanation).toMatch(/\. Met on 31 March 2024$/);
    expect(first!.met).toEqual({ on: '2025-04-01', assessmentId: 'next', daysLate: 1 });
    expect(first!.explanation).toMatch(/\. Met late on 1 April 2025, 1 day after the due date$/);
  });

  it('a major change is met only by an assessment after it: a later day, or its day but recorded after it', () => {
    const first = a('first', '2024-02-01');
    const change: MajorChange = { id: 'm', on: '2026-12-01', recordedAt: '2026-12-01T15:00:00.000Z' };
    const metBy = (...as: Assessment[]) =>
      assessmentDue(oneCare, [first, ...as], [change], rules).clocks.find(
        (c) => c.kind === 'major_change_reassessment',
      )!;
    const before = { ...a('before', '2026-12-01'), recordedAt: '2026-12-01T14:00:00.000Z' };
    const after = { ...a('after', '2026-12-01'), recordedAt: '2026-12-01T16:00:00.000Z' };
    expect(metBy(before).met).toBeNull();
    expect(metBy(before).explanation).toContain(
      'The assessment on 1 December 2026 did not count: it was recorded before the major change',
    );
    // Without the instants, an assessment on the change's own day is not known to follow it.
    expect(metBy(a('undated', '2026-12-01')).met).toBeNull();
    expect(metBy(before, after).met).toMatchObject({ assessmentId: 'after' });
    expect(metBy(before, a('next-day', '2026-12-02')).met).toMatchObject({ assessmentId: 'next-day' });
  });

  it('a major change asks for a reassessment within 30 days; a screening is not an assessment', () => {
    const change: MajorChange = { id: 'm1', on: '2024-06-10', reason: 'hospital discharge' };
    const { clocks } = assessmentDue(
      oneCare,
      [a('first', '2024-02-01'), { ...a('hrsn', '2024-06-20'), kind: 'hrsn_screening' }],
      [change],
      rules,
    );
    const c = clocks.find((x) => x.kind === 'major_change_reassessment')!;
    expect(c).toMatchObject({
      dueOn: '2024-07-10',
      met: null,
      startedBy: { what: 'major_change', id: 'm1' },
    });
    expect(c.explanation).toContain('30 days after the major change on 10 June 2024 (hospital discharge)');
  });

  it('a clock is never overdue after the enrollee has left the program', () => {
    const { clocks } = assessmentDue({ ...oneCare, endsOn: '2024-05-31' }, [], [], rules);
    const initial = clocks[0]!;
    expect([
      initial.overdue('2024-04-01'),
      initial.overdue('2024-05-31'),
      initial.overdue('2024-06-01'),
    ]).toEqual([true, true, false]);
  });

  it('an enrollment before its program had rules has no clock, and says so', () => {
    const { clocks, noRule } = assessmentDue({ program: 'aco', effectiveOn: '2017-06-01' }, [], [], rules);
    expect(clocks).toEqual([]);
    expect(noRule).toEqual([
      {
        kind: 'initial_assessment',
        program: 'aco',
        startedOn: '2017-06-01',
        rule: null,
        why: 'No ACO initial assessment rule was in force on 1 June 2017',
      },
    ]);
    // A Community Partner's first clock is engagement: no initial-assessment gap is reported.
    expect(assessmentDue({ program: 'cp', effectiveOn: '2024-01-01' }, [], [], rules)).toEqual({
      clocks: [],
      noRule: [],
    });
  });
});

// ---- generated rule histories and enrollee facts ----

const KINDS = ['initial_assessment', 'reassessment', 'major_change_reassessment', 'cp_engagement'] as const;
type Kind = (typeof KINDS)[number];
const paramsOf = (kind: Kind, n: number, inPerson: boolean) =>
  kind === 'reassessment'
    ? { months: 1 + (n % 24) }
    : kind === 'initial_assessment'
      ? { days: n, inPersonRequired: inPerson }
      : { days: n };

/** A version history: the first version from `from`, each later one starting the day after the last ended. */
const history = (kind: Kind, program: RuleProgram) =>
  fc
    .tuple(
      day('2012-01-01', '2016-01-01'),
      fc.uniqueArray(day('2016-01-02', '2026-01-01'), { maxLength: 4 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.boolean()), { minLength: 5, maxLength: 5 }),
    )
    .map(([first, breaks, params]) => {
      const starts = [first, ...breaks.sort()];
      return starts.map(
        (from, i) =>
          ({
            kind,
            program,
            version: i + 1,
            effectiveFrom: from,
            effectiveTo: starts[i + 1] ? addDays(starts[i + 1]!, -1) : null,
            parameters: paramsOf(kind, params[i]![0], params[i]![1]),
          }) as CareRule,
      );
    });

const PROGRAM: RuleProgram = 'cp';
const ruleSet = fc.tuple(...KINDS.map((k) => history(k, PROGRAM))).map((hs) => hs.flat());
const facts = fc.record({
  enrollment: fc.record({
    program: fc.constant(PROGRAM),
    effectiveOn: day('2011-01-01', '2026-06-01'),
    endsOn: fc.option(day('2011-01-01', '2030-01-01'), { nil: null }),
    engagedOn: fc.option(day('2011-01-01', '2030-01-01'), { nil: null }),
  }),
  assessments: fc.array(
    fc.record({ id: fc.uuid(), completedOn: day('2011-01-01', '2030-01-01'), inPerson: fc.boolean() }),
    { maxLength: 6 },
  ),
  majorChanges: fc.array(fc.record({ id: fc.uuid(), on: day('2011-01-01', '2030-01-01') }), { maxLength: 3 }),
});

type Facts = typeof facts extends fc.Arbitrary<infer T> ? T : never;
function allClocks(rs: CareRule[], f: Facts) {
  const { clocks, noRule } = assessmentDue(f.enrollment, f.assessments, f.majorChanges, rs);
  const cp = cpEngagementDue(f.enrollment, rs);
  return cp.rule ? { clocks: [...clocks, cp], noRule } : { clocks, noRule: [...noRule, cp] };
}

describe('what meets a clock (properties)', () => {
  const instant = fc
    .integer({ min: 0, max: 86_399 })
    .map((n) => `T${new Date(n * 1000).toISOString().slice(11, 19)}.000Z`);
  const dated = (d: fc.Arbitrary<string>) =>
    fc.tuple(d, instant).map(([on, at]) => ({ on, at: `${on}${at}` }));
  const oneCareFacts = fc.record({
    effectiveOn: day('2020-01-01', '2024-12-01'),
    assessments: fc.array(fc.tuple(fc.uuid(), dated(day('2020-01-01', '2026-12-31')), fc.boolean()), {
      maxLength: 6,
    }),
    changes: fc.array(fc.tuple(fc.uuid(), dated(day('2020-01-01', '2026-12-31'))), { maxLength: 3 }),
  });
  const clocksOf = (f: typeof oneCareFacts extends fc.Arbitrary<infer T> ? T : never) =>
    assessmentDue(
      { program: 'one_care', effectiveOn: f.effectiveOn },
      f.assessments.map(([id, d, inPerson]) => ({ id, completedOn: d.on, recordedAt: d.at, inPerson })),
      f.changes.map(([id, d]) => ({ id, on: d.on, recordedAt: d.at })),
      rules,
    ).clocks;

  it('a major change is met only by an assessment after it, the first such', () => {
    fc.assert(
      fc.property(oneCareFacts, (f) => {
        for (const c of clocksOf(f).filter((k) => k.kind === 'major_change_reassessment')) {
          const change = f.changes.find(([id]) => id === c.startedBy.id)![1];
          const later = f.assessments
            .filter(([, d]) => d.on >= f.effectiveOn && (d.on > change.on || d.at > change.at))
            .map(([, d]) => d.on)
            .sort();
          expect(c.met?.on ?? null).toBe(later[0] ?? null);
        }
      }),
    );
  });

  it('a clock met after its due date says so; one met by then does not', () => {
    fc.assert(
      fc.property(oneCareFacts, (f) => {
        for (const c of clocksOf(f)) {
          if (!c.met) continue;
          expect(c.met.daysLate > 0).toBe(c.met.on > c.dueOn);
          expect(c.explanation.includes('Met late')).toBe(c.met.on > c.dueOn);
        }
      }),
    );
  });

  it('the yearly cycle starts from the assessment that met the initial assessment, never before it', () => {
    fc.assert(
      fc.property(oneCareFacts, (f) => {
        const clocks = clocksOf(f);
        const initial = clocks.find((c) => c.kind === 'initial_assessment')!;
        const yearly = clocks.filter((c) => c.kind === 'reassessment');
        if (!initial.met) expect(yearly).toEqual([]);
        else for (const y of yearly) expect(y.startedOn >= initial.met.on).toBe(true);
        // Every not-in-person assessment up to the one that met it is named, with why.
        for (const n of initial.notCounted) expect(n.why).toContain('One Care requires an in-person meeting');
      }),
    );
  });
});

describe('due dates and rule versions (properties)', () => {
  it('a due date always names the version in force on the day its clock started, and follows from it', () => {
    fc.assert(
      fc.property(ruleSet, facts, (rs, f) => {
        const { clocks, noRule } = allClocks(rs, f);
        for (const c of clocks) {
          const found = ruleInForce(rs, c.kind, PROGRAM, c.startedOn);
          expect(found.rule && found.ref).toEqual(c.rule);
          const p = found.rule!.parameters as { days?: number; months?: number };
          if (p.days !== undefined) expect(c.dueOn).toBe(addDays(c.startedOn, p.days));
          if (p.months !== undefined) expect(c.dueOn).toBe(addMonths(c.startedOn, p.months));
          expect(c.explanation).toContain(ruleRefLabel(c.rule));
        }
        for (const n of noRule) expect(ruleInForce(rs, n.kind, PROGRAM, n.startedOn).rule).toBeNull();
      }),
    );
  });

  it('a new version never moves a due date whose clock started before it', () => {
    fc.assert(
      fc.property(
        ruleSet,
        facts,
        fc.constantFrom(...KINDS),
        day('2016-01-01', '2030-01-01'),
        fc.integer({ min: 1, max: 400 }),
        (rs, f, kind, from, n) => {
          const mine = rs.filter((r) => r.kind === kind);
          const latest = mine.reduce((a, r) => (r.version > a.version ? r : a));
          fc.pre(from > latest.effectiveFrom);
          const edited = rs.map((r) =>
            r === latest && (r.effectiveTo === null || r.effectiveTo >= from)
              ? { ...r, effectiveTo: addDays(from, -1) }
              : r,
          );
          const added = {
            kind,
            program: PROGRAM,
            version: latest.version + 1,
            effectiveFrom: from,
            effectiveTo: null,
            parameters: paramsOf(kind, n, n % 2 === 0),
          } as CareRule;
          const before = allClocks(rs, f)
            .clocks.filter((c) => c.startedOn < from)
            .map(plain);
          const after = allClocks([...edited, added], f)
            .clocks.filter((c) => c.startedOn < from)
            .map(plain);
          expect(after).toEqual(before);
        },
      ),
    );
  });
});
