// Care program rules as data (issue 19): each clock — the 90-day assessment, the yearly reassessment, the
// 3-attempt rule, the Community Partner engagement window — is a row with a kind, a program, a version and the
// period it was in force, so a due date can name the version that set it.
import { z } from 'zod';
import { isoDate } from '../list.js';
import { CARE_PROGRAMS, CARE_RULE_KINDS, type CareProgram, type CareRuleKind } from './care.labels.js';

/** The programs a care rule belongs to: the One Care plan, MassHealth ACOs and MCOs, Community Partners. */
export type RuleProgram = CareProgram;
export type RuleKind = CareRuleKind;

const days = (what: string) =>
  z.int(`Give the ${what} as a whole number of days`).min(1).max(3650).describe(`${what} in days`);

const hours = (what: string) =>
  z.int(`Give the ${what} as a whole number of hours`).min(1).max(8760).describe(`${what} in hours`);

/** Each kind's parameters: the shapes of the catalogue's `parameters` column. */
export const ruleParameters = {
  initial_assessment: z.object({
    days: days('Time from the enrollment to the first comprehensive assessment'),
    inPersonRequired: z.boolean().describe('Whether the assessment must include an in-person meeting'),
  }),
  reassessment: z.object({
    months: z
      .int('Give the months as a whole number')
      .min(1)
      .max(120)
      .describe('Longest time between comprehensive assessments, in calendar months'),
  }),
  major_change_reassessment: z.object({
    days: days('Time from a major change to the reassessment'),
  }),
  unreachable: z.object({
    attempts: z.int().min(1).max(20).describe('Unsuccessful attempts needed'),
    distinctDays: z.boolean().describe('Whether the attempts must fall on different days'),
    minModes: z.int().min(1).max(7).describe('Different modes (phone, letter, home visit, …) needed'),
    withinDays: days('Window the attempts must fall in, ending on the day asked about'),
  }),
  cp_engagement: z.object({
    days: days('Time from the Community Partner enrollment to engagement'),
  }),
  no_contact: z.object({
    days: days('Time without a successful contact before it is flagged'),
  }),
  plan_enrollee_signature: z.object({
    days: days('Time from sending a care plan for signatures to the enrollee signing it'),
  }),
  plan_pcp_approval: z.object({
    days: days('Time from the enrollee’s signature to the PCP’s or PCP designee’s approval'),
  }),
  plan_clinical_review: z.object({
    days: days('Time from the PCP’s approval to the care team’s clinical review'),
  }),
  plan_review: z.object({
    months: z
      .int('Give the months as a whole number')
      .min(1)
      .max(120)
      .describe('Longest time from the enrollee’s signature to the plan’s review, in calendar months'),
  }),
  request_decision: z.object({
    standardDays: days('Time from receiving a standard service request to its decision, in calendar days'),
    expeditedHours: hours('Time from receiving an expedited service request to its decision'),
  }),
  appeal_filing: z.object({
    days: days('Time from the notice of a decision to filing an appeal'),
    continuationDays: days(
      'Time from the notice within which an appeal keeps the benefit going while it is decided',
    ),
  }),
  appeal_decision: z.object({
    standardDays: days('Time from filing a standard appeal to the plan’s decision, in calendar days'),
    expeditedHours: hours('Time from filing an expedited appeal to the plan’s decision'),
  }),
  next_level_request: z.object({
    days: days(
      'Time from the plan’s appeal decision to asking the next level (independent review entity or Board of Hearings)',
    ),
  }),
} as const satisfies Record<RuleKind, z.ZodType>;

export type RuleParameters<K extends RuleKind = RuleKind> = z.infer<(typeof ruleParameters)[K]>;
/** A kind with its parameters: what a rule says, without when or for whom. */
export type RuleTerms = { [K in RuleKind]: { kind: K; parameters: RuleParameters<K> } }[RuleKind];

const common = {
  program: z.enum(CARE_PROGRAMS, 'Choose a program: one_care, aco, mco or cp'),
  version: z.int().min(1).describe('1 for the first version of this kind and program, then 2, 3, …'),
  effectiveFrom: isoDate.describe('First day the version is in force'),
  effectiveTo: isoDate.nullable().describe('Last day the version is in force; null while it still is'),
};

const ruleOf = <K extends RuleKind>(kind: K) =>
  z.object({ kind: z.literal(kind), ...common, parameters: ruleParameters[kind] });

export const careRule = z
  .discriminatedUnion('kind', [
    ruleOf('initial_assessment'),
    ruleOf('reassessment'),
    ruleOf('major_change_reassessment'),
    ruleOf('unreachable'),
    ruleOf('cp_engagement'),
    ruleOf('no_contact'),
    ruleOf('plan_enrollee_signature'),
    ruleOf('plan_pcp_approval'),
    ruleOf('plan_clinical_review'),
    ruleOf('plan_review'),
    ruleOf('request_decision'),
    ruleOf('appeal_filing'),
    ruleOf('appeal_decision'),
    ruleOf('next_level_request'),
  ])
  .refine((r) => r.effectiveTo === null || r.effectiveTo >= r.effectiveFrom, {
    message: 'The last day in force cannot be before the first',
    path: ['effectiveTo'],
  });

export type CareRule = z.infer<typeof careRule>;
/** One kind's rule, its parameters typed. */
export type CareRuleOf<K extends RuleKind> = Extract<CareRule, { kind: K }>;

/** How a due date names the rule that set it. */
export const ruleRef = z.object({
  kind: z.enum(CARE_RULE_KINDS),
  program: z.enum(CARE_PROGRAMS),
  version: z.int().min(1),
});
export type RuleRef = z.infer<typeof ruleRef>;
