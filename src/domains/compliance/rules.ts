// Requirement rules as pure functions over ISO dates (YYYY-MM-DD, Massachusetts days). No clock, no database:
// the caller says what day it is.
import { addDays, addMonths } from '@contract/iso-days.js';

export type Recurrence =
  | { kind: 'once' }
  /** Each completion is good for N months (a CCM renewal, an annual refresher by anniversary). */
  | { kind: 'every_months'; months: number }
  /**
   * One completion in each program year, due within `dueWithinDays` of the year's start (or of coming under
   * the requirement); the year starts on the first of `startMonth` (1–12).
   */
  | { kind: 'program_year'; startMonth: number };

export interface Rule {
  /** Days after the trigger (hire, contract start, assignment, a fixed date) by which it is first due. */
  dueWithinDays: number;
  recurrence: Recurrence;
  /** Days after the due date before "due" becomes "overdue" (or "expired"). */
  graceDays: number;
  /** How many days before the due date, or before a completion lapses, it counts as "due soon". */
  dueSoonDays: number;
  /**
   * The rule's start: the first day its terms applied (decision 028). No due date falls before it: someone
   * who came under it earlier is due as if they came under it that day. Absent: no floor.
   */
  startsOn?: string | undefined;
  /** How a due date names the rule that set it ("CC-1 v2"); absent: "the rule". */
  name?: string | undefined;
  /** The trigger in words ("role start"); absent: "coming under it". */
  triggerWords?: string | undefined;
}

export interface Satisfier {
  id: string;
  /** When it was earned (a completion's date; a qualification's issue date). */
  completedOn: string;
  /** Its own last day, if it has one (a licence's expiry); the rule's recurrence may end it sooner. */
  expiresOn?: string | null;
  /** How the explanation names it: "Cultural competence, earned at a live session". */
  label: string;
}

export interface Facts {
  /** When the person came under the requirement. */
  trigger: string;
  /** Completions (or qualifications) of what the requirement asks for, not revoked. */
  satisfiers: readonly Satisfier[];
  exemption?: { until: string | null; reason: string } | null;
}

export type Status = 'compliant' | 'due_soon' | 'pending' | 'overdue' | 'expired' | 'exempt';

export interface Evaluation {
  status: Status;
  /** The date the next completion is needed by (null when compliant for good, or exempt for good). */
  dueOn: string | null;
  /** The last day the satisfying completion counts (null when it never lapses). */
  validUntil: string | null;
  satisfiedBy: string | null;
  /** The first day on which this evaluation would change with nothing else happening. */
  changesOn: string | null;
  explanation: string;
}

const fromTime = (t: number) => new Date(t).toISOString().slice(0, 10);

export { massachusettsDate } from '@contract/massachusetts-day.js';
export { addDays, addMonths };

/** The program year holding `date`: its first and last day. */
export function programYearOf(date: string, startMonth: number) {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const startYear = m >= startMonth ? y : y - 1;
  const start = fromTime(Date.UTC(startYear, startMonth - 1, 1));
  return { start, end: addDays(addMonths(start, 12), -1) };
}

const max = (a: string, b: string) => (a > b ? a : b);
const min = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * Where a person stands on one requirement on day `asOf`. Only completions on or before `asOf` count, so the
 * same facts answer "were they compliant on 1 January?". Adding a completion never makes things worse.
 */
export function evaluate(rule: Rule, facts: Facts, asOf: string): Evaluation {
  const result = evaluateOn(rule, facts, asOf);
  // A completion dated after `asOf` (an as-of report) starts counting on its own day.
  const next = facts.satisfiers.reduce<string | null>(
    (a, s) => (s.completedOn > asOf ? min(a, s.completedOn) : a),
    null,
  );
  return result.status === 'exempt' ? result : { ...result, changesOn: min(result.changesOn, next) };
}

