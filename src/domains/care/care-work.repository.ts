// Assessments, major changes, the facts the clocks and queues are computed from, caseloads and teams. The
// queue's facts come in one set-based query per page: every enrollee of the caseloads asked for, each with its
// enrollments, assessments, major changes and contacts as JSON arrays.
import type { CareRule } from '@contract/care/rules.schemas.js';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../../platform/db/client.js';
import { organisationsView } from '../organisations/index.js';
import { peopleView, personRolesView, personSupervisorsView } from '../people/index.js';
import { careAssessments, careMajorChanges, careRules } from './care.tables.js';

export type AssessmentRow = typeof careAssessments.$inferSelect;
export type MajorChangeRow = typeof careMajorChanges.$inferSelect;

export async function insertAssessment(
  db: Db,
  values: Omit<typeof careAssessments.$inferInsert, 'id' | 'createdAt'>,
) {
  const [row] = await db.insert(careAssessments).values(values).returning();
  return row!;
}

export function assessmentsOf(db: Db, orgId: string, enrolleeId: string) {
  return db
    .select()
    .from(careAssessments)
    .where(and(eq(careAssessments.orgId, orgId), eq(careAssessments.enrolleeId, enrolleeId)))
    .orderBy(desc(careAssessments.completedOn), asc(careAssessments.id));
}

export async function insertMajorChange(
  db: Db,
  values: Omit<typeof careMajorChanges.$inferInsert, 'id' | 'createdAt'>,
) {
  const [row] = await db.insert(careMajorChanges).values(values).returning();
  return row!;
}

export function majorChangesOf(db: Db, orgId: string, enrolleeId: string) {
  return db
    .select()
    .from(careMajorChanges)
    .where(and(eq(careMajorChanges.orgId, orgId), eq(careMajorChanges.enrolleeId, enrolleeId)))
    .orderBy(desc(careMajorChanges.occurredOn), asc(careMajorChanges.id));
}

/** The rule catalogue: a few dozen rows, shared by every organisation. */
export async function allRules(db: Db): Promise<CareRule[]> {
  const rows = await db.select().from(careRules);
  return rows.map((r) => ({ ...r, parameters: r.parameters }) as CareRule);
}

const factsRow = z.object({
  enrolleeId: z.string(),
  orgId: z.string(),
  coordinatorId: z.string().nullable(),
  givenName: z.string(),
  familyName: z.string(),
  masshealthId: z.string(),
  enrollments: z.array(
    z.object({
      id: z.string(),
      program: z.enum(['one_care', 'aco', 'mco', 'cp']),
      effectiveOn: z.string(),
      endsOn: z.string().nullable(),
    }),
  ),
  assessments: z.array(
    z.object({
      id: z.string(),
      completedOn: z.string(),
      inPerson: z.boolean(),
      kind: z.enum(['comprehensive', 'reassessment', 'major_change', 'hrsn_screening']),
      recordedAt: z.string(),
    }),
  ),
  majorChanges: z.array(
    z.object({ id: z.string(), on: z.string(), reason: z.string(), recordedAt: z.string() }),
  ),
  contacts: z.array(
    z.object({ id: z.string(), on: z.string(), at: z.string(), mode: z.string(), reached: z.boolean() }),
  ),
  /** Care plans sent for signatures or signed (drafts start no clock), with their signatures. */
  plans: z.array(
    z.object({
      id: z.string(),
      number: z.number(),
      program: z.enum(['one_care', 'aco', 'mco', 'cp']),
      status: z.enum(['in_sign_off', 'signed']),
      addendum: z.boolean(),
      sentOn: z.string(),
      clinicalReview: z.boolean(),
      signatures: z.array(
        z.object({ step: z.enum(['enrollee', 'pcp', 'clinical_review']), signedOn: z.string() }),
      ),
    }),
  ),
});
export type FactsRow = z.infer<typeof factsRow>;

/** A timestamp column as an ISO instant that orders as text (microseconds, UTC). */
const instant = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);

/**
 * The JSON arrays of one enrollee's facts, for the select list of a query over `care_enrollees e`. Records tagged
 * under 42 CFR Part 2 count toward no clock: the work queue, shared by the whole team, would otherwise show that
 * one exists and when (decision 060).
 */
