// Service requests, decisions, updates communicated and appeals (issue 20): the shapes the API and the web app
// share. Every deadline names the rule version that set it (`rule`).
import { z } from 'zod';
import { isoDate, isoDateTime, listQuery } from '../list.js';
import { readable } from '../text/readable.js';
import { CARE_PROGRAMS, CONTACT_MODES } from './care.labels.js';
import { part2Flag } from './part2.schemas.js';
import {
  APPEAL_FILERS,
  APPEAL_OUTCOMES,
  DENIAL_REASONS,
  isAdverse,
  NEXT_LEVELS,
  RECEIVED_VIA,
  REQUEST_CLOCK_KINDS,
  REQUEST_DECISIONS,
  REQUEST_PRIORITIES,
  REQUESTERS,
  UPDATE_RECIPIENTS,
} from './requests.labels.js';
import { ruleRef } from './rules.schemas.js';

export * from './requests.labels.js';

/** How far ahead of the server's clock a time may be: a device's clock a little fast. */
const CLOCK_SKEW_MS = 5 * 60_000;
const pastInstant = (what: string) =>
  isoDateTime().refine(
    // A time that is not one is refused by its format alone.
    (s) => Number.isNaN(Date.parse(s)) || Date.parse(s) <= Date.now() + CLOCK_SKEW_MS,
    `Enter the time ${what}: it cannot be in the future`,
  );
const words = (max: number) => z.string().trim().min(1).max(max).superRefine(readable);
const optionalWords = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .superRefine(readable)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const requestInput = z.object({
  service: words(300).describe('What is asked for, as the request names it (service, item, amount)'),
  details: optionalWords(4000).describe('Anything else the request says'),
  priority: z.enum(REQUEST_PRIORITIES, 'Choose standard or expedited'),
  receivedAt: pastInstant('the plan got the request').describe(
    'When the plan received it: the decision clock starts here',
  ),
  receivedVia: z.enum(RECEIVED_VIA),
  requestedBy: z.enum(REQUESTERS),
  part2: part2Flag,
});
export type RequestInput = z.infer<typeof requestInput>;

export const decisionInput = z
  .object({
    decision: z.enum(REQUEST_DECISIONS, 'Choose approved, partly approved or denied'),
    denialReason: z.enum(DENIAL_REASONS).nullable().optional(),
    explanation: optionalWords(4000).describe(
      'In plain words for the enrollee: what was approved, what was not and why (printed on the notice)',
    ),
    decidedAt: pastInstant('the decision was made')
      .optional()
      .describe('When the decision was made; now when left out'),
    noticeSentOn: isoDate
      .optional()
      .describe('The day the notice was sent; the decision’s day when left out'),
  })
  .refine((d) => !isAdverse(d.decision) || d.denialReason, {
    message: 'Choose the reason from the list: a denial or partial approval must say why',
    path: ['denialReason'],
  })
  .refine((d) => isAdverse(d.decision) || !d.denialReason, {
    message: 'Leave out the denial reason: the request is approved',
    path: ['denialReason'],
  })
  .refine((d) => !isAdverse(d.decision) || d.explanation, {
    message: 'Say in plain words what was not approved and why: the notice prints it',
    path: ['explanation'],
  });
export type DecisionInput = z.infer<typeof decisionInput>;

export const updateInput = z.object({
  communicatedAt: pastInstant('the update was given'),
  mode: z.enum(CONTACT_MODES),
  communicatedTo: z.enum(UPDATE_RECIPIENTS),
  summary: words(2000).describe('What was said'),
});
export type UpdateInput = z.infer<typeof updateInput>;

export const appealInput = z.object({
  priority: z.enum(REQUEST_PRIORITIES, 'Choose standard or expedited'),
  filedAt: pastInstant('the appeal was filed'),
  filedBy: z.enum(APPEAL_FILERS),
  receivedVia: z.enum(RECEIVED_VIA),
  reason: optionalWords(4000).describe('What the enrollee says in the appeal'),
});
export type AppealInput = z.infer<typeof appealInput>;

export const appealDecisionInput = z.object({
  outcome: z.enum(APPEAL_OUTCOMES, 'Choose upheld, overturned or partly overturned'),
  explanation: words(4000).describe('In plain words for the enrollee'),
  decidedAt: pastInstant('the appeal was decided').optional(),
  noticeSentOn: isoDate.optional().describe('The day the notice was sent; the decision’s day when left out'),
});
export type AppealDecisionInput = z.infer<typeof appealDecisionInput>;

export const nextLevelInput = z.object({
  level: z.enum(NEXT_LEVELS, 'Choose the Medicare independent review entity or the Board of Hearings'),
  requestedOn: isoDate.describe('The day the enrollee asked the next level'),
});
export type NextLevelInput = z.infer<typeof nextLevelInput>;

/** A decision clock: when it runs out, the rule version that set it, and whether it was met. */
export const decisionClockView = z.object({
  rule: ruleRef,
  ruleLabel: z.string().describe('The rule version in words: "ACO request decision rule v2"'),
  dueAt: z.string().describe('The last moment the decision is on time'),
  dueOn: z.string().describe('The Massachusetts day it runs out'),
  hoursLeft: z.number().nullable().describe('Whole hours left now (negative: overdue); null once decided'),
  overdue: z.boolean(),
  explanation: z.string(),
  met: z.object({ decidedAt: z.string(), onTime: z.boolean(), hoursToDecision: z.number() }).nullable(),
});

