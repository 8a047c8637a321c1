import { programsExclusiveWith } from '@contract/care/care.labels.js';
import type {
  EnrolleeInput,
  EnrolleeListQuery,
  EnrolleePatch,
  EnrollmentInput,
} from '@contract/care/care.schemas.js';
import { nameWords, normaliseMasshealthId, normaliseMbi } from '@contract/care/identifiers.js';
import {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  getTableColumns,
  gte,
  inArray,
  isNull,
  lt,
  lte,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { holds, inForceOn } from '../../platform/db/columns.js';
import {
  careAssessments,
  careContacts,
  careEnrollees,
  careEnrollments,
  careTeamMembers,
} from './care.tables.js';

export type Enrollee = typeof careEnrollees.$inferSelect;
export type Enrollment = typeof careEnrollments.$inferSelect;
type Page = { offset: number; limit: number };

// The care team's statements, read through this module like the rest.
export * from './care-team.repository.js';

/** A dated row is current on a day when it has started and not ended. */
const currentOn = (
  starts: SQL | typeof careTeamMembers.startsOn,
  ends: typeof careTeamMembers.endsOn,
  day: string,
) => and(lte(starts as typeof careTeamMembers.startsOn, day), or(isNull(ends), gte(ends, day)));

/** The organisation is on the enrollee's care team on the day. */
const onTeam = (orgId: string, day: string) =>
  and(
    eq(careTeamMembers.enrolleeId, careEnrollees.id),
    eq(careTeamMembers.memberOrgId, orgId),
    currentOn(careTeamMembers.startsOn, careTeamMembers.endsOn, day),
  );

/**
 * Enrollees the organisation may see: those it holds, and those whose care team it is on today. Row-level
 * security says the same (decision 050); this is the repository's own filter.
 */
export function visibleTo(db: Db, orgId: string, day: string): SQL {
  return or(
    eq(careEnrollees.orgId, orgId),
    exists(db.select({ one: sql`1` }).from(careTeamMembers).where(onTeam(orgId, day))),
  )!;
}

/**
 * The enrollee's single point of contact in force on the day: started and not ended. Not merely the open
 * one, which may start later (a change dated ahead), as the work queue reads it.
 */
const spocOn = (day: string) =>
  and(
    eq(careTeamMembers.enrolleeId, careEnrollees.id),
    eq(careTeamMembers.singlePointOfContact, true),
    currentOn(careTeamMembers.startsOn, careTeamMembers.endsOn, day),
  );

/** When an enrollee's own record last changed, as a FHIR search's `_lastUpdated` asks: from (inclusive) until. */
export interface UpdatedSpan {
  from?: Date;
  until?: Date;
}

function enrolleesWhere(
  db: Db,
  orgId: string,
  query: EnrolleeListQuery,
  day: string,
  updated?: UpdatedSpan,
): SQL | undefined {
  const digits = query.q ? normaliseMasshealthId(query.q) : '';
  // Every word of the text in the given or family name, in either order, with or without a comma
  // ("Maria Santos", "Santos, Maria", "san mar").
  const words = nameWords(query.q ?? '');
  return and(
    visibleTo(db, orgId, day),
    updated?.from ? gte(careEnrollees.updatedAt, updated.from) : undefined,
    updated?.until ? lt(careEnrollees.updatedAt, updated.until) : undefined,
    query.q
      ? or(
          words.length
            ? and(
                ...words.map((w) =>
                  or(holds(careEnrollees.familyName, w), holds(careEnrollees.givenName, w)),
                ),
              )
            : undefined,
          /^\d{12}$/.test(digits) ? eq(careEnrollees.masshealthId, digits) : undefined,
          eq(careEnrollees.mbi, normaliseMbi(query.q!)),
        )
      : undefined,
    query.county ? eq(careEnrollees.county, query.county) : undefined,
    query.program
      ? exists(
          db
            .select({ one: sql`1` })
            .from(careEnrollments)
            .where(
              and(
                eq(careEnrollments.orgId, careEnrollees.orgId),
                eq(careEnrollments.enrolleeId, careEnrollees.id),
                eq(careEnrollments.program, query.program),
                inForceOn(careEnrollments.effectiveOn, careEnrollments.endsOn, day),
              ),
            ),
        )
      : undefined,
    query.coordinatorId
      ? exists(
          db
            .select({ one: sql`1` })
            .from(careTeamMembers)
            .where(and(spocOn(day), eq(careTeamMembers.personId, query.coordinatorId))),
        )
      : undefined,
  );
}

/** A page of the enrollees the organisation may see, with their programs today and single point of contact. */
export async function listEnrollees(
  db: Db,
  orgId: string,
  query: EnrolleeListQuery,
  page: Page,
  day: string,
  updated?: UpdatedSpan,
) {
  const where = enrolleesWhere(db, orgId, query, day, updated);
  const column = careEnrollees[query.sort ?? 'familyName'];
  const order = query.dir === 'desc' ? desc(column) : asc(column);
  const {
    id,
    orgId: holder,
    masshealthId,
    mbi,
    givenName,
    familyName,
    dateOfBirth,
    town,
    county,
  } = getTableColumns(careEnrollees);
  const [items, [total]] = await Promise.all([
    db
      .select({
        id,
        orgId: holder,
        masshealthId,
        mbi,
        givenName,
        familyName,
        dateOfBirth,
        town,
        county,
        // A query builder, not raw text: in a one-table select Drizzle writes columns unqualified, and
        // "enrollee_id" = "id" inside the subquery compared the enrollment with itself (always empty).
        programs: sql<(typeof careEnrollments.$inferSelect.program)[]>`coalesce((${db
          .select({ p: sql`array_agg(distinct ${careEnrollments.program}::text)` })
          .from(careEnrollments)
          .where(
            and(
              eq(careEnrollments.orgId, careEnrollees.orgId),
              eq(careEnrollments.enrolleeId, careEnrollees.id),
              inForceOn(careEnrollments.effectiveOn, careEnrollments.endsOn, day),
            ),
          )}), '{}')`,
        coordinatorId: sql<string | null>`(select ${careTeamMembers.personId} from ${careTeamMembers}
          where ${careTeamMembers.orgId} = ${careEnrollees.orgId} and ${spocOn(day)} limit 1)`,
      })
      .from(careEnrollees)
      .where(where)
      .orderBy(order, asc(careEnrollees.familyName), asc(careEnrollees.id))
      .offset(page.offset)
      .limit(page.limit),
    db.select({ n: count() }).from(careEnrollees).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function findEnrollee(db: Db, orgId: string, id: string, day: string) {
  const [row] = await db
    .select()
    .from(careEnrollees)
    .where(and(eq(careEnrollees.id, id), visibleTo(db, orgId, day)));
  return row;
}

/** The organisation holding the enrollee's record, whoever asks (the system's read, for the audit trail). */
export async function holderOf(db: Db, id: string) {
  const [row] = await db
    .select({ orgId: careEnrollees.orgId })
    .from(careEnrollees)
    .where(eq(careEnrollees.id, id));
  return row?.orgId;
}

export async function findByMasshealthId(db: Db, orgId: string, masshealthId: string) {
  const [row] = await db
    .select({ id: careEnrollees.id })
    .from(careEnrollees)
    .where(and(eq(careEnrollees.orgId, orgId), eq(careEnrollees.masshealthId, masshealthId)));
  return row;
}

/** The enrollee holding the MBI here (stored normalised), with its MassHealth ID to name it. */
export async function findByMbi(db: Db, orgId: string, mbi: string) {
  const [row] = await db
    .select({ id: careEnrollees.id, masshealthId: careEnrollees.masshealthId })
    .from(careEnrollees)
    .where(and(eq(careEnrollees.orgId, orgId), eq(careEnrollees.mbi, mbi)));
  return row;
}

export async function insertEnrollee(db: Db, orgId: string, input: EnrolleeInput): Promise<Enrollee> {
  const [row] = await db
    .insert(careEnrollees)
    .values({ ...input, orgId })
    .returning();
  return row!;
}

/** Applies a change to the version given; none when the record moved on (or is not here). */
export async function updateEnrollee(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  patch: EnrolleePatch,
) {
  const [row] = await db
    .update(careEnrollees)
    .set({ ...patch, version: sql`${careEnrollees.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(careEnrollees.orgId, orgId), eq(careEnrollees.id, id), eq(careEnrollees.version, version)))
    .returning();
  return row;
}

export function enrollmentsOf(db: Db, orgId: string, enrolleeId: string) {
  return db
    .select()
    .from(careEnrollments)
    .where(and(eq(careEnrollments.orgId, orgId), eq(careEnrollments.enrolleeId, enrolleeId)))
    .orderBy(asc(careEnrollments.program), asc(careEnrollments.effectiveOn));
}

/**
 * Serialises enrollment changes for one enrollee (a row lock on the enrollee), so the overlap check below
 * answers for the write that follows; the exclusion constraint stands behind it either way.
 */
export async function lockEnrollee(db: Db, orgId: string, enrolleeId: string) {
  const [row] = await db
    .select({ id: careEnrollees.id })
    .from(careEnrollees)
    .where(and(eq(careEnrollees.orgId, orgId), eq(careEnrollees.id, enrolleeId)))
    .for('update');
  return row;
}

/**
 * An enrollment of the enrollee that shares a day with `from`–`to` (open when null) in the program or one it
 * excludes: One Care, ACO and MCO one at a time, Community Partners beside them.
 */
export async function overlappingEnrollment(
  db: Db,
  orgId: string,
  enrolleeId: string,
  program: Enrollment['program'],
  from: string,
  to: string | null,
  exceptId?: string,
) {
  const [row] = await db
    .select()
    .from(careEnrollments)
    .where(
      and(
        eq(careEnrollments.orgId, orgId),
        eq(careEnrollments.enrolleeId, enrolleeId),
        inArray(careEnrollments.program, programsExclusiveWith(program)),
        exceptId ? ne(careEnrollments.id, exceptId) : undefined,
        sql`daterange(${careEnrollments.effectiveOn}, ${careEnrollments.endsOn}, '[]') && daterange(${from}::date, ${to}::date, '[]')`,
      ),
    )
    .limit(1);
  return row;
}

export async function insertEnrollment(db: Db, orgId: string, enrolleeId: string, input: EnrollmentInput) {
  const [row] = await db
    .insert(careEnrollments)
    .values({
      orgId,
      enrolleeId,
      program: input.program,
      effectiveOn: input.effectiveOn,
      endsOn: input.endsOn ?? null,
    })
    .returning();
  return row!;
}

export async function findEnrollment(db: Db, orgId: string, enrolleeId: string, id: string) {
  const [row] = await db
    .select()
    .from(careEnrollments)
    .where(
      and(
        eq(careEnrollments.orgId, orgId),
        eq(careEnrollments.enrolleeId, enrolleeId),
        eq(careEnrollments.id, id),
      ),
    );
  return row;
}

export async function endEnrollment(db: Db, orgId: string, id: string, version: number, endsOn: string) {
  const [row] = await db
    .update(careEnrollments)
    .set({ endsOn, version: sql`${careEnrollments.version} + 1`, updatedAt: sql`now()` })
    .where(
      and(eq(careEnrollments.orgId, orgId), eq(careEnrollments.id, id), eq(careEnrollments.version, version)),
    )
    .returning();
  return row;
}

export async function insertContact(
  db: Db,
  values: Omit<typeof careContacts.$inferInsert, 'id' | 'createdAt'>,
) {
  const [row] = await db.insert(careContacts).values(values).returning();
  return row!;
}

/** A page of the enrollee's contacts by time, those whose notes hold the words if given; with the total. */
export async function contactsOf(
  db: Db,
  orgId: string,
  enrolleeId: string,
  query: { q?: string; dir: 'asc' | 'desc' },
  page: Page,
) {
  const q = query.q;
  const where = and(
    eq(careContacts.orgId, orgId),
    eq(careContacts.enrolleeId, enrolleeId),
    q ? holds(careContacts.notes, q) : undefined,
  );
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(careContacts)
      .where(where)
      .orderBy(
        query.dir === 'asc' ? asc(careContacts.occurredAt) : desc(careContacts.occurredAt),
        asc(careContacts.id),
      )
      .offset(page.offset)
      .limit(page.limit),
    db.select({ n: count() }).from(careContacts).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

/** Records a completed assessment, with the rule (kind and version) whose due date it satisfied, if any. */
export async function insertAssessment(
  db: Db,
  values: Omit<typeof careAssessments.$inferInsert, 'id' | 'createdAt'>,
) {
  const [row] = await db.insert(careAssessments).values(values).returning();
  return row!;
}