const factColumns = sql`
  coalesce((select json_agg(json_build_object('id', x.id, 'program', x.program, 'effectiveOn', x.effective_on,
      'endsOn', x.ends_on) order by x.program, x.effective_on) from care_enrollments x where x.org_id = e.org_id and x.enrollee_id = e.id), '[]') as enrollments,
  coalesce((select json_agg(json_build_object('id', a.id, 'completedOn', a.completed_on, 'inPerson', a.in_person,
      'kind', a.kind, 'recordedAt', ${instant('a.created_at')}) order by a.completed_on) from care_assessments a where a.org_id = e.org_id and a.enrollee_id = e.id and a.part2_org_id is null), '[]') as assessments,
  coalesce((select json_agg(json_build_object('id', m.id, 'on', m.occurred_on, 'reason', m.reason,
      'recordedAt', ${instant('m.created_at')}) order by m.occurred_on)
      from care_major_changes m where m.org_id = e.org_id and m.enrollee_id = e.id), '[]') as "majorChanges",
  coalesce((select json_agg(json_build_object('id', c.id,
      'on', (c.occurred_at at time zone 'America/New_York')::date,
      'at', to_char(c.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'mode', c.mode, 'reached', c.reached) order by c.occurred_at)
      from care_contacts c where c.org_id = e.org_id and c.enrollee_id = e.id and c.part2_org_id is null), '[]') as contacts,
  coalesce((select json_agg(json_build_object('id', p.id, 'number', p.number, 'program', p.program,
      'status', p.status, 'addendum', p.addendum, 'sentOn', p.sent_on, 'clinicalReview', p.clinical_review,
      'signatures', coalesce((select json_agg(json_build_object('step', s.step, 'signedOn', s.signed_on))
        from care_plan_signatures s where s.org_id = p.org_id and s.plan_id = p.id), '[]')) order by p.number)
      from care_plans p where p.org_id = e.org_id and p.enrollee_id = e.id and p.status <> 'draft'
        and p.part2_org_id is null), '[]') as plans`;

export const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** These enrollees' facts (the holders' records the scope sees), with no coordinator. */
export function enrolleesFacts(db: Db, enrolleeIds: readonly string[]) {
  if (enrolleeIds.length === 0) return Promise.resolve([] as FactsRow[]);
  return checkedRows(
    db,
    factsRow,
    sql`select e.id as "enrolleeId", e.org_id as "orgId", null::uuid as "coordinatorId",
        e.given_name as "givenName", e.family_name as "familyName", e.masshealth_id as "masshealthId", ${factColumns}
      from care_enrollees e where e.id = any(${uuids(enrolleeIds)}::uuid[])`,
  );
}

/** One enrollee's facts (the holder's record), or none when the scope does not see it. */
export async function enrolleeFacts(db: Db, enrolleeId: string) {
  return (await enrolleesFacts(db, [enrolleeId]))[0];
}

const memberRow = z.object({ id: z.string(), caseload: z.number(), organisations: z.string().nullable() });
const nameRow = z.object({ id: z.string(), givenName: z.string(), familyName: z.string() });

/**
 * A team and each member's caseload size on `day`: the people whose supervisor at the organisation is
 * `supervisorId`, or (null) everyone holding a coordinating role there that day and everyone in its network
 * who is the single point of contact of one of its enrollees that day. Read in the caller's scope; the names
 * come from `personNames`, as a network coordinator's person row is not the organisation's to read.
 */
export function teamMembers(db: Db, orgId: string, supervisorId: string | null, day: string) {
  const members = supervisorId
    ? sql`select s.person_id from ${personSupervisorsView} s where s.org_id = ${orgId} and s.supervisor_id = ${supervisorId}`
    : sql`select r.person_id from ${personRolesView} r where r.org_id = ${orgId}
          and r.role in ('care_coordinator', 'clinical_care_manager')
          and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date)
        union select t.person_id from care_team_members t where t.org_id = ${orgId} and t.single_point_of_contact
          and t.starts_on <= ${day}::date and (t.ends_on is null or t.ends_on >= ${day}::date)`;
  return checkedRows(
    db,
    memberRow,
    sql`select m.person_id as id, held.caseload, held.organisations
      from (${members}) m cross join lateral (
        select count(*)::int as caseload, string_agg(distinct o.name, '; ' order by o.name) as organisations
        from care_team_members t join ${organisationsView} o on o.id = t.member_org_id
        where t.person_id = m.person_id and t.single_point_of_contact
          and t.starts_on <= ${day}::date and (t.ends_on is null or t.ends_on >= ${day}::date)) held`,
  );
}

