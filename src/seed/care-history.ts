// A synthetic enrollee's care so far, as of a given day: outreach and contacts of every mode, the
// comprehensive assessment and yearly reassessments (some on time, some late, some not yet done), the social
// needs screenings beside them, and now and then a major change. Some enrollees end with three failed attempts
// in different modes and nothing reached since. Plain objects keyed by the enrollee's index; each history is
// computed from its enrollee alone, so two million contacts stream as the enrollees do.
//
// The `stage` is what the generator meant, reckoned with the standard catalogue's clocks (90 days, 12
// months, 30 days after a major change); the care rules, not this, decide what is due.
import { addMonths } from '@contract/iso-days.js';
import {
  dayNumber,
  type EnrolleeOptions,
  enrolleeAt,
  isoDay,
  mix,
  type SyntheticEnrollee,
} from './enrollees.js';
import { type Random, seededRandom } from './random.js';

export type ContactMode = 'home_visit' | 'in_person' | 'phone' | 'video' | 'email' | 'letter' | 'text';
export type AssessmentKind = 'comprehensive' | 'reassessment' | 'major_change' | 'hrsn_screening';
export type AssessmentStage =
  | 'not_started' // effective date still ahead
  | 'none_yet' // first assessment not done, due in more than 30 days
  | 'due_soon' // first assessment due within 30 days
  | 'overdue' // first assessment past due
  | 'done' // assessed, next reassessment more than 30 days away
  | 'yearly_due' // reassessment due within 30 days
  | 'yearly_overdue'
  | 'major_change_due' // a major change in the last 30 days, not yet reassessed
  | 'major_change_overdue'
  | 'ended'; // left the plan

export interface SyntheticContact {
  enrolleeIndex: number;
  /** Order within the enrollee's contacts, from 0. */
  sequence: number;
  mode: ContactMode;
  reached: boolean;
  occurredOn: string;
  /** Massachusetts clock time, HH:MM (the instant is massachusettsInstant(occurredOn, time)). */
  time: string;
  /** Which coordinator made it: an index below `coordinators`, mostly the enrollee's own. */
  madeBy: number;
  notes: string;
}

export interface SyntheticAssessment {
  enrolleeIndex: number;
  sequence: number;
  kind: AssessmentKind;
  instrument: 'one_care_comprehensive' | 'hrsn_screening';
  completedOn: string;
  inPerson: boolean;
  majorChangeReason: string | null;
}

export interface CareHistory {
  enrolleeIndex: number;
  /** The enrollee's coordinator, an index below `coordinators`. */
  coordinator: number;
  stage: AssessmentStage;
  /** Ends with three unsuccessful attempts on different days, in at least two modes, none reached since. */
  unreachable: boolean;
  majorChanges: { on: string; reason: string }[];
  contacts: SyntheticContact[];
  assessments: SyntheticAssessment[];
}

export interface HistoryOptions extends EnrolleeOptions {
  /** How many coordinators share the enrollees (contacts name one by index). */
  coordinators?: number;
  /** About how many contacts an enrollee has on average (10 gives 2,000,000 for 200,000 enrollees). */
  contactsPerEnrollee?: number;
}

const MODES: [ContactMode, number][] = [
  ['phone', 46],
  ['home_visit', 12],
  ['in_person', 10],
  ['letter', 10],
  ['text', 8],
  ['video', 7],
  ['email', 7],
];
/** How often a contact of each mode reaches the member; a letter "reaches" when the member answers it. */
const REACHED: Record<ContactMode, number> = {
  phone: 0.55,
  home_visit: 0.8,
  in_person: 0.95,
  letter: 0.1,
  text: 0.4,
  video: 0.9,
  email: 0.35,
};
const NOTES: Record<ContactMode, [string[], string[]]> = {
  phone: [
    [
      'Reviewed upcoming appointments.',
      'Checked in after PCP visit.',
      'Discussed pharmacy refill.',
      'Member asked about transportation.',
    ],
    ['No answer; left voicemail.', 'Mailbox full.', 'Number disconnected.', 'No answer.'],
  ],
  home_visit: [
    [
      'Home visit; reviewed medications.',
      'Home visit with caregiver present.',
      'Home visit; checked equipment.',
    ],
    ['No one home; left card.', 'Member not home; neighbor unsure.'],
  ],
  in_person: [
    ['Met at PCP office.', 'Met at community center.', 'Met at day program.'],
    ['Member did not come.'],
  ],
  letter: [
    ['Member called back after outreach letter.'],
    ['Outreach letter mailed.', 'Letter returned undeliverable.'],
  ],
  text: [['Member replied to text; call set up.'], ['Text sent, no reply.']],
  video: [['Video visit.', 'Video visit with interpreter.'], ['Video link not opened.']],
  email: [['Member replied by e-mail.'], ['E-mail sent, no reply.']],
};
const MAJOR_CHANGES = [
  'Hospital discharge',
  'New diagnosis',
  'Moved to a new home',
  'Caregiver no longer available',
  'Nursing facility stay',
  'Change in functional status',
];

