// The demo's care coordination: a few hundred synthetic enrollees across the plans, ACOs and MCO (from the
// generators of enrollees.ts and care-history.ts), each enrolled, with a single point of contact drawn from
// the care coordinators and clinical care managers at the plan or its network, often a PCP, BH clinician or
// nurse beside them, and contacts and assessments at every stage. The two instruments are published as
// surveys at each holder, addressed to no one (they are answered about an enrollee, not by staff), and each
// assessment points at its answers. Bulk-loaded through COPY; about a second.
import { massachusettsDate, massachusettsInstant } from '@contract/massachusetts-day.js';
import type { RoleKind } from '@contract/roles.js';
import {
  CARE_COLUMNS,
  type CareRows,
  clockMetBy,
  copyCareRows,
  emptyCareRows,
  STANDARD_CARE_RULES,
  seedDemoPart2,
  seedDemoPlans,
  type TeamCandidate,
  teamCandidates,
} from '../domains/care/index.js';
import { addMonths } from '../domains/compliance/index.js';
import {
  type Answers,
  checkAnswers,
  type Definition,
  HRSN_SCREENING,
  ONE_CARE_COMPREHENSIVE_ASSESSMENT,
  questionsOf,
  seedPublishedSurvey,
} from '../domains/surveys/index.js';
import type { Database } from '../platform/db/client.js';
import type { CopyValue } from '../platform/db/copy.js';
import { type CareHistory, careHistoryOf } from './care-history.js';
import { answersTo } from './demo-surveys.js';
import { type CareProgram, generateEnrollees, type SyntheticEnrollee } from './enrollees.js';
import { seededRandom } from './random.js';

/** The demo sign-ins whose caseloads the demo fills first: a provider's coordinator and a plan's care manager. */
export const DEMO_COORDINATORS = [
  'maria.santos@bostoncommunityhealth.example',
  'kokafor@baystateonecare.example',
];
/** The demo BH clinician, put on some teams beside the coordinator. */
const DEMO_CLINICIANS = ['lan.nguyen@northshorebhh.example'];

/** What the demo's care plans say: goals in the member's words, needs, services and interventions. */
const DEMO_PLAN = {
  goals: [
    { words: 'I want to get to church on Sundays again', domain: 'functional', targetOn: null },
    {
      words: 'Keep my sugar under control so I stay out of the hospital',
      domain: 'physical_health',
      targetOn: null,
    },
  ],
  needs: [
    { description: 'Help with bathing and dressing in the morning', domain: 'long_term_services' },
    { description: 'Rides to medical appointments', domain: 'other' },
  ],
  services: [
    { service: 'Personal care attendant', responsible: 'Bay State Home Care', frequency: 'Daily, mornings' },
    {
      service: 'Non-emergency transportation',
      responsible: 'Care coordinator arranges',
      frequency: 'As booked',
    },
  ],
  interventions: [{ action: 'Diabetes self-management class referral', responsible: 'PCP', targetOn: null }],
};

/** The survey codes the instruments are published under at each holder. */
export const INSTRUMENT_CODES = {
  one_care_comprehensive: 'CARE-ASSESSMENT',
  hrsn_screening: 'HRSN',
} as const;

export interface Holder {
  id: string;
  name: string;
  kind: string;
}

const PROGRAM_OF: Record<string, CareProgram> = { plan: 'one_care', aco: 'aco', mco: 'mco' };
const TEAM_ROLE_OF: Partial<Record<RoleKind, string>> = {
  pcp: 'pcp',
  bh_clinician: 'bh_clinician',
  rn: 'rn',
};
const SEX_OF = { female: 'female', male: 'male', other: 'x', unknown: 'unknown' } as const;

const later = (a: string, b: string) => (a > b ? a : b);

