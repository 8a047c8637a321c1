import { z } from 'zod';
import { webLink } from '../links.js';
import { isoDate, isoDateTime, listQuery } from '../list.js';
import { readable } from '../text/readable.js';
import { moduleContent } from './modules.schemas.js';

export const SESSION_KINDS = ['live', 'recorded', 'self_paced'] as const;
export const COMPLETION_METHODS = ['live', 'recorded', 'self_paced', 'external', 'imported'] as const;

const text = (max: number) => z.string().trim().min(1).max(max).superRefine(readable);

export const topicInput = z.object({
  code: text(40).regex(
    /^[A-Za-z0-9._-]+$/,
    'Use only letters, digits, dots, dashes and underscores in the code',
  ),
  title: text(200),
  description: z.string().trim().max(4000).optional(),
  shared: z.boolean().default(false),
  objectives: z.array(text(500)).max(20).default([]),
  competencyIds: z.array(z.uuid()).max(20).default([]),
  /** Continuing-education hours a completion earns (printed on its certificate), and who accredits them. */
  ceHours: z.number().positive().max(999).multipleOf(0.01).nullable().optional(),
  ceAccreditor: z.string().trim().max(200).nullable().optional(),
});
export type TopicInput = z.infer<typeof topicInput>;

export const topicView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  ownerName: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  shared: z.boolean(),
  objectives: z.array(z.string()),
  competencies: z.array(z.object({ code: z.string(), text: z.string() })),
  ceHours: z.number().nullable(),
  ceAccreditor: z.string().nullable(),
  /** Whether the signed-in person has a current completion of this topic, recorded anywhere. */
  completedByMe: z.boolean(),
  version: z.number(),
});

export type TopicView = z.infer<typeof topicView>;

export const topicListQuery = listQuery(['title', 'code']).extend({
  q: z.string().trim().max(200).optional(),
  shared: z.enum(['true', 'false']).optional(),
});

export const moduleView = z.object({
  id: z.uuid(),
  curriculum: z.string().nullable(),
  position: z.number(),
  title: z.string(),
  purpose: z.array(z.string()),
  objectives: z.array(z.string()),
  topics: z.array(z.object({ id: z.uuid(), title: z.string() })),
});

export const frameworkView = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  builtIn: z.boolean(),
  competencies: z.array(z.object({ id: z.uuid(), code: z.string(), text: z.string() })),
});

/** A session's fields as offered; what may change later is a part of them (`sessionChanges`). */
const sessionFields = z.object({
  topicId: z.uuid(),
  kind: z.enum(SESSION_KINDS),
  title: text(200),
  startsAt: isoDateTime().optional(),
  endsAt: isoDateTime().optional(),
  timeZone: z.string().default('America/New_York'),
  speaker: z.string().trim().max(200).optional(),
  capacity: z.number().int().min(1).max(100_000).optional(),
  joinUrl: webLink().optional(),
  videoUrl: webLink().optional(),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  minMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  passMark: z.number().int().min(0).max(100).optional(),
  maxAttempts: z.number().int().min(1).max(100).optional(),
  content: moduleContent.optional(),
  attestationStatement: z.string().trim().max(2000).optional(),
  attestationClosesAt: isoDateTime().optional(),
  /** The performance year whose plan this event belongs to. */
  programYearId: z.uuid().optional(),
});

