// Care program clocks as pure functions over ISO days (YYYY-MM-DD, Massachusetts days). No clock, no database:
// the caller says what day it is, and passes the rules (rows of care_rules) it holds.
//
// Which version of a rule applies is the one in force on the day its clock starts — the enrollment's effective
// date, the last assessment's date, the major change's date, the last successful contact — never the day asked
// about, so a rule edited today does not move a due date that was already running (decision 052).
import { CARE_PROGRAM_LABELS } from '@contract/care/care.labels.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import type { CareRule, CareRuleOf, RuleKind, RuleProgram, RuleRef } from '@contract/care/rules.schemas.js';
import { addDays, addMonths } from '@contract/iso-days.js';

export { addDays, addMonths };

const DAY = 86_400_000;
/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysFrom = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** "3 March", with the year when it is not `asOf`'s year ("3 March 2023"). */
export function dayWords(day: string, asOf?: string) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const sameYear = asOf !== undefined && asOf.slice(0, 4) === day.slice(0, 4);
  return `${d} ${MONTHS[m - 1]}${sameYear ? '' : ` ${y}`}`;
}

const refOf = (rule: CareRule): RuleRef => ({
  kind: rule.kind,
  program: rule.program,
  version: rule.version,
});

export type InForce<K extends RuleKind> = { rule: CareRuleOf<K>; ref: RuleRef } | { rule: null; why: string };

/**
 * The version of a kind of rule in force for a program on a day, or why there is none. Should two versions
 * overlap (a data error the rule editor refuses), the higher version wins.
 */
export function ruleInForce<K extends RuleKind>(
  rules: readonly CareRule[],
  kind: K,
  program: RuleProgram,
  onDay: string,
): InForce<K> {
  let found: CareRuleOf<K> | null = null;
  for (const r of rules) {
    if (r.kind !== kind || r.program !== program) continue;
    if (r.effectiveFrom > onDay || (r.effectiveTo !== null && r.effectiveTo < onDay)) continue;
    if (!found || r.version > found.version) found = r as CareRuleOf<K>;
  }
  if (found) return { rule: found, ref: refOf(found) };
  const name = ruleRefLabel({ kind, program, version: 1 }).replace(/ v1$/, '');
  return { rule: null, why: `No ${name} was in force on ${dayWords(onDay)}` };
}

const hasKind = (rules: readonly CareRule[], kind: RuleKind, program: RuleProgram) =>
  rules.some((r) => r.kind === kind && r.program === program);

// ---- assessment clocks ----

export interface Enrollment {
  id?: string | undefined;
  program: RuleProgram;
  effectiveOn: string;
  endsOn?: string | null | undefined;
}

/** A Community Partner enrollment; `engagedOn` is the day engagement was documented, if it has been. */
export interface CpEnrollment extends Omit<Enrollment, 'program'> {
  engagedOn?: string | null | undefined;
}

/** An assessment; a social-needs screening (`hrsn_screening`) is not a comprehensive assessment. */
export interface Assessment {
  id: string;
  completedOn: string;
  inPerson: boolean;
  kind?: 'comprehensive' | 'reassessment' | 'major_change' | 'hrsn_screening' | undefined;
  /** When it was recorded (ISO instant): on a major change's own day, only one recorded after it meets it. */
  recordedAt?: string | undefined;
}

export interface MajorChange {
  id: string;
  on: string;
  reason?: string | undefined;
  /** When it was recorded (ISO instant). */
  recordedAt?: string | undefined;
}

/**
 * Whether an assessment came after a major change: on a later day, or on the same day and recorded after it
 * (an assessment recorded before the change was known cannot be the reassessment it asks for). Without both
 * instants a same-day assessment does not count.
 */
export const assessedAfter = (a: Assessment, c: MajorChange) =>
  a.completedOn > c.on ||
  (a.completedOn === c.on &&
    a.recordedAt !== undefined &&
    c.recordedAt !== undefined &&
    a.recordedAt > c.recordedAt);

export type ClockKind = 'initial_assessment' | 'reassessment' | 'major_change_reassessment' | 'cp_engagement';

