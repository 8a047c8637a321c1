// What the FHIR bulk export reads of the care domain (decision 066): the enrollees the organisation sees, a
// batch at a time in id order, and the care teams of a batch.
import type { CareProgram } from '@contract/care/care.labels.js';
import { and, asc, count, desc, eq, exists, gt, inArray, or, sql } from 'drizzle-orm';
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

export interface EnrolleeBatchQuery {
  /** The last id of the batch before; none for the first. */
  after: string | null;
  /** Only enrollees whose own record changed after this time. */
  since: Date | null;
  /** Only those enrolled in this program on the day (a Group's members). */
  program: CareProgram | null;
  limit: number;
}

/** The next batch of enrollees the organisation sees on the day, with whether each is enrolled in anything. */
export function enrolleesAfter(db: Db, orgId: string, day: string, q: EnrolleeBatchQuery) {
  const enrolled = (program?: CareProgram) =>
    exists(db.select({ one: sql`1` }).from(careEnrollments).where(enrolledOn(day, program)));
  return db
    .select({ enrollee: careEnrollees, active: sql<boolean>`${enrolled()}` })
    .from(careEnrollees)
    .where(
      and(
        visibleTo(db, orgId, day),
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

/** Every care team row of the enrollees (each with the organisation holding it), past and present. */
export function teamsOf(db: Db, enrollees: { orgId: string; id: string }[]) {
  if (!enrollees.length) return Promise.resolve([]);
  const byHolder = new Map<string, string[]>();
  for (const e of enrollees) {
    const held = byHolder.get(e.orgId);
    if (held) held.push(e.id);
    else byHolder.set(e.orgId, [e.id]);
  }
  return db
    .select()
    .from(careTeamMembers)
    .where(
      or(
        ...[...byHolder].map(([orgId, held]) =>
          and(eq(careTeamMembers.orgId, orgId), inArray(careTeamMembers.enrolleeId, held)),
        ),
      ),
    )
    .orderBy(
      asc(careTeamMembers.enrolleeId),
      desc(careTeamMembers.singlePointOfContact),
      asc(careTeamMembers.role),
      desc(careTeamMembers.startsOn),
    );
}
