import { type Answers, questionsOf } from '@contract/surveys/definition.js';
import type { GroupResult } from '@contract/surveys/results.schemas.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODULE_1_NEEDS_ASSESSMENT as M1 } from './needs-assessments.definitions.js';
import { ownParticipation, participation } from './participation.rules.js';
import { breakdown, MIN_CELL, overall, ownGroup, prePost, type Respondent } from './results.rules.js';

const PLANS = ['Bay State One Care', 'Commonwealth Care Alliance', 'Tufts One Care', 'UnitedHealthcare'];

/** A response: a few Module 1 answers, a plan (or none), a role. */
const respondent: fc.Arbitrary<Respondent> = fc
  .record({
    access: fc.constantFrom('all_of_the_time', 'most_of_the_time', 'some_of_the_time', 'none_of_the_time'),
    barriers: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    info: fc.subarray(['current_and_previous_medications', 'prior_authorizations'], { minLength: 1 }),
    plan: fc.option(fc.constantFrom(...PLANS), { nil: null }),
    role: fc.constantFrom('care_coordinator', 'lts_coordinator'),
  })
  .map(({ access, barriers, info, plan, role }) => {
    const answers: Answers = { cer_access: { value: access }, helpful_information: { value: info } };
    if (barriers !== undefined)
      answers.policy_barriers = { value: barriers, followUp: 'Prior authorisation forms' };
    return { answers, groups: { plan, role } };
  });

describe('survey results', () => {
  it('show no group of fewer than five, and never leave one hidden group to be worked out', () => {
    fc.assert(
      fc.property(fc.array(respondent, { maxLength: 40 }), (responses) => {
        const groups = breakdown(M1, responses, 'plan');
        const sizes = new Map<string, number>();
        for (const r of responses)
          if (r.groups.plan) sizes.set(r.groups.plan, (sizes.get(r.groups.plan) ?? 0) + 1);
        for (const g of groups) {
          if (sizes.get(g.group)! < MIN_CELL) expect(g.suppressed).toBe(true);
          if (g.suppressed) expect(g).toMatchObject({ respondents: null, questions: null });
          else expect(g.respondents).toBe(sizes.get(g.group));
        }
        const inNone = responses.filter((r) => !r.groups.plan).length;
        if (groups.length > 1 && !inNone) expect(groups.filter((g) => g.suppressed).length).not.toBe(1);
        expect(overall(M1, responses).suppressed).toBe(responses.length < MIN_CELL);
      }),
    );
  });

  it('count each answer, and the groups add up to the whole', () => {
    fc.assert(
      fc.property(fc.array(respondent, { minLength: MIN_CELL, maxLength: 60 }), (responses) => {
        const all = overall(M1, responses).questions!;
        const access = all.find((q) => q.key === 'cer_access')!;
        expect(Object.values(access.counts).reduce((a, b) => a + b, 0)).toBe(responses.length);
        expect(Object.keys(access.counts)).toHaveLength(4); // every option, even with none chosen
        const barriers = all.find((q) => q.key === 'policy_barriers')!;
        if (barriers.mean !== null) {
          expect(barriers.mean).toBeGreaterThanOrEqual(1);
          expect(barriers.mean).toBeLessThanOrEqual(10);
        }
        expect(barriers.texts.reduce((sum, t) => sum + t.n, 0)).toBe(barriers.answered);
        const byRole = breakdown(M1, responses, 'role');
        if (byRole.every((g) => !g.suppressed))
          expect(byRole.reduce((n, g) => n + g.respondents!, 0)).toBe(responses.length);
        expect(all).toHaveLength(questionsOf(M1).length);
      }),
    );
  });

  it('suppresses a plan of three beside a plan of ten, and the next smallest with it', () => {
    const make = (plan: string, n: number) =>
      Array.from({ length: n }, () => ({
        answers: { cer_access: { value: 'all_of_the_time' } },
        groups: { plan },
      }));
    const groups = breakdown(M1, [...make('A', 10), ...make('B', 6), ...make('C', 3)], 'plan');
    expect(groups.map((g) => [g.group, g.respondents, g.suppressed])).toEqual([
      ['A', 10, false],
      ['B', null, true],
      ['C', null, true],
    ]);
  });
});

