// Service requests, their updates and appeals: every statement names the holder (`org_id`) or filters by what
// the organisation may see (held here, or on an enrollee whose care team it is on today); row-level security
// says the same (decision 050).
import { and, asc, desc, eq, exists, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { checkedRows, type Db } from '../../../platform/db/client.js';
import { holds } from '../../../platform/db/columns.js';
import { careEnrollees, careTeamMembers } from '../care.tables.js';
import { careAppeals, careRequestUpdates, careServiceRequests } from './requests.tables.js';

export type RequestRow = typeof careServiceRequests.$inferSelect;
export type UpdateRow = typeof careRequestUpdates.$inferSelect;
export type AppealRow = typeof careAppeals.$inferSelect;

/** Rows of the organisation's own enrollees, and of those whose care team it is on today. */
function visibleTo(
  t: { orgId: AnyPgColumn; enrolleeId: AnyPgColumn },
  db: Db,
  orgId: string,
  day: string,
): SQL {
  return or(
    eq(t.orgId, orgId),
    exists(
      db
        .select({ one: sql`1` })
        .from(careTeamMembers)
        .where(
          and(
            eq(careTeamMembers.orgId, t.orgId),
            eq(careTeamMembers.enrolleeId, t.enrolleeId),
            eq(careTeamMembers.memberOrgId, orgId),
            lte(careTeamMembers.startsOn, day),
            or(isNull(careTeamMembers.endsOn), gte(careTeamMembers.endsOn, day)),
          ),
        ),
    ),
  )!;
}

export async function insertRequest(db: Db, values: typeof careServiceRequests.$inferInsert) {
  const [row] = await db.insert(careServiceRequests).values(values).returning();
  return row!;
}

/** The request, when the organisation may see it; `lock` holds it for a change. */
export async function findRequest(db: Db, orgId: string, id: string, day: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(careServiceRequests)
    .where(and(eq(careServiceRequests.id, id), visibleTo(careServiceRequests, db, orgId, day)));
  const [row] = await (lock ? q.for('update') : q);
  return row;
}

export function requestsOf(db: Db, holder: string, enrolleeId: string) {
  return db
    .select()
    .from(careServiceRequests)
    .where(and(eq(careServiceRequests.orgId, holder), eq(careServiceRequests.enrolleeId, enrolleeId)))
    .orderBy(desc(careServiceRequests.receivedAt), asc(careServiceRequests.id));
}

/** Records the decision on a request still open at this version; none when stale, decided or gone. */
export async function decideRequest(
  db: Db,
  holder: string,
  id: string,
  version: number,
  values: Pick<
    RequestRow,
    | 'decision'
    | 'denialReason'
    | 'decisionExplanation'
    | 'decidedAt'
    | 'decidedBy'
    | 'noticeSentOn'
    | 'noticeFileId'
    | 'noticeLanguage'
  >,
) {
  const [row] = await db
    .update(careServiceRequests)
    .set({ ...values, version: sql`${careServiceRequests.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(careServiceRequests.orgId, holder),
        eq(careServiceRequests.id, id),
        eq(careServiceRequests.version, version),
        isNull(careServiceRequests.decidedAt),
      ),
    )
    .returning();
  return row;
}

/** A change to the request's appeal moves the request's version on too: what the client holds is stale. */
export async function touchRequest(db: Db, holder: string, id: string) {
  await db
    .update(careServiceRequests)
    .set({ version: sql`${careServiceRequests.version} + 1`, updatedAt: new Date() })
    .where(and(eq(careServiceRequests.orgId, holder), eq(careServiceRequests.id, id)));
}

export async function insertUpdate(db: Db, values: typeof careRequestUpdates.$inferInsert) {
  const [row] = await db.insert(careRequestUpdates).values(values).returning();
  return row!;
}

export function updatesOf(db: Db, holder: string, requestIds: readonly string[]) {
  if (requestIds.length === 0) return Promise.resolve([] as UpdateRow[]);
  return db
    .select()
    .from(careRequestUpdates)
    .where(and(eq(careRequestUpdates.orgId, holder), inArray(careRequestUpdates.requestId, [...requestIds])))
    .orderBy(asc(careRequestUpdates.communicatedAt), asc(careRequestUpdates.id));
}

export async function insertAppeal(db: Db, values: typeof careAppeals.$inferInsert) {
  const [row] = await db.insert(careAppeals).values(values).returning();
  return row!;
}

export function appealsOf(db: Db, holder: string, requestIds: readonly string[]) {
  if (requestIds.length === 0) return Promise.resolve([] as AppealRow[]);
  return db
    .select()
    .from(careAppeals)
    .where(and(eq(careAppeals.orgId, holder), inArray(careAppeals.requestId, [...requestIds])));
}

export async function appealOf(db: Db, holder: string, requestId: string) {
  const [row] = await db
    .select()
    .from(careAppeals)
    .where(and(eq(careAppeals.orgId, holder), eq(careAppeals.requestId, requestId)))
    .for('update');
  return row;
}

/** Changes the appeal at this version; none when stale. */
export async function changeAppeal(
  db: Db,
  holder: string,
  id: string,
  version: number,
  values: Partial<
    Pick<
      AppealRow,
      | 'outcome'
      | 'decisionExplanation'
      | 'decidedAt'
      | 'decidedBy'
      | 'noticeSentOn'
      | 'nextLevelRuleVersion'
      | 'nextLevelDueOn'
      | 'nextLevel'
      | 'nextLevelRequestedOn'
    >
  >,
) {
  const [row] = await db
    .update(careAppeals)
    .set({ ...values, version: sql`${careAppeals.version} + 1`, updatedAt: new Date() })
    .where(and(eq(careAppeals.orgId, holder), eq(careAppeals.id, id), eq(careAppeals.version, version)))
    .returning();
  return row;
}

const enrolleeColumns = {
  familyName: careEnrollees.familyName,
  givenName: careEnrollees.givenName,
  masshealthId: careEnrollees.masshealthId,
};

/** What the requests queue asks for: one kind of clock, those run out (or not), a name or service. */
export interface OpenClockFilter {
  kind?: 'request_decision' | 'appeal_decision' | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  desc?: boolean;
}

const countRow = z.object({ n: z.number() });
const clockRow = z.object({
  kind: z.enum(['request_decision', 'appeal_decision']),
  id: z.string(),
  requestId: z.string(),
});

/**
 * One page of the clocks still running — requests waiting for a decision and appeals waiting for the plan's —
 * by their stored deadlines, soonest first (or last), with how many there are in all. The organisations whose
 * records are in reach are the caller's own and those holding an enrollee whose care team it is on today; each
 * is read through its open-deadline index, so the page costs the same at any size. Only the page's rows are then
 * read in full (`requestsWithIds`, `appealsWithIds`).
 */
export async function openClocksPage(
  db: Db,
  orgId: string,
  day: string,
  filter: OpenClockFilter,
  page: { offset: number; limit: number },
) {
  const now = new Date();
  const direction = filter.desc ? sql`desc` : sql`asc`;
  const first = page.offset + page.limit;
  // The holders in reach, and (for another holder) only its enrollees whose team the caller is on today.
  // A record tagged under 42 CFR Part 2 only where a consent covers the caller, as row-level security has it.
  const teamEnrollee = (t: string) =>
    sql.raw(`(${t}.org_id = `).append(sql`${orgId}::uuid or exists (select 1 from care_team_members m
      where m.org_id = ${sql.raw(t)}.org_id and m.enrollee_id = ${sql.raw(t)}.enrollee_id and m.member_org_id = ${orgId}::uuid
        and m.starts_on <= ${day}::date and (m.ends_on is null or m.ends_on >= ${day}::date)))
      and (${sql.raw(t)}.part2_org_id is null
        or care_part2_covers(${sql.raw(t)}.enrollee_id, ${sql.raw(t)}.part2_org_id, 'tpo', array[${orgId}::uuid]))`);
  const holders = sql`(select ${orgId}::uuid as org_id union select distinct m.org_id from care_team_members m
    where m.member_org_id = ${orgId}::uuid and m.org_id <> ${orgId}::uuid
      and m.starts_on <= ${day}::date and (m.ends_on is null or m.ends_on >= ${day}::date))`;
  const due = (t: string) =>
    filter.overdue === undefined
      ? sql``
      : filter.overdue
        ? sql` and ${sql.raw(t)}.decision_due_at < ${now}`
        : sql` and ${sql.raw(t)}.decision_due_at >= ${now}`;
  const named = (r: string, e: string) =>
    filter.q
      ? sql` and ${holds(sql.raw(`${e}.given_name || ' ' || ${e}.family_name || ' ' || ${e}.masshealth_id || ' ' || ${r}.service`), filter.q)}`
      : sql``;
  // The enrollee's name (and an appeal's request) are joined only to search them: a join read in full otherwise.
  const names = (t: string) =>
    filter.q
      ? sql.raw(` join care_enrollees e on e.org_id = ${t}.org_id and e.id = ${t}.enrollee_id`)
      : sql``;
  const requests = sql`select 'request_decision' as kind, r.id, r.id as "requestId", r.decision_due_at as due
    from ${holders} h join care_service_requests r on r.org_id = h.org_id and r.decided_at is null${names('r')}
    where ${teamEnrollee('r')}${due('r')}${named('r', 'e')}`;
  const appeals = sql`select 'appeal_decision' as kind, a.id, a.request_id as "requestId", a.decision_due_at as due
    from ${holders} h join care_appeals a on a.org_id = h.org_id and a.decided_at is null${
      filter.q ? sql` join care_service_requests r on r.org_id = a.org_id and r.id = a.request_id` : sql``
    }${names('a')}
    where ${teamEnrollee('a')}${due('a')}${named('r', 'e')}`;
  const kinds = [
    ...(filter.kind !== 'appeal_decision' ? [requests] : []),
    ...(filter.kind !== 'request_decision' ? [appeals] : []),
  ];
  const firstOf = (q: SQL) => sql`(${q} order by due ${direction}, "requestId" ${direction} limit ${first})`;
  const [rows, counts] = await Promise.all([
    checkedRows(
      db,
      clockRow,
      sql`select kind, id, "requestId" from (${sql.join(kinds.map(firstOf), sql` union all `)}) c
        order by due ${direction}, "requestId" ${direction} limit ${page.limit} offset ${page.offset}`,
    ),
    Promise.all(kinds.map((q) => checkedRows(db, countRow, sql`select count(*)::int as n from (${q}) k`))),
  ]);
  return { rows, total: counts.reduce((n, [c]) => n + (c?.n ?? 0), 0) };
}

/** These requests (one page of the queue), with their enrollees' names. */
export function requestsWithIds(db: Db, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select({ request: careServiceRequests, ...enrolleeColumns })
    .from(careServiceRequests)
    .innerJoin(
      careEnrollees,
      and(
        eq(careEnrollees.orgId, careServiceRequests.orgId),
        eq(careEnrollees.id, careServiceRequests.enrolleeId),
      ),
    )
    .where(inArray(careServiceRequests.id, [...ids]));
}

/** These appeals (one page of the queue), with their requests' services and enrollees' names. */
export function appealsWithIds(db: Db, ids: readonly string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .select({ appeal: careAppeals, service: careServiceRequests.service, ...enrolleeColumns })
    .from(careAppeals)
    .innerJoin(
      careServiceRequests,
      and(
        eq(careServiceRequests.orgId, careAppeals.orgId),
        eq(careServiceRequests.id, careAppeals.requestId),
      ),
    )
    .innerJoin(
      careEnrollees,
      and(eq(careEnrollees.orgId, careAppeals.orgId), eq(careEnrollees.id, careAppeals.enrolleeId)),
    )
    .where(inArray(careAppeals.id, [...ids]));
}

/** The holder's requests received, and decided, in [from, to); with each decided one's enrollee. */
export async function requestsOfMonth(db: Db, holder: string, from: Date, to: Date) {
  const [received, decided] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(careServiceRequests)
      .where(
        and(
          eq(careServiceRequests.orgId, holder),
          gte(careServiceRequests.receivedAt, from),
          lt(careServiceRequests.receivedAt, to),
        ),
      ),
    db
      .select({ request: careServiceRequests, ...enrolleeColumns })
      .from(careServiceRequests)
      .innerJoin(
        careEnrollees,
        and(
          eq(careEnrollees.orgId, careServiceRequests.orgId),
          eq(careEnrollees.id, careServiceRequests.enrolleeId),
        ),
      )
      .where(
        and(
          eq(careServiceRequests.orgId, holder),
          gte(careServiceRequests.decidedAt, from),
          lt(careServiceRequests.decidedAt, to),
        ),
      )
      .orderBy(asc(careServiceRequests.decidedAt), asc(careServiceRequests.id)),
  ]);
  return { received: received[0]?.n ?? 0, decided };
}

/** The holder's appeals filed, and decided, in [from, to). */
export async function appealsOfMonth(db: Db, holder: string, from: Date, to: Date) {
  const [filed, decided] = await Promise.all([
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(careAppeals)
      .where(and(eq(careAppeals.orgId, holder), gte(careAppeals.filedAt, from), lt(careAppeals.filedAt, to))),
    db
      .select()
      .from(careAppeals)
      .where(
        and(eq(careAppeals.orgId, holder), gte(careAppeals.decidedAt, from), lt(careAppeals.decidedAt, to)),
      )
      .orderBy(asc(careAppeals.decidedAt), asc(careAppeals.id)),
  ]);
  return { filed: filed[0]?.n ?? 0, decided };
}

/** Whether the organisation was on the enrollee's care team on `day` (a Community Partner recording a request). */
export async function onTeamSince(
  db: Db,
  holder: string,
  enrolleeId: string,
  memberOrgId: string,
  day: string,
) {
  const [row] = await db
    .select({ one: sql`1` })
    .from(careTeamMembers)
    .where(
      and(
        eq(careTeamMembers.orgId, holder),
        eq(careTeamMembers.enrolleeId, enrolleeId),
        eq(careTeamMembers.memberOrgId, memberOrgId),
        lte(careTeamMembers.startsOn, day),
        or(isNull(careTeamMembers.endsOn), gte(careTeamMembers.endsOn, day)),
      ),
    )
    .limit(1);
  return Boolean(row);
}