/** A known time zone, and an end after the start. */
function whenProblems(s: { timeZone: string; startsAt?: string; endsAt?: string }, ctx: z.RefinementCtx) {
  if (!Intl.supportedValuesOf('timeZone').includes(s.timeZone) && s.timeZone !== 'UTC') {
    ctx.addIssue({ code: 'custom', path: ['timeZone'], message: 'Choose a time zone from the list' });
  }
  if (s.startsAt && s.endsAt && Date.parse(s.endsAt) <= Date.parse(s.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Choose an end time after the start' });
  }
}

export const sessionInput = sessionFields.superRefine((s, ctx) => {
  const need = (field: keyof typeof s, why: string) => {
    if (s[field] == null) ctx.addIssue({ code: 'custom', path: [field], message: why });
  };
  whenProblems(s, ctx);
  if (s.kind === 'live') {
    need('startsAt', 'A live webinar needs a start time');
    need('endsAt', 'A live webinar needs an end time');
  }
  if (s.kind === 'self_paced') need('content', 'A self-paced module needs its pages');
  if (s.kind === 'recorded') {
    need('videoUrl', 'A recorded webinar needs the recording’s link');
    need('durationMinutes', 'A recorded webinar needs its length in minutes');
  }
});
export type SessionInput = z.infer<typeof sessionInput>;

/**
 * What may change in a session once offered: when, where, who, how many, and the live rule's minutes. Its
 * topic and kind stay (a different one is a different session); a module's pages are edited with the module.
 */
export const sessionChanges = sessionFields
  .pick({
    title: true,
    startsAt: true,
    endsAt: true,
    timeZone: true,
    speaker: true,
    capacity: true,
    joinUrl: true,
    videoUrl: true,
    durationMinutes: true,
    minMinutes: true,
  })
  .superRefine(whenProblems);
export type SessionChanges = z.infer<typeof sessionChanges>;

export const sessionCancel = z.object({ reason: text(1000) });

export const attestationReopen = z.object({ closesAt: isoDateTime() });

export const sessionView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  ownerName: z.string(),
  topicId: z.uuid(),
  topicTitle: z.string(),
  kind: z.enum(SESSION_KINDS),
  title: z.string(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  timeZone: z.string(),
  speaker: z.string().nullable(),
  capacity: z.number().nullable(),
  joinUrl: z.string().nullable(),
  videoUrl: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  minMinutes: z.number(),
  passMark: z.number().nullable(),
  maxAttempts: z.number().nullable(),
  myRegistration: z.enum(['registered', 'waitlisted', 'cancelled']).nullable(),
  counts: z.object({
    registered: z.number(),
    waitlisted: z.number(),
    attended: z.number(),
    attested: z.number(),
    completed: z.number(),
  }),
  /** Only for the organisation running the session. */
  attestationUrl: z.string().nullable(),
  /**
   * For a recorded webinar, the attestation link for the signed-in person, who finishes it there once
   * they have watched enough (the evidence is their own server-clocked viewing, decision 022). A live
   * session's link is shown at its end by the team running it, so this is null for one.
   */
  myAttestationUrl: z.string().nullable(),
  attestationClosesAt: z.string(),
  programYearId: z.uuid().nullable(),
  announcedAt: z.string().nullable(),
  /** For a recording published after a live event: that event. */
  sourceSessionId: z.uuid().nullable(),
  /** For a live event whose recording has been published: the recording. */
  recordingId: z.uuid().nullable(),
  shared: z.boolean(),
  version: z.number(),
  /** When the organisation running it called it off, and why. */
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  /** Whether its end has passed (a live webinar): no longer open to register or join. */
  ended: z.boolean(),
  /** Seats not yet taken, counted across every organisation's registrations; null when there is no limit. */
  seatsLeft: z.number().nullable(),
});
export type SessionView = z.infer<typeof sessionView>;

export const sessionListQuery = listQuery(['startsAt', 'title']).extend({
  kind: z.enum(SESSION_KINDS).optional(),
  topicId: z.uuid().optional(),
  topicIds: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.uuid('Not a topic id')).max(100))
    .optional()
    .describe('Sessions of any of these topics (comma-separated ids)'),
  upcoming: z.enum(['true', 'false']).optional(),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only sessions you are registered or waitlisted for'),
  open: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only sessions one can still take: not cancelled, and a live one with a seat left'),
});

export const registrationView = z.object({
  personId: z.uuid(),
  name: z.string(),
  email: z.string(),
  status: z.enum(['registered', 'waitlisted', 'cancelled']),
  registeredAt: z.string(),
});

