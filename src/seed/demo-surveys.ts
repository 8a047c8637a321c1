// The demo's surveys: the needs assessments for Modules 1 and 2 of the Care Coordinator Shared Learning
// series (seed 003), published by the training vendor and linked to their modules, with synthetic answers
// from a few hundred care coordinators across the plans' networks, and an evaluation of Module 1 asking
// two of its needs assessment's questions again, so that before and after can be compared. Module 1's
// surveys are anonymous, Module 2's is identified. The named demo sign-ins have not answered, so a
// newcomer can.
import { sql } from 'drizzle-orm';
import {
  type Answer,
  type Answers,
  checkAnswers,
  type Definition,
  followUpShown,
  MODULE_1_NEEDS_ASSESSMENT,
  MODULE_2_NEEDS_ASSESSMENT,
  planOf,
  type Question,
  questionsOf,
} from '../domains/surveys/index.js';
import { type Db, rows } from '../platform/db/client.js';
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

function answersTo(d: Definition, r: Random, after: boolean): Answers {
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
  const modules = await rows<{ id: string; position: number }>(
    db,
    sql`select id, position from training_modules where org_id = ${vendorId} order by position`,
  );
  // Care coordinators with their organisation and the plan it belongs to or contracts with.
  const people = await rows<{ personId: string; organisation: string; plan: string | null }>(
    db,
    sql`select distinct on (pr.person_id) pr.person_id as "personId", o.name as organisation,
        ${planOf(sql`o`, sql`current_date`)} as plan
      from person_roles pr join organisations o on o.id = pr.org_id
      where pr.role = 'care_coordinator' and pr.ends_on is null
        and not exists (select 1 from users u where u.person_id = pr.person_id)
      order by pr.person_id, pr.starts_on
      limit ${respondents}`,
  );
  const random = seededRandom(2023);
  const surveys = [
    {
      code: 'M1-NA',
      title: 'Module 1 needs assessment',
      definition: MODULE_1_NEEDS_ASSESSMENT,
      anonymous: true,
      module: modules[0],
      link: 'needs_assessment',
      on: '2023-01-20',
    },
    {
      code: 'M1-EVAL',
      title: 'Module 1 evaluation',
      definition: MODULE_1_EVALUATION,
      anonymous: true,
      module: modules[0],
      link: 'evaluation',
      on: '2023-02-10',
    },
    {
      code: 'M2-NA',
      title: 'Module 2 needs assessment',
      definition: MODULE_2_NEEDS_ASSESSMENT,
      anonymous: false,
      module: modules[1],
      link: 'needs_assessment',
      on: '2023-02-20',
    },
  ];
  for (const s of surveys) {
    const [survey] = await rows<{ id: string }>(
      db,
      sql`insert into surveys (org_id, code, title, description, draft, anonymous, module_id, link, roles, published_version)
        values (${vendorId}, ${s.code}, ${s.title},
          ${s.link === 'evaluation' ? 'Asked of care coordinators after the module: what changed, and what it gave them.' : 'Asked of care coordinators before the module, so that the training meets what they need.'},
          ${JSON.stringify(s.definition)}::jsonb, ${s.anonymous}, ${s.module?.id ?? null},
          ${s.module ? s.link : null}, '{care_coordinator}', 1)
        returning id`,
    );
    await db.execute(
      sql`insert into survey_versions (org_id, survey_id, number, definition, published_by_name, published_at)
        values (${vendorId}, ${survey!.id}, 1, ${JSON.stringify(s.definition)}::jsonb, 'One Care Shared Learning',
          ${s.on}::date)`,
    );
    // About four in five coordinators answered each one.
    const answering = people.filter(() => random.chance(0.8));
    const responses = answering.map((p) => ({
      person: s.anonymous ? null : p.personId,
      answers: answersTo(s.definition, random, s.link === 'evaluation'),
      groups: { role: 'care_coordinator', organisation: p.organisation, plan: p.plan },
    }));
    await db.execute(
      sql`insert into survey_responses (org_id, survey_id, version_number, person_id, answers, groups, submitted_on)
        select ${vendorId}, ${survey!.id}, 1, x.person, x.answers, x.groups, ${s.on}::date
        from jsonb_to_recordset(${JSON.stringify(responses)}::jsonb) as x(person uuid, answers jsonb, groups jsonb)`,
    );
    await db.execute(
      sql`insert into survey_participants (org_id, survey_id, person_id, submitted)
        select ${vendorId}, ${survey!.id}, x.person, true
        from jsonb_to_recordset(${JSON.stringify(answering.map((p) => ({ person: p.personId })))}::jsonb) as x(person uuid)`,
    );
  }
  return { surveys: surveys.length };
}
