import { z } from 'zod';
import { isoDate, listQuery } from '../list.js';
import { MASSACHUSETTS_COUNTIES } from './counties.js';
import { ORGANISATION_KINDS, RELATIONSHIP_KINDS } from './organisations.labels.js';

export {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
  RELATIONSHIP_KINDS,
  RELATIONSHIP_LABELS,
} from './organisations.labels.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

export const organisationInput = z.object({
  kind: z.enum(ORGANISATION_KINDS),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,29}$/, 'Use 2 to 30 letters, digits or dashes')
    .transform((s) => s.toUpperCase()),
  name: z.string().trim().min(2, 'Give the full name').max(200),
  addressLine1: optionalText(200),
  addressLine2: optionalText(200),
  city: optionalText(100),
  state: z.string().trim().length(2).default('MA'),
  postalCode: z
    .string()
    .trim()
    .regex(/^\d{5}(-\d{4})?$/, 'Use a ZIP code such as 02108 or 02108-1234')
    .nullable()
    .optional(),
  phone: optionalText(40),
});

export const organisationPatch = organisationInput.omit({ kind: true }).partial().extend({
  /** Everyone holding a role here must sign in with a second factor (decision 067). */
  requireMfa: z.boolean().optional(),
});

export const organisationView = z.object({
  id: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  code: z.string(),
  name: z.string(),
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string(),
  postalCode: z.string().nullable(),
  phone: z.string().nullable(),
  requireMfa: z.boolean(),
  version: z.number(),
});

export const organisationListQuery = listQuery(['name', 'code', 'kind']).extend({
  kind: z.enum(ORGANISATION_KINDS).optional(),
});

const dated = {
  startsOn: isoDate,
  endsOn: isoDate.nullable().optional(),
};

export const relationshipInput = z.object({
  kind: z.enum(RELATIONSHIP_KINDS),
  otherOrgId: z.uuid(),
  ...dated,
});
export const relationshipPatch = z.object({ endsOn: isoDate.nullable() });

export const relationshipView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  kind: z.enum(RELATIONSHIP_KINDS),
  otherOrgId: z.string(),
  otherOrgName: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  version: z.number(),
});

export const serviceAreaInput = z.object({ county: z.enum(MASSACHUSETTS_COUNTIES), ...dated });
export const serviceAreaView = z.object({
  id: z.string(),
  orgId: z.string(),
  county: z.string(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  version: z.number(),
});

export type OrganisationInput = z.infer<typeof organisationInput>;
export type OrganisationPatch = z.infer<typeof organisationPatch>;
export type OrganisationListQuery = z.infer<typeof organisationListQuery>;
export type RelationshipInput = z.infer<typeof relationshipInput>;
export type ServiceAreaInput = z.infer<typeof serviceAreaInput>;
