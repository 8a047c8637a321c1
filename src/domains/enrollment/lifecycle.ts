// A member's Community Partner enrollment as spans, and what one batch action does to them: pure functions of
// the spans, the action and the rules in force on its effective date (decision 061).
import type { BatchColumn, SpanEnd } from '@contract/enrollment/enrollment.labels.js';
import { CP_PROGRAM_START, type RulesInForce, rulesOn } from '@contract/enrollment/rules.js';
import { addDays, longDay as formatDay } from '@contract/iso-days.js';

/** One span of a member's enrollment with one CP; `endsOn` is its last day (null: open). */
export interface Span {
  cpOrgId: string;
  startsOn: string;
  endsOn: string | null;
  endReason: SpanEnd | null;
  /** The first day of the enrollment this span continues (a transfer or a short gap keeps it). */
  episodeStartsOn: string;
}

export type MemberAction =
  | { action: 'E'; cpOrgId: string; effectiveOn: string }
  | { action: 'D'; cpOrgId: string; effectiveOn: string; reason: string }
  | { action: 'T'; cpOrgId: string; effectiveOn: string; toCpOrgId: string };

/** What an accepted action does: a span starts, the open span ends, or both (a transfer). */
export interface Change {
  /** The open span's new last day and why it ended. */
  end?: { endsOn: string; reason: SpanEnd };
  start?: Span;
}

export interface Problem {
  column: BatchColumn;
  message: string;
}

export type Decision = { change: Change } | { problem: Problem };

const DAY = 86_400_000;
const daysFrom = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

/** The last day of the month `day` falls in. */
export function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** The member's latest span, which is the open one if any (spans never overlap). */
export const lastSpan = (spans: readonly Span[]): Span | undefined =>
  spans.reduce<Span | undefined>((a, s) => (!a || s.startsOn > a.startsOn ? s : a), undefined);

/** The rules in force on each day actions name, kept: a batch's hundred thousand rows name a few days. */
const rulesByDay = new Map<string, RulesInForce>();
function rulesFor(day: string) {
  let rules = rulesByDay.get(day);
  if (!rules) {
    if (rulesByDay.size >= 1_000) rulesByDay.clear();
    rules = rulesOn(day);
    rulesByDay.set(day, rules);
  }
  return rules;
}

/**
 * What `action` does to a member with `spans`, or the one problem that refuses it, naming the column to
 * correct. `nameOf` names a CP in messages.
 */
export function decide(
  spans: readonly Span[],
  action: MemberAction,
  nameOf: (cpOrgId: string) => string = (id) => id,
  rules: RulesInForce = rulesFor(action.effectiveOn),
): Decision {
  const refuse = (column: BatchColumn, message: string): Decision => ({ problem: { column, message } });
  const on = action.effectiveOn;
  if (on < CP_PROGRAM_START)
    return refuse(
      'Effective_Date',
      `is before the Community Partners program began (${formatDay(CP_PROGRAM_START)})`,
    );
  const last = lastSpan(spans);
  const open = last && last.endsOn === null ? last : undefined;

  if (action.action === 'E') {
    if (open)
      return refuse(
        'Action',
        `The member is already enrolled with ${nameOf(open.cpOrgId)} since ${formatDay(open.startsOn)}: use T to transfer them`,
      );
    let episodeStartsOn = on;
    if (last?.endsOn) {
      if (on <= last.endsOn)
        return refuse(
          'Effective_Date',
          `The member is enrolled with ${nameOf(last.cpOrgId)} until ${formatDay(last.endsOn)}: enroll from ${formatDay(addDays(last.endsOn, 1))}`,
        );
      const waitEnds = addDays(last.endsOn, rules.reenrollmentWaitDays);
      if (on <= waitEnds)
        return refuse(
          'Effective_Date',
          `The member was disenrolled on ${formatDay(last.endsOn)} and can be enrolled again from ${formatDay(addDays(waitEnds, 1))} (${rules.reenrollmentWaitDays} days after)`,
        );
      const gap = daysFrom(last.endsOn, on) - 1;
      if (gap <= rules.newEnrollmentGapDays) episodeStartsOn = last.episodeStartsOn;
    }
    return {
      change: {
        start: { cpOrgId: action.cpOrgId, startsOn: on, endsOn: null, endReason: null, episodeStartsOn },
      },
    };
  }

  if (!open)
    return refuse(
      'Action',
      last?.endsOn
        ? `The member is not enrolled with a Community Partner: disenrolled on ${formatDay(last.endsOn)}`
        : 'The member is not enrolled with a Community Partner',
    );
  if (open.cpOrgId !== action.cpOrgId)
    return refuse(
      'CP_PID',
      `The member is enrolled with ${nameOf(open.cpOrgId)}, not ${nameOf(action.cpOrgId)}`,
    );

  if (action.action === 'D') {
    if (on < open.startsOn)
      return refuse('Effective_Date', `is before the enrollment began (${formatDay(open.startsOn)})`);
    if (rules.disenrollOnMonthEnd && on !== monthEnd(on))
      return refuse(
        'Effective_Date',
        `A disenrollment takes effect on the last day of a month: ${formatDay(monthEnd(on))}`,
      );
    if (!rules.reasons.has(action.reason as never))
      return refuse(
        'Disenrollment_Reason',
        `"${action.reason}" is not a disenrollment reason in force on ${formatDay(on)}`,
      );
    return { change: { end: { endsOn: on, reason: action.reason as SpanEnd } } };
  }

  if (action.toCpOrgId === open.cpOrgId)
    return refuse('Transfer_To_CP_PID', `The member is already enrolled with ${nameOf(open.cpOrgId)}`);
  if (on <= open.startsOn)
    return refuse(
      'Effective_Date',
      `A transfer takes effect after the enrollment began (${formatDay(open.startsOn)}): from ${formatDay(addDays(open.startsOn, 1))}`,
    );
  return {
    change: {
      end: { endsOn: addDays(on, -1), reason: 'TRANSFERRED' },
      start: {
        cpOrgId: action.toCpOrgId,
        startsOn: on,
        endsOn: null,
        endReason: null,
        episodeStartsOn: open.episodeStartsOn,
      },
    },
  };
}