/** What a member says to each of the comprehensive assessment's open questions, in their words. */
const CARE_WORDS: Record<string, string[]> = {
  best_time: [
    'Weekday mornings before 11.',
    'Afternoons after 2, not on Wednesdays (dialysis).',
    'Any day after 5 p.m.; text first.',
    'Tuesday and Thursday mornings.',
  ],
  what_matters: [
    'Staying in my own apartment.',
    'Seeing my grandchildren more often.',
    'Getting my pain under control so I can walk to the store.',
    'Not going back to the hospital.',
  ],
  goals: [
    'Lose some weight and keep my sugar down.',
    'Find a job a few hours a week.',
    'Move to a first-floor apartment.',
    'Cut down on smoking.',
  ],
  strengths: [
    'My sister checks on me every day.',
    'My church community.',
    'I cook for myself and like it.',
    'The day program I go to three times a week.',
  ],
};
/** The follow-up each question asks when its answer opens one. */
const CARE_FOLLOW_UPS: Record<string, string[]> = {
  meeting_place: ['At the member’s sister’s home.', 'At the member’s day program.'],
  participants: [
    'A peer specialist from the member’s recovery program.',
    'A neighbour the member asked to join.',
  ],
  demographics_confirmed: ['New phone number.', 'Moved to a new address in the same town.'],
  language_confirmed: ['Spanish for speaking, English for letters.', 'Haitian Creole.'],
  home_safe_accessible: ['Three steps at the front door and no rail.', 'The bathtub is hard to get into.'],
  conditions: ['Sleep apnea.', 'Osteoarthritis of the knees.'],
  has_pcp: ['Yes, please help choose a PCP near home.', 'Not now.'],
  falls: ['Twice; bruised but not hurt badly.', 'Once, on ice; a broken wrist.'],
  medication_trouble: [
    'The pharmacy is far and the bus is unreliable.',
    'Forgets the evening doses.',
    'Side effects from a new medication.',
  ],
  bh_clinician: ['A therapist at the health center, every two weeks.', 'A psychiatrist every three months.'],
  has_caregiver: ['Her daughter helps with shopping and bills.', 'A friend drives him to appointments.'],
  interpreter: ['Spanish.', 'ASL.', 'Portuguese.'],
  accessible_formats: ['Large print in Spanish.', 'Materials read aloud by phone.'],
};

/**
 * The instrument's answers, with the open questions and follow-ups answered in words that fit them (the
 * training surveys' generator knows only its own questions), and saying truly whether the meeting was in
 * person.
 */
function instrumentAnswers(definition: Definition, seed: number, inPerson: boolean | null): Answers {
  const random = seededRandom(seed);
  const answers = answersTo(definition, random, false);
  const pick = (words: Record<string, string[]>, key: string) => {
    const list = words[key];
    if (!list) throw new Error(`the demo has no words for the question ${key}`);
    return list[Math.floor(random.next() * list.length)]!;
  };
  for (const q of questionsOf(definition)) {
    const a = answers[q.key];
    // The in-person answer is set from the assessment record below.
    if (!a || q.key === 'in_person_meeting') continue;
    if (q.type === 'short_text' || q.type === 'long_text') a.value = pick(CARE_WORDS, q.key);
    if (a.followUp !== undefined) a.followUp = pick(CARE_FOLLOW_UPS, q.key);
  }
  if (inPerson === null) return answers;
  answers.in_person_meeting = inPerson
    ? { value: 'yes' }
    : {
        value: 'no',
        followUp: 'The member asked to start by phone; a home visit is planned within two weeks.',
      };
  const issues = checkAnswers(definition, answers, true);
  if (issues.length) throw new Error(`demo assessment answers are wrong: ${JSON.stringify(issues)}`);
  return answers;
}