describe('complementary suppression', () => {
  /** Respondents in each of the four plans (0–12) and in none (0–6), each with a random answer. */
  const population = fc
    .tuple(
      // Often none at all in a plan, so that a breakdown of one or two plans comes up as often as four.
      fc.array(fc.oneof(fc.constant(0), fc.nat(12)), { minLength: PLANS.length, maxLength: PLANS.length }),
      fc.oneof(fc.constant(0), fc.nat(6)),
      fc.infiniteStream(fc.constantFrom('all_of_the_time', 'most_of_the_time', 'none_of_the_time')),
    )
    .map(([sizes, none, answers]) => {
      const made: Respondent[] = [];
      const next = () => ({ cer_access: { value: answers.next().value as string } });
      PLANS.forEach((plan, i) => {
        for (let k = 0; k < sizes[i]!; k++) made.push({ answers: next(), groups: { plan } });
      });
      for (let k = 0; k < none; k++) made.push({ answers: next(), groups: { plan: null } });
      return made;
    });
  const counts = (rs: readonly Respondent[]) =>
    overallCounts(rs.map((r) => r.answers.cer_access!.value as string));
  const overallCounts = (values: string[]) => {
    const c: Record<string, number> = {};
    for (const v of values) c[v] = (c[v] ?? 0) + 1;
    return c;
  };
  /** The groups a subtraction could single out: each plan's respondents, and those in none. */
  const cellsOf = (rs: readonly Respondent[]) => {
    const cells = new Map<string, Respondent[]>();
    for (const r of rs) {
      const key = r.groups.plan ?? '(none)';
      cells.set(key, [...(cells.get(key) ?? []), r]);
    }
    return cells;
  };
  /**
   * The cells no subtraction may single out: each withheld plan (`hidden`), and those in no plan when fewer
   * than five (never shown on their own; five or more of them may be).
   */
  const protectedCells = (cells: Map<string, Respondent[]>, hidden: (key: string) => boolean) =>
    new Map(
      [...cells].filter(([key, members]) => (key === '(none)' ? members.length < MIN_CELL : hidden(key))),
    );
  /** No difference of the total and shown figures is a withheld group's figures, or fewer than five people. */
  const expectNothingDerivable = (
    responses: readonly Respondent[],
    shown: readonly { group: string }[],
    withheldCells: ReadonlyMap<string, Respondent[]>,
  ) => {
    // Every subset of the groups shown, taken from the total: what is left must not single out anyone.
    for (let mask = 0; mask < 1 << shown.length; mask++) {
      const taken = new Set(shown.filter((_, i) => mask & (1 << i)).map((g) => g.group));
      const left = responses.filter((r) => !taken.has(r.groups.plan ?? '(none)'));
      if (!left.length) continue;
      expect(left.length).toBeGreaterThanOrEqual(MIN_CELL);
      for (const [, members] of withheldCells)
        if (members.length === left.length) expect(counts(members)).not.toEqual(counts(left));
    }
  };

  it('leave no withheld group to be worked out from the total and the groups shown', () => {
    fc.assert(
      fc.property(population, (responses) => {
        const all = overall(M1, responses);
        if (all.suppressed) return;
        const groups = breakdown(M1, responses, 'plan');
        const shown = groups.filter((g) => !g.suppressed);
        const cells = cellsOf(responses);
        const hidden = protectedCells(cells, (key) => !shown.some((g) => g.group === key));
        for (const [, members] of cells)
          if (members.length < MIN_CELL)
            expect(shown.map((g) => g.group)).not.toContain(members[0]!.groups.plan);
        expectNothingDerivable(responses, shown, hidden);
      }),
    );
  });

  it('leave no other plan to be worked out from the total and a plan’s own figures', () => {
    fc.assert(
      fc.property(population, fc.constantFrom(...PLANS), (responses, plan) => {
        const all = overall(M1, responses);
        const mine = ownGroup(M1, responses, 'plan', plan);
        if (all.suppressed || !mine || mine.suppressed) return;
        const others = protectedCells(cellsOf(responses), (key) => key !== plan);
        expectNothingDerivable(responses, [mine], others);
        const invited = participationRows(responses);
        const taking = ownParticipation(invited, 'plan', plan);
        if (!taking.overall.suppressed && taking.groups[0] && !taking.groups[0].suppressed) {
          // The invited less the plan's own: everyone else, never one other plan (or a few in none) alone.
          const rest = taking.overall.invited! - taking.groups[0].invited!;
          expect(rest === 0 || rest >= MIN_CELL).toBe(true);
          for (const [, members] of others) expect(members.length).not.toBe(rest);
        }
      }),
    );
  });

  it('withhold the next smallest when the withheld together are fewer than five, or are those in no plan', () => {
    const make = (plan: string | null, n: number) =>
      Array.from({ length: n }, () => ({
        answers: { cer_access: { value: 'all_of_the_time' } },
        groups: { plan },
      }));
    const shape = (rs: Respondent[]) => breakdown(M1, rs, 'plan').map((g) => [g.group, g.respondents]);
    // Two plans of one and two: withheld together they are three, so the plan of six goes with them.
    expect(shape([...make('A', 10), ...make('B', 6), ...make('C', 2), ...make('D', 1)])).toEqual([
      ['A', 10],
      ['B', null],
      ['C', null],
      ['D', null],
    ]);
    // Two in no plan would be the total less the two plans shown.
    expect(shape([...make('A', 10), ...make('B', 6), ...make(null, 2)])).toEqual([
      ['A', 10],
      ['B', null],
    ]);
    // A plan beside one other: the total less its own would be the other plan's.
    const two = [...make('A', 10), ...make('B', 6)];
    expect(ownGroup(M1, two, 'plan', 'A')).toMatchObject({ suppressed: true, questions: null });
    expect(ownGroup(M1, [...two, ...make('C', 7)], 'plan', 'A')).toMatchObject({ respondents: 10 });
  });
});

