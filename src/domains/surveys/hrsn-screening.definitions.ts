// The health-related social needs screening shipped with the demo, as a survey definition, and what its answers
// say is needed. The comprehensive assessment is beside it (care-instruments.definitions.ts).
import type { Answers, Definition } from '@contract/surveys/definition.js';
import { opts } from './instrument-parts.js';

const TRUE_OPTIONS = opts('Often true', 'Sometimes true', 'Never true');
const HITS_POINTS = opts('Never', 'Rarely', 'Sometimes', 'Fairly often', 'Frequently');

/**
 * The health-related social needs screening of CMS's Accountable Health Communities (AHC HRSN) tool: its
 * ten core questions in five domains, in the tool's words. Food is the Hunger Vital Sign's two items;
 * safety is the HITS four.
 */
export const HRSN_SCREENING: Definition = {
  sections: [
    {
      title: 'Living situation',
      questions: [
        {
          key: 'living_situation',
          type: 'single_choice',
          required: true,
          text: 'What is your living situation today?',
          options: [
            { value: 'steady', label: 'I have a steady place to live' },
            {
              value: 'worried',
              label: 'I have a place to live today, but I am worried about losing it in the future',
            },
            {
              value: 'not_steady',
              label:
                'I do not have a steady place to live (I am temporarily staying with others, in a hotel, in a shelter, living outside on the street, on a beach, in a car, abandoned building, bus or train station, or in a park)',
            },
          ],
        },
        {
          key: 'housing_problems',
          type: 'multiple_choice',
          required: true,
          text: 'Think about the place you live. Do you have problems with any of the following?',
          help: 'Choose all that apply.',
          options: opts(
            'Pests such as bugs, ants, or mice',
            'Mold',
            'Lead paint or pipes',
            'Lack of heat',
            'Oven or stove not working',
            'Smoke detectors missing or not working',
            'Water leaks',
            'None of the above',
          ),
        },
      ],
    },
    {
      title: 'Food',
      questions: [
        {
          key: 'food_worry',
          type: 'scale',
          required: true,
          text: 'Within the past 12 months, you worried that your food would run out before you got money to buy more.',
          options: TRUE_OPTIONS,
        },
        {
          key: 'food_ran_out',
          type: 'scale',
          required: true,
          text: 'Within the past 12 months, the food you bought just didn’t last and you didn’t have money to get more.',
          options: TRUE_OPTIONS,
        },
      ],
    },
    {
      title: 'Transportation',
      questions: [
        {
          key: 'transportation',
          type: 'yes_no',
          required: true,
          text: 'In the past 12 months, has lack of reliable transportation kept you from medical appointments, meetings, work or from getting things needed for daily living?',
        },
      ],
    },
    {
      title: 'Utilities',
      questions: [
        {
          key: 'utilities',
          type: 'single_choice',
          required: true,
          text: 'In the past 12 months has the electric, gas, oil, or water company threatened to shut off services in your home?',
          options: opts('Yes', 'No', 'Already shut off'),
        },
      ],
    },
    {
      title: 'Safety',
      questions: [
        {
          key: 'safety_hurt',
          type: 'scale',
          required: true,
          text: 'How often does anyone, including family and friends, physically hurt you?',
          options: HITS_POINTS,
        },
        {
          key: 'safety_insult',
          type: 'scale',
          required: true,
          text: 'How often does anyone, including family and friends, insult or talk down to you?',
          options: HITS_POINTS,
        },
        {
          key: 'safety_threaten',
          type: 'scale',
          required: true,
          text: 'How often does anyone, including family and friends, threaten you with harm?',
          options: HITS_POINTS,
        },
        {
          key: 'safety_scream',
          type: 'scale',
          required: true,
          text: 'How often does anyone, including family and friends, scream or curse at you?',
          options: HITS_POINTS,
        },
      ],
    },
  ],
};

export type HrsnDomain =
  | 'housing_instability'
  | 'housing_quality'
  | 'food'
  | 'transportation'
  | 'utilities'
  | 'safety';

/**
 * The domains a completed screening finds a need in, as the AHC tool scores them: housing instability on
 * either of the last two answers; housing quality on any problem; food when either item is often or
 * sometimes true; transportation on yes; utilities on yes or already shut off; safety when the four HITS
 * items, scored 1 (never) to 5 (frequently), add up to more than 10.
 */
export function hrsnNeeds(answers: Answers): HrsnDomain[] {
  const v = (key: string) => answers[key]?.value;
  const needs: HrsnDomain[] = [];
  if (v('living_situation') === 'worried' || v('living_situation') === 'not_steady')
    needs.push('housing_instability');
  const problems = v('housing_problems');
  if (Array.isArray(problems) && problems.some((p) => p !== 'none_of_the_above'))
    needs.push('housing_quality');
  if (['food_worry', 'food_ran_out'].some((k) => v(k) === 'often_true' || v(k) === 'sometimes_true'))
    needs.push('food');
  if (v('transportation') === 'yes') needs.push('transportation');
  if (v('utilities') === 'yes' || v('utilities') === 'already_shut_off') needs.push('utilities');
  const hits = ['safety_hurt', 'safety_insult', 'safety_threaten', 'safety_scream'].reduce(
    (sum, k) =>
      sum +
      Math.max(
        0,
        HITS_POINTS.findIndex((o) => o.value === v(k)),
      ) +
      1,
    0,
  );
  if (hits > 10) needs.push('safety');
  return needs;
}