export async function seedCare(
  database: Database,
  holders: readonly Holder[],
  options: { perPlan: number; perOther: number; seed: number; today?: string },
) {
  const db = database.system;
  const today = options.today ?? massachusettsDate(new Date());
  const rows = emptyCareRows();
  const stages = new Map<string, number>();
  let first = 0;

  for (const holder of holders) {
    const program = PROGRAM_OF[holder.kind];
    if (!program) continue;
    const count = holder.kind === 'plan' ? options.perPlan : options.perOther;
    const coordinators = await teamCandidates(db, holder.id, ['care_coordinator', 'clinical_care_manager'], {
      limit: 6,
      firstEmails: DEMO_COORDINATORS,
    });
    const clinicians = await teamCandidates(db, holder.id, ['pcp', 'bh_clinician', 'rn'], {
      limit: 8,
      firstEmails: DEMO_CLINICIANS,
    });
    if (!coordinators.length) continue;
    const historyOptions = {
      seed: options.seed,
      today,
      program,
      first,
      coordinators: coordinators.length,
      contactsPerEnrollee: 10,
    };
    const answered: Record<
      keyof typeof INSTRUMENT_CODES,
      Parameters<typeof seedPublishedSurvey>[1]['responses']
    > = { one_care_comprehensive: [], hrsn_screening: [] };

    const seededAt = new Date().toISOString();
    for (const generated of generateEnrollees(count, historyOptions)) {
      // A few enrolled from the first of next month: on the roster, not yet begun.
      const e =
        generated.index % 33 === 5
          ? { ...generated, effectiveOn: addMonths(`${today.slice(0, 7)}-01`, 1), endsOn: null }
          : generated;
      const history = careHistoryOf(e, historyOptions);
      stages.set(history.stage, (stages.get(history.stage) ?? 0) + 1);
      const enrolleeId = crypto.randomUUID();
      addEnrollee(rows, holder.id, enrolleeId, e, program);
      addTeam(rows, holder.id, enrolleeId, e, history, coordinators, clinicians, today);
      const person = (i: number) => coordinators[i % coordinators.length]!;
      for (const c of history.contacts) {
        const by = person(c.madeBy);
        rows.contacts.push([
          holder.id,
          enrolleeId,
          c.mode,
          c.reached,
          by.personId,
          by.orgId,
          massachusettsInstant(c.occurredOn, c.time).toISOString(),
          c.notes,
        ]);
      }
      // A major change is recorded in the morning of its day, before any reassessment it asks for.
      const majorChanges = history.majorChanges.map((m) => ({
        id: crypto.randomUUID(),
        on: m.on,
        reason: m.reason,
        recordedAt: massachusettsInstant(m.on, '09:00').toISOString(),
      }));
      for (const m of majorChanges)
        rows.majorChanges.push([
          holder.id,
          enrolleeId,
          m.id,
          m.on,
          m.reason,
          person(history.coordinator).personId,
          m.recordedAt,
        ]);
      // Each assessment records the clock it met, as recording it through the API does (recorded now).
      const before: Parameters<typeof clockMetBy>[0]['assessments'][number][] = [];
      const facts = {
        enrolleeId,
        enrollments: [{ program, effectiveOn: e.effectiveOn, endsOn: e.endsOn }],
        majorChanges,
        contacts: [],
        rules: STANDARD_CARE_RULES,
      };
      for (const a of [...history.assessments].sort((x, y) => (x.completedOn < y.completedOn ? -1 : 1))) {
        const met = clockMetBy({ ...facts, assessments: before }, a);
        before.push({
          id: `${a.sequence}`,
          completedOn: a.completedOn,
          inPerson: a.inPerson,
          kind: a.kind,
          recordedAt: seededAt,
        });
        const responseId = crypto.randomUUID();
        const by = person(history.coordinator);
        const definition =
          a.instrument === 'hrsn_screening' ? HRSN_SCREENING : ONE_CARE_COMPREHENSIVE_ASSESSMENT;
        answered[a.instrument].push({
          id: responseId,
          personId: null,
          answers: instrumentAnswers(
            definition,
            e.index * 31 + a.sequence,
            a.instrument === 'hrsn_screening' ? null : a.inPerson,
          ),
          groups: { role: by.role, organisation: null, plan: holder.name },
          on: a.completedOn,
        });
        rows.assessments.push([
          holder.id,
          enrolleeId,
          a.kind,
          responseId,
          a.inPerson,
          a.majorChangeReason,
          a.completedOn,
          by.personId,
          met?.rule.kind ?? null,
          met?.rule.program ?? null,
          met?.rule.version ?? null,
        ]);
      }
    }
    first += 10_000;

    // The instruments as surveys of the holder, published before the oldest enrollment, for no audience.
    for (const [instrument, code] of Object.entries(INSTRUMENT_CODES) as [
      keyof typeof INSTRUMENT_CODES,
      string,
    ][])
      await seedPublishedSurvey(db, {
        orgId: holder.id,
        code,
        title:
          instrument === 'hrsn_screening'
            ? 'Health-related social needs screening'
            : 'One Care comprehensive assessment',
        description:
          instrument === 'hrsn_screening'
            ? 'The ten core questions of the Accountable Health Communities screening tool, asked with every assessment.'
            : 'The comprehensive assessment a care coordinator completes with the member, at least once in person.',
        definition: instrument === 'hrsn_screening' ? HRSN_SCREENING : ONE_CARE_COMPREHENSIVE_ASSESSMENT,
        anonymous: false,
        moduleId: null,
        link: null,
        roles: [],
        on: '2022-01-03',
        publishedBy: holder.name,
        responses: answered[instrument],
      });
  }
  await copyCareRows(database, rows);
  // The plan's care manager has care plans at each stage of sign-off to finish.
  const plans = await seedDemoPlans(db, DEMO_COORDINATORS[1]!, today, DEMO_PLAN);
  // The provider coordinator's Part 2 records on the care manager's enrollees: one hidden, one under consent.
  const part2 = await seedDemoPart2(db, DEMO_COORDINATORS[0]!, DEMO_COORDINATORS[1]!, today);
  return { enrollees: rows.enrollees.length, plans, part2, stages: Object.fromEntries(stages) };
}

