// Assessments, major changes, an enrollee's clocks, work queues and caseload transfer (issue 19): the shapes the
// API and the web app share.
import { z } from 'zod';
import { isoDate, listQuery } from '../list.js';
import { definition } from '../surveys/definition.js';
import { answersInput } from '../surveys/surveys.schemas.js';
import { ASSESSMENT_KINDS, CARE_PROGRAMS, CARE_RULE_KINDS, SPOC_ROLES } from './care.labels.js';
import { part2Flag } from './part2.schemas.js';
import { ruleRef } from './rules.schemas.js';

export const assessmentInput = z
  .object({
    kind: z.enum(ASSESSMENT_KINDS),
    completedOn: isoDate,
    inPerson: z.boolean().describe('Whether the assessment included an in-person meeting'),
    majorChangeReason: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .optional()
      .describe('For a reassessment after a major change: what changed'),
    instrument: z
      .object({
        surveyId: z.uuid().describe('The instrument: a published, identified survey of the organisation'),
        answers: answersInput.shape.answers,
      })
      .optional()
      .describe('The instrument answered with the enrollee, recorded as a response of the survey'),
    part2: part2Flag,
  })
  .refine((a) => a.kind !== 'major_change' || a.majorChangeReason, {
    message: 'Say what the major change was',
    path: ['majorChangeReason'],
  })
  .refine((a) => a.kind === 'major_change' || a.majorChangeReason === undefined, {
    message: 'Leave out the major change’s reason: only a reassessment after a major change carries one',
    path: ['majorChangeReason'],
  });
export type AssessmentInput = z.infer<typeof assessmentInput>;

export const assessmentView = z.object({
  id: z.string(),
  kind: z.enum(ASSESSMENT_KINDS),
  completedOn: z.string(),
  inPerson: z.boolean(),
  majorChangeReason: z.string().nullable(),
  /** The rule version whose due date it met, when it met one. */
  satisfied: ruleRef.nullable(),
  surveyResponseId: z.string().nullable(),
  instrument: z.object({ surveyId: z.string(), version: z.number(), title: z.string() }).nullable(),
  completedBy: z.string().nullable(),
  part2: z.boolean(),
});

export const majorChangeInput = z.object({
  occurredOn: isoDate,
  reason: z.string().trim().min(1).max(500),
});
export type MajorChangeInput = z.infer<typeof majorChangeInput>;

export const majorChangeView = z.object({
  id: z.string(),
  occurredOn: z.string(),
  reason: z.string(),
  recordedBy: z.string(),
});

const reason = z.object({ contactId: z.string(), why: z.string() });

export const clockView = z.object({
  kind: z.enum(CARE_RULE_KINDS),
  program: z.enum(CARE_PROGRAMS),
  rule: ruleRef,
  startedOn: z.string(),
  dueOn: z.string(),
  metOn: z.string().nullable(),
  metBy: z.string().nullable().describe('The assessment that met it'),
  late: z.boolean().describe('Met after its due date'),
  daysLate: z.number().nullable().describe('How many days after the due date it was met; null while open'),
  notCounted: z
    .array(z.object({ assessmentId: z.string(), why: z.string() }))
    .describe('Assessments in the clock’s time that did not meet it, and why'),
  overdue: z.boolean(),
  explanation: z.string(),
});

export const enrolleeClocksView = z.object({
  asOf: z.string(),
  clocks: z.array(clockView),
  /** Clocks that would have started, but no rule version was in force that day. */
  noRule: z.array(
    z.object({ kind: z.enum(CARE_RULE_KINDS), program: z.enum(CARE_PROGRAMS), why: z.string() }),
  ),
  unreachable: z.array(
    z.object({
      program: z.enum(CARE_PROGRAMS),
      unreachable: z.boolean(),
      rule: ruleRef,
      summary: z.string(),
      counted: z.array(reason),
      notCounted: z.array(reason),
    }),
  ),
  noContact: z
    .object({
      noContact: z.boolean(),
      since: z.string().nullable(),
      dueOn: z.string().nullable(),
      rule: ruleRef,
      explanation: z.string(),
    })
    .nullable(),
});

