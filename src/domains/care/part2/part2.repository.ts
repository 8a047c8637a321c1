// 42 CFR Part 2: consents, counseling notes, and whether an enrollee has records hidden from the caller. Every
// read here runs in the caller's scope: row-level security decides what is seen (decision 060).
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Db } from '../../../platform/db/client.js';
import { careCounselingNotes, carePart2Consents } from './part2.tables.js';

export type ConsentRow = typeof carePart2Consents.$inferSelect;
export type CounselingNoteRow = typeof careCounselingNotes.$inferSelect;

export async function insertConsent(db: Db, values: typeof carePart2Consents.$inferInsert) {
  const [row] = await db.insert(carePart2Consents).values(values).returning();
  return row!;
}

/** The enrollee's consents the caller sees (as their program or a recipient), latest first. */
export function consentsOf(db: Db, enrolleeId: string) {
  return db
    .select()
    .from(carePart2Consents)
    .where(eq(carePart2Consents.enrolleeId, enrolleeId))
    .orderBy(desc(carePart2Consents.createdAt), asc(carePart2Consents.id));
}

export async function findConsent(db: Db, id: string) {
  const [row] = await db.select().from(carePart2Consents).where(eq(carePart2Consents.id, id));
  return row;
}

/** Revokes a consent not yet revoked; undefined when it was already (or its version has moved on). */
export async function revokeConsent(
  db: Db,
  consent: { orgId: string; id: string; version: number },
  values: Pick<ConsentRow, 'revocationReceivedOn' | 'revocationChannel' | 'revocationNote' | 'revokedBy'>,
) {
  const [row] = await db
    .update(carePart2Consents)
    .set({
      ...values,
      revokedAt: sql`now()`,
      version: sql`${carePart2Consents.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(carePart2Consents.orgId, consent.orgId),
        eq(carePart2Consents.id, consent.id),
        eq(carePart2Consents.version, consent.version),
        isNull(carePart2Consents.revokedAt),
      ),
    )
    .returning();
  return row;
}

export async function insertCounselingNote(db: Db, values: typeof careCounselingNotes.$inferInsert) {
  const [row] = await db.insert(careCounselingNotes).values(values).returning();
  return row!;
}

/** The enrollee's counseling notes the caller sees, latest first. */
export function counselingNotesOf(db: Db, enrolleeId: string) {
  return db
    .select()
    .from(careCounselingNotes)
    .where(eq(careCounselingNotes.enrolleeId, enrolleeId))
    .orderBy(desc(careCounselingNotes.createdAt), asc(careCounselingNotes.id));
}

/** Whether the enrollee has tagged records the caller's organisation is not covered for (`care_part2_hidden`). */
export async function somethingHidden(db: Db, enrolleeId: string) {
  const row = await checkedRow(db, hiddenRow, sql`select care_part2_hidden(${enrolleeId}::uuid) as hidden`);
  return row?.hidden === true;
}
const hiddenRow = z.object({ hidden: z.boolean() });

/**
 * Whether the caller sees records of the enrollee that another organisation's Part 2 program made (under a consent):
 * read in the caller's scope, so row-level security has already left out what no consent covers.
 */
export async function somethingDisclosed(db: Db, enrolleeId: string, orgId: string) {
  const tagged = (table: string) =>
    sql`select 1 from ${sql.raw(table)} where enrollee_id = ${enrolleeId}::uuid
      and part2_org_id is not null and part2_org_id <> ${orgId}::uuid`;
  const row = await checkedRow(
    db,
    disclosedRow,
    sql`select exists (${tagged('care_contacts')} union all ${tagged('care_assessments')}
      union all ${tagged('care_plans')} union all ${tagged('care_service_requests')}) as disclosed`,
  );
  return row?.disclosed === true;
}
const disclosedRow = z.object({ disclosed: z.boolean() });