export const attendanceRowView = z.object({
  id: z.uuid(),
  rowNumber: z.number(),
  name: z.string(),
  email: z.string().nullable(),
  joinedAt: z.string().nullable(),
  leftAt: z.string().nullable(),
  minutes: z.number(),
  personId: z.uuid().nullable(),
  matchedBy: z.string().nullable(),
});

export const attendanceSummary = z.object({
  rows: z.number(),
  matched: z.number(),
  unmatched: z.number(),
  people: z.number(),
  items: z.array(attendanceRowView),
});

export const attestationView = z.object({
  sessionId: z.uuid(),
  sessionTitle: z.string(),
  topicTitle: z.string(),
  kind: z.enum(SESSION_KINDS),
  statement: z.string(),
  closesAt: z.string(),
  closed: z.boolean(),
  evidence: z.object({ minutes: z.number(), minimum: z.number() }),
  ruleMet: z.boolean(),
  reason: z.string(),
  attested: z.object({ at: z.string(), status: z.enum(['accepted', 'held', 'rejected']) }).nullable(),
});

export const attestInput = z.object({ agree: z.literal(true, { error: 'Tick the statement to attest' }) });

export const completionView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  recordedAt: z.string(),
  issuer: z.string(),
  personId: z.uuid(),
  personName: z.string(),
  topicId: z.uuid(),
  topicTitle: z.string(),
  shared: z.boolean(),
  /** The topic's continuing-education hours and their accrediting body, as the certificate prints them. */
  ceHours: z.number().nullable(),
  ceAccreditor: z.string().nullable(),
  completedOn: z.string(),
  method: z.enum(COMPLETION_METHODS),
  sessionId: z.uuid().nullable(),
  evidence: z.record(z.string(), z.unknown()),
  recordedByName: z.string(),
  certificateCode: z.string(),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  corrections: z.array(
    z.object({
      at: z.string(),
      byName: z.string(),
      reason: z.string(),
      changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
    }),
  ),
  version: z.number(),
});
export type CompletionView = z.infer<typeof completionView>;

export const completionListQuery = listQuery(['completedOn', 'topicTitle']).extend({
  personId: z.uuid().optional(),
});

export const completionInput = z.object({
  personId: z.uuid(),
  topicId: z.uuid(),
  completedOn: isoDate,
  method: z.enum(['external', 'imported']).default('external'),
  evidence: z
    .object({ note: z.string().trim().max(2000).optional(), fileId: z.uuid().optional() })
    .default({}),
});

export const revokeInput = z.object({ reason: text(1000) });

export const correctionInput = z
  .object({
    completedOn: isoDate.optional(),
    topicId: z.uuid().optional(),
    note: z.string().trim().max(2000).optional(),
    reason: text(1000),
  })
  .refine((c) => c.completedOn || c.topicId || c.note !== undefined, {
    path: ['completedOn'],
    message: 'Change the date, the topic or the note',
  });
export type CorrectionInput = z.infer<typeof correctionInput>;

export const evidenceFileView = z.object({ fileId: z.uuid(), name: z.string(), size: z.number() });

export const certificateCheck = z.object({
  code: z.string(),
  status: z.enum(['valid', 'revoked']),
  name: z.string(),
  topic: z.string(),
  completedOn: z.string(),
  issuer: z.string(),
  revokedOn: z.string().nullable(),
});

export const attestationReviewView = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  name: z.string(),
  attestedAt: z.string(),
  status: z.enum(['accepted', 'held', 'rejected']),
  reason: z.string().nullable(),
  evidence: z.record(z.string(), z.unknown()),
});

export const attestationDecision = z.object({
  decision: z.enum(['accept', 'reject']),
  reason: text(1000),
});

export const attestationDecisions = attestationDecision.extend({
  attestationIds: z.array(z.uuid()).min(1).max(500),
});

export const matchCandidatesView = z.object({
  /** How many registered (so the page can say when no one did). */
  registrants: z.number().int(),
  items: z.array(
    z.object({ personId: z.uuid(), name: z.string(), email: z.string(), registered: z.boolean() }),
  ),
});
