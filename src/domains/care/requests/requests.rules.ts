// The clocks of service requests and appeals as pure functions (issue 20): no database, no clock. The caller
// passes the rules it holds and the instants; each deadline is set by the rule version in force on the
// Massachusetts day its clock started (the request received, the notice sent, the appeal filed), never the
// day asked about, so a later version never moves a deadline already running (decision 052).
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import type { CareRule, CareRuleOf, RuleKind, RuleProgram, RuleRef } from '@contract/care/rules.schemas.js';
import { addDays } from '@contract/iso-days.js';
import { massachusettsDate, massachusettsInstant } from '@contract/massachusetts-day.js';
import { dayWords, ruleInForce } from '../rules.js';

export const HOUR = 3_600_000;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The last moment (to the millisecond) of a Massachusetts day. */
export const endOfMassachusettsDay = (day: string) =>
  new Date(massachusettsInstant(addDays(day, 1), '00:00').getTime() - 1);

const CLOCK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});
/** "3:15 pm on 7 January 2026", Massachusetts time. */
export const instantWords = (at: Date) =>
  `${CLOCK.format(at).replace(' AM', ' am').replace(' PM', ' pm')} on ${dayWords(massachusettsDate(at))}`;

export type Priority = 'standard' | 'expedited';
export type NoRule = { rule: null; why: string };

export interface Deadline {
  rule: RuleRef;
  /** The last moment the decision is on time. */
  dueAt: Date;
  /** The Massachusetts day it runs out. */
  dueOn: string;
  explanation: string;
}

/**
 * A plan's decision clock: on a service request (`request_decision`, from receipt) or on an appeal
 * (`appeal_decision`, from filing). Standard: the end of the Massachusetts day that many calendar days after
 * the day it started. Expedited: that many hours after the instant it started.
 */
export function decisionDeadline(
  rules: readonly CareRule[],
  kind: 'request_decision' | 'appeal_decision',
  program: RuleProgram,
  priority: Priority,
  startedAt: Date,
): Deadline | NoRule {
  const found = ruleInForce(rules, kind, program, massachusettsDate(startedAt));
  return found.rule ? deadlineOf(found.rule, priority, startedAt) : { rule: null, why: found.why };
}

/** The deadline a decision rule version sets for a clock started at `startedAt`. */
export function deadlineOf(
  rule: CareRuleOf<'request_decision'> | CareRuleOf<'appeal_decision'>,
  priority: Priority,
  startedAt: Date,
): Deadline {
  const ref = refOf(rule);
  const { standardDays, expeditedHours } = rule.parameters;
  const what = rule.kind === 'request_decision' ? 'request received' : 'appeal filed';
  const label = ruleRefLabel(ref);
  if (priority === 'expedited') {
    const dueAt = new Date(startedAt.getTime() + expeditedHours * HOUR);
    return {
      rule: ref,
      dueAt,
      dueOn: massachusettsDate(dueAt),
      explanation: `Decide by ${instantWords(dueAt)}: ${plural(expeditedHours, 'hour')} after the expedited ${what} at ${instantWords(startedAt)} (${label})`,
    };
  }
  const day = massachusettsDate(startedAt);
  const dueOn = addDays(day, standardDays);
  return {
    rule: ref,
    dueAt: endOfMassachusettsDay(dueOn),
    dueOn,
    explanation: `Decide by the end of ${dayWords(dueOn)}: ${plural(standardDays, 'calendar day')} after the standard ${what} on ${dayWords(day)} (${label})`,
  };
}

const refOf = (rule: CareRule): RuleRef => ({
  kind: rule.kind,
  program: rule.program,
  version: rule.version,
});

/** The catalogue's version a stored deadline names, to say it again in words. */
export function ruleNamed<K extends RuleKind>(rules: readonly CareRule[], ref: RuleRef & { kind: K }) {
  return rules.find((r) => r.kind === ref.kind && r.program === ref.program && r.version === ref.version) as
    | CareRuleOf<K>
    | undefined;
}

