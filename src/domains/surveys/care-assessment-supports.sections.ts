// The comprehensive assessment's later sections: functional status, long-term services and supports, the
// caregiver, the member's goals, and accessibility and communication (care-instruments.definitions.ts).
import type { Definition } from '@contract/surveys/definition.js';
import { describe, long, opts } from './instrument-parts.js';

export const SUPPORT_SECTIONS: Definition['sections'] = [
  {
    title: 'Functional status',
    questions: [
      {
        key: 'adl_help',
        type: 'multiple_choice',
        required: true,
        text: 'Which of these everyday activities do you need help from another person to do?',
        help: 'Activities of daily living (ADLs).',
        options: opts(
          'Bathing',
          'Dressing',
          'Eating',
          'Using the toilet',
          'Getting in or out of a bed or chair',
          'Walking or moving around the home',
          'Controlling bladder or bowels',
          'None of these',
        ),
      },
      {
        key: 'iadl_help',
        type: 'multiple_choice',
        required: true,
        text: 'Which of these do you need help with?',
        help: 'Instrumental activities of daily living (IADLs).',
        options: opts(
          'Preparing meals',
          'Housework',
          'Laundry',
          'Shopping',
          'Managing money',
          'Managing medications',
          'Using the phone',
          'Getting to places beyond walking distance',
          'None of these',
        ),
      },
      {
        key: 'mobility_aids',
        type: 'multiple_choice',
        required: false,
        text: 'Do you use any of these?',
        options: opts(
          'Cane',
          'Walker',
          'Manual wheelchair',
          'Power wheelchair or scooter',
          'Hospital bed',
          'Oxygen',
          'None of these',
        ),
      },
    ],
  },
  {
    title: 'Long-term services and supports',
    questions: [
      {
        key: 'ltss_now',
        type: 'multiple_choice',
        required: true,
        text: 'Which long-term services and supports do you receive now?',
        options: opts(
          'Personal care attendant (PCA)',
          'Home health aide',
          'Homemaker or chore services',
          'Adult day health',
          'Day habilitation',
          'Adult foster care or group adult foster care',
          'Home-delivered meals',
          'Durable medical equipment',
          'None of these',
        ),
      },
      {
        key: 'ltss_needs',
        type: 'multiple_choice',
        required: true,
        text: 'Which would you like to have, or have more of?',
        options: opts(
          'Personal care attendant (PCA)',
          'Home health aide',
          'Homemaker or chore services',
          'Adult day health',
          'Day habilitation',
          'Adult foster care or group adult foster care',
          'Home-delivered meals',
          'Durable medical equipment',
          'Home modifications',
          'Non-emergency transportation',
          'None of these',
        ),
      },
      {
        key: 'lts_coordinator',
        type: 'single_choice',
        required: true,
        text: 'An LTS coordinator from an independent community organisation can help you plan long-term services and supports. Would you like one?',
        options: opts('Yes', 'No, not now', 'Already have one'),
      },
    ],
  },
  {
    title: 'Caregiver',
    questions: [
      {
        key: 'has_caregiver',
        type: 'yes_no',
        required: true,
        text: 'Does a family member, friend or other unpaid caregiver help you regularly?',
        followUp: { when: ['yes'], text: 'Who, and what do they help with?', required: false },
      },
      {
        key: 'caregiver_support',
        type: 'yes_no',
        required: false,
        text: 'Does your caregiver need support, such as respite, training or a break?',
      },
    ],
  },
  {
    title: 'Goals',
    questions: [
      {
        key: 'what_matters',
        ...long,
        required: true,
        text: 'In your own words, what matters most to you right now?',
        help: 'Write down the member’s words as they say them.',
      },
      {
        key: 'goals',
        ...long,
        required: true,
        text: 'What would you like to change or achieve in the next year, for your health or your life?',
        help: 'Write down the member’s words as they say them; the care plan’s goals start here.',
      },
      {
        key: 'strengths',
        ...long,
        required: false,
        text: 'What strengths, people or places help you?',
      },
    ],
  },
  {
    title: 'Accessibility and communication',
    questions: [
      {
        key: 'interpreter',
        type: 'yes_no',
        required: true,
        text: 'Do you need an interpreter, including an American Sign Language (ASL) interpreter, to talk with your care team?',
        followUp: { when: ['yes'], text: 'Which language?', required: true },
      },
      {
        key: 'accessible_formats',
        type: 'multiple_choice',
        required: true,
        text: 'In which formats would you like to receive written materials?',
        options: opts(
          'Standard print',
          'Large print',
          'Braille',
          'Audio',
          'Accessible electronic document',
          'Other',
        ),
        followUp: { when: ['other'], ...describe(true) },
      },
      {
        key: 'communication_needs',
        type: 'multiple_choice',
        required: false,
        text: 'Does the member have any of these communication needs?',
        options: opts(
          'Deaf or hard of hearing',
          'Blind or low vision',
          'Speech disability; uses a communication device',
          'Needs extra time or plain language',
          'None of these',
        ),
      },
    ],
  },
];
