import { ORGANISATION_KINDS, RELATIONSHIP_KINDS } from '@contract/organisations/organisations.labels.js';
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  pgEnum,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  createdAt,
  id,
  orgId,
  scopedOrgIds,
  tenantPolicy,
  updatedAt,
  version,
} from '../../platform/db/columns.js';

export const organisationKind = pgEnum('organisation_kind', ORGANISATION_KINDS);

export const relationshipKind = pgEnum('relationship_kind', RELATIONSHIP_KINDS);

/** The tenant registry. Each organisation is a tenant; the directory itself is readable by every member. */
export const organisations = pgTable(
  'organisations',
  {
    id: id(),
    kind: organisationKind('kind').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /** Everyone holding a role here must sign in with a second factor (decision 067). */
    requireMfa: boolean('require_mfa').notNull().default(false),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    state: text('state').notNull().default('MA'),
    postalCode: text('postal_code'),
    phone: text('phone'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('organisations_code_key').on(sql`lower(${t.code})`),
    index('organisations_name_idx').on(t.name),
  ],
);

/**
 * A dated relationship between two organisations, owned by the first party (`org_id`): the plan of a
 * network contract, the ACO/MCO of a CP partnership, the organisation trained under a training agreement
 * (the vendor is the other party). Both parties can see it.
 */
export const orgRelationships = pgTable(
  'org_relationships',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    kind: relationshipKind('kind').notNull(),
    otherOrgId: uuid('other_org_id')
      .notNull()
      .references(() => organisations.id),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('org_relationships_other_idx').on(t.otherOrgId),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.orgId} = ANY ${scopedOrgIds} OR ${t.otherOrgId} = ANY ${scopedOrgIds}`,
      withCheck: sql`${t.orgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/** The Massachusetts counties an organisation serves, with dates. */
export const serviceAreas = pgTable(
  'service_areas',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    county: text('county').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), tenantPolicy(t.orgId)],
);