/** Whole hours from `now` to `dueAt`, rounded down (negative once it has run out). */
export const hoursLeft = (dueAt: Date, now: Date) => Math.floor((dueAt.getTime() - now.getTime()) / HOUR);

/** Hours between two instants, to a tenth. */
export const hoursBetween = (from: Date, to: Date) =>
  Math.round(((to.getTime() - from.getTime()) / HOUR) * 10) / 10;

/** Where a decision clock stands now: hours left while open, or how it was met. */
export function clockStanding(deadline: { dueAt: Date }, startedAt: Date, decidedAt: Date | null, now: Date) {
  if (decidedAt)
    return {
      hoursLeft: null,
      overdue: false,
      met: {
        decidedAt: decidedAt.toISOString(),
        onTime: decidedAt.getTime() <= deadline.dueAt.getTime(),
        hoursToDecision: hoursBetween(startedAt, decidedAt),
      },
    };
  return {
    hoursLeft: hoursLeft(deadline.dueAt, now),
    overdue: now.getTime() > deadline.dueAt.getTime(),
    met: null,
  };
}

export interface FilingWindow {
  rule: RuleRef;
  /** The last day an appeal is on time. */
  dueOn: string;
  /** The last day an appeal keeps the service going while it is decided. */
  continuationUntil: string;
  explanation: string;
}

/** The window to appeal an adverse decision, from the day its notice was sent (`appeal_filing`). */
export function appealFilingWindow(
  rules: readonly CareRule[],
  program: RuleProgram,
  noticeSentOn: string,
): FilingWindow | NoRule {
  const found = ruleInForce(rules, 'appeal_filing', program, noticeSentOn);
  return found.rule ? filingWindowOf(found.rule, noticeSentOn) : { rule: null, why: found.why };
}

export function filingWindowOf(rule: CareRuleOf<'appeal_filing'>, noticeSentOn: string): FilingWindow {
  const { days, continuationDays } = rule.parameters;
  const dueOn = addDays(noticeSentOn, days);
  const continuationUntil = addDays(noticeSentOn, continuationDays);
  return {
    rule: refOf(rule),
    dueOn,
    continuationUntil,
    explanation: `Appeal by ${dayWords(dueOn)}: ${plural(days, 'day')} after the notice of ${dayWords(noticeSentOn)}; the service continues during the appeal when it is filed by ${dayWords(continuationUntil)} (${ruleRefLabel(refOf(rule))})`,
  };
}

/** Whether an appeal filed at `filedAt` (Massachusetts day) was on time, and keeps the service going. */
export function filingStanding(window: FilingWindow, filedAt: Date) {
  const day = massachusettsDate(filedAt);
  return { onTime: day <= window.dueOn, benefitsContinue: day <= window.continuationUntil };
}

export interface NextLevelWindow {
  rule: RuleRef;
  dueOn: string;
  explanation: string;
}

/**
 * The time to ask the next level (Medicare's independent review entity or MassHealth's Board of Hearings)
 * after the plan's appeal decision, from the day its notice was sent (`next_level_request`).
 */
export function nextLevelWindow(
  rules: readonly CareRule[],
  program: RuleProgram,
  appealNoticeOn: string,
): NextLevelWindow | NoRule {
  const found = ruleInForce(rules, 'next_level_request', program, appealNoticeOn);
  return found.rule ? nextLevelWindowOf(found.rule, appealNoticeOn) : { rule: null, why: found.why };
}

export function nextLevelWindowOf(
  rule: CareRuleOf<'next_level_request'>,
  appealNoticeOn: string,
): NextLevelWindow {
  const { days } = rule.parameters;
  const dueOn = addDays(appealNoticeOn, days);
  return {
    rule: refOf(rule),
    dueOn,
    explanation: `Ask the next level by ${dayWords(dueOn)}: ${plural(days, 'day')} after the appeal decision’s notice of ${dayWords(appealNoticeOn)} (${ruleRefLabel(refOf(rule))})`,
  };
}
