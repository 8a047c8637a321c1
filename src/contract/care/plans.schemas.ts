// Care plans and their sign-off (issue 20): One Care's individualized care plan, a Community Partner's
// person-centered treatment plan. The shapes the API and the web app share.
import { z } from 'zod';
import { isoDate } from '../list.js';
import { part2Flag } from './part2.schemas.js';
import { ruleRef } from './rules.schemas.js';

export const PLAN_KINDS = ['icp', 'pctp'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];
export const PLAN_KIND_LABELS: Record<PlanKind, string> = {
  icp: 'Individualized care plan',
  pctp: 'Person-centered treatment plan',
};

/** The coded domain a goal or need sits in, beside the enrollee's own words. */
export const PLAN_DOMAINS = [
  'physical_health',
  'behavioral_health',
  'substance_use',
  'long_term_services',
  'functional',
  'medications',
  'housing',
  'food',
  'social_connection',
  'employment_education',
  'safety',
  'caregiver_support',
  'other',
] as const;
export type PlanDomain = (typeof PLAN_DOMAINS)[number];
export const PLAN_DOMAIN_LABELS: Record<PlanDomain, string> = {
  physical_health: 'Physical health',
  behavioral_health: 'Behavioral health',
  substance_use: 'Substance use',
  long_term_services: 'Long-term services and supports',
  functional: 'Daily living and function',
  medications: 'Medications',
  housing: 'Housing',
  food: 'Food',
  social_connection: 'Social connection',
  employment_education: 'Work and education',
  safety: 'Safety',
  caregiver_support: 'Caregiver support',
  other: 'Other',
};

export const PLAN_STATUSES = ['draft', 'in_sign_off', 'signed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: 'Draft',
  in_sign_off: 'Awaiting signatures',
  signed: 'Signed and locked',
};

/** The steps of sign-off, in order: the enrollee signs, the PCP approves, the care team reviews (if asked). */
export const SIGN_STEPS = ['enrollee', 'pcp', 'clinical_review'] as const;
export type SignStep = (typeof SIGN_STEPS)[number];
export const SIGN_STEP_LABELS: Record<SignStep, string> = {
  enrollee: 'Enrollee’s signature',
  pcp: 'PCP approval',
  clinical_review: 'Clinical review',
};

export const SIGN_CHANNELS = ['on_screen', 'uploaded', 'fax', 'link'] as const;
export type SignChannel = (typeof SIGN_CHANNELS)[number];
export const SIGN_CHANNEL_LABELS: Record<SignChannel, string> = {
  on_screen: 'Signed on screen',
  uploaded: 'Uploaded wet signature',
  fax: 'Signed page received by fax',
  link: 'Signed through a single-use link',
};

/** Who signs at each step, by the part they sign in. */
export const SIGNER_ROLES = {
  enrollee: ['enrollee', 'authorized_representative'],
  pcp: ['pcp', 'pcp_designee'],
  clinical_review: ['rn', 'clinical_care_manager'],
} as const satisfies Record<SignStep, readonly string[]>;
export type SignerRole = (typeof SIGNER_ROLES)[SignStep][number];
export const SIGNER_ROLE_LABELS: Record<SignerRole, string> = {
  enrollee: 'Enrollee',
  authorized_representative: 'Authorized representative',
  pcp: 'PCP',
  pcp_designee: 'PCP designee',
  rn: 'Registered nurse',
  clinical_care_manager: 'Clinical care manager',
};

const words = (max: number, what: string) =>
  z.string().trim().min(1, `Write the ${what}`).max(max, `Keep the ${what} to ${max} characters`);

export const planGoal = z.object({
  words: words(1000, 'goal in the enrollee’s own words').describe('The goal in the enrollee’s own words'),
  domain: z.enum(PLAN_DOMAINS, 'Choose the goal’s domain'),
  targetOn: isoDate.nullable().default(null).describe('When the enrollee hopes to reach it'),
});
export const planNeed = z.object({
  description: words(1000, 'need'),
  domain: z.enum(PLAN_DOMAINS, 'Choose the need’s domain'),
});
export const planService = z.object({
  service: words(300, 'service or support'),
  responsible: words(200, 'name of who is responsible').describe('Who provides or arranges it'),
  frequency: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .default(null)
    .describe('How often, as said to the enrollee'),
});
export const planIntervention = z.object({
  action: words(1000, 'intervention'),
  responsible: words(200, 'name of who is responsible'),
  targetOn: isoDate.nullable().default(null),
});

export const planContent = z.object({
  goals: z.array(planGoal).min(1, 'Write at least one goal').max(50),
  needs: z.array(planNeed).max(50).default([]),
  services: z.array(planService).max(100).default([]),
  interventions: z.array(planIntervention).max(100).default([]),
});
export type PlanContent = z.infer<typeof planContent>;

