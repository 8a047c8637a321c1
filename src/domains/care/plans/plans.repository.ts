// Care plans, their signatures and single-use signing links.
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, max, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../../platform/db/client.js';
import { peopleView, personRolesView } from '../../people/index.js';
import { careTeamMembers } from '../care.tables.js';
import { carePlanLinks, carePlanSignatures, carePlans } from './plans.tables.js';

export type PlanRow = typeof carePlans.$inferSelect;
export type SignatureRow = typeof carePlanSignatures.$inferSelect;
export type LinkRow = typeof carePlanLinks.$inferSelect;

export async function findPlan(db: Db, id: string) {
  const [row] = await db.select().from(carePlans).where(eq(carePlans.id, id));
  return row;
}

/** The plan, locked for the change the caller is about to make (row-level security decides if it is seen). */
export async function lockPlan(db: Db, id: string) {
  const [row] = await db.select().from(carePlans).where(eq(carePlans.id, id)).for('update');
  return row;
}

export function plansOf(db: Db, orgId: string, enrolleeId: string) {
  return db
    .select()
    .from(carePlans)
    .where(and(eq(carePlans.orgId, orgId), eq(carePlans.enrolleeId, enrolleeId)))
    .orderBy(desc(carePlans.number));
}

export async function nextNumber(db: Db, orgId: string, enrolleeId: string) {
  const [row] = await db
    .select({ n: max(carePlans.number) })
    .from(carePlans)
    .where(and(eq(carePlans.orgId, orgId), eq(carePlans.enrolleeId, enrolleeId)));
  return (row?.n ?? 0) + 1;
}

export async function insertPlan(db: Db, values: Omit<typeof carePlans.$inferInsert, 'id'>) {
  const [row] = await db.insert(carePlans).values(values).returning();
  return row!;
}