export interface Clock {
  kind: ClockKind;
  program: RuleProgram;
  /** The version in force on `startedOn`, which set `dueOn`. */
  rule: RuleRef;
  startedOn: string;
  /** What started it: the enrollment, the assessment a yearly clock runs from, or the major change. */
  startedBy: { what: 'enrollment' | 'assessment' | 'major_change'; id: string | null };
  dueOn: string;
  inPersonRequired: boolean;
  /** What met it, possibly after `dueOn` (`daysLate` > 0: met late); null while open. */
  met: { on: string; assessmentId: string | null; daysLate: number } | null;
  /** Assessments in the clock's time that did not meet it, each with why in a sentence. */
  notCounted: { assessmentId: string; why: string }[];
  /** The enrollment's last day: a clock is never overdue after the enrollee has left the program. */
  endsOn: string | null;
  /** The due date in words, naming the rule version that set it. */
  explanation: string;
  /** Whether it stood overdue on `asOf`: past due, not yet met, and still enrolled. */
  overdue(asOf: string): boolean;
}

/** A clock that would have started but had no rule version in force that day. */
export interface NoRule {
  kind: ClockKind;
  program: RuleProgram;
  startedOn: string;
  rule: null;
  why: string;
}

const counts = (a: Assessment) => a.kind !== 'hrsn_screening';
const byDay =
  <T>(day: (t: T) => string, id: (t: T) => string) =>
  (a: T, b: T) =>
    day(a) < day(b) ? -1 : day(a) > day(b) ? 1 : id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;

type ClockProps = Omit<Clock, 'overdue' | 'explanation' | 'met' | 'notCounted'> & {
  met: { on: string; assessmentId: string | null } | null;
  notCounted?: Clock['notCounted'];
};

/** "Met 2024-03-01", or "Met late on 2024-04-05, 5 days after the due date". */
export function metWords(met: { on: string; daysLate: number }) {
  return met.daysLate > 0
    ? `Met late on ${dayWords(met.on)}, ${plural(met.daysLate, 'day')} after the due date`
    : `Met on ${dayWords(met.on)}`;
}

