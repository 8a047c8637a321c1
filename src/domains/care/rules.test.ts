import { ruleLabel, ruleRefLabel } from '@contract/care/rules.labels.js';
import { type CareRule, careRule, type RuleProgram } from '@contract/care/rules.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Contact, noContactSince, unreachable } from './outreach.js';
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
import { byUrgency, caseloadByUrgency, QUEUE_ITEM_KINDS, type QueueItem, queueItems } from './work-queue.js';

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
    expect(before).toEqual({ rule: null, why: 'No ACO initial assessment rule was in force on 2018-02-28' });
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
    expect(due('2018-05-31')).toBe('No Community Partners engagement rule was in force on 2018-05-31');
  });

  it('an enrollee enrolled in March 2020 keeps the 90-day window after the 120-day rule begins', () => {
    const c = cpEngagementDue({ effectiveOn: '2020-03-15', engagedOn: '2020-06-20' }, rules) as Clock;
    expect(c.dueOn).toBe('2020-06-13');
    expect(c.explanation).toBe(
      'Due 2020-06-13: 90 days after Community Partners enrollment on 2020-03-15 (Community Partners engagement rule v1)',
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
      'Due 2024-03-31: 90 days after enrollment on 2024-01-01, with an in-person meeting (One Care initial assessment rule v1)',
    );
    expect([
      initial.overdue('2024-03-31'),
      initial.overdue('2024-04-01'),
      initial.overdue('2024-04-05'),
    ]).toEqual([false, true, false]);
    // Each assessment starts a yearly clock, met by the next one.
    const yearly = clocks.filter((c) => c.kind === 'reassessment');
    expect(yearly.map((c) => [c.startedOn, c.dueOn, c.met?.assessmentId ?? null])).toEqual([
      ['2024-02-01', '2025-02-01', 'visit'],
      ['2024-04-05', '2025-04-05', null],
    ]);
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
    expect(c.explanation).toContain('30 days after the major change on 2024-06-10 (hospital discharge)');
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
        why: 'No ACO initial assessment rule was in force on 2017-06-01',
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

describe('unreachable', () => {
  const oneCare = ruleInForce(rules, 'unreachable', 'one_care', '2024-03-10').rule!;
  const c = (id: string, on: string, mode: string, reached = false, at?: string): Contact => ({
    id,
    on,
    mode,
    reached,
    at,
  });

  it('says which attempts count and why, in sentences for the enrollee page', () => {
    const result = unreachable(
      [
        c('a', '2024-01-02', 'phone', true),
        c('b', '2024-03-03', 'phone'),
        c('c', '2024-03-03', 'phone'),
        c('d', '2024-03-05', 'phone'),
        c('e', '2024-03-08', 'letter'),
        c('f', '2023-11-01', 'phone'),
      ],
      oneCare,
      '2024-03-10',
    );
    expect(result.unreachable).toBe(true);
    expect(result.counted).toEqual([
      { contactId: 'b', why: 'Counted: phone, not reached, 3 March' },
      { contactId: 'd', why: 'Counted: phone, not reached, 5 March' },
      { contactId: 'e', why: 'Counted: letter, not reached, 8 March' },
    ]);
    expect(result.notCounted).toEqual([
      {
        contactId: 'f',
        why: 'Not counted: phone, not reached, 1 November 2023; before the successful contact on 2 January',
      },
      {
        contactId: 'a',
        why: 'Not counted: phone, reached, 2 January; reached, so attempts before it no longer count',
      },
      { contactId: 'c', why: 'Not counted: phone, not reached, 3 March; second attempt on the same day' },
    ]);
    expect(result.summary).toBe(
      'Unreachable: 3 unsuccessful attempts on different days by 2 modes since 12 December 2023 (One Care unreachable rule v1)',
    );
  });

  it('One Care asks for two modes: three calls are not enough, a home visit the same day as one is', () => {
    const calls = [
      c('a', '2024-03-01', 'phone'),
      c('b', '2024-03-02', 'phone'),
      c('c', '2024-03-03', 'phone', false, '2024-03-03T14:00:00Z'),
    ];
    const three = unreachable(calls, oneCare, '2024-03-10');
    expect(three.unreachable).toBe(false);
    expect(three.summary).toBe(
      'Not yet unreachable: attempts by 1 mode; at least 2 needed (One Care unreachable rule v1)',
    );
    const visit = unreachable(
      [...calls, c('d', '2024-03-03', 'home_visit', false, '2024-03-03T16:00:00Z')],
      oneCare,
      '2024-03-10',
    );
    expect(visit.unreachable).toBe(true);
    expect(visit.notCounted).toEqual([
      {
        contactId: 'c',
        why: 'Not counted: phone, not reached, 3 March; the home visit attempt that day counts instead, adding a mode',
      },
    ]);
    // A successful contact afterwards starts it over.
    expect(
      unreachable([...calls, c('e', '2024-03-09', 'video', true)], oneCare, '2024-03-10').unreachable,
    ).toBe(false);
  });

  const MODES = ['phone', 'letter', 'home_visit', 'text'];
  const history = fc.array(
    fc.record({
      on: day('2024-01-01', '2024-05-01'),
      minute: fc.integer({ min: 0, max: 1439 }),
      mode: fc.constantFrom(...MODES),
      reached: fc.boolean(),
    }),
    { maxLength: 9 },
  );
  const rule = fc.record({
    attempts: fc.integer({ min: 1, max: 4 }),
    distinctDays: fc.boolean(),
    minModes: fc.integer({ min: 1, max: 3 }),
    withinDays: fc.integer({ min: 10, max: 120 }),
  });

  it('holds exactly when some set of attempts meets the rule (checked against every subset)', () => {
    fc.assert(
      fc.property(history, rule, day('2024-01-15', '2024-05-15'), (h, parameters, asOf) => {
        const contacts = h.map((x, i) => {
          const at = `${x.on}T${String(Math.floor(x.minute / 60)).padStart(2, '0')}:${String(x.minute % 60).padStart(2, '0')}:00.${String(i).padStart(3, '0')}Z`;
          return c(`c${i}`, x.on, x.mode, x.reached, at);
        });
        const r = {
          kind: 'unreachable',
          program: 'aco',
          version: 1,
          effectiveFrom: '2018-03-01',
          effectiveTo: null,
          parameters,
        } as const;
        const got = unreachable(contacts, r, asOf);

        // The rule, read literally: attempts after the last successful contact, inside the window.
        const seen = contacts.filter((x) => x.on <= asOf).sort((x, y) => (x.at! < y.at! ? -1 : 1));
        const last = seen.findLastIndex((x) => x.reached);
        const from = addDays(asOf, -(parameters.withinDays - 1));
        const eligible = seen.filter((x, i) => i > last && !x.reached && x.on >= from);
        let holds = false;
        for (let mask = 0; mask < 1 << eligible.length && !holds; mask++) {
          const set = eligible.filter((_, i) => mask & (1 << i));
          const days = new Set(set.map((x) => x.on));
          holds =
            set.length >= parameters.attempts &&
            (!parameters.distinctDays || days.size === set.length) &&
            new Set(set.map((x) => x.mode)).size >= parameters.minModes;
        }
        expect(got.unreachable).toBe(holds);
        // Every contact up to the day is listed once, counted or not.
        const listed = [...got.counted, ...got.notCounted].map((x) => x.contactId).sort();
        expect(listed).toEqual(seen.map((x) => x.id).sort());
        expect(got.counted.every((x) => eligible.some((e) => e.id === x.contactId))).toBe(true);
      }),
    );
  });
});

describe('no contact', () => {
  const rule = ruleInForce(rules, 'no_contact', 'aco', '2024-01-01').rule!;
  it('is flagged 60 days after the last successful contact, or after enrollment when there has been none', () => {
    const contacts: Contact[] = [
      { id: 'a', on: '2024-01-05', mode: 'phone', reached: true },
      { id: 'b', on: '2024-02-20', mode: 'phone', reached: false },
    ];
    expect(noContactSince(contacts, rule, '2024-03-04', '2023-12-01')).toMatchObject({
      noContact: false,
      since: '2024-01-05',
      dueOn: '2024-03-05',
      daysWithout: 59,
    });
    const late = noContactSince(contacts, rule, '2024-03-05', '2023-12-01');
    expect(late).toMatchObject({
      noContact: true,
      lastContact: { on: '2024-01-05', contactId: 'a' },
      daysWithout: 60,
    });
    expect(late.explanation).toBe(
      'No successful contact in 60 days, since the last successful contact on 5 January (ACO no-contact rule v1)',
    );
    expect(noContactSince([], rule, '2024-03-05', '2024-01-10')).toMatchObject({
      noContact: false,
      since: '2024-01-10',
      lastContact: null,
    });
  });
});

describe('the work queue', () => {
  const enrollee = (over: Partial<Parameters<typeof queueItems>[0]> = {}) => ({
    enrolleeId: 'e1',
    enrollments: [{ program: 'one_care' as const, effectiveOn: '2024-01-01' }],
    assessments: [],
    majorChanges: [],
    contacts: [],
    rules,
    ...over,
  });

  it('lists an overdue assessment, outreach to try and no contact, most urgent first', () => {
    const items = queueItems(
      enrollee({ contacts: [{ id: 'c1', on: '2024-02-01', mode: 'phone', reached: false }] }),
      '2024-04-10',
    );
    expect(items.map((i) => [i.kind, i.dueOn, i.overdue, i.urgency])).toEqual([
      ['no_contact', '2024-03-01', true, 40],
      ['initial_assessment', '2024-03-31', true, 10],
      ['outreach', '2024-03-31', true, 10],
    ]);
    expect(items[2]!.explanation).toMatch(
      /^Not yet unreachable: 1 of 3 attempts on different days; attempts by 1 mode; at least 2 needed/,
    );
    expect(items[0]!.title).toBe('No contact in 60 days');
  });

  it('once the attempts prove them unreachable, outreach leaves the queue and the assessment says why', () => {
    const contacts: Contact[] = [
      { id: 'a', on: '2024-03-01', mode: 'phone', reached: false },
      { id: 'b', on: '2024-03-04', mode: 'letter', reached: false },
      { id: 'c', on: '2024-03-07', mode: 'home_visit', reached: false },
    ];
    const items = queueItems(enrollee({ contacts }), '2024-03-20');
    expect(items.map((i) => i.kind)).toEqual(['no_contact', 'initial_assessment']);
    expect(items[1]!.explanation).toContain('Unreachable: 3 unsuccessful attempts');
  });

  it('shows a yearly reassessment 60 days ahead, and Community Partner engagement by its own window', () => {
    const reached = { id: 'r', on: '2024-12-01', mode: 'phone', reached: true };
    const done = [{ id: 'a1', completedOn: '2024-03-01', inPerson: true }];
    expect(queueItems(enrollee({ assessments: done, contacts: [reached] }), '2024-12-30')).toEqual([]);
    expect(
      queueItems(enrollee({ assessments: done, contacts: [reached] }), '2024-12-31').map((i) => [
        i.kind,
        i.dueOn,
      ]),
    ).toEqual([['reassessment', '2025-03-01']]);
    const cp = queueItems(
      enrollee({
        enrollments: [{ program: 'cp', effectiveOn: '2024-01-01' }],
        contacts: [{ ...reached, on: '2024-01-05' }],
      }),
      '2024-01-10',
    );
    expect(cp.map((i) => [i.kind, i.dueOn, i.rule.version])).toEqual([['cp_engagement', '2024-05-30', 3]]);
  });

  const item = fc
    .record({
      enrolleeId: fc.constantFrom('e1', 'e2', 'e3'),
      kind: fc.constantFrom(...QUEUE_ITEM_KINDS),
      dueOn: day('2024-01-01', '2024-01-20'),
      from: fc.constantFrom('x', 'y'),
    })
    .map(
      ({ enrolleeId, kind, dueOn, from }): QueueItem => ({
        key: `${enrolleeId}|${kind}|one_care|${from}`,
        enrolleeId,
        kind,
        program: 'one_care',
        dueOn,
        overdue: dueOn < '2024-01-10',
        urgency: Math.round((Date.parse('2024-01-10') - Date.parse(dueOn)) / 86_400_000),
        rule: { kind: 'no_contact', program: 'one_care', version: 1 },
        title: '',
        explanation: '',
      }),
    );
  const sign = (n: number) => Math.sign(n) || 0;

  it('sorts by a total order: overdue first by days overdue, then due soonest', () => {
    fc.assert(
      fc.property(item, item, item, (a, b, c) => {
        expect(byUrgency(a, a)).toBe(0);
        expect(sign(byUrgency(a, b))).toBe(-sign(byUrgency(b, a)));
        expect(byUrgency(a, b) === 0).toBe(a.key === b.key && a.dueOn === b.dueOn);
        if (byUrgency(a, b) <= 0 && byUrgency(b, c) <= 0) expect(byUrgency(a, c)).toBeLessThanOrEqual(0);
      }),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const sorted = [...items].sort(byUrgency);
        for (const [i, x] of sorted.entries()) {
          const next = sorted[i + 1];
          if (!next) break;
          if (x.overdue && next.overdue) expect(x.urgency).toBeGreaterThanOrEqual(next.urgency);
          if (!x.overdue) expect(next.overdue).toBe(false);
          if (!x.overdue && !next.overdue) expect(x.dueOn <= next.dueOn).toBe(true);
        }
      }),
    );
  });

  it('sorts stably and the same whatever order the items came in', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), fc.integer(), (items, seed) => {
        const tagged = items.map((x, i) => ({ ...x, tag: i }));
        const shuffled = [...tagged].sort(
          (x, y) => ((x.tag * 7919 + seed) % 31) - ((y.tag * 7919 + seed) % 31),
        );
        const once = [...tagged].sort(byUrgency);
        const again = [...shuffled].sort(byUrgency);
        expect(again.map((x) => x.key)).toEqual(once.map((x) => x.key));
        // Equal items keep the order they came in.
        for (const [i, x] of once.entries()) {
          const next = once[i + 1];
          if (next && byUrgency(x, next) === 0) expect(x.tag).toBeLessThan(next.tag);
        }
        const caseload = ['e1', 'e2', 'e3'].map((enrolleeId) => ({
          enrolleeId,
          items: once.filter((x) => x.enrolleeId === enrolleeId),
        }));
        const order = [...caseload].sort(caseloadByUrgency);
        const firsts = order
          .map((e) => e.items[0])
          .filter((x): x is (typeof once)[number] => x !== undefined);
        expect(firsts).toEqual([...firsts].sort(byUrgency));
      }),
    );
  });
});