function weighted<T>(r: Random, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let n = r.next() * total;
  for (const [value, w] of entries) {
    n -= w;
    if (n < 0) return value;
  }
  return entries[entries.length - 1]![0];
}

const clock = (quarterHours: number) =>
  `${String(Math.floor(quarterHours / 4)).padStart(2, '0')}:${String((quarterHours % 4) * 15).padStart(2, '0')}`;

/** The care history of one enrollee as of `options.today`. */
export function careHistoryOf(e: SyntheticEnrollee, options: HistoryOptions): CareHistory {
  const coordinators = options.coordinators ?? 1;
  const perEnrollee = options.contactsPerEnrollee ?? 10;
  const r = seededRandom(mix(options.seed ^ 0x5bd1e995, e.index));
  const coordinator = (e.index * 7919) % coordinators;
  const T = dayNumber(options.today);
  const S = dayNumber(e.effectiveOn);
  const ended = e.endsOn !== null && dayNumber(e.endsOn) < T;
  const E = ended ? dayNumber(e.endsOn!) : T;
  const history: CareHistory = {
    enrolleeIndex: e.index,
    coordinator,
    stage: 'not_started',
    unreachable: false,
    majorChanges: [],
    contacts: [],
    assessments: [],
  };
  if (S > T) return history;

  type Draft = Omit<SyntheticContact, 'enrolleeIndex' | 'sequence' | 'occurredOn'> & { day: number };
  const drafts: Draft[] = [];
  const contact = (day: number, mode: ContactMode, reached: boolean) => {
    const [yes, no] = NOTES[mode];
    const early = mode === 'home_visit' || mode === 'in_person' ? 36 : 34;
    drafts.push({
      day,
      mode,
      reached,
      time: clock(r.int(early, mode === 'home_visit' || mode === 'in_person' ? 63 : 74)),
      madeBy: coordinators > 1 && r.chance(0.1) ? (coordinator + 1) % coordinators : coordinator,
      notes: r.pick(reached ? yes : no),
    });
  };
  const assessed: Omit<SyntheticAssessment, 'enrolleeIndex' | 'sequence' | 'completedOn'>[] = [];
  const assessedOn: number[] = [];
  const assess = (day: number, kind: AssessmentKind, inPerson: boolean, reason: string | null = null) => {
    assessed.push({
      kind,
      instrument: kind === 'hrsn_screening' ? 'hrsn_screening' : 'one_care_comprehensive',
      inPerson,
      majorChangeReason: reason,
    });
    assessedOn.push(day);
    if (kind !== 'hrsn_screening')
      contact(
        day,
        inPerson ? (r.chance(0.6) ? 'home_visit' : 'in_person') : r.chance(0.5) ? 'video' : 'phone',
        true,
      );
  };

  // Unreachable enrollees: nothing reached in the 90 days before today.
  const unreachable = !ended && S < T - 45 && r.chance(0.07);
  const horizon = unreachable ? T - 90 : E;

  // Outreach after enrollment: one to three tries before the member is reached.
  let day = S + r.int(1, 10);
  for (let tries = r.int(1, 3); tries > 0 && day <= horizon; tries--, day += r.int(2, 7))
    contact(day, r.pick(['phone', 'phone', 'letter', 'text'] as const), tries === 1 && r.chance(0.8));

  // The comprehensive assessment, then a reassessment within 12 months of each; long-past ones are done.
  let due = S + 90;
  let kind: AssessmentKind = 'comprehensive';
  for (;;) {
    const longPast = due < T - 120;
    const roll = r.next();
    const from = Math.max(S + 7, kind === 'comprehensive' ? S + 7 : due - 60);
    const doneOn =
      roll < (longPast ? 0.9 : 0.6)
        ? r.int(from, due)
        : roll < (longPast ? 1 : 0.75)
          ? due + r.int(1, 60)
          : null;
    if (doneOn === null || doneOn > horizon) {
      const first = kind === 'comprehensive';
      history.stage = ended
        ? 'ended'
        : due < T
          ? first
            ? 'overdue'
            : 'yearly_overdue'
          : due <= T + 30
            ? first
              ? 'due_soon'
              : 'yearly_due'
            : first
              ? 'none_yet'
              : 'done';
      break;
    }
    assess(doneOn, kind, kind === 'comprehensive' ? r.chance(0.95) : r.chance(0.7));
    const screenedOn = doneOn + r.int(0, 14);
    if (r.chance(0.3) && screenedOn <= horizon) assess(screenedOn, 'hrsn_screening', false);
    due = dayNumber(addMonths(isoDay(doneOn), 12));
    kind = 'reassessment';
  }

  // A major change in the last 75 days for some: reassessed within 30 days, or not yet.
  if (!unreachable && !ended && assessed.length > 0 && S < T - 180 && r.chance(0.08)) {
    const on = T - r.int(1, 75);
    const reason = r.pick(MAJOR_CHANGES);
    history.majorChanges.push({ on: isoDay(on), reason });
    const doneOn = on + r.int(2, 40);
    if (doneOn <= T && r.chance(0.6)) assess(doneOn, 'major_change', r.chance(0.6), reason);
    else history.stage = on + 30 < T ? 'major_change_overdue' : 'major_change_due';
  }

  // Everyday contacts across the enrollment, more for longer ones; some enrollees not contacted in 60 days.
  const lastAssessed = assessedOn.length ? Math.max(...assessedOn) : -Infinity;
  const quiet = !unreachable && lastAssessed < T - 60 && r.chance(0.15);
  const until = Math.min(horizon, quiet ? T - 61 : E);
  const count = Math.round(
    Math.max(0, perEnrollee - 2.8) * (0.3 + 1.4 * r.next()) * Math.min(1.6, (E - S) / 540),
  );
  for (let i = 0; i < count && until >= S; i++) {
    const mode = weighted(r, MODES);
    contact(r.int(S, until), mode, r.chance(REACHED[mode]));
  }

  // The three unsuccessful attempts: different days, phone then another mode then phone; a second call on
  // the first day for some (which does not count).
  if (unreachable) {
    const first = T - r.int(30, Math.min(60, T - S - 1));
    const second = first + r.int(2, 10);
    const third = Math.min(T - 1, second + r.int(2, 10));
    contact(first, 'phone', false);
    if (r.chance(0.3)) contact(first, 'phone', false);
    contact(second, r.pick(['letter', 'home_visit', 'text'] as const), false);
    contact(third, 'phone', false);
    history.unreachable = true;
  }

  drafts.sort((a, b) => a.day - b.day || (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  history.contacts = drafts.map(({ day: d, ...c }, sequence) => ({
    enrolleeIndex: e.index,
    sequence,
    occurredOn: isoDay(d),
    ...c,
  }));
  const order = assessedOn.map((d, i) => [d, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  history.assessments = order.map(([d, i], sequence) => ({
    enrolleeIndex: e.index,
    sequence,
    completedOn: isoDay(d),
    ...assessed[i]!,
  }));
  return history;
}

/** `count` enrollees from `first` on, each with its care history, one at a time. */
export function* generateCareHistories(
  count: number,
  options: HistoryOptions,
): Generator<{ enrollee: SyntheticEnrollee; history: CareHistory }> {
  const first = options.first ?? 0;
  for (let i = 0; i < count; i++) {
    const enrollee = enrolleeAt(first + i, options);
    yield { enrollee, history: careHistoryOf(enrollee, options) };
  }
}