function clock(props: ClockProps, how: string): Clock {
  const { dueOn, endsOn } = props;
  const met = props.met && { ...props.met, daysLate: Math.max(0, daysFrom(dueOn, props.met.on)) };
  const notCounted = props.notCounted ?? [];
  const said = [
    `Due ${dayWords(dueOn)}: ${how} (${ruleRefLabel(props.rule)})`,
    ...notCounted.map((n) => n.why),
    ...(met ? [metWords(met)] : []),
  ];
  return {
    ...props,
    met,
    notCounted,
    explanation: said.join('. '),
    overdue: (asOf) => asOf > dueOn && (met === null || met.on > asOf) && (endsOn === null || asOf <= endsOn),
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Every assessment clock of one enrollment: the initial assessment from the effective date, a yearly
 * reassessment from each assessment, a reassessment after each major change. A kind of clock the program has
 * no rules for at all does not apply (a Community Partner's first clock is engagement, not this); one whose
 * program has rules, but none in force on the start day, is listed in `noRule`.
 */
export function assessmentDue(
  enrollment: Enrollment,
  assessments: readonly Assessment[],
  majorChanges: readonly MajorChange[],
  rules: readonly CareRule[],
): { clocks: Clock[]; noRule: NoRule[] } {
  const { program, effectiveOn: start } = enrollment;
  const endsOn = enrollment.endsOn ?? null;
  const within = (day: string) => day >= start && (endsOn === null || day <= endsOn);
  const done = assessments
    .filter((a) => counts(a) && within(a.completedOn))
    .sort(
      byDay(
        (a) => a.completedOn,
        (a) => a.id,
      ),
    );
  const firstFrom = (day: string, ok: (a: Assessment) => boolean = () => true) => {
    const a = done.find((x) => x.completedOn >= day && ok(x));
    return a ? { on: a.completedOn, assessmentId: a.id } : null;
  };
  const clocks: Clock[] = [];
  const noRule: NoRule[] = [];
  const missing = (kind: ClockKind, startedOn: string, why: string) =>
    noRule.push({ kind, program, startedOn, rule: null, why });

  // The yearly cycle runs from the assessment that met the initial one: an assessment that did not count for
  // it (not in person where the rule asks) starts no yearly clock, or the yearly clock would read as met while
  // the initial one stands overdue. Without an initial rule for the program, every assessment starts one.
  let cycle: readonly Assessment[] = done;
  if (hasKind(rules, 'initial_assessment', program)) {
    const found = ruleInForce(rules, 'initial_assessment', program, start);
    if (found.rule) {
      const { days, inPersonRequired } = found.rule.parameters;
      const how = `${plural(days, 'day')} after enrollment on ${dayWords(start)}${inPersonRequired ? ', with an in-person meeting' : ''}`;
      const met = firstFrom(start, (a) => a.inPerson || !inPersonRequired);
      const notCounted = done
        .filter((a) => !a.inPerson && inPersonRequired && (met === null || a.completedOn <= met.on))
        .filter((a) => a.id !== met?.assessmentId)
        .map((a) => ({
          assessmentId: a.id,
          why: `The assessment on ${dayWords(a.completedOn)} did not count: not in person; ${CARE_PROGRAM_LABELS[program]} requires an in-person meeting`,
        }));
      const from = met ? done.findIndex((a) => a.id === met.assessmentId) : -1;
      cycle = from >= 0 ? done.slice(from) : [];
      clocks.push(
        clock(
          {
            kind: 'initial_assessment',
            program,
            rule: found.ref,
            startedOn: start,
            startedBy: { what: 'enrollment', id: enrollment.id ?? null },
            dueOn: addDays(start, days),
            inPersonRequired,
            met,
            notCounted,
            endsOn,
          },
          how,
        ),
      );
    } else missing('initial_assessment', start, found.why);
  }

  if (hasKind(rules, 'reassessment', program)) {
    // One yearly clock from each day an assessment of the cycle was completed (the last one that day starts it).
    const days = cycle.filter((a, i) => cycle[i + 1]?.completedOn !== a.completedOn);
    for (const a of days) {
      const found = ruleInForce(rules, 'reassessment', program, a.completedOn);
      if (!found.rule) {
        missing('reassessment', a.completedOn, found.why);
        continue;
      }
      const { months } = found.rule.parameters;
      const next = cycle.find((x) => x.completedOn > a.completedOn);
      clocks.push(
        clock(
          {
            kind: 'reassessment',
            program,
            rule: found.ref,
            startedOn: a.completedOn,
            startedBy: { what: 'assessment', id: a.id },
            dueOn: addMonths(a.completedOn, months),
            inPersonRequired: false,
            met: next ? { on: next.completedOn, assessmentId: next.id } : null,
            endsOn,
          },
          `${plural(months, 'month')} after the assessment on ${a.completedOn}`,
        ),
      );
    }
  }

  if (hasKind(rules, 'major_change_reassessment', program)) {
    const changes = majorChanges
      .filter((c) => within(c.on))
      .sort(
        byDay(
          (c) => c.on,
          (c) => c.id,
        ),
      );
    for (const c of changes) {
      const found = ruleInForce(rules, 'major_change_reassessment', program, c.on);
      if (!found.rule) {
        missing('major_change_reassessment', c.on, found.why);
        continue;
      }
      const { days } = found.rule.parameters;
      const after = done.find((a) => assessedAfter(a, c));
      const sameDayBefore = done
        .filter((a) => a.completedOn === c.on && !assessedAfter(a, c))
        .map((a) => ({
          assessmentId: a.id,
          why: `The assessment on ${dayWords(a.completedOn)} did not count: it was recorded before the major change`,
        }));
      clocks.push(
        clock(
          {
            kind: 'major_change_reassessment',
            program,
            rule: found.ref,
            startedOn: c.on,
            startedBy: { what: 'major_change', id: c.id },
            dueOn: addDays(c.on, days),
            inPersonRequired: false,
            met: after ? { on: after.completedOn, assessmentId: after.id } : null,
            notCounted: sameDayBefore,
            endsOn,
          },
          `${plural(days, 'day')} after the major change on ${dayWords(c.on)}${c.reason ? ` (${c.reason})` : ''}`,
        ),
      );
    }
  }
  return { clocks, noRule };
}

/** The Community Partner engagement window: days from the CP enrollment's effective date, version by that day. */
export function cpEngagementDue(cpEnrollment: CpEnrollment, rules: readonly CareRule[]): Clock | NoRule {
  const start = cpEnrollment.effectiveOn;
  const found = ruleInForce(rules, 'cp_engagement', 'cp', start);
  if (!found.rule)
    return { kind: 'cp_engagement', program: 'cp', startedOn: start, rule: null, why: found.why };
  const { days } = found.rule.parameters;
  const engagedOn = cpEnrollment.engagedOn ?? null;
  return clock(
    {
      kind: 'cp_engagement',
      program: 'cp',
      rule: found.ref,
      startedOn: start,
      startedBy: { what: 'enrollment', id: cpEnrollment.id ?? null },
      dueOn: addDays(start, days),
      inPersonRequired: false,
      met: engagedOn !== null && engagedOn >= start ? { on: engagedOn, assessmentId: null } : null,
      endsOn: cpEnrollment.endsOn ?? null,
    },
    `${plural(days, 'day')} after ${CARE_PROGRAM_LABELS.cp} enrollment on ${dayWords(start)}`,
  );
}
