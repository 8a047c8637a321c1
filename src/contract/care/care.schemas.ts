import { z } from 'zod';
import { addMonths } from '../iso-days.js';
import { isoDate, isoDateTime, listQuery } from '../list.js';
import { massachusettsToday } from '../massachusetts-day.js';
import { MASSACHUSETTS_COUNTIES } from '../organisations/counties.js';
import { emailSchema, nameSchema } from '../text/identifiers.js';
import { readable } from '../text/readable.js';
import {
  ACCESSIBLE_FORMATS,
  CARE_PROGRAMS,
  CARE_TEAM_ROLES,
  CONTACT_MODES,
  LTS_RESPONSES,
  SEXES,
  SPOC_ROLES,
} from './care.labels.js';
import { masshealthIdProblem, mbiProblem, normaliseMasshealthId, normaliseMbi } from './identifiers.js';
import { part2Flag } from './part2.schemas.js';

export * from './care.labels.js';

/** A MassHealth member ID as typed (spaces and dashes allowed), stored as its 12 digits. */
export const masshealthId = z
  .string()
  .max(40)
  .superRefine((raw, ctx) => {
    const why = masshealthIdProblem(raw);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  })
  .transform(normaliseMasshealthId);

/** A Medicare Beneficiary Identifier as typed (any case, spaces and dashes), stored upper case without them. */
export const mbi = z
  .string()
  .max(40)
  .superRefine((raw, ctx) => {
    const why = mbiProblem(raw);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  })
  .transform(normaliseMbi);

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .superRefine(readable)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

const postalCode = z
  .string()
  .trim()
  .regex(/^\d{5}(-?\d{4})?$/, 'Enter a ZIP code of 5 digits (or ZIP+4)')
  .nullable()
  .optional();

/** A date of birth: on the calendar and not after today (Massachusetts day), worded as the roster import words it. */
export const dateOfBirth = isoDate.superRefine((date, ctx) => {
  if (date > massachusettsToday()) ctx.addIssue({ code: 'custom', message: `${date} is in the future` });
});

/**
 * What is wrong with a phone number, if anything: digits, spaces, + - ( ) . and an extension ("ext 12",
 * "x12"), with at least 7 digits before it.
 */
export function phoneProblem(raw: string): string | null {
  const match = /^([0-9 +\-().]+?)\s*(?:(?:ext\.?|x)\s*\d{1,6})?$/i.exec(raw.trim());
  if (!match || (match[1]!.match(/\d/g)?.length ?? 0) < 7)
    return 'Enter a phone number of at least 7 digits, using only digits, spaces and + - ( ) . (an extension as "ext 12")';
  return null;
}

const phone = optional(40).superRefine((raw, ctx) => {
  const why = raw ? phoneProblem(raw) : null;
  if (why) ctx.addIssue({ code: 'custom', message: why });
});

/** Each format once, in the order given ("braille", "braille" is Braille). */
const accessibleFormats = z
  .array(z.enum(ACCESSIBLE_FORMATS))
  .max(ACCESSIBLE_FORMATS.length * 2)
  .transform((formats) => [...new Set(formats)]);

export const enrolleeInput = z.object({
  masshealthId,
  mbi: mbi.nullable().optional(),
  givenName: nameSchema(),
  familyName: nameSchema(),
  dateOfBirth,
  sex: z.enum(SEXES).default('unknown'),
  addressLine1: optional(200),
  addressLine2: optional(200),
  town: optional(100),
  postalCode,
  county: z.enum(MASSACHUSETTS_COUNTIES).nullable().optional(),
  phone,
  email: emailSchema.nullable().optional(),
  preferredLanguage: optional(60),
  accessibleFormats: accessibleFormats.default([]),
});
export type EnrolleeInput = z.infer<typeof enrolleeInput>;

export const enrolleePatch = enrolleeInput.partial().extend({
  sex: z.enum(SEXES).optional(),
  accessibleFormats: accessibleFormats.optional(),
});
export type EnrolleePatch = z.infer<typeof enrolleePatch>;

export const ENROLLEE_SORTS = [
  'familyName',
  'givenName',
  'masshealthId',
  'dateOfBirth',
  'county',
  'updatedAt',
] as const;

export const enrolleeListQuery = listQuery(ENROLLEE_SORTS).extend({
  county: z.enum(MASSACHUSETTS_COUNTIES).optional(),
  program: z.enum(CARE_PROGRAMS).optional().describe('Enrolled in this program today'),
  coordinatorId: z.uuid().optional().describe('Whose single point of contact is this person'),
});
export type EnrolleeListQuery = z.infer<typeof enrolleeListQuery>;

