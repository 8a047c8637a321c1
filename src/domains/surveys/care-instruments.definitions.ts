// The One Care comprehensive assessment shipped with the demo, as a survey definition (identified: the answers
// belong to an enrollee's assessment; the social needs screening is in hrsn-screening.definitions.ts). An organisation copies and edits them like any survey. Only the engine's seven
// question kinds are used: counts and dates are asked as ranges or left to the assessment record itself.
import type { Answers, Definition } from '@contract/surveys/definition.js';
import { SUPPORT_SECTIONS } from './care-assessment-supports.sections.js';
import { describe, opts, short } from './instrument-parts.js';

/** PHQ-2's answer points, 0 to 3 in this order. */
const PHQ_POINTS = opts('Not at all', 'Several days', 'More than half the days', 'Nearly every day');

/**
 * A One Care comprehensive assessment, the kind a plan's care coordinator completes with the member within
 * 90 days of enrollment (at least partly in person) and again at least yearly or after a major change.
 * `in_person_meeting` is the answer the assessment record's "in person" is checked against.
 */
export const ONE_CARE_COMPREHENSIVE_ASSESSMENT: Definition = {
  sections: [
    {
      title: 'About this assessment',
      questions: [
        {
          key: 'in_person_meeting',
          type: 'yes_no',
          required: true,
          text: 'Did you meet the member in person for this assessment (all or part of it)?',
          help: 'One Care requires at least one in-person meeting for the comprehensive assessment, at the member’s home or another place the member chooses.',
          followUp: {
            when: ['no'],
            text: 'Why not, and when is the in-person meeting planned?',
            required: true,
          },
        },
        {
          key: 'meeting_place',
          type: 'single_choice',
          required: true,
          text: 'Where did the assessment take place?',
          options: opts(
            'Member’s home',
            'Provider’s office',
            'Community setting',
            'Hospital or nursing facility',
            'Video',
            'Phone',
            'Other',
          ),
          followUp: { when: ['other'], ...describe() },
        },
        {
          key: 'participants',
          type: 'multiple_choice',
          required: true,
          text: 'Who took part?',
          options: opts(
            'Member',
            'Family member or caregiver',
            'Guardian or authorized representative',
            'Interpreter',
            'PCP or PCP designee',
            'Behavioral health clinician',
            'LTS coordinator',
            'Other',
          ),
          followUp: { when: ['other'], ...describe() },
        },
      ],
    },
    {
      title: 'Demographics and preferences',
      questions: [
        {
          key: 'demographics_confirmed',
          type: 'yes_no',
          required: true,
          text: 'Did the member confirm their name, date of birth, address and phone number as we have them?',
          followUp: { when: ['no'], text: 'What needs correcting?', required: true },
        },
        {
          key: 'language_confirmed',
          type: 'yes_no',
          required: true,
          text: 'Did the member confirm their preferred spoken and written language?',
          followUp: { when: ['no'], text: 'Which language do they prefer?', required: true },
        },
        {
          key: 'contact_preference',
          type: 'multiple_choice',
          required: true,
          text: 'How does the member prefer to be contacted?',
          options: opts(
            'Phone call',
            'Text message',
            'E-mail',
            'Letter',
            'Home visit',
            'Through a caregiver',
          ),
        },
        {
          key: 'best_time',
          ...short,
          required: false,
          text: 'What are the best days and times to reach the member?',
        },
      ],
    },
    {
      title: 'Living situation',
      questions: [
        {
          key: 'lives_with',
          type: 'single_choice',
          required: true,
          text: 'Where and with whom does the member live?',
          options: opts(
            'Alone in own home or apartment',
            'With family or a partner',
            'With roommates or friends',
            'Group home or residential program',
            'Adult foster care',
            'Nursing facility',
            'Shelter',
            'No steady place to live',
          ),
        },
        {
          key: 'home_safe_accessible',
          type: 'yes_no',
          required: true,
          text: 'Can the member get into, out of and around their home safely?',
          followUp: {
            when: ['no'],
            text: 'What gets in the way (stairs, bathroom, doorways …)?',
            required: false,
          },
        },
      ],
    },
    {
      title: 'Physical health',
      questions: [
        {
          key: 'general_health',
          type: 'scale',
          required: true,
          text: 'In general, would you say your health is:',
          options: opts('Excellent', 'Very good', 'Good', 'Fair', 'Poor'),
        },
        {
          key: 'conditions',
          type: 'multiple_choice',
          required: true,
          text: 'Has a doctor or other clinician ever told you that you have any of these conditions?',
          options: opts(
            'Diabetes',
            'High blood pressure',
            'Heart disease or heart failure',
            'Asthma or COPD',
            'Chronic kidney disease',
            'Stroke',
            'Cancer',
            'Chronic pain',
            'Seizure disorder',
            'HIV',
            'Hepatitis C',
            'Multiple sclerosis',
            'Spinal cord injury',
            'Intellectual or developmental disability',
            'None of these',
            'Other',
          ),
          followUp: { when: ['other'], ...describe(true) },
        },
        {
          key: 'pain',
          type: 'rating',
          required: true,
          text: 'On a scale from 0 to 10, how much pain have you had over the past week?',
          min: 0,
          max: 10,
          anchors: [
            { value: 0, label: 'No pain' },
            { value: 10, label: 'Worst pain imaginable' },
          ],
        },
        {
          key: 'has_pcp',
          type: 'yes_no',
          required: true,
          text: 'Do you have a primary care provider (PCP) you have seen in the past 12 months?',
          followUp: {
            when: ['no'],
            text: 'Would you like help choosing a PCP or making an appointment?',
            required: false,
          },
        },
        {
          key: 'ed_visits',
          type: 'single_choice',
          required: true,
          text: 'How many times have you gone to an emergency room in the past 6 months?',
          options: opts('None', 'Once', '2 or 3 times', '4 or more times'),
        },
        {
          key: 'hospital_stays',
          type: 'single_choice',
          required: true,
          text: 'How many times have you stayed overnight in a hospital in the past 12 months?',
          options: opts('None', 'Once', '2 or 3 times', '4 or more times'),
        },
        {
          key: 'falls',
          type: 'yes_no',
          required: true,
          text: 'Have you fallen in the past 12 months?',
          followUp: { when: ['yes'], text: 'How many times, and were you hurt?', required: false },
        },
      ],
    },
    {
      title: 'Medications',
      questions: [
        {
          key: 'medications_count',
          type: 'single_choice',
          required: true,
          text: 'How many different prescription medications do you take?',
          help: 'Count each medicine once, including inhalers, injections and patches. Five or more is reviewed with the member’s PCP or a pharmacist.',
          options: opts('None', '1 to 4', '5 to 9', '10 or more'),
        },
        {
          key: 'medication_trouble',
          type: 'yes_no',
          required: true,
          text: 'Do you have trouble getting or taking your medications as prescribed?',
          followUp: {
            when: ['yes'],
            text: 'What makes it hard (cost, pharmacy, side effects, remembering …)?',
            required: false,
          },
        },
      ],
    },
    {
      title: 'Behavioral health',
      questions: [
        {
          key: 'phq2_interest',
          type: 'scale',
          required: true,
          text: 'Over the last 2 weeks, how often have you been bothered by little interest or pleasure in doing things?',
          options: PHQ_POINTS,
        },
        {
          key: 'phq2_mood',
          type: 'scale',
          required: true,
          text: 'Over the last 2 weeks, how often have you been bothered by feeling down, depressed, or hopeless?',
          options: PHQ_POINTS,
        },
        {
          key: 'bh_clinician',
          type: 'yes_no',
          required: true,
          text: 'Do you see a counselor, therapist, psychiatrist or other behavioral health clinician?',
          followUp: { when: ['yes'], text: 'Who, and how often?', required: false },
        },
        {
          key: 'bh_crisis',
          type: 'yes_no',
          required: true,
          text: 'In the past 12 months, have you used crisis services or stayed in a hospital or program for your mental health or substance use?',
        },
      ],
    },
    ...SUPPORT_SECTIONS,
  ],
};

/** PHQ-2's score, 0 to 6; 3 or more is a positive screen, followed by a PHQ-9. */
export function phq2Score(answers: Answers) {
  return ['phq2_interest', 'phq2_mood'].reduce(
    (sum, k) =>
      sum +
      Math.max(
        0,
        PHQ_POINTS.findIndex((o) => o.value === answers[k]?.value),
      ),
    0,
  );
}