/** Participation rows of one person each, as everyone addressed, none started. */
const participationRows = (rs: readonly Respondent[]) =>
  rs.map((r) => ({ groups: r.groups, started: false, completed: false, people: 1 }));

describe('pre and post', () => {
  const answering = (n: number, familiarity: string, belief: number) =>
    Array.from({ length: n }, () => ({
      answers: { open_ended_familiarity: { value: familiarity }, learning_belief: { value: belief } },
      groups: {},
    }));

  it('compare the same questions before and after a module', () => {
    const pre = overall(M1, [...answering(6, 'some_knowledge', 4), ...answering(4, 'familiar', 6)]);
    const post = overall(M1, [...answering(2, 'some_knowledge', 7), ...answering(8, 'very_familiar', 9)]);
    const changes = prePost(pre, post);
    const familiarity = changes.find((c) => c.key === 'open_ended_familiarity')!;
    expect(familiarity.mean).toBeNull();
    expect(familiarity.shares.find((s) => s.value === 'some_knowledge')).toEqual({
      value: 'some_knowledge',
      pre: 60,
      post: 20,
      change: -40,
    });
    expect(familiarity.shares.find((s) => s.value === 'very_familiar')).toMatchObject({ pre: 0, post: 80 });
    expect(changes.find((c) => c.key === 'learning_belief')!.mean).toEqual({
      pre: 4.8,
      post: 8.6,
      change: 3.8,
    });
    expect(changes.map((c) => c.key)).not.toContain('cer_access'); // asked of nobody
  });

  it('compare nothing where either side is too small to show', () => {
    expect(
      prePost(overall(M1, answering(4, 'familiar', 5)), overall(M1, answering(9, 'familiar', 5))),
    ).toEqual([]);
  });
});

describe('participation', () => {
  const addressed = fc.record({
    groups: fc.record({ plan: fc.option(fc.constantFrom(...PLANS), { nil: null }) }),
    started: fc.boolean(),
    completed: fc.boolean(),
    people: fc.integer({ min: 1, max: 8 }),
  });

  it('adds up, shows no plan of fewer than five invited, and never leaves one withheld plan to be worked out', () => {
    fc.assert(
      fc.property(fc.array(addressed, { maxLength: 30 }), (rows) => {
        const { overall: all, groups } = participation(rows, 'plan');
        const invited = rows.reduce((n, r) => n + r.people, 0);
        expect(all.suppressed ? null : all.invited).toBe(invited < MIN_CELL ? null : invited);
        for (const g of groups) if (!g.suppressed) expect(g.invited).toBeGreaterThanOrEqual(MIN_CELL);
        // One plan withheld alone would be the total less the others, unless some are in no plan.
        const inNone = rows.filter((r) => !r.groups.plan).reduce((n, r) => n + r.people, 0);
        if (groups.length > 1 && !inNone) expect(groups.filter((g) => g.suppressed).length).not.toBe(1);
        if (groups.every((g) => !g.suppressed) && !all.suppressed) {
          const withPlan = rows.filter((r) => r.groups.plan).reduce((n, r) => n + r.people, 0);
          expect(groups.reduce((n, g) => n + (g.invited ?? 0), 0)).toBe(withPlan);
        }
      }),
    );
  });
});

describe('words written', () => {
  it('are listed for all together, never for one group', () => {
    const make = (plan: string, n: number) =>
      Array.from({ length: n }, () => ({
        answers: { sharing_technique: { value: 'yes', followUp: `I ask about ${plan}` } } as Answers,
        groups: { plan },
      }));
    const responses = [...make('A', 6), ...make('B', 7)];
    const texts = (g: GroupResult) => g.questions!.find((q) => q.key === 'sharing_technique')!.texts;
    // The same words once, with how many wrote them: the most written first.
    expect(texts(overall(M1, responses))).toEqual([
      { text: 'I ask about B', n: 7 },
      { text: 'I ask about A', n: 6 },
    ]);
    for (const g of breakdown(M1, responses, 'plan')) expect(texts(g)).toEqual([]);
  });
});
