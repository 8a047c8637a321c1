import { PART2_SCOPES, REVOCATION_CHANNELS } from '@contract/care/part2.schemas.js';
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, scopedOrgIds, updatedAt, version } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';
import { people } from '../../people/people.tables.js';
import { enrolleeKey } from '../care.tables.js';

const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * An enrollee's written consent to a Part 2 program (`program_org_id`) disclosing their substance use disorder
 * records to the organisations named (decision 060): for treatment, payment and operations, or for SUD counseling
 * notes alone. In force from `starts_on` to `ends_on` (open: until revoked), and never again once revoked in
 * writing. Held under the enrollee's record (`org_id`), and seen only by the program and the recipients: the
 * consent itself says the enrollee is in treatment.
 */
export const carePart2Consents = pgTable(
  'care_part2_consents',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    scope: text('scope', { enum: PART2_SCOPES }).notNull(),
    programOrgId: uuid('program_org_id')
      .notNull()
      .references(() => organisations.id),
    recipientOrgIds: uuid('recipient_org_ids').array().notNull(),
    signedOn: date('signed_on').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    note: text('note'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => people.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocationReceivedOn: date('revocation_received_on'),
    revocationChannel: text('revocation_channel', { enum: REVOCATION_CHANNELS }),
    revocationNote: text('revocation_note'),
    revokedBy: uuid('revoked_by').references(() => people.id),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_part2_consents_enrollee_fk'),
    // What `care_part2_covers` reads: an enrollee's consents given to one program, of one scope.
    index('care_part2_consents_program_idx').on(t.enrolleeId, t.programOrgId, t.scope),
    check('care_part2_consents_scope', sql`${t.scope} IN (${oneOf(PART2_SCOPES)})`),
    check('care_part2_consents_recipients', sql`cardinality(${t.recipientOrgIds}) BETWEEN 1 AND 20`),
    check('care_part2_consents_dates', sql`${t.endsOn} IS NULL OR ${t.endsOn} >= ${t.startsOn}`),
    check(
      'care_part2_consents_revocation',
      sql`(${t.revokedAt} IS NULL) = (${t.revocationReceivedOn} IS NULL)
        AND (${t.revokedAt} IS NULL) = (${t.revocationChannel} IS NULL)
        AND (${t.revokedAt} IS NULL) = (${t.revokedBy} IS NULL)`,
    ),
    check(
      'care_part2_consents_channel',
      sql`${t.revocationChannel} IS NULL OR ${t.revocationChannel} IN (${oneOf(REVOCATION_CHANNELS)})`,
    ),
    // Read by the program and the recipients; written (and revoked) by the program only; never removed.
    pgPolicy('part2_consent_read', {
      for: 'select',
      to: 'public',
      using: sql`${t.programOrgId} = ANY ${scopedOrgIds} OR ${t.recipientOrgIds} && ${scopedOrgIds}`,
    }),
    pgPolicy('part2_consent_write', {
      for: 'insert',
      to: 'public',
      withCheck: sql`${t.programOrgId} = ANY ${scopedOrgIds}`,
    }),
    pgPolicy('part2_consent_revoke', {
      for: 'update',
      to: 'public',
      using: sql`${t.programOrgId} = ANY ${scopedOrgIds}`,
      withCheck: sql`${t.programOrgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);

/**
 * A SUD counseling note (42 CFR 2.11): kept apart from the rest of the record, seen by its program and, elsewhere,
 * only under a consent for counseling notes alone. Never changed.
 */
export const careCounselingNotes = pgTable(
  'care_counseling_notes',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    part2OrgId: uuid('part2_org_id')
      .notNull()
      .references(() => organisations.id),
    body: text('body').notNull(),
    writtenBy: uuid('written_by')
      .notNull()
      .references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    enrolleeKey(t, 'care_counseling_notes_enrollee_fk'),
    index('care_counseling_notes_enrollee_idx').on(t.enrolleeId, t.createdAt),
    // Read under the program or a counseling-notes consent; written by the program; never changed or removed.
    pgPolicy('counseling_note_read', {
      for: 'select',
      to: 'public',
      using: sql`care_part2_sees(${t.enrolleeId}, ${t.part2OrgId}, 'counseling_notes')`,
    }),
    pgPolicy('counseling_note_write', {
      for: 'insert',
      to: 'public',
      withCheck: sql`${t.part2OrgId} = ANY ${scopedOrgIds}`,
    }),
  ],
);
