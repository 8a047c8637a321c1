import {
  type Answers,
  checkAnswers,
  type Definition,
  definition,
  type Question,
  questionsOf,
} from '@contract/surveys/definition.js';
import { describe, expect, it } from 'vitest';
import { ONE_CARE_COMPREHENSIVE_ASSESSMENT, phq2Score } from './care-instruments.definitions.js';
import { HRSN_SCREENING, hrsnNeeds } from './hrsn-screening.definitions.js';

const INSTRUMENTS: [string, Definition][] = [
  ['One Care comprehensive assessment', ONE_CARE_COMPREHENSIVE_ASSESSMENT],
  ['HRSN screening', HRSN_SCREENING],
];

/** The first answer offered to every question, with any follow-up it shows answered. */
function firstAnswers(d: Definition): Answers {
  const answers: Answers = {};
  for (const q of questionsOf(d)) {
    const value =
      'options' in q
        ? q.type === 'multiple_choice'
          ? [q.options[0]!.value]
          : q.options[0]!.value
        : q.type === 'yes_no'
          ? 'yes'
          : q.type === 'rating'
            ? q.min
            : 'In the member’s words.';
    answers[q.key] = { value, followUp: 'Described.' };
  }
  // A follow-up not shown for the answer is refused, so keep only those shown.
  for (const issue of checkAnswers(d, answers, false))
    if (issue.path.endsWith('.followUp')) delete answers[issue.path.split('.')[1]!]!.followUp;
  return answers;
}

describe.each(INSTRUMENTS)('the %s', (_, instrument) => {
  it('passes the survey engine’s own definition checks, nothing left to defaults', () => {
    expect(definition.parse(instrument)).toEqual(instrument);
  });

  it('gives every question a label, and options where its kind needs them', () => {
    const needsOptions: Question['type'][] = ['single_choice', 'multiple_choice', 'scale'];
    for (const q of questionsOf(instrument)) {
      expect(q.text.trim(), q.key).not.toBe('');
      if (needsOptions.includes(q.type)) {
        expect('options' in q && q.options.length, q.key).toBeGreaterThanOrEqual(2);
        if ('options' in q)
          for (const o of q.options) expect(o.label.trim(), `${q.key}.${o.value}`).not.toBe('');
      }
      if (q.type === 'rating') expect(q.anchors.length, q.key).toBeGreaterThan(0);
    }
    for (const s of instrument.sections) expect(s.title?.trim()).toBeTruthy();
  });

  it('accepts a complete set of answers as the engine checks one', () => {
    expect(checkAnswers(instrument, firstAnswers(instrument), true)).toEqual([]);
  });
});

describe('the One Care comprehensive assessment', () => {
  it('covers every section the program expects, and asks about the in-person meeting', () => {
    expect(ONE_CARE_COMPREHENSIVE_ASSESSMENT.sections.map((s) => s.title)).toEqual([
      'About this assessment',
      'Demographics and preferences',
      'Living situation',
      'Physical health',
      'Medications',
      'Behavioral health',
      'Functional status',
      'Long-term services and supports',
      'Caregiver',
      'Goals',
      'Accessibility and communication',
    ]);
    const inPerson = questionsOf(ONE_CARE_COMPREHENSIVE_ASSESSMENT).find(
      (q) => q.key === 'in_person_meeting',
    );
    expect(inPerson).toMatchObject({ type: 'yes_no', required: true });
  });

  it('scores PHQ-2 from 0 to 6', () => {
    expect(phq2Score({})).toBe(0);
    expect(
      phq2Score({ phq2_interest: { value: 'nearly_every_day' }, phq2_mood: { value: 'nearly_every_day' } }),
    ).toBe(6);
    expect(
      phq2Score({
        phq2_interest: { value: 'several_days' },
        phq2_mood: { value: 'more_than_half_the_days' },
      }),
    ).toBe(3);
  });
});

describe('the HRSN screening', () => {
  it('asks the AHC tool’s core questions with its answer options', () => {
    const q = Object.fromEntries(questionsOf(HRSN_SCREENING).map((x) => [x.key, x]));
    const labels = (key: string) => ('options' in q[key]! ? q[key].options.map((o) => o.label) : []);
    expect(labels('food_worry')).toEqual(['Often true', 'Sometimes true', 'Never true']);
    expect(labels('food_ran_out')).toEqual(['Often true', 'Sometimes true', 'Never true']);
    expect(labels('utilities')).toEqual(['Yes', 'No', 'Already shut off']);
    expect(labels('safety_hurt')).toEqual(['Never', 'Rarely', 'Sometimes', 'Fairly often', 'Frequently']);
    expect(labels('housing_problems')).toHaveLength(8);
    expect(q.transportation?.type).toBe('yes_no');
    expect(HRSN_SCREENING.sections.map((s) => s.title)).toEqual([
      'Living situation',
      'Food',
      'Transportation',
      'Utilities',
      'Safety',
    ]);
  });

  it('finds a need in each domain as the tool scores it', () => {
    const none: Answers = {
      living_situation: { value: 'steady' },
      housing_problems: { value: ['none_of_the_above'] },
      food_worry: { value: 'never_true' },
      food_ran_out: { value: 'never_true' },
      transportation: { value: 'no' },
      utilities: { value: 'no' },
      safety_hurt: { value: 'never' },
      safety_insult: { value: 'sometimes' },
      safety_threaten: { value: 'never' },
      safety_scream: { value: 'sometimes' },
    };
    expect(checkAnswers(HRSN_SCREENING, none, true)).toEqual([]);
    expect(hrsnNeeds(none)).toEqual([]);
    expect(
      hrsnNeeds({
        ...none,
        living_situation: { value: 'worried' },
        housing_problems: { value: ['mold'] },
        food_ran_out: { value: 'sometimes_true' },
        transportation: { value: 'yes' },
        utilities: { value: 'already_shut_off' },
        safety_insult: { value: 'frequently' },
        safety_scream: { value: 'fairly_often' },
      }),
    ).toEqual(['housing_instability', 'housing_quality', 'food', 'transportation', 'utilities', 'safety']);
    // 1 + 4 + 1 + 4 = 10 is not yet a positive safety screen; 11 is.
    expect(
      hrsnNeeds({
        ...none,
        safety_insult: { value: 'fairly_often' },
        safety_scream: { value: 'fairly_often' },
      }),
    ).toEqual([]);
    expect(
      hrsnNeeds({
        ...none,
        safety_insult: { value: 'frequently' },
        safety_scream: { value: 'fairly_often' },
      }),
    ).toEqual(['safety']);
  });
});
