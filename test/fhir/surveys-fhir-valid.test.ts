// The surveys domain's FHIR exports checked by the R4 validator: every Questionnaire Concord ships (the needs
// assessments, the care instruments, the demo's evaluation), a survey with every question kind, and the
// responses bundle of each, with every question answered.
import type { Answers, Definition } from '@contract/surveys/definition.js';
import { describe, expect, it } from 'vitest';
import {
  HRSN_SCREENING,
  MODULE_1_NEEDS_ASSESSMENT,
  MODULE_2_NEEDS_ASSESSMENT,
  ONE_CARE_COMPREHENSIVE_ASSESSMENT,
  questionsOf,
  toQuestionnaire,
  toResponseBundle,
} from '../../src/domains/surveys/index.js';
import { answersTo, MODULE_1_EVALUATION } from '../../src/seed/demo-surveys.js';
import { seededRandom } from '../../src/seed/random.js';
import { validateBundle, validateFhir } from '../support/fhir.js';

const EVERY_KIND: Definition = {
  sections: [
    {
      title: 'Every kind',
      questions: [
        {
          key: 'single',
          type: 'single_choice',
          text: 'Pick one',
          help: 'Only one.',
          required: true,
          options: [
            { value: 'a', label: 'A' },
            { value: 'other', label: 'Other' },
          ],
          followUp: { when: ['other'], text: 'Which?', required: true },
        },
        {
          key: 'many',
          type: 'multiple_choice',
          text: 'Pick some',
          required: false,
          options: [
            { value: 'x', label: 'X' },
            { value: 'y', label: 'Y' },
          ],
        },
        {
          key: 'scale',
          type: 'scale',
          text: 'How familiar?',
          required: true,
          options: [
            { value: 'not', label: 'Not' },
            { value: 'very', label: 'Very' },
          ],
        },
        {
          key: 'rate',
          type: 'rating',
          text: 'Rate it',
          required: true,
          min: 0,
          max: 10,
          anchors: [
            { value: 0, label: 'Worst' },
            { value: 10, label: 'Best' },
          ],
        },
        {
          key: 'yes',
          type: 'yes_no',
          text: 'Yes or no?',
          required: true,
          followUp: { when: ['no'], text: 'Why not?', required: false },
        },
        { key: 'short', type: 'short_text', text: 'A word', required: false, maxLength: 200 },
        { key: 'long', type: 'long_text', text: 'Tell us', required: false, maxLength: 2000 },
      ],
    },
  ],
} as Definition;

const SHIPPED: [string, Definition][] = [
  ['M1-NA', MODULE_1_NEEDS_ASSESSMENT],
  ['M2-NA', MODULE_2_NEEDS_ASSESSMENT],
  ['M1-EVAL', MODULE_1_EVALUATION],
  ['CARE-ASSESSMENT', ONE_CARE_COMPREHENSIVE_ASSESSMENT],
  ['HRSN', HRSN_SCREENING],
  ['EVERY-KIND', EVERY_KIND],
];

/** Five respondents' answers, so the bundle is written (fewer than five are withheld). */
function rows(d: Definition, seed: number) {
  return Array.from({ length: 5 }, (_, i) => {
    const answers: Answers = answersTo(d, seededRandom(seed + i), i % 2 === 1);
    // Every follow-up answered where its question shows it, so every nested item is written too.
    for (const q of questionsOf(d))
      if ('followUp' in q && q.followUp && answers[q.key] && !answers[q.key]!.followUp)
        answers[q.key]!.followUp = 'Because.';
    return {
      answers,
      groups: { plan: 'Plan', organisation: 'Clinic', role: 'rn' },
      submittedOn: '2026-11-02',
    };
  });
}

describe('the surveys domain’s FHIR exports', () => {
  it.each(SHIPPED)('write %s as a valid R4 Questionnaire, draft and active', (code, definition) => {
    for (const status of ['draft', 'active'] as const) {
      const q = toQuestionnaire({
        code,
        title: `Survey ${code}`,
        description: status === 'draft' ? null : 'What it asks.',
        version: status === 'draft' ? 0 : 3,
        status,
        definition,
      });
      expect(validateFhir(q)).toBe(q);
    }
  });

  it.each(SHIPPED)('write the responses to %s as a valid R4 Bundle of QuestionnaireResponses', (code, d) => {
    const bundle = toResponseBundle({ code, version: 1, definition: d }, rows(d, code.length));
    expect(bundle.entry).toHaveLength(5);
    validateBundle(bundle);
  });

  it('would refuse a broken export', () => {
    const bundle = toResponseBundle({ code: 'X', version: 1, definition: EVERY_KIND }, rows(EVERY_KIND, 1));
    const broken = { ...bundle.entry![0]!.resource, status: undefined };
    expect(() => validateFhir(broken)).toThrow(/status/);
    expect(() => validateFhir({ ...bundle.entry![0]!.resource, item: [] })).toThrow(/Empty array/);
  });
});
