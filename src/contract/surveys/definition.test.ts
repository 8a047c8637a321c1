import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MODULE_1_NEEDS_ASSESSMENT,
  MODULE_2_NEEDS_ASSESSMENT,
} from '../../domains/surveys/needs-assessments.definitions.js';
import {
  type Answer,
  checkAnswers,
  type Definition,
  definition,
  type Question,
  questionsOf,
} from './definition.js';

const seed = readFileSync(
  new URL('../../../test/fixtures/seed-003-needs-assessments.txt', import.meta.url),
  'utf8',
);
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('the needs-assessment surveys of seed 003', () => {
  it.each([
    ['Module 1', MODULE_1_NEEDS_ASSESSMENT, 12],
    ['Module 2', MODULE_2_NEEDS_ASSESSMENT, 11],
  ])('%s: every question and answer option as the seed lists them', (_, survey, count) => {
    expect(definition.parse(survey)).toEqual(survey);
    const questions = questionsOf(survey);
    expect(questions).toHaveLength(count);
    const text = flat(seed);
    for (const q of questions) {
      expect(text, q.key).toContain(flat(q.text));
      if ('options' in q)
        for (const o of q.options)
          expect(text, `${q.key}: ${o.label}`).toContain(
            o.label === 'Other' ? 'Other - Please describe:' : o.label,
          );
      if (q.type === 'rating')
        for (const a of q.anchors.filter((x) => x.label === 'None' || x.label === 'All'))
          expect(text).toMatch(new RegExp(`${a.value} [–-] ${a.label}`));
      if ('followUp' in q && q.followUp) expect(text.toLowerCase()).toContain(q.followUp.text.toLowerCase());
    }
  });
});

/** A valid answer to a question, and its follow-up when the answer shows one. */
function validAnswer(q: Question): fc.Arbitrary<Answer> {
  const words = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
  const withFollowUp = (value: fc.Arbitrary<Answer['value']>) =>
    value.chain((v) => {
      const shown =
        'followUp' in q && q.followUp
          ? !('when' in q.followUp) ||
            (Array.isArray(v) ? v : [v]).some((x) =>
              (q.followUp as { when: string[] }).when.includes(x as string),
            )
          : false;
      return shown ? words.map((followUp) => ({ value: v, followUp })) : fc.constant({ value: v });
    });
  switch (q.type) {
    case 'single_choice':
    case 'scale':
      return withFollowUp(fc.constantFrom(...q.options.map((o) => o.value)));
    case 'multiple_choice':
      return withFollowUp(
        fc.subarray(
          q.options.map((o) => o.value),
          { minLength: 1 },
        ),
      );
    case 'yes_no':
      return withFollowUp(fc.constantFrom('yes', 'no'));
    case 'rating':
      return withFollowUp(fc.integer({ min: q.min, max: q.max }));
    default:
      return fc.string({ minLength: 1, maxLength: Math.min(q.maxLength, 100) }).map((value) => ({ value }));
  }
}

const answersFor = (d: Definition) =>
  fc.record(Object.fromEntries(questionsOf(d).map((q) => [q.key, validAnswer(q)])));

describe('checking answers', () => {
  const surveys = [MODULE_1_NEEDS_ASSESSMENT, MODULE_2_NEEDS_ASSESSMENT];

  it('accepts any complete set of valid answers', () => {
    for (const d of surveys)
      fc.assert(
        fc.property(answersFor(d), (answers) => {
          expect(checkAnswers(d, answers, true)).toEqual([]);
        }),
      );
  });

  it('names each required question left out on submitting, but not on saving to come back', () => {
    for (const d of surveys)
      fc.assert(
        fc.property(answersFor(d), fc.subarray(questionsOf(d).map((q) => q.key)), (answers, left) => {
          for (const k of left) delete answers[k];
          const required = questionsOf(d)
            .filter((q) => q.required && left.includes(q.key))
            .map((q) => `answers.${q.key}`);
          expect(
            checkAnswers(d, answers, true)
              .map((i) => i.path)
              .sort(),
          ).toEqual(required.sort());
          expect(checkAnswers(d, answers, false)).toEqual([]);
        }),
      );
  });

  it('asks for the follow-up only on the answers that show it', () => {
    const d = MODULE_1_NEEDS_ASSESSMENT;
    const base = fc.sample(answersFor(d), 1)[0]!;
    expect(checkAnswers(d, { ...base, accommodations: { value: 'yes' } }, true)).toEqual([
      { path: 'answers.accommodations.followUp', message: 'Please describe' },
    ]);
    expect(checkAnswers(d, { ...base, accommodations: { value: 'no', followUp: 'ramp' } }, true)).toEqual([
      { path: 'answers.accommodations.followUp', message: 'Not asked for this answer' },
    ]);
    expect(checkAnswers(d, { ...base, accommodations: { value: 'yes', followUp: 'A ramp' } }, true)).toEqual(
      [],
    );
  });

  it('refuses answers outside each question’s range, naming the question', () => {
    const d = MODULE_2_NEEDS_ASSESSMENT;
    const base = fc.sample(answersFor(d), 1)[0]!;
    const bad = {
      ...base,
      appeals_explained: { value: 11 },
      update_frequency: { value: 'weekly' },
      policy_repository: { value: 'maybe' },
      nonsense: { value: 'x' },
    };
    expect(checkAnswers(d, bad, true)).toEqual(
      expect.arrayContaining([
        { path: 'answers.nonsense', message: 'Not a question of this survey' },
        { path: 'answers.appeals_explained', message: 'A whole number from 1 to 10' },
        { path: 'answers.update_frequency', message: 'Choose one of the answers offered' },
        { path: 'answers.policy_repository', message: 'Yes or no' },
      ]),
    );
  });

  it('refuses a definition whose follow-up names no option, or whose keys repeat', () => {
    const q = MODULE_2_NEEDS_ASSESSMENT.sections[0]!.questions;
    const result = definition.safeParse({
      sections: [{ questions: [q[6], { ...q[6], followUp: { when: ['weekly'], text: 'Why?' } }] }],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['sections.0.questions.1.key', 'Used twice'],
      ['sections.0.questions.1.followUp.when', 'No option “weekly”'],
    ]);
  });
});
