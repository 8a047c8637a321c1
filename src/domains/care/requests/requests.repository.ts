// Service requests, their updates and appeals: every statement names the holder (`org_id`) or filters by what
// the organisation may see (held here, or on an enrollee whose care team it is on today); row-level security
// says the same (decision 050).
import { and, asc, desc, eq, exists, gte, inArray, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, unionAll } from 'drizzle-orm/pg-core';
import type { Db } from '../../../platform/db/client.js';
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

/**
 * One page of the clocks still running — requests waiting for a decision and appeals waiting for the plan's —
 * by their stored deadlines, soonest first (or last), with how many there are in all. Only the page's rows are
 * read in full afterwards (`requestsWithIds`, `appealsWithIds`), so the queue costs the same at any size.
 */
export async function openClocksPage(
  db: Db,
  orgId: string,
  day: string,
  filter: OpenClockFilter,
  page: { offset: number; limit: number },
) {
  const now = new Date();
  const requestWhere: SQL[] = [
    isNull(careServiceRequests.decidedAt),
    visibleTo(careServiceRequests, db, orgId, day),
  ];
  const appealWhere: SQL[] = [isNull(careAppeals.decidedAt), visibleTo(careAppeals, db, orgId, day)];
  if (filter.overdue !== undefined) {
    requestWhere.push(
      filter.overdue
        ? lt(careServiceRequests.decisionDueAt, now)
        : gte(careServiceRequests.decisionDueAt, now),
    );
    appealWhere.push(
      filter.overdue ? lt(careAppeals.decisionDueAt, now) : gte(careAppeals.decisionDueAt, now),
    );
  }
  if (filter.q) {
    const text = sql`${careEnrollees.givenName} || ' ' || ${careEnrollees.familyName} || ' ' || ${careEnrollees.masshealthId} || ' ' || ${careServiceRequests.service}`;
    requestWhere.push(holds(text, filter.q));
    appealWhere.push(holds(text, filter.q));
  }
  const requests = () =>
    db
      .select({
        kind: sql<string>`'request_decision'`.as('kind'),
        id: sql<string>`${careServiceRequests.id}`.as('clock_id'),
        requestId: sql<string>`${careServiceRequests.id}`.as('request_id'),
        dueAt: sql<Date>`${careServiceRequests.decisionDueAt}`.as('due_at'),
      })
      .from(careServiceRequests)
      .innerJoin(
        careEnrollees,
        and(
          eq(careEnrollees.orgId, careServiceRequests.orgId),
          eq(careEnrollees.id, careServiceRequests.enrolleeId),
        ),
      )
      .where(and(...requestWhere))
      .$dynamic();
  const appeals = () =>
    db
      .select({
        kind: sql<string>`'appeal_decision'`.as('kind'),
        id: sql<string>`${careAppeals.id}`.as('clock_id'),
        requestId: sql<string>`${careAppeals.requestId}`.as('request_id'),
        dueAt: sql<Date>`${careAppeals.decisionDueAt}`.as('due_at'),
      })
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
      .where(and(...appealWhere))
      .$dynamic();
  // Each kind's first `offset + limit` by its deadline index, then the page from both together.
  const direction = filter.desc ? desc : asc;
  const first = page.offset + page.limit;
  const firstRequests = requests()
    .orderBy(direction(careServiceRequests.decisionDueAt), direction(careServiceRequests.id))
    .limit(first);
  const firstAppeals = appeals()
    .orderBy(direction(careAppeals.decisionDueAt), direction(careAppeals.requestId))
    .limit(first);
  const clocks =
    filter.kind === 'request_decision'
      ? firstRequests.as('c')
      : filter.kind === 'appeal_decision'
        ? firstAppeals.as('c')
        : unionAll(firstRequests, firstAppeals).as('c');
  const count = (branch: ReturnType<typeof requests> | ReturnType<typeof appeals>) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(branch.as('b'))
      .then(([row]) => Number(row?.n ?? 0));
  const [rows, requestCount, appealCount] = await Promise.all([
    db
      .select()
      .from(clocks)
      .orderBy(direction(clocks.dueAt), direction(clocks.requestId))
      .limit(page.limit)
      .offset(page.offset),
    filter.kind === 'appeal_decision' ? 0 : count(requests()),
    filter.kind === 'request_decision' ? 0 : count(appeals()),
  ]);
  const counted = { n: requestCount + appealCount };
  return {
    rows: rows as {
      kind: 'request_decision' | 'appeal_decision';
      id: string;
      requestId: string;
      dueAt: Date;
    }[],
    total: Number(counted?.n ?? 0),
  };
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