export const enrolleeSummary = z.object({
  id: z.string(),
  masshealthId: z.string(),
  mbi: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  town: z.string().nullable(),
  county: z.string().nullable(),
  programs: z.array(z.enum(CARE_PROGRAMS)),
  coordinatorId: z.string().nullable(),
  coordinatorName: z.string().nullable(),
});
export type EnrolleeSummary = z.infer<typeof enrolleeSummary>;

/** An enrollment takes effect at most a year ahead: further is a typing slip, and no roster runs that far. */
export const latestEffectiveOn = (today = massachusettsToday()) => addMonths(today, 12);
const effectiveOn = isoDate.superRefine((date, ctx) => {
  const latest = latestEffectiveOn();
  if (date > latest)
    ctx.addIssue({
      code: 'custom',
      message: `Choose a day within a year from today (on or before ${latest})`,
    });
});

export const enrollmentInput = z
  .object({
    program: z.enum(CARE_PROGRAMS),
    effectiveOn,
    endsOn: isoDate.nullable().optional(),
  })
  .refine((e) => !e.endsOn || e.endsOn >= e.effectiveOn, {
    message: 'Choose an end date on or after the effective date',
    path: ['endsOn'],
  });
export type EnrollmentInput = z.infer<typeof enrollmentInput>;

export const endInput = z.object({ endsOn: isoDate });

export const enrollmentView = z.object({
  id: z.string(),
  program: z.enum(CARE_PROGRAMS),
  effectiveOn: z.string(),
  endsOn: z.string().nullable(),
  version: z.number(),
});

export const teamMemberInput = z
  .object({
    personId: z.uuid(),
    role: z.enum(CARE_TEAM_ROLES),
    memberOrgId: z.uuid(),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
  })
  .refine((m) => !m.endsOn || m.endsOn >= m.startsOn, {
    message: 'Choose an end date on or after the start date',
    path: ['endsOn'],
  });
export type TeamMemberInput = z.infer<typeof teamMemberInput>;

export const spocInput = z.object({
  personId: z.uuid(),
  role: z.enum(SPOC_ROLES),
  memberOrgId: z.uuid(),
  startsOn: isoDate,
});
export type SpocInput = z.infer<typeof spocInput>;

export const ltsOfferInput = z.object({ offeredOn: isoDate });
export const ltsResponseInput = z.object({
  response: z.enum(['accepted', 'declined']),
  respondedOn: isoDate,
});

/** Where a care team membership stands on today's Massachusetts day. */
export const TEAM_MEMBER_STATUSES = ['current', 'upcoming', 'ended'] as const;
export const teamMemberStatus = (
  m: { startsOn: string; endsOn: string | null },
  today: string,
): (typeof TEAM_MEMBER_STATUSES)[number] =>
  m.startsOn > today ? 'upcoming' : m.endsOn && m.endsOn < today ? 'ended' : 'current';

export const teamMemberView = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  role: z.enum(CARE_TEAM_ROLES),
  singlePointOfContact: z.boolean(),
  memberOrgId: z.string(),
  memberOrgName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  ltsOfferedOn: z.string().nullable(),
  ltsResponse: z.enum(LTS_RESPONSES).nullable(),
  ltsRespondedOn: z.string().nullable(),
  status: z
    .enum(TEAM_MEMBER_STATUSES)
    .describe(
      'On the team today (Massachusetts day): current; starting on a later day: upcoming ("from" its start); ended',
    ),
  version: z.number(),
});

export const enrolleeView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  masshealthId: z.string(),
  mbi: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string(),
  sex: z.enum(SEXES),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  town: z.string().nullable(),
  postalCode: z.string().nullable(),
  county: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  preferredLanguage: z.string().nullable(),
  accessibleFormats: z.array(z.enum(ACCESSIBLE_FORMATS)),
  enrollments: z.array(enrollmentView),
  team: z.array(teamMemberView),
  version: z.number(),
});

/** How far ahead of the server's clock a contact's time may be: a device's clock a little fast. */
export const CONTACT_CLOCK_SKEW_MS = 5 * 60_000;

export const contactInput = z.object({
  mode: z.enum(CONTACT_MODES),
  reached: z.boolean(),
  occurredAt: isoDateTime().refine(
    (s) => Date.parse(s) <= Date.now() + CONTACT_CLOCK_SKEW_MS,
    'Enter the time the contact happened: it cannot be in the future',
  ),
  notes: optional(4000),
  part2: part2Flag,
});
export type ContactInput = z.infer<typeof contactInput>;

/** The contacts list: by time, latest first unless asked otherwise, filtered by words of the notes, paged. */
export const contactListQuery = listQuery(['occurredAt']).extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const contactView = z.object({
  id: z.string(),
  mode: z.enum(CONTACT_MODES),
  reached: z.boolean(),
  madeBy: z.string(),
  madeByName: z.string(),
  occurredAt: z.string(),
  notes: z.string().nullable(),
  part2: z.boolean().describe('A record of substance use disorder treatment (42 CFR Part 2)'),
});
