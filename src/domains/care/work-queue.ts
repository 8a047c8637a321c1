// A coordinator's work queue as pure functions: what is due for one enrollee on a day, from plain facts a
// repository can fill from SQL rows, and the order a caseload is worked in (overdue first, most overdue first,
// then due soonest).

import type { SignStep } from '@contract/care/plans.schemas.js';
import type { CareRule, RuleProgram, RuleRef } from '@contract/care/rules.schemas.js';
import { type Contact, noContactSince, unreachable } from './outreach.js';
import { reviewClock, signOffClocks } from './plans/plan-clocks.js';
import {
  type Assessment,
  addDays,
  assessmentDue,
  type Clock,
  cpEngagementDue,
  daysFrom,
  dayWords,
  type MajorChange,
  ruleInForce,
} from './rules.js';

/** An enrollment in any program; a Community Partner one may carry the day engagement was documented. */
export interface QueueEnrollment {
  id?: string | undefined;
  program: RuleProgram;
  effectiveOn: string;
  endsOn?: string | null | undefined;
  engagedOn?: string | null | undefined;
}

export interface EnrolleeFacts {
  enrolleeId: string;
  enrollments: readonly QueueEnrollment[];
  assessments: readonly Assessment[];
  majorChanges: readonly MajorChange[];
  contacts: readonly Contact[];
  /** Care plans out for signatures or signed, with their signatures. */
  plans?: readonly QueuePlan[];
  rules: readonly CareRule[];
}

export interface QueuePlan {
  id: string;
  number: number;
  program: RuleProgram;
  status: 'in_sign_off' | 'signed';
  addendum: boolean;
  sentOn: string;
  clinicalReview: boolean;
  signatures: readonly { step: SignStep; signedOn: string }[];
}

export const QUEUE_ITEM_KINDS = [
  'initial_assessment',
  'major_change_reassessment',
  'cp_engagement',
  'reassessment',
  'outreach',
  'no_contact',
  'plan_signature',
  'plan_review',
] as const;
export type QueueItemKind = (typeof QUEUE_ITEM_KINDS)[number];

export interface QueueItem {
  /** Unique within a caseload: the enrollee, the kind, the program and what started the clock. */
  key: string;
  enrolleeId: string;
  kind: QueueItemKind;
  program: RuleProgram;
  dueOn: string;
  overdue: boolean;
  /** Days from the due date to the day asked about: positive when overdue by that many, negative days left. */
  urgency: number;
  /** The rule version that set the due date. */
  rule: RuleRef;
  title: string;
  explanation: string;
}

/** How far ahead a yearly reassessment joins the queue; the shorter clocks are there from their first day. */
export const REASSESSMENT_NOTICE_DAYS = 60;

const TITLES: Record<QueueItemKind, [due: string, overdue: string]> = {
  initial_assessment: ['Comprehensive assessment due', 'Comprehensive assessment overdue'],
  major_change_reassessment: [
    'Reassessment after a major change due',
    'Reassessment after a major change overdue',
  ],
  cp_engagement: ['Community Partner engagement due', 'Community Partner engagement overdue'],
  reassessment: ['Yearly reassessment due', 'Yearly reassessment overdue'],
  outreach: ['Outreach to try', 'Outreach to try'],
  no_contact: ['No contact in 60 days', 'No contact in 60 days'],
  plan_signature: ['Care plan awaiting a signature', 'Care plan signature overdue'],
  plan_review: ['Care plan review due', 'Care plan review overdue'],
};

const active = (e: QueueEnrollment, asOf: string) =>
  e.effectiveOn <= asOf && (e.endsOn == null || asOf <= e.endsOn);

