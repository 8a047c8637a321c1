// What the FHIR bulk export reads of the care domain (decision 066): the enrollees the organisation sees, a
// batch at a time in id order, and the care teams of a batch.
import type { CareProgram } from '@contract/care/care.labels.js';
import { and, asc, between, count, desc, eq, exists, gt, inArray, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.js';
import { inForceOn } from '../../platform/db/columns.js';
import { visibleTo } from './care.repository.js';
import { careEnrollees, careEnrollments, careTeamMembers } from './care.tables.js';

/** Enrolled in the program (or in any, when none is named) on the day. */
const enrolledOn = (day: string, program?: CareProgram) =>
  and(
    eq(careEnrollments.orgId, careEnrollees.orgId),
    eq(careEnrollments.enrolleeId, careEnrollees.id),
    program ? eq(careEnrollments.program, program) : undefined,
    inForceOn(careEnrollments.effectiveOn, careEnrollments.endsOn, day),
  );

/**
 * Rows of a batch of enrollees, by their keys (the holder's id, then the enrollee's, as the indexes lead): a
 * range of ids per holder, which costs the same however many the batch holds (the caller keeps the rows of
 * its own enrollees; the range may hold others'), or the ids themselves when there are few.
 */
function byEnrollee(
  table: typeof careEnrollments | typeof careTeamMembers,
  enrollees: { orgId: string; id: string }[],
) {
  const byHolder = new Map<string, string[]>();
  for (const e of enrollees) {
    const held = byHolder.get(e.orgId);
    if (held) held.push(e.id);
    else byHolder.set(e.orgId, [e.id]);
  }
  return or(
    ...[...byHolder].map(([orgId, ids]) => {
      const sorted = ids.length > 20 ? [...ids].sort() : undefined;
      return and(
        eq(table.orgId, orgId),
        sorted
          ? between(table.enrolleeId, sorted[0]!, sorted[sorted.length - 1]!)
          : inArray(table.enrolleeId, ids),
      );
    }),
  );
}

export interface EnrolleeBatchQuery {
  /** Those the organisation holds, or those of others whose care team it is on today. */
  held: boolean;
  /** The last id of the batch before; none for the first. */
  after: string | null;
  /** Only enrollees whose own record changed after this time. */
  since: Date | null;
  /** Only those enrolled in this program on the day (a Group's members). */
  program: CareProgram | null;
  limit: number;
}

/**
 * The next batch of enrollees the organisation sees on the day, in id order: its own (read along the primary key), then others' whose care team it is on (along the team
 * rows' index of outside members), each kept apart so that each batch reads only its own rows.
 */
export function enrolleesAfter(db: Db, orgId: string, day: string, q: EnrolleeBatchQuery) {
  const enrolled = (program?: CareProgram) =>
    exists(db.select({ one: sql`1` }).from(careEnrollments).where(enrolledOn(day, program)));
  const onTeam = inArray(
    careEnrollees.id,
    db
      .select({ id: careTeamMembers.enrolleeId })
      .from(careTeamMembers)
      .where(
        and(
          eq(careTeamMembers.memberOrgId, orgId),
          ne(careTeamMembers.memberOrgId, careTeamMembers.orgId),
          inForceOn(careTeamMembers.startsOn, careTeamMembers.endsOn, day),
          q.after ? gt(careTeamMembers.enrolleeId, q.after) : undefined,
        ),
      ),
  );
  return db
    .select()
    .from(careEnrollees)
    .where(
      and(
        q.held ? eq(careEnrollees.orgId, orgId) : and(ne(careEnrollees.orgId, orgId), onTeam),
        q.after ? gt(careEnrollees.id, q.after) : undefined,
        q.since ? gt(careEnrollees.updatedAt, q.since) : undefined,
        q.program ? enrolled(q.program) : undefined,
      ),
    )
    .orderBy(asc(careEnrollees.id))
    .limit(q.limit);
}

/** How many enrollees the organisation sees enrolled in the program on the day. */
export async function enrolledCount(db: Db, orgId: string, day: string, program: CareProgram) {
  const [row] = await db
    .select({ n: count() })
    .from(careEnrollees)
    .where(
      and(
        visibleTo(db, orgId, day),
        exists(db.select({ one: sql`1` }).from(careEnrollments).where(enrolledOn(day, program))),
      ),
    );
  return row?.n ?? 0;
}

/** Which of the enrollees (and perhaps others near them) are enrolled in some program on the day. */
export async function enrolledOf(db: Db, enrollees: { orgId: string; id: string }[], day: string) {
  if (!enrollees.length) return new Set<string>();
  const rows = await db
    .selectDistinct({ id: careEnrollments.enrolleeId })
    .from(careEnrollments)
    .where(
      and(
        byEnrollee(careEnrollments, enrollees),
        inForceOn(careEnrollments.effectiveOn, careEnrollments.endsOn, day),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Every care team row of the enrollees (and perhaps of others near them), past and present. */
export function teamsOf(db: Db, enrollees: { orgId: string; id: string }[]) {
  if (!enrollees.length) return Promise.resolve([]);
  return db
    .select()
    .from(careTeamMembers)
    .where(byEnrollee(careTeamMembers, enrollees))
    .orderBy(
      asc(careTeamMembers.enrolleeId),
      desc(careTeamMembers.singlePointOfContact),
      asc(careTeamMembers.role),
      desc(careTeamMembers.startsOn),
    );
}
