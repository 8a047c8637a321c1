import { ROLE_KINDS } from '@contract/roles.js';
import { sql } from 'drizzle-orm';
import {
  date,
  index,
  integer,
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
import { organisations } from '../organisations/organisations.tables.js';

export const roleKind = pgEnum('role_kind', ROLE_KINDS);

export const qualificationKind = pgEnum('qualification_kind', ['licence', 'certification']);

/**
 * One identity across organisations: the fields every organisation that works with the person shares
 * (decision 003). `home_org_id` is the organisation that stewards them; any organisation where the person
 * holds a role can see them. What an organisation records about the person is in `person_org_details`.
 */
export const people = pgTable(
  'people',
  {
    id: id(),
    homeOrgId: uuid('home_org_id')
      .notNull()
      .references(() => organisations.id),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    email: text('email').notNull(),
    npi: text('npi'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('people_email_key').on(t.email),
    uniqueIndex('people_npi_key').on(t.npi),
    pgPolicy('tenant_isolation', {
      for: 'all',
      to: 'public',
      using: sql`${t.homeOrgId} = ANY ${scopedOrgIds} OR EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = ${t.id} AND r.org_id = ANY ${scopedOrgIds})`,
      withCheck: sql`true`,
    }),
  ],
);

/**
 * What one organisation records about a person besides roles and qualifications: its own phone number,
 * title and supervisor for them. Another organisation linked to the same identity keeps its own row (decision 012).
 */
export const personOrgDetails = pgTable(
  'person_org_details',
  {
    orgId: orgId().references(() => organisations.id),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    phone: text('phone'),
    title: text('title'),
    /** Whom the person reports to here: escalations about their overdue training go to this person first. */
    supervisorId: uuid('supervisor_id').references(() => people.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.personId] }), tenantPolicy(t.orgId)],
);

/** A role a person holds at an organisation, with dates. */
export const personRoles = pgTable(
  'person_roles',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    role: roleKind('role').notNull(),
    team: text('team'),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // Person first: it also serves "this person's roles" (and the people policy's look into them).
    uniqueIndex('person_roles_unique_key').on(t.personId, t.orgId, t.role, t.startsOn),
    tenantPolicy(t.orgId),
  ],
);

/** A licence or certification, recorded and verified by an organisation. */
export const qualifications = pgTable(
  'qualifications',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id),
    kind: qualificationKind('kind').notNull(),
    name: text('name').notNull(),
    issuer: text('issuer').notNull(),
    number: text('number'),
    issuedOn: date('issued_on'),
    expiresOn: date('expires_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('qualifications_person_idx').on(t.personId),
    index('qualifications_expiry_idx').on(t.orgId, t.expiresOn),
    tenantPolicy(t.orgId),
  ],
);

/**
 * Rows of a people import, loaded in bulk and checked in SQL before anything is applied. An optional column
 * the file does not have is staged as NULL (the value recorded is kept); an empty cell in a column it has is
 * staged as '' (the value is cleared).
 */
export const peopleImportRows = pgTable(
  'people_import_rows',
  {
    orgId: orgId(),
    jobId: uuid('job_id').notNull(),
    rowNumber: integer('row_number').notNull(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    email: text('email').notNull(),
    npi: text('npi'),
    phone: text('phone'),
    title: text('title'),
    role: text('role').notNull(),
    team: text('team'),
    startsOn: date('starts_on').notNull(),
    endsOn: text('ends_on'),
    supervisorEmail: text('supervisor_email'),
  },
  (t) => [index('people_import_rows_job_idx').on(t.orgId, t.jobId, t.rowNumber), tenantPolicy(t.orgId)],
);