/** The work items for one enrollee on `asOf`, most urgent first. */
export function queueItems(facts: EnrolleeFacts, asOf: string): QueueItem[] {
  const { enrolleeId, rules } = facts;
  const contacts = facts.contacts.filter((c) => c.on <= asOf);
  const assessments = facts.assessments.filter((a) => a.completedOn <= asOf);
  const changes = facts.majorChanges.filter((c) => c.on <= asOf);
  const items: QueueItem[] = [];
  const item = (
    kind: QueueItemKind,
    program: RuleProgram,
    from: string,
    dueOn: string,
    overdue: boolean,
    rule: RuleRef,
    explanation: string,
    title = TITLES[kind][overdue ? 1 : 0],
  ) =>
    items.push({
      key: `${enrolleeId}|${kind}|${program}|${from}`,
      enrolleeId,
      kind,
      program,
      dueOn,
      overdue,
      urgency: daysFrom(dueOn, asOf),
      rule,
      title,
      explanation,
    });

  const open: Clock[] = [];
  const enrollments = facts.enrollments.filter((e) => active(e, asOf));
  for (const e of enrollments) {
    const { clocks } = assessmentDue(e, assessments, changes, rules);
    if (e.program === 'cp') {
      const cp = cpEngagementDue(e, rules);
      if (cp.rule) clocks.push(cp);
    }
    for (const c of clocks) {
      if (c.startedOn > asOf || (c.met && c.met.on <= asOf)) continue;
      if (c.kind === 'reassessment' && asOf < addDays(c.dueOn, -REASSESSMENT_NOTICE_DAYS)) continue;
      open.push(c);
      item(
        c.kind,
        c.program,
        `${c.startedOn}|${c.startedBy.id ?? ''}`,
        c.dueOn,
        c.overdue(asOf),
        c.rule,
        c.explanation,
      );
    }
  }

  // Outreach: an open clock needs the enrollee reached, and nobody has reached them since it started. Once the
  // attempts prove them unreachable the clock's item says so instead.
  const first = open.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))[0];
  if (first && !contacts.some((c) => c.reached && c.on >= first.startedOn)) {
    const rule = ruleInForce(rules, 'unreachable', first.program, asOf);
    const status = rule.rule ? unreachable(contacts, rule.rule, asOf) : null;
    if (status?.unreachable) {
      for (const i of items) i.explanation += `. ${status.summary}`;
    } else {
      const tried = status ? `${status.summary}. ` : '';
      // Labelled with the unreachable rule it works towards, as the enrollee page names it; the deadline's
      // rule is named in the explanation. Without an unreachable rule in force, the deadline's rule.
      item(
        'outreach',
        first.program,
        first.startedOn,
        first.dueOn,
        first.overdue(asOf),
        status?.rule ?? first.rule,
        `${tried}Reach them before ${dayWords(first.dueOn, asOf)}: ${first.explanation}`,
      );
    }
  }

  // No contact: counted from the last successful contact, or from the earliest enrollment in force; each
  // program's rule is the version in force on the day counting started, and the earliest due date wins.
  const since = enrollments.map((e) => e.effectiveOn).sort()[0];
  const lastReached = contacts
    .filter((c) => c.reached)
    .reduce<string | null>((a, c) => (a && a > c.on ? a : c.on), null);
  const start = lastReached ?? since;
  let flagged: ReturnType<typeof noContactSince> | null = null;
  for (const e of start ? enrollments : []) {
    const rule = ruleInForce(rules, 'no_contact', e.program, start!);
    if (!rule.rule) continue;
    const n = noContactSince(contacts, rule.rule, asOf, since);
    if (n.noContact && n.dueOn && (!flagged || n.dueOn < flagged.dueOn!)) flagged = n;
  }
  if (flagged?.dueOn) {
    item(
      'no_contact',
      flagged.rule.program,
      flagged.since!,
      flagged.dueOn,
      true,
      flagged.rule,
      flagged.explanation,
      `No contact in ${flagged.days} days`,
    );
  }
  planItems(facts, asOf, item);
  return items.sort(byUrgency);
}

const STEP_WORDS: Record<SignStep, string> = {
  enrollee: 'enrollee’s signature',
  pcp: 'PCP approval',
  clinical_review: 'clinical review',
};

/**
 * A plan out for signatures: the step waiting now, due by its rule; the signed plan's yearly review (joining the
 * queue as a yearly reassessment does, ahead of its due date, or at once when a major change reopened it).
 */
function planItems(
  facts: EnrolleeFacts,
  asOf: string,
  item: (
    kind: QueueItemKind,
    program: RuleProgram,
    from: string,
    dueOn: string,
    overdue: boolean,
    rule: RuleRef,
    explanation: string,
    title?: string,
  ) => void,
) {
  const plans = (facts.plans ?? []).filter((p) => p.sentOn <= asOf);
  for (const p of plans.filter((x) => x.status === 'in_sign_off')) {
    const signatures = p.signatures.filter((s) => s.signedOn <= asOf);
    const waiting = signOffClocks({ ...p, signatures }, facts.rules).find((c) => !c.signedOn);
    if (!waiting?.dueOn || !waiting.rule) continue;
    const overdue = asOf > waiting.dueOn;
    item(
      'plan_signature',
      p.program,
      `${p.id}|${waiting.step}`,
      waiting.dueOn,
      overdue,
      waiting.rule,
      waiting.explanation,
      `Care plan ${p.number}: ${STEP_WORDS[waiting.step]} ${overdue ? 'overdue' : 'due'}`,
    );
  }
  const signed = plans
    .filter((p) => p.status === 'signed' && !p.addendum)
    .sort((a, b) => b.number - a.number)[0];
  const enrolleeSigned = signed?.signatures.find((s) => s.step === 'enrollee')?.signedOn;
  if (!signed || !enrolleeSigned) return;
  const changes = facts.majorChanges
    .filter((c) => c.on <= asOf)
    .map((c) => ({ on: c.on, reason: c.reason ?? '' }));
  const review = reviewClock(signed.program, enrolleeSigned, changes, facts.rules);
  if (review.dueOn === null) return;
  const reopened = review.rule.kind !== 'plan_review';
  if (!reopened && asOf < addDays(review.dueOn, -REASSESSMENT_NOTICE_DAYS)) return;
  item(
    'plan_review',
    signed.program,
    signed.id,
    review.dueOn,
    asOf > review.dueOn,
    review.rule,
    review.explanation,
  );
}

const KIND_ORDER = new Map(QUEUE_ITEM_KINDS.map((k, i) => [k, i]));
const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The order a caseload is worked in: overdue items first, the most overdue first; then the rest by due date,
 * soonest first; ties by kind (assessments before outreach), enrollee and key, so the order is total.
 */
export function byUrgency(a: QueueItem, b: QueueItem): number {
  return (
    Number(b.overdue) - Number(a.overdue) ||
    text(a.dueOn, b.dueOn) ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    text(a.enrolleeId, b.enrolleeId) ||
    text(a.key, b.key)
  );
}

/** Enrollees in a caseload by their most urgent item (items sorted by `byUrgency`); none due: last. */
export function caseloadByUrgency(
  a: { enrolleeId: string; items: readonly QueueItem[] },
  b: { enrolleeId: string; items: readonly QueueItem[] },
): number {
  const [x, y] = [a.items[0], b.items[0]];
  if (x && y) return byUrgency(x, y) || text(a.enrolleeId, b.enrolleeId);
  return x ? -1 : y ? 1 : text(a.enrolleeId, b.enrolleeId);
}