/** Changes a plan at `version`; undefined when it moved on (or is not seen). */
export async function updatePlan(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  values: Partial<
    Pick<PlanRow, 'content' | 'status' | 'sentOn' | 'clinicalReview' | 'lockedAt' | 'pdfFileId' | 'pdfSha256'>
  >,
) {
  const [row] = await db
    .update(carePlans)
    .set({ ...values, version: sql`${carePlans.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(carePlans.orgId, orgId), eq(carePlans.id, id), eq(carePlans.version, version)))
    .returning();
  return row;
}

export async function deletePlan(db: Db, orgId: string, id: string) {
  await db.delete(carePlans).where(and(eq(carePlans.orgId, orgId), eq(carePlans.id, id)));
}

export function signaturesOf(db: Db, orgId: string, planIds: readonly string[]) {
  if (!planIds.length) return Promise.resolve([] as SignatureRow[]);
  return db
    .select()
    .from(carePlanSignatures)
    .where(and(eq(carePlanSignatures.orgId, orgId), inArray(carePlanSignatures.planId, [...planIds])))
    .orderBy(asc(carePlanSignatures.recordedAt));
}

export async function insertSignature(db: Db, values: Omit<typeof carePlanSignatures.$inferInsert, 'id'>) {
  const [row] = await db.insert(carePlanSignatures).values(values).returning();
  return row!;
}

export async function insertLink(db: Db, values: Omit<typeof carePlanLinks.$inferInsert, 'id'>) {
  const [row] = await db.insert(carePlanLinks).values(values).returning();
  return row!;
}

export function linksOf(db: Db, orgId: string, planId: string) {
  return db
    .select()
    .from(carePlanLinks)
    .where(and(eq(carePlanLinks.orgId, orgId), eq(carePlanLinks.planId, planId)))
    .orderBy(desc(carePlanLinks.createdAt));
}

/** The link a token opens, whatever its state (the table owner's read: the opener has no session). */
export async function linkByToken(db: Db, tokenSha256: string) {
  const [row] = await db.select().from(carePlanLinks).where(eq(carePlanLinks.tokenSha256, tokenSha256));
  return row;
}

/** Spends a link: only once, before it expires, and unless revoked. Undefined otherwise. */
export async function useLink(db: Db, id: string) {
  const [row] = await db
    .update(carePlanLinks)
    .set({ usedAt: sql`now()` })
    .where(
      and(eq(carePlanLinks.id, id), isNull(carePlanLinks.usedAt), gt(carePlanLinks.expiresAt, sql`now()`)),
    )
    .returning();
  return row;
}

/** The organisation's plans out for signatures, with their signatures (the reminder job's read, as the owner). */
export async function plansInSignOff(db: Db, orgId: string) {
  const plans = await db
    .select()
    .from(carePlans)
    .where(and(eq(carePlans.orgId, orgId), eq(carePlans.status, 'in_sign_off')));
  const signatures = await signaturesOf(
    db,
    orgId,
    plans.map((p) => p.id),
  );
  return plans.map((p) => ({ plan: p, signatures: signatures.filter((s) => s.planId === p.id) }));
}

const recipient = z.object({ personId: z.string(), name: z.string(), email: z.string(), admin: z.boolean() });

/**
 * Whom a plan's reminder goes to: the person who wrote it; with `admins`, also the administrators on `today` of
 * the organisations given (the plan's holder, and the writer's own when another), to whom it escalates.
 */
export function reminderRecipients(
  db: Db,
  writerId: string,
  orgIds: readonly string[],
  admins: boolean,
  today: string,
) {
  return checkedRows(
    db,
    recipient,
    sql`select p.id as "personId", p.given_name || ' ' || p.family_name as name, p.email, false as admin
        from ${peopleView} p where p.id = ${writerId}
      ${
        admins
          ? sql`union select distinct p.id, p.given_name || ' ' || p.family_name, p.email, true
        from ${personRolesView} r join ${peopleView} p on p.id = r.person_id
        where r.org_id = any(${`{${orgIds.join(',')}}`}::uuid[]) and r.role = 'org_admin'
          and r.starts_on <= ${today}::date and (r.ends_on is null or r.ends_on >= ${today}::date)`
          : sql``
      }`,
  );
}

/** Revokes the plan's links not yet used (the plan came back to draft, or was signed without them). */
export async function revokeLinks(db: Db, orgId: string, planId: string) {
  await db
    .update(carePlanLinks)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(carePlanLinks.orgId, orgId),
        eq(carePlanLinks.planId, planId),
        isNull(carePlanLinks.usedAt),
        isNull(carePlanLinks.revokedAt),
      ),
    );
}

/** Removes a discarded draft's links (none of them was used: a used link signed the plan). */
export async function deleteLinks(db: Db, orgId: string, planId: string) {
  await db.delete(carePlanLinks).where(and(eq(carePlanLinks.orgId, orgId), eq(carePlanLinks.planId, planId)));
}

/** Whether the person is on the enrollee's care team today, for this organisation, in any part. */
export async function onTeam(
  db: Db,
  orgId: string,
  enrolleeId: string,
  personId: string,
  memberOrgId: string,
  day: string,
) {
  const [row] = await db
    .select({ id: careTeamMembers.id })
    .from(careTeamMembers)
    .where(
      and(
        eq(careTeamMembers.orgId, orgId),
        eq(careTeamMembers.enrolleeId, enrolleeId),
        eq(careTeamMembers.personId, personId),
        eq(careTeamMembers.memberOrgId, memberOrgId),
        lte(careTeamMembers.startsOn, day),
        or(isNull(careTeamMembers.endsOn), gte(careTeamMembers.endsOn, day)),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** Which of these plans are tagged under 42 CFR Part 2 (read without row-level security: ids in, ids out). */
export async function taggedPlanIds(db: Db, ids: readonly string[]) {
  const wanted = ids.filter((id) => id !== '');
  if (!wanted.length) return new Set<string>();
  const rows = await db
    .select({ id: carePlans.id })
    .from(carePlans)
    .where(and(inArray(carePlans.id, wanted), sql`${carePlans.part2OrgId} is not null`));
  return new Set(rows.map((r) => r.id));
}
