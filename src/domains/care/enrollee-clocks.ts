// An enrollee's clocks on a day, as the enrollee page shows them: every assessment clock of each enrollment in
// force (each due date naming the rule version that set it), whether outreach has proved them unreachable
// (with the attempts counted and not counted, and why), and how long since the last successful contact. Pure:
// the facts and the day come from the caller.
import type { RuleProgram, RuleRef } from '@contract/care/rules.schemas.js';
import { type ContactReason, type NoContact, noContactSince, unreachable } from './outreach.js';
import {
  type Assessment,
  assessmentDue,
  type Clock,
  cpEngagementDue,
  type NoRule,
  ruleInForce,
} from './rules.js';
import type { EnrolleeFacts, QueueEnrollment } from './work-queue.js';

const counts = (a: Assessment) => a.kind !== 'hrsn_screening';

/**
 * Community Partner engagement is documented by the first comprehensive assessment completed on or after the
 * CP enrollment's effective date (decision 052), unless the enrollment carries the day itself.
 */
export function withEngagement(
  enrollments: readonly QueueEnrollment[],
  assessments: readonly Assessment[],
): QueueEnrollment[] {
  return enrollments.map((e) => {
    if (e.program !== 'cp' || e.engagedOn) return e;
    const first = assessments
      .filter((a) => counts(a) && a.completedOn >= e.effectiveOn && (!e.endsOn || a.completedOn <= e.endsOn))
      .map((a) => a.completedOn)
      .sort()[0];
    return { ...e, engagedOn: first ?? null };
  });
}

const inForce = (e: QueueEnrollment, day: string) =>
  e.effectiveOn <= day && (e.endsOn == null || day <= e.endsOn);

export interface EnrolleeClocks {
  asOf: string;
  clocks: Clock[];
  noRule: NoRule[];
  unreachable: {
    program: RuleProgram;
    unreachable: boolean;
    rule: RuleRef;
    summary: string;
    counted: ContactReason[];
    notCounted: ContactReason[];
  }[];
  noContact: NoContact | null;
}

/** The clocks of the enrollments in force on `asOf` that have started by then, due soonest first. */
export function enrolleeClocks(facts: EnrolleeFacts, asOf: string): EnrolleeClocks {
  const { rules } = facts;
  const enrollments = withEngagement(facts.enrollments, facts.assessments).filter((e) => inForce(e, asOf));
  const assessments = facts.assessments.filter((a) => a.completedOn <= asOf);
  const changes = facts.majorChanges.filter((c) => c.on <= asOf);
  const contacts = facts.contacts.filter((c) => c.on <= asOf);
  const clocks: Clock[] = [];
  const noRule: NoRule[] = [];
  for (const e of enrollments) {
    const due = assessmentDue(e, assessments, changes, rules);
    clocks.push(...due.clocks);
    noRule.push(...due.noRule);
    if (e.program === 'cp') {
      const cp = cpEngagementDue(e, rules);
      if (cp.rule) clocks.push(cp);
      else noRule.push(cp);
    }
  }
  const programs = [...new Set(enrollments.map((e) => e.program))].sort();
  const verdicts: EnrolleeClocks['unreachable'] = [];
  for (const program of programs) {
    const found = ruleInForce(rules, 'unreachable', program, asOf);
    if (!found.rule) continue;
    const u = unreachable(contacts, found.rule, asOf);
    verdicts.push({
      program,
      unreachable: u.unreachable,
      rule: u.rule,
      summary: u.summary,
      counted: u.counted,
      notCounted: u.notCounted,
    });
  }
  return {
    asOf,
    clocks: clocks
      .filter((c) => c.startedOn <= asOf)
      .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0)),
    noRule,
    unreachable: verdicts,
    noContact: noContactOf(enrollments, contacts, rules, asOf),
  };
}

/**
 * The no-contact clock as the queue counts it: from the last successful contact, or from the earliest
 * enrollment in force; each program's rule is the version in force the day counting started, and the
 * earliest due date wins.
 */
function noContactOf(
  enrollments: readonly QueueEnrollment[],
  contacts: EnrolleeFacts['contacts'],
  rules: EnrolleeFacts['rules'],
  asOf: string,
): NoContact | null {
  const since = enrollments.map((e) => e.effectiveOn).sort()[0];
  const lastReached = contacts
    .filter((c) => c.reached)
    .reduce<string | null>((a, c) => (a && a > c.on ? a : c.on), null);
  const start = lastReached ?? since;
  if (!start) return null;
  let found: NoContact | null = null;
  for (const e of enrollments) {
    const rule = ruleInForce(rules, 'no_contact', e.program, start);
    if (!rule.rule) continue;
    const n = noContactSince(contacts, rule.rule, asOf, since);
    if (!found || (n.dueOn ?? '') < (found.dueOn ?? '')) found = n;
  }
  return found;
}

/**
 * The clock a new assessment meets: among the clocks open on its day (started, not yet met) whose terms it
 * fulfils (a social-needs screening meets none; an in-person meeting where the rule asks for one), the one
 * due soonest. Its rule version is what the assessment records as satisfied.
 */
export function clockMetBy(facts: EnrolleeFacts, assessment: Omit<Assessment, 'id'>): Clock | null {
  if (!counts({ ...assessment, id: '' })) return null;
  const day = assessment.completedOn;
  const before = facts.assessments.filter((a) => a.completedOn <= day);
  const all = enrolleeClocks({ ...facts, assessments: before }, day).clocks;
  // Being recorded now, it comes after every major change already recorded, its own day's too: every clock
  // open on its day is one it may meet.
  const open = all.filter(
    (c) =>
      c.kind !== 'cp_engagement' &&
      c.startedOn <= day &&
      (c.met === null || c.met.on > day) &&
      (!c.inPersonRequired || assessment.inPerson),
  );
  const cp = all.find((c) => c.kind === 'cp_engagement' && c.met === null);
  return open[0] ?? cp ?? null;
}