function evaluateOn(rule: Rule, facts: Facts, asOf: string): Evaluation {
  const exemption = facts.exemption;
  if (exemption && (exemption.until === null || asOf <= exemption.until)) {
    return {
      status: 'exempt',
      dueOn: null,
      validUntil: null,
      satisfiedBy: null,
      changesOn: exemption.until ? addDays(exemption.until, 1) : null,
      explanation: `Exempt${exemption.until ? ` until ${exemption.until}` : ''}: ${exemption.reason}`,
    };
  }
  const done = facts.satisfiers.filter((s) => s.completedOn <= asOf);
  const first = firstDueOf(rule, facts.trigger);
  const firstDue = first.on;
  const r = rule.recurrence;
  const ruleName = `rule ${rule.name ?? ''}`.trim();
  // How the due date was worked out, in words: each due date names the rule that set it (decision 028).
  let how = first.how;
  /** Whether the due date is the last day a completion counts (the status's own words then say how). */
  let byRenewal = false;

  // The satisfier that counts today, if any, and its last day (null: it never lapses).
  let current: { by: Satisfier; until: string | null } | null = null;
  let lapsedBy: Satisfier | null = null;
  let dueOn: string;
  if (r.kind === 'program_year') {
    const year = programYearOf(asOf, r.startMonth);
    const inYear = done.filter((s) => s.completedOn >= year.start && (!s.expiresOn || asOf <= s.expiresOn));
    const best = inYear.reduce<Satisfier | null>(
      (a, s) => (!a || s.completedOn > a.completedOn ? s : a),
      null,
    );
    if (best) current = { by: best, until: min(year.end, best.expiresOn ?? null) };
    else
      lapsedBy = done.reduce<Satisfier | null>((a, s) => (!a || s.completedOn > a.completedOn ? s : a), null);
    // Due within the rule's days of the program year's start, or of coming under it later in the year.
    dueOn = max(addDays(year.start, rule.dueWithinDays), firstDue);
    if (dueOn !== firstDue)
      how = `${daysAfter(rule.dueWithinDays, 'program year start', year.start)}, ${ruleName}`;
  } else {
    const windows = done.map((s) => {
      const byRule = r.kind === 'every_months' ? addDays(addMonths(s.completedOn, r.months), -1) : null;
      return { by: s, until: min(byRule, s.expiresOn ?? null) };
    });
    for (const w of windows) {
      if (w.until !== null && asOf > w.until) continue;
      // Prefer one that never lapses, then the one that lasts longest.
      if (!current || (current.until !== null && (w.until === null || w.until > current.until))) current = w;
    }
    const lastDay = windows.reduce<string | null>(
      (a, w) => (w.until && (!a || w.until > a) ? w.until : a),
      null,
    );
    if (!current && windows.length) lapsedBy = windows.find((w) => w.until === lastDay)!.by;
    // Renewal is due by the last day the latest one counts.
    dueOn = lastDay ? max(lastDay, firstDue) : firstDue;
    if (lastDay && dueOn === lastDay && lastDay !== firstDue) {
      const by = windows.find((w) => w.until === lastDay)!.by;
      how = `renewal: ${by.label} on ${by.completedOn} counts through ${lastDay}, ${ruleName}`;
      byRenewal = true;
    }
  }

  if (current) {
    const renewalSoon =
      r.kind !== 'program_year' && current.until !== null
        ? addDays(current.until, -rule.dueSoonDays + 1)
        : null;
    const soon = renewalSoon !== null && asOf >= renewalSoon;
    const renewal =
      r.kind !== 'program_year' && current.until !== null
        ? ` (renewal due ${dueOn}, ${byRenewal ? ruleName : how})`
        : '';
    return {
      status: soon ? 'due_soon' : 'compliant',
      dueOn: r.kind !== 'program_year' && current.until !== null ? dueOn : null,
      validUntil: current.until,
      satisfiedBy: current.by.id,
      changesOn: soon
        ? addDays(current.until!, 1)
        : min(renewalSoon, current.until ? addDays(current.until, 1) : null),
      explanation: `Satisfied by ${current.by.label} on ${current.by.completedOn}${current.until ? `, valid until ${current.until}` : ''}${soon ? '; renew before then' : ''}${renewal}`,
    };
  }

  const lapsed = lapsedBy !== null;
  const soonFrom = addDays(dueOn, -rule.dueSoonDays);
  const lateFrom = addDays(dueOn, rule.graceDays + 1);
  const base = { dueOn, validUntil: null, satisfiedBy: null };
  // A new program year starts everything again, even when this year's due date (or grace) runs past it.
  const nextYear = r.kind === 'program_year' ? addDays(programYearOf(asOf, r.startMonth).end, 1) : null;
  if (asOf >= lateFrom) {
    return {
      ...base,
      status: lapsed ? 'expired' : 'overdue',
      changesOn: nextYear,
      explanation: lapsed
        ? `Expired: ${lapsedBy!.label} on ${lapsedBy!.completedOn} no longer counts; renewal was due ${dueOn} (${byRenewal ? ruleName : how})`
        : `Overdue: due ${dueOn} (${how})`,
    };
  }
  if (asOf >= soonFrom) {
    return {
      ...base,
      status: 'due_soon',
      // The explanation changes the day after the due date (grace), the status when grace ends.
      changesOn: min(asOf <= dueOn ? addDays(dueOn, 1) : lateFrom, nextYear),
      explanation: `${
        asOf > dueOn
          ? `Due ${dueOn}; in the grace period until ${addDays(lateFrom, -1)}`
          : `Due soon: by ${dueOn}`
      } (${how})`,
    };
  }
  return {
    ...base,
    status: 'pending',
    changesOn: min(soonFrom, nextYear),
    explanation: `Not yet due: by ${dueOn} (${how})`,
  };
}

const daysAfter = (days: number, what: string, day: string) =>
  days === 0 ? `on ${what} ${day}` : `${days} day${days === 1 ? '' : 's'} after ${what} ${day}`;

/**
 * The first due date: the rule's days after the trigger, or — for someone who came under the rule before it
 * started — after the rule's start, never before it (decision 028).
 */
export function firstDueOf(rule: Rule, trigger: string) {
  const name = `rule ${rule.name ?? ''}`.trim();
  if (rule.startsOn && trigger < rule.startsOn) {
    const on = addDays(rule.startsOn, rule.dueWithinDays);
    return { on, how: `${name} in force ${rule.startsOn}; in place before then: first due ${on}` };
  }
  return {
    on: addDays(trigger, rule.dueWithinDays),
    how: `${daysAfter(rule.dueWithinDays, rule.triggerWords ?? 'coming under it', trigger)}, ${name}`,
  };
}