function addEnrollee(rows: CareRows, orgId: string, id: string, e: SyntheticEnrollee, program: CareProgram) {
  rows.enrollees.push(enrolleeRow(orgId, id, e));
  rows.enrollments.push([orgId, id, program, e.effectiveOn, e.endsOn]);
}

/** An enrollee's row for COPY into care_enrollees. */
export function enrolleeRow(orgId: string, id: string, e: SyntheticEnrollee) {
  const [line1, line2] = e.addressLine.split(', ');
  const row: Record<(typeof CARE_COLUMNS.enrollees)[number], CopyValue> = {
    org_id: orgId,
    id,
    masshealth_id: e.massHealthId,
    mbi: e.mbi,
    given_name: e.givenName,
    family_name: e.familyName,
    date_of_birth: e.dateOfBirth,
    sex: SEX_OF[e.sex],
    address_line1: line1,
    address_line2: line2 ?? null,
    town: e.town,
    postal_code: e.zip,
    county: e.county,
    phone: e.phone,
    email: e.email,
    preferred_language: e.language,
    accessible_formats: `{${e.accessibleFormats.join(',')}}`,
  };
  return CARE_COLUMNS.enrollees.map((c) => row[c]);
}

/**
 * The single point of contact from the day both the enrollment and the coordinator's place in the network
 * began, to the enrollment's end; for about half, a PCP, BH clinician or nurse beside them.
 */
function addTeam(
  rows: CareRows,
  orgId: string,
  enrolleeId: string,
  e: SyntheticEnrollee,
  history: CareHistory,
  coordinators: readonly TeamCandidate[],
  clinicians: readonly TeamCandidate[],
  today: string,
) {
  const member = (c: TeamCandidate, spoc: boolean) => {
    const startsOn = later(e.effectiveOn, c.availableFrom);
    const endsOn = e.endsOn && e.endsOn < today ? e.endsOn : null;
    if (endsOn && endsOn < startsOn) return;
    const role = spoc ? c.role : TEAM_ROLE_OF[c.role];
    if (!role) return;
    rows.team.push([orgId, enrolleeId, c.personId, role, spoc, c.orgId, startsOn, endsOn]);
  };
  member(coordinators[history.coordinator % coordinators.length]!, true);
  if (clinicians.length && e.index % 2 === 0) member(clinicians[(e.index >> 1) % clinicians.length]!, false);
}