/** These people's names (the system's read: the caller has already been shown who they are). */
export function personNames(db: Db, personIds: readonly string[]) {
  if (personIds.length === 0) return Promise.resolve([] as z.infer<typeof nameRow>[]);
  return checkedRows(
    db,
    nameRow,
    sql`select p.id, p.given_name as "givenName", p.family_name as "familyName" from ${peopleView} p
      where p.id = any(${uuids(personIds)}::uuid[])`,
  );
}

const supervisesRow = z.object({ one: z.number() });
/** Whether `supervisorId` is recorded as the person's supervisor at the organisation. */
export async function supervises(db: Db, orgId: string, supervisorId: string, personId: string) {
  const rows = await checkedRows(
    db,
    supervisesRow,
    sql`select 1 as one from ${personSupervisorsView} s
      where s.org_id = ${orgId} and s.supervisor_id = ${supervisorId} and s.person_id = ${personId}`,
  );
  return rows.length > 0;
}

const openCaseloadRow = z.object({ enrolleeId: z.string() });
/** The enrollees the organisation holds whose open single point of contact the person is, locked to move. */
export async function openCaseload(db: Db, orgId: string, personId: string) {
  const rows = await checkedRows(
    db,
    openCaseloadRow,
    sql`select t.enrollee_id as "enrolleeId" from care_team_members t
      where t.org_id = ${orgId} and t.person_id = ${personId} and t.single_point_of_contact and t.ends_on is null
      order by t.enrollee_id for update`,
  );
  return rows.map((r) => r.enrolleeId);
}

const holdsRoleAtRow = z.object({ one: z.number() });
/** Whether the person holds a role at the organisation on the day. */
export async function holdsRoleAt(db: Db, orgId: string, personId: string, day: string) {
  const rows = await checkedRows(
    db,
    holdsRoleAtRow,
    sql`select 1 as one from ${personRolesView} r where r.org_id = ${orgId} and r.person_id = ${personId}
      and r.starts_on <= ${day}::date and (r.ends_on is null or r.ends_on >= ${day}::date) limit 1`,
  );
  return rows.length > 0;
}

const carriesRow = z.object({ one: z.number() });
/** Whether the person is the single point of contact of one of the organisation's enrollees on the day. */
export async function carriesCaseloadAt(db: Db, orgId: string, personId: string, day: string) {
  const rows = await checkedRows(
    db,
    carriesRow,
    sql`select 1 as one from care_team_members t where t.org_id = ${orgId} and t.person_id = ${personId}
      and t.single_point_of_contact
      and t.starts_on <= ${day}::date and (t.ends_on is null or t.ends_on >= ${day}::date) limit 1`,
  );
  return rows.length > 0;
}

const managesRow = z.object({ one: z.number() });
/**
 * Whether the person, working for `memberOrgId`, is on the enrollee's care team on `day` as its single point of
 * contact or as a care coordinator or clinical care manager.
 */
export async function managesCareOf(
  db: Db,
  orgId: string,
  enrolleeId: string,
  personId: string,
  memberOrgId: string,
  day: string,
) {
  const rows = await checkedRows(
    db,
    managesRow,
    sql`select 1 as one from care_team_members t
      where t.org_id = ${orgId} and t.enrollee_id = ${enrolleeId} and t.person_id = ${personId}
        and t.member_org_id = ${memberOrgId}
        and (t.single_point_of_contact or t.role in ('care_coordinator', 'clinical_care_manager'))
        and t.starts_on <= ${day}::date and (t.ends_on is null or t.ends_on >= ${day}::date) limit 1`,
  );
  return rows.length > 0;
}
