// The demo's surveys: the needs assessments for Modules 1 and 2 of the Care Coordinator Shared Learning
// series (seed 003), published by the training vendor and linked to their modules, with synthetic answers
// from a few hundred care coordinators across the plans' networks, and an evaluation of Module 1 asking
// two of its needs assessment's questions again, so that before and after can be compared. Module 1's
// surveys are anonymous, Module 2's is identified. The named demo sign-ins have not answered, so a
// newcomer can.
import {
  type Answer,
  type Answers,
  careCoordinatorsToAsk,
  checkAnswers,
  type Definition,
  followUpShown,
  MODULE_1_NEEDS_ASSESSMENT,
  MODULE_2_NEEDS_ASSESSMENT,
  type Question,
  questionsOf,
  seedPublishedSurvey,
} from '../domains/surveys/index.js';
import { moduleIdsOf } from '../domains/training/index.js';
import { personIdsWithSignIn } from '../platform/auth/users.repository.js';
import type { Db } from '../platform/db/client.js';
import { type Random, seededRandom } from './random.js';

const WORDS: Record<string, string[]> = {
  advocate_role: [
    'I make sure the enrollee’s own goals lead the care plan and speak up for them with the plan.',
    'I explain their rights, help them request services and follow up until there is an answer.',
    'I am the person they can call when something is denied or delayed.',
  ],
  advocate_challenges: [
    'Finding the current policy for a service request.',
    'Long waits for utilization management decisions.',
    'Enrollees who do not know they can appeal.',
  ],
  will_do_differently: [
    'Ask open-ended questions at the start of every call.',
    'Use teach-back before ending a visit.',
    'Let the member set the agenda for our first meeting.',
  ],
  monitoring_requests: [
    'A spreadsheet of pending requests, checked weekly.',
    'Reminders in the care management system.',
    'I call utilization management after five business days.',
  ],
};
const FOLLOW_UPS = [
  'Prior authorization forms take too long.',
  'Not enough time in the schedule for each member.',
  'I ask what a good day looks like for them.',
  'Large print materials and an interpreter.',
  'Flexible services for housing and food.',
  'Team huddles with the PCP and BH clinician.',
];

/**
 * A plausible answer, leaning to the middle of scales and ratings — after the training, to the first of a
 * scale's points (the most familiar) and the top of a rating; optional questions sometimes skipped.
 */
function answerTo(q: Question, r: Random, after: boolean): Answer | undefined {
  if (!q.required && r.chance(0.15)) return undefined;
  const middle = <T>(list: readonly T[]) =>
    list[
      Math.min(list.length - 1, Math.floor((after ? r.next() ** 2 : (r.next() + r.next()) / 2) * list.length))
    ]!;
  const high = <T>(list: readonly T[]) => (after ? [...list].reverse() : list);
  let value: Answer['value'];
  switch (q.type) {
    case 'single_choice':
      value = r.pick(q.options).value;
      break;
    case 'scale':
      value = middle(q.options).value;
      break;
    case 'multiple_choice':
      value = q.options.filter(() => r.chance(0.55)).map((o) => o.value);
      if (!value.length) value = [r.pick(q.options).value];
      break;
    case 'yes_no':
      value = r.chance(0.6) ? 'yes' : 'no';
      break;
    case 'rating':
      value = middle(high(Array.from({ length: q.max - q.min + 1 }, (_, i) => q.min + i)));
      break;
    default:
      value = r.pick(WORDS[q.key] ?? FOLLOW_UPS);
  }
  const answer: Answer = { value };
  if (followUpShown(q, answer) && ('followUp' in q && q.followUp?.required ? true : r.chance(0.5)))
    answer.followUp = r.pick(FOLLOW_UPS);
  return answer;
}

export function answersTo(d: Definition, r: Random, after: boolean): Answers {
  const answers: Answers = {};
  for (const q of questionsOf(d)) {
    const a = answerTo(q, r, after);
    if (a) answers[q.key] = a;
  }
  const issues = checkAnswers(d, answers, true);
  if (issues.length) throw new Error(`demo survey answers are wrong: ${JSON.stringify(issues)}`);
  return answers;
}

const asked = (key: string) => questionsOf(MODULE_1_NEEDS_ASSESSMENT).find((q) => q.key === key)!;

/** Module 1's evaluation: two of its needs assessment's questions again, and what the module gave. */
export const MODULE_1_EVALUATION: Definition = {
  sections: [
    {
      title: 'Module 1: Evaluation',
      questions: [
        asked('open_ended_familiarity'),
        asked('repeat_back_familiarity'),
        {
          key: 'module_useful',
          type: 'rating',
          required: true,
          text: 'How useful was this module to your work with members?',
          min: 1,
          max: 10,
          anchors: [
            { value: 1, label: 'Not useful' },
            { value: 10, label: 'Very useful' },
          ],
        },
        {
          key: 'will_do_differently',
          type: 'long_text',
          required: false,
          text: 'What will you do differently after this module?',
          maxLength: 2000,
        },
      ],
    },
  ],
};

export async function seedSurveys(db: Db, vendorId: string, respondents = 300) {
  const modules = await moduleIdsOf(db, vendorId);
  // Care coordinators with their organisation and the plan it belongs to or contracts with.
  const people = await careCoordinatorsToAsk(db, {
    limit: respondents,
    exceptPersonIds: await personIdsWithSignIn(db),
  });
  const random = seededRandom(2023);
  const surveys = [
    {
      code: 'M1-NA',
      title: 'Module 1 needs assessment',
      definition: MODULE_1_NEEDS_ASSESSMENT,
      anonymous: true,
      module: modules[0],
      link: 'needs_assessment' as const,
      on: '2023-01-20',
    },
    {
      code: 'M1-EVAL',
      title: 'Module 1 evaluation',
      definition: MODULE_1_EVALUATION,
      anonymous: true,
      module: modules[0],
      link: 'evaluation' as const,
      on: '2023-02-10',
    },
    {
      code: 'M2-NA',
      title: 'Module 2 needs assessment',
      definition: MODULE_2_NEEDS_ASSESSMENT,
      anonymous: false,
      module: modules[1],
      link: 'needs_assessment' as const,
      on: '2023-02-20',
    },
  ];
  for (const s of surveys) {
    // About four in five coordinators answered each one.
    const answering = people.filter(() => random.chance(0.8));
    await seedPublishedSurvey(db, {
      orgId: vendorId,
      code: s.code,
      title: s.title,
      description:
        s.link === 'evaluation'
          ? 'Asked of care coordinators after the module: what changed, and what it gave them.'
          : 'Asked of care coordinators before the module, so that the training meets what they need.',
      definition: s.definition,
      anonymous: s.anonymous,
      moduleId: s.module ?? null,
      link: s.module ? s.link : null,
      roles: ['care_coordinator'],
      on: s.on,
      publishedBy: 'One Care Shared Learning',
      responses: answering.map((p) => ({
        personId: p.personId,
        answers: answersTo(s.definition, random, s.link === 'evaluation'),
        groups: { role: 'care_coordinator', organisation: p.organisation, plan: p.plan },
      })),
    });
  }
  return { surveys: surveys.length };
}
