// A care plan's clocks as pure functions over Massachusetts days: each sign-off step's due date, and the yearly
// review. As with every care clock, the rule version is the one in force on the day the clock starts (decision
// 052): the day the plan was sent, the day of the signature before, the enrollee's signature.
import { SIGN_STEP_LABELS, type SignStep } from '@contract/care/plans.schemas.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import type { CareRule, RuleProgram, RuleRef } from '@contract/care/rules.schemas.js';
import { addDays, addMonths, dayWords, ruleInForce } from '../rules.js';

export interface StepClock {
  step: SignStep;
  /** The day the step's clock started: null while the step before is unsigned. */
  startedOn: string | null;
  dueOn: string | null;
  rule: RuleRef | null;
  signedOn: string | null;
  explanation: string;
}

export interface PlanClockFacts {
  program: RuleProgram;
  sentOn: string | null;
  clinicalReview: boolean | null;
  signatures: readonly { step: SignStep; signedOn: string }[];
}

const STEP_RULE = {
  enrollee: 'plan_enrollee_signature',
  pcp: 'plan_pcp_approval',
  clinical_review: 'plan_clinical_review',
} as const satisfies Record<SignStep, string>;

const AFTER: Record<SignStep, string> = {
  enrollee: 'the plan was sent for signatures',
  pcp: 'the enrollee signed',
  clinical_review: 'the PCP approved',
};

/** The steps a plan's sign-off takes, in order: clinical review only where it was asked for. */
export const stepsOf = (clinicalReview: boolean | null): SignStep[] =>
  clinicalReview ? ['enrollee', 'pcp', 'clinical_review'] : ['enrollee', 'pcp'];

/** Each step of the plan's sign-off with its due date, naming the rule version that set it. */
export function signOffClocks(plan: PlanClockFacts, rules: readonly CareRule[]): StepClock[] {
  const signed = new Map(plan.signatures.map((s) => [s.step, s.signedOn]));
  let startedOn = plan.sentOn;
  return stepsOf(plan.clinicalReview).map((step) => {
    const signedOn = signed.get(step) ?? null;
    const clock = stepClock(step, startedOn, signedOn, plan.program, rules);
    startedOn = signedOn;
    return clock;
  });
}

function stepClock(
  step: SignStep,
  startedOn: string | null,
  signedOn: string | null,
  program: RuleProgram,
  rules: readonly CareRule[],
): StepClock {
  const name = SIGN_STEP_LABELS[step];
  const done = signedOn ? `. Signed ${dayWords(signedOn)}` : '';
  if (!startedOn)
    return {
      step,
      startedOn,
      dueOn: null,
      rule: null,
      signedOn,
      explanation: `${name}: starts when ${AFTER[step]}${done}`,
    };
  const found = ruleInForce(rules, STEP_RULE[step], program, startedOn);
  if (!found.rule)
    return { step, startedOn, dueOn: null, rule: null, signedOn, explanation: `${found.why}${done}` };
  const { days } = found.rule.parameters;
  const dueOn = addDays(startedOn, days);
  return {
    step,
    startedOn,
    dueOn,
    rule: found.ref,
    signedOn,
    explanation: `${name} due ${dayWords(dueOn)}: ${days} days after ${AFTER[step]} on ${dayWords(startedOn)} (${ruleRefLabel(found.ref)})${done}`,
  };
}

export interface ReviewClock {
  dueOn: string;
  rule: RuleRef;
  explanation: string;
}

/**
 * When the enrollee's plan is next to be reviewed: a year (by the rule) from the enrollee's signature on the
 * latest signed plan; a major change after that signature reopens it, due by the major-change reassessment
 * rule from the change's day when that comes first.
 */
export function reviewClock(
  program: RuleProgram,
  enrolleeSignedOn: string,
  majorChanges: readonly { on: string; reason: string }[],
  rules: readonly CareRule[],
): ReviewClock | { dueOn: null; why: string } {
  const yearly = ruleInForce(rules, 'plan_review', program, enrolleeSignedOn);
  if (!yearly.rule) return { dueOn: null, why: yearly.why };
  const { months } = yearly.rule.parameters;
  let best: ReviewClock = {
    dueOn: addMonths(enrolleeSignedOn, months),
    rule: yearly.ref,
    explanation: `Plan review due ${dayWords(addMonths(enrolleeSignedOn, months))}: ${months} months after the enrollee signed on ${dayWords(enrolleeSignedOn)} (${ruleRefLabel(yearly.ref)})`,
  };
  for (const change of majorChanges) {
    if (change.on <= enrolleeSignedOn) continue;
    const found = ruleInForce(rules, 'major_change_reassessment', program, change.on);
    if (!found.rule) continue;
    const dueOn = addDays(change.on, found.rule.parameters.days);
    if (dueOn < best.dueOn)
      best = {
        dueOn,
        rule: found.ref,
        explanation: `Plan review due ${dayWords(dueOn)}: reopened by the major change on ${dayWords(change.on)} (${change.reason}), ${found.rule.parameters.days} days after it (${ruleRefLabel(found.ref)})`,
      };
  }
  return best;
}