export const planCreate = z.object({
  assessmentId: z.uuid().describe('The comprehensive assessment (or reassessment) the plan follows'),
  content: planContent,
  /** The plan this one replaces, or adds to; the first plan has none. */
  previousId: z.uuid().nullable().default(null),
  addendum: z
    .boolean()
    .default(false)
    .describe('An addendum to the signed plan `previousId`, not a new plan'),
  majorChange: z
    .boolean()
    .default(false)
    .describe('Written after a major change: its signature starts a new yearly review clock'),
  part2: part2Flag,
});
export type PlanCreate = z.infer<typeof planCreate>;

export const planUpdate = z.object({ content: planContent });

export const planSend = z.object({
  clinicalReview: z
    .boolean()
    .describe(
      'Whether the care team’s RN or clinical care manager reviews the plan after the PCP approves it',
    ),
});

export const signatureInput = z.object({
  step: z.enum(SIGN_STEPS),
  signerName: words(200, 'signer’s name'),
  signerRole: z.enum([
    'enrollee',
    'authorized_representative',
    'pcp',
    'pcp_designee',
    'rn',
    'clinical_care_manager',
  ]),
  channel: z.enum(['on_screen', 'uploaded', 'fax']),
  signedOn: isoDate,
  /** For an uploaded or faxed page: the file, uploaded first to `/api/care/plans/:id/pages`. */
  fileId: z.uuid().nullable().default(null),
  /** On screen: the enrollee (or PCP, on the coordinator's screen) confirms they read and agree. */
  attested: z.boolean().default(false),
});
export type SignatureInput = z.infer<typeof signatureInput>;

export const linkInput = z.object({
  recipientName: words(200, 'PCP’s name'),
  recipientRole: z.enum(['pcp', 'pcp_designee']).default('pcp'),
  hours: z
    .int()
    .min(1)
    .max(24 * 14)
    .default(72)
    .describe('How long the link works, in hours'),
});

export const linkSign = z.object({
  signerName: words(200, 'your name'),
  attested: z.literal(true, 'Confirm that you have read the plan and approve it'),
});

export const stepView = z.object({
  step: z.enum(SIGN_STEPS),
  /** The due date, when the step's clock has started: named by the rule version that set it. */
  dueOn: z.string().nullable(),
  rule: ruleRef.nullable(),
  explanation: z.string(),
  signed: z
    .object({
      signerName: z.string(),
      signerRole: z.string(),
      channel: z.enum(SIGN_CHANNELS),
      signedOn: z.string(),
      recordedAt: z.string(),
      recordedBy: z.string().nullable(),
      recordedByName: z.string().nullable(),
      fileId: z.string().nullable(),
    })
    .nullable(),
});

export const planView = z.object({
  id: z.string(),
  enrolleeId: z.string(),
  kind: z.enum(PLAN_KINDS),
  number: z.number(),
  addendum: z.boolean(),
  majorChange: z.boolean(),
  previousId: z.string().nullable(),
  assessmentId: z.string(),
  status: z.enum(PLAN_STATUSES),
  content: planContent,
  writtenByOrgId: z.string(),
  writtenByOrgName: z.string(),
  clinicalReview: z.boolean().nullable(),
  sentOn: z.string().nullable(),
  lockedAt: z.string().nullable(),
  pdfSha256: z.string().nullable(),
  steps: z.array(stepView),
  review: z
    .object({ dueOn: z.string(), rule: ruleRef, explanation: z.string(), overdue: z.boolean() })
    .nullable(),
  version: z.number(),
  createdAt: z.string(),
  part2: z.boolean(),
});
export type PlanView = z.infer<typeof planView>;

export const linkView = z.object({
  id: z.string(),
  recipientName: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  /** Shown once, when the link is made: the address to send the PCP. */
  url: z.string().optional(),
});

/** What a PCP's single-use approval link shows: that plan only. */
export const approvalView = z.object({
  organisation: z.string(),
  recipientName: z.string(),
  expiresAt: z.string(),
  enrollee: z.object({ name: z.string(), dateOfBirth: z.string() }),
  plan: z.object({
    kind: z.enum(PLAN_KINDS),
    number: z.number(),
    addendum: z.boolean(),
    content: planContent,
  }),
  enrolleeSigned: z.object({ signerName: z.string(), signedOn: z.string() }).nullable(),
  /** Whether the PCP may approve now: the enrollee has signed and no PCP has. */
  ready: z.boolean(),
});
export type ApprovalView = z.infer<typeof approvalView>;