export const QUEUE_KINDS = [
  'initial_assessment',
  'major_change_reassessment',
  'cp_engagement',
  'reassessment',
  'outreach',
  'no_contact',
  'plan_signature',
  'plan_review',
] as const;

export const QUEUE_KIND_LABELS: Record<(typeof QUEUE_KINDS)[number], string> = {
  initial_assessment: 'Comprehensive assessment',
  major_change_reassessment: 'Reassessment after a major change',
  cp_engagement: 'Community Partner engagement',
  reassessment: 'Yearly reassessment',
  outreach: 'Outreach to try',
  no_contact: 'Not contacted in 60 days',
  plan_signature: 'Care plan awaiting a signature',
  plan_review: 'Care plan review',
};

export const queueQuery = listQuery(['urgency', 'familyName', 'dueOn']).extend({
  coordinatorId: z.uuid().optional().describe('Whose caseload: the signed-in person when left out'),
  kind: z.enum(QUEUE_KINDS).optional().describe('Only enrollees with an item of this kind'),
  overdue: z.stringbool().optional().describe('Only enrollees with an overdue item'),
  all: z.stringbool().default(false).describe('Include enrollees with nothing due'),
});
export type QueueQuery = z.infer<typeof queueQuery>;

export const queueItemView = z.object({
  kind: z.enum(QUEUE_KINDS),
  program: z.enum(CARE_PROGRAMS),
  dueOn: z.string(),
  overdue: z.boolean(),
  urgency: z.number(),
  rule: ruleRef,
  title: z.string(),
  explanation: z.string(),
});

export const queueRowView = z.object({
  enrolleeId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  masshealthId: z.string(),
  coordinatorId: z.string(),
  items: z.array(queueItemView),
});

export const teamQueueQuery = listQuery(['name', 'caseload', 'overdue']).extend({
  supervisorId: z
    .uuid()
    .optional()
    .describe('Whose team: the signed-in person when left out; an organisation admin sees every coordinator'),
});
export type TeamQueueQuery = z.infer<typeof teamQueueQuery>;

export const teamRowView = z.object({
  coordinatorId: z.string(),
  name: z.string(),
  organisation: z
    .string()
    .describe('Where the coordinator carries their caseload (a network organisation’s staff)'),
  caseload: z.number(),
  overdue: z.number().describe('Enrollees with at least one overdue item'),
  counts: z.record(z.enum(QUEUE_KINDS), z.number()).describe('Enrollees with an item of each kind'),
  /** Where each number opens the enrollees behind it. */
  links: z.object({
    caseload: z.string(),
    overdue: z.string(),
    kinds: z.record(z.enum(QUEUE_KINDS), z.string()),
  }),
});

export const transferInput = z.object({
  fromPersonId: z.uuid(),
  toPersonId: z.uuid(),
  role: z.enum(SPOC_ROLES).describe('The new single point of contact’s role on the team'),
  memberOrgId: z.uuid().describe('The organisation the new single point of contact works for'),
  startsOn: isoDate.describe('The first day of the new single point of contact; the old ends the day before'),
  enrolleeIds: z
    .array(z.uuid())
    .min(1)
    .max(5000)
    .optional()
    .describe('Only these enrollees of the caseload; all of it when left out'),
});
export type TransferInput = z.infer<typeof transferInput>;

export const transferResult = z.object({
  moved: z.number(),
  enrolleeIds: z.array(z.string()),
});

/** A survey of the holding plan an assessment may be answered on, with its published version's questions. */
export const assessmentInstrumentView = z.object({
  surveyId: z.string(),
  title: z.string(),
  version: z.number(),
  definition,
});
export type AssessmentInstrumentView = z.infer<typeof assessmentInstrumentView>;
