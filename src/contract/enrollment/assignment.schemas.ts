// What the assignment API returns and takes: monthly proposals, confirmation, withdrawal and the CP's outreach.
import { z } from 'zod';
import { isoDate, listQuery, pageSchema } from '../list.js';
import {
  ASSIGNMENT_STATUSES,
  CP_TYPES,
  LETTER_FORMATS,
  OUTREACH_MODES,
  STAGES,
} from './assignment.labels.js';

/** A month as `YYYY-MM`. */
export const isoMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Give the month as YYYY-MM, for example 2027-01');

export const proposeInput = z.object({
  month: isoMonth.describe('The month the assignments are for'),
});

export const unplacedView = z.object({
  identificationId: z.uuid(),
  memberName: z.string(),
  masshealthId: z.string(),
  why: z.string(),
});

export const proposeResult = z.object({
  month: z.string(),
  proposed: z.number().int(),
  unplaced: z.array(unplacedView),
  alreadyProposed: z
    .number()
    .int()
    .describe('Members identified whose assignment is proposed or confirmed already: not proposed again'),
  alreadyEnrolled: z
    .number()
    .int()
    .describe('Members identified who are enrolled with a Community Partner today: they need no assignment'),
});

export const confirmInput = z.object({
  ids: z.array(z.uuid()).min(1).max(500).describe('The proposed assignments to confirm, all or none'),
});
export const confirmResult = z.object({ confirmed: z.number().int() });

export const withdrawInput = z.object({
  reason: z.string().trim().min(1, 'Say why the assignment is withdrawn').max(500),
});

export const outreachInput = z.object({
  attemptedOn: isoDate.describe('The day of the attempt'),
  mode: z.enum(OUTREACH_MODES),
  reached: z.boolean(),
  note: z.string().trim().max(1_000).nullable().default(null),
});

export const outreachView = z.object({
  id: z.uuid(),
  attemptedOn: z.string(),
  mode: z.enum(OUTREACH_MODES),
  reached: z.boolean(),
  note: z.string().nullable(),
  recordedByName: z.string(),
  createdAt: z.string(),
});

export const assignmentView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  identificationId: z.uuid(),
  enrolleeId: z.uuid(),
  memberName: z.string(),
  masshealthId: z.string(),
  county: z.string().nullable(),
  phone: z.string().nullable(),
  cpOrgId: z.uuid(),
  cpName: z.string(),
  cpType: z.enum(CP_TYPES),
  month: z.string(),
  status: z.enum(ASSIGNMENT_STATUSES),
  stage: z.enum(STAGES),
  why: z.string().nullable(),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  endReason: z.string().nullable(),
  letterLanguage: z.string().nullable(),
  letterFormat: z.enum(LETTER_FORMATS),
  outreachAttempts: z.number().int(),
  lastOutreachOn: z.string().nullable(),
  version: z.number().int(),
});
export type AssignmentView = z.infer<typeof assignmentView>;
export const assignmentPage = pageSchema(assignmentView);
export const assignmentDetail = assignmentView.extend({ outreach: z.array(outreachView) });

export const assignmentListQuery = listQuery(['month']).extend({
  month: isoMonth.optional(),
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
});
export const monthQuery = z.object({ month: isoMonth });