/** The spans after an accepted change. */
export function applyChange(spans: readonly Span[], change: Change): Span[] {
  const last = lastSpan(spans);
  const next = spans.map((s) =>
    change.end && s === last ? { ...s, endsOn: change.end.endsOn, endReason: change.end.reason } : s,
  );
  return change.start ? [...next, change.start] : next;
}

/** One row of a batch for one member: its row number, action, and its cells as one string (to tell a duplicate). */
export interface MemberRow {
  rowNumber: number;
  action: MemberAction;
  content: string;
}

/** Each row's problem (null: none), and the member's spans should the batch be applied. */
export interface MemberOutcome {
  problems: Map<number, Problem | null>;
  change: Change | null;
  spans: Span[];
}

/**
 * Decides a batch's rows for one member. One row per member per file (decision 061): a second row is a
 * duplicate or a conflict, and every row of the member is refused, so no order of rows within a file matters.
 */
export function decideMember(
  spans: readonly Span[],
  rows: readonly MemberRow[],
  nameOf?: (cpOrgId: string) => string,
): MemberOutcome {
  const problems = new Map<number, Problem | null>();
  if (rows.length > 1) {
    const others = (row: MemberRow) =>
      rows
        .filter((r) => r !== row)
        .map((r) => r.rowNumber)
        .join(', ');
    const same = rows.every((r) => r.content === rows[0]!.content);
    for (const row of rows)
      problems.set(row.rowNumber, {
        column: 'Medicaid_ID',
        message: same
          ? `The same row for this member is also on row ${others(row)}: keep one`
          : `This member also has row ${others(row)} in this file: one row per member per batch`,
      });
    return { problems, change: null, spans: [...spans] };
  }
  const [row] = rows;
  if (!row) return { problems, change: null, spans: [...spans] };
  const decision = decide(spans, row.action, nameOf);
  if ('problem' in decision) {
    problems.set(row.rowNumber, decision.problem);
    return { problems, change: null, spans: [...spans] };
  }
  problems.set(row.rowNumber, null);
  return { problems, change: decision.change, spans: applyChange(spans, decision.change) };
}

/** A whole batch over members' spans: every row's problem, and the spans should it be applied (no problems). */
export function decideBatch(
  state: ReadonlyMap<string, readonly Span[]>,
  rows: readonly (MemberRow & { member: string })[],
  nameOf?: (cpOrgId: string) => string,
): { problems: Map<number, Problem | null>; accepted: boolean; state: Map<string, Span[]> } {
  const byMember = new Map<string, MemberRow[]>();
  for (const row of rows) byMember.set(row.member, [...(byMember.get(row.member) ?? []), row]);
  const problems = new Map<number, Problem | null>();
  const next = new Map<string, Span[]>([...state].map(([k, v]) => [k, [...v]]));
  for (const [member, memberRows] of byMember) {
    const outcome = decideMember(state.get(member) ?? [], memberRows, nameOf);
    for (const [n, p] of outcome.problems) problems.set(n, p);
    next.set(member, outcome.spans);
  }
  const accepted = rows.length > 0 && [...problems.values()].every((p) => p === null);
  return { problems, accepted, state: accepted ? next : new Map([...state].map(([k, v]) => [k, [...v]])) };
}
