// What the welcome mailing API takes and returns (service-area expansion, seed 001).
import { z } from 'zod';
import { isoDate, listQuery, pageSchema } from '../list.js';
import { MASSACHUSETTS_COUNTIES } from '../organisations/counties.js';
import { LETTER_FORMATS } from './assignment.labels.js';
import { MAILING_STATUSES } from './mailing.labels.js';

export const mailingInput = z.object({
  counties: z
    .array(z.enum(MASSACHUSETTS_COUNTIES))
    .min(1, 'Choose at least one county')
    .max(MASSACHUSETTS_COUNTIES.length)
    .transform((counties) => [...new Set(counties)])
    .describe('The counties your service area gains: each must be a service area starting on effectiveOn'),
  effectiveOn: isoDate.describe('The day the counties join your service area'),
});
export type MailingInput = z.input<typeof mailingInput>;

export const mailingView = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  counties: z.array(z.string()),
  effectiveOn: z.string(),
  /** The first day a resident can be enrolled, as the letters say it. */
  firstEnrollmentOn: z.string(),
  status: z.enum(MAILING_STATUSES),
  message: z.string().nullable(),
  residents: z.number().int(),
  countyCounts: z.record(z.string(), z.number()),
  /** Whether the letters and the mail file were written (a mailing to nobody has none). */
  hasFiles: z.boolean(),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type MailingView = z.infer<typeof mailingView>;
export const mailingPage = pageSchema(mailingView);
export const mailingListQuery = listQuery(['createdAt']);

export const mailingResidentView = z.object({
  enrolleeId: z.uuid(),
  givenName: z.string(),
  familyName: z.string(),
  masshealthId: z.string(),
  county: z.string(),
  language: z.string(),
  format: z.enum(LETTER_FORMATS),
});
export type MailingResident = z.infer<typeof mailingResidentView>;
export const mailingResidentPage = pageSchema(mailingResidentView);
export const mailingResidentQuery = listQuery(['familyName']);

export const mailingResidentParams = z.object({ id: z.uuid(), childId: z.uuid() });
