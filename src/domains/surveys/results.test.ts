import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Answers, questionsOf } from './definition.js';
import { MODULE_1_NEEDS_ASSESSMENT as M1 } from './needs-assessments.js';
import { breakdown, MIN_CELL, overall, participation, prePost, type Respondent } from './results.js';

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
        if (groups.length > 1) expect(groups.filter((g) => g.suppressed).length).not.toBe(1);
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
        expect(barriers.texts).toHaveLength(barriers.answered);
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
        if (groups.length > 1) expect(groups.filter((g) => g.suppressed).length).not.toBe(1);
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
    const texts = (g: { questions: { key: string; texts: string[] }[] | null }) =>
      g.questions!.find((q) => q.key === 'sharing_technique')!.texts;
    expect(texts(overall(M1, responses))).toHaveLength(13);
    for (const g of breakdown(M1, responses, 'plan')) expect(texts(g)).toEqual([]);
  });
});