export const updateView = z.object({
  id: z.string(),
  communicatedAt: z.string(),
  mode: z.enum(CONTACT_MODES),
  communicatedTo: z.enum(UPDATE_RECIPIENTS),
  summary: z.string(),
  recordedBy: z.string(),
  recordedByName: z.string(),
});

export const appealView = z.object({
  id: z.string(),
  priority: z.enum(REQUEST_PRIORITIES),
  filedAt: z.string(),
  filedBy: z.enum(APPEAL_FILERS),
  receivedVia: z.enum(RECEIVED_VIA),
  reason: z.string().nullable(),
  filing: z.object({
    rule: ruleRef,
    dueOn: z.string(),
    continuationUntil: z.string(),
    onTime: z.boolean(),
    benefitsContinue: z.boolean(),
    explanation: z.string(),
  }),
  clock: decisionClockView,
  decision: z
    .object({
      outcome: z.enum(APPEAL_OUTCOMES),
      explanation: z.string(),
      decidedAt: z.string(),
      decidedBy: z.string(),
      noticeSentOn: z.string(),
    })
    .nullable(),
  nextLevel: z
    .object({
      rule: ruleRef,
      dueOn: z.string(),
      explanation: z.string(),
      level: z.enum(NEXT_LEVELS).nullable(),
      requestedOn: z.string().nullable(),
      onTime: z.boolean().nullable(),
    })
    .nullable(),
  version: z.number(),
});

export const requestView = z.object({
  id: z.string(),
  enrolleeId: z.string(),
  program: z.enum(CARE_PROGRAMS),
  service: z.string(),
  details: z.string().nullable(),
  priority: z.enum(REQUEST_PRIORITIES),
  receivedAt: z.string(),
  receivedVia: z.enum(RECEIVED_VIA),
  requestedBy: z.enum(REQUESTERS),
  recordedBy: z.string(),
  recordedByName: z.string(),
  recordedForOrgName: z.string(),
  clock: decisionClockView,
  decision: z
    .object({
      decision: z.enum(REQUEST_DECISIONS),
      denialReason: z.enum(DENIAL_REASONS).nullable(),
      explanation: z.string().nullable(),
      decidedAt: z.string(),
      decidedBy: z.string(),
      decidedByName: z.string(),
      noticeSentOn: z.string(),
      notice: z
        .object({
          language: z.string().describe('The language the letter is written in (BCP 47)'),
          url: z.string(),
        })
        .nullable(),
    })
    .nullable(),
  /** The appeal window of an adverse decision not yet appealed. */
  appealWindow: z
    .object({
      rule: ruleRef,
      dueOn: z.string(),
      continuationUntil: z.string(),
      explanation: z.string(),
    })
    .nullable(),
  updates: z.array(updateView),
  appeal: appealView.nullable(),
  /** Why the caller may not decide it (a Community Partner), or null when they may. */
  decideRefusal: z.string().nullable(),
  version: z.number(),
  part2: z.boolean(),
});
export type RequestView = z.infer<typeof requestView>;

/** The decision's reply: the request, and the notice letter's language (and whether it fell back to English). */
export const decisionResult = requestView.extend({
  notice: z.object({
    language: z.string(),
    fallback: z.boolean(),
    message: z.string(),
    url: z.string(),
  }),
});

export const requestQueueQuery = listQuery(['dueAt']).extend({
  kind: z.enum(REQUEST_CLOCK_KINDS).optional().describe('Only request decisions, or only appeal decisions'),
  overdue: z.stringbool().optional().describe('Only clocks that have run out'),
});
export type RequestQueueQuery = z.infer<typeof requestQueueQuery>;

export const requestQueueRow = z.object({
  kind: z.enum(REQUEST_CLOCK_KINDS),
  requestId: z.string(),
  appealId: z.string().nullable(),
  enrolleeId: z.string(),
  familyName: z.string(),
  givenName: z.string(),
  masshealthId: z.string(),
  service: z.string(),
  priority: z.enum(REQUEST_PRIORITIES),
  startedAt: z.string().describe('When the request was received, or the appeal filed'),
  dueAt: z.string(),
  hoursLeft: z.number(),
  overdue: z.boolean(),
  rule: ruleRef,
  explanation: z.string(),
  part2: z.boolean().describe('A record tagged under 42 CFR Part 2, seen here under the enrollee’s consent'),
});
export type RequestQueueRow = z.infer<typeof requestQueueRow>;

/** A month, YYYY-MM. */
export const isoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give the month as YYYY-MM, like 2026-03')
  .refine((m) => Number(m.slice(0, 4)) >= 1900 && Number(m.slice(0, 4)) <= 2199, 'Enter a year 1900–2199');

export const requestReportQuery = z.object({ month: isoMonth });

const timing = z.object({
  decided: z.number(),
  onTime: z.number(),
  /** Share decided on time, 0–1; null when none was decided. */
  onTimeShare: z.number().nullable(),
  medianHours: z.number().nullable(),
  meanHours: z.number().nullable(),
});

export const requestReport = z.object({
  month: z.string(),
  organisation: z.string(),
  received: z.number().describe('Requests received in the month'),
  requests: z.object({
    all: timing,
    standard: timing,
    expedited: timing,
    byDecision: z.record(z.enum(REQUEST_DECISIONS), z.number()),
    denialReasons: z.array(
      z.object({ reason: z.enum(DENIAL_REASONS), label: z.string(), count: z.number() }),
    ),
  }),
  appeals: z.object({
    filed: z.number(),
    all: timing,
    byOutcome: z.record(z.enum(APPEAL_OUTCOMES), z.number()),
  }),
});
export type RequestReport = z.infer<typeof requestReport>;
