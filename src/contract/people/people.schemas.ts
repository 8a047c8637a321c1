import { z } from 'zod';
import { isoDate, listQuery, queryFlag } from '../list.js';
import { ROLE_KINDS } from '../roles.js';
import { emailSchema, nameSchema, normaliseNpi } from '../text/identifiers.js';
import { readable } from '../text/readable.js';
import { npiProblem } from './npi.js';
import { QUALIFICATION_KINDS } from './people.labels.js';

export { ROLE_KINDS, ROLE_LABELS, type RoleKind } from '../roles.js';
export { QUALIFICATION_KIND_LABELS, QUALIFICATION_KINDS } from './people.labels.js';

export const email = emailSchema;

/** An NPI: full-width digits read as plain ones; invisible characters and a wrong check digit refused. */
export const npi = z
  .string()
  .max(40)
  .superRefine((raw, ctx) => {
    const { value, problem } = normaliseNpi(raw);
    const why = problem ?? npiProblem(value);
    if (why) ctx.addIssue({ code: 'custom', message: why });
  })
  .transform((raw) => normaliseNpi(raw).value);

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .superRefine(readable)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const roleInput = z
  .object({
    role: z.enum(ROLE_KINDS),
    team: optional(100),
    startsOn: isoDate,
    endsOn: isoDate.nullable().optional(),
  })
  .refine((r) => !r.endsOn || r.endsOn >= r.startsOn, {
    message: 'Choose an end date on or after the start date',
    path: ['endsOn'],
  });

export const personInput = z.object({
  givenName: nameSchema(),
  familyName: nameSchema(),
  email,
  npi: npi.nullable().optional(),
  phone: optional(40),
  title: optional(100),
  roles: z.array(roleInput).min(1, 'Give the person at least one role here').max(20),
});

export const personPatch = personInput
  .omit({ roles: true })
  .partial()
  .extend({
    supervisorEmail: email
      .nullable()
      .optional()
      .describe('Whom the person reports to here (someone with a role here); null: no one'),
  });

export const roleView = z.object({
  id: z.string(),
  orgId: z.string(),
  role: z.enum(ROLE_KINDS),
  team: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  version: z.number(),
});

export const qualificationInput = z
  .object({
    kind: z.enum(QUALIFICATION_KINDS),
    name: z.string().trim().min(1).max(100),
    issuer: z.string().trim().min(1).max(200),
    number: optional(100),
    issuedOn: isoDate.nullable().optional(),
    expiresOn: isoDate.nullable().optional(),
  })
  .refine((q) => !q.expiresOn || !q.issuedOn || q.expiresOn >= q.issuedOn, {
    message: 'Expires before it was issued',
    path: ['expiresOn'],
  });

export const qualificationView = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(QUALIFICATION_KINDS),
  name: z.string(),
  issuer: z.string(),
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  version: z.number(),
});

export const personSummary = z.object({
  id: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  email: z.string(),
  npi: z.string().nullable(),
  title: z.string().nullable(),
  roles: z.array(z.string()),
  teams: z.array(z.string()),
});

/**
 * A person as an organisation sees them: the shared identity, and what this organisation records — its
 * phone and title for them, its roles and qualifications. `version` is the record as seen here (identity
 * and details together), for If-Match.
 */
export const personView = personSummary.omit({ roles: true, teams: true }).extend({
  phone: z.string().nullable(),
  supervisor: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  version: z.number(),
  roles: z.array(roleView),
  qualifications: z.array(qualificationView),
});

export const peopleListQuery = listQuery(['familyName', 'givenName', 'email']).extend({
  role: z.enum(ROLE_KINDS).optional(),
  team: z.string().trim().max(100).optional(),
  includeEnded: queryFlag().describe('Include people whose roles here have all ended'),
});

export const qualificationListQuery = listQuery(['expiresOn', 'name', 'familyName']).extend({
  expiringWithinDays: z.coerce.number().int().min(0).max(3650).optional(),
  includeExpired: queryFlag(),
});

export const qualificationListItem = qualificationView.extend({
  givenName: z.string(),
  familyName: z.string(),
  daysToExpiry: z.number().nullable(),
});

export type PersonInput = z.infer<typeof personInput>;
export type PersonPatch = z.infer<typeof personPatch>;
export type RoleInput = z.infer<typeof roleInput>;
export type QualificationInput = z.infer<typeof qualificationInput>;
export type PeopleListQuery = z.infer<typeof peopleListQuery>;
export type QualificationListQuery = z.infer<typeof qualificationListQuery>;
export type RoleView = z.infer<typeof roleView>;
export type QualificationView = z.infer<typeof qualificationView>;
export type PersonSummary = z.infer<typeof personSummary>;
export type PersonView = z.infer<typeof personView>;
export type QualificationListItem = z.infer<typeof qualificationListItem>;
