// What an organisation's kept statuses were made from (decision 020): the state (its day, snapshot and
// counts), the change marks written since, the days' counts kept for the trend.
import { and, asc, eq, gt, lte, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRow, checkedRows, type Db, isoTimestamp } from '../../platform/db/client.js';
import { networkContractsView } from '../organisations/index.js';
import { personRolesView } from '../people/index.js';
import { statusChanges, statusSnapshots, statusState } from './compliance.tables.js';
import type { Summary } from './status-summary.js';

/** Kept as jsonb: checked to be an object; its shape is written by status-summary.ts alone. */
const summary = z.custom<Summary>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));

/** The state the organisation's kept statuses were made in: the day, the snapshot that saw the facts, the counts. */
export async function stateOf(tx: Db, orgId: string) {
  const s = statusState;
  const [row] = await tx
    .select({ day: s.day, snapshot: s.snapshot, summary: sql<Summary>`${s.summary}` })
    .from(s)
    .where(eq(s.orgId, orgId));
  return row;
}

const currentSnapshotRow = z.object({ snapshot: z.string() });
/** The transaction's snapshot, as text, to keep with what it made. */
export async function currentSnapshot(tx: Db) {
  const row = await checkedRow(tx, currentSnapshotRow, sql`select pg_current_snapshot()::text as snapshot`);
  return row!.snapshot;
}

/**
 * Marks written by transactions a snapshot did not see: from its xmax on, or in progress when it was taken (its
 * xip list); every other mark was visible to it. Written as two index lookups on `xid` rather than
 * `pg_visible_in_snapshot` over every mark since the snapshot's xmin, which a long transaction running when
 * the snapshot was taken could put far back (decision 006).
 */
const unseenBy = (snapshot: SQL, xid: SQL) =>
  sql`(${xid} >= pg_snapshot_xmax(${snapshot}::pg_snapshot) or ${xid} = any(array(select pg_snapshot_xip(${snapshot}::pg_snapshot))))`;

/**
 * Whether a mark matching `where` was written in a transaction the snapshot `s.snapshot` did not see: the
 * newest such mark from its xmax on (a backward scan of an index that stops at the first row, where
 * `exists (… xid >= …)` was planned as a scan of every mark), or one in its xip list.
 */
const anyUnseen = (where: SQL) =>
  sql`(coalesce((select max(c.xid) from compliance_changes c where ${where}) >= pg_snapshot_xmax(s.snapshot::pg_snapshot), false)
    or exists (select 1 from compliance_changes c where ${where}
      and c.xid = any(array(select pg_snapshot_xip(s.snapshot::pg_snapshot)))))`;

const markedSinceRow = z.object({ personId: z.string().nullable() });
/** The people marked changed since a snapshot, at the organisation or anywhere; null for "everyone". */
export function markedSince(tx: Db, orgId: string, snapshot: string) {
  return checkedRows(
    tx,
    markedSinceRow,
    sql`select distinct person_id as "personId" from compliance_changes
      where ${unseenBy(sql`${snapshot}`, sql`xid`)}
        and (person_id is not null or org_id is null or org_id = ${orgId})`,
  );
}

/** A day's boundary crossed between two days: something that started after `from` or ended before `to`. */
const between = (from: string, to: string) => (starts: SQL, ends: SQL) =>
  sql`((${starts} > ${from}::date and ${starts} <= ${to}::date) or (${ends} >= ${from}::date and ${ends} < ${to}::date))`;

const contractOrVersionBetweenRow = z.object({ one: z.number() });
/** Whether a network contract of the organisation, or a version of one of its requirements, took effect or ended between the days. */
export async function contractOrVersionBetween(tx: Db, orgId: string, from: string, to: string) {
  const began = between(from, to);
  const found = await checkedRows(
    tx,
    contractOrVersionBetweenRow,
    sql`select 1 as one from ${networkContractsView} r where (org_id = ${orgId} or other_org_id = ${orgId})
        and ${began(sql`starts_on`, sql`ends_on`)}
      union all select 1 from compliance_requirement_versions where org_id = ${orgId}
        and effective_from > ${from}::date and effective_from <= ${to}::date
      limit 1`,
  );
  return found.length > 0;
}

const dueBetweenRow = z.object({ personId: z.string() });
/**
 * The people whose status the days between changed: a kept status's own next-change day, roles (anywhere)
 * and the organisation's exemptions starting or ending.
 */
export async function dueBetween(tx: Db, orgId: string, from: string, to: string) {
  const began = between(from, to);
  const found = await checkedRows(
    tx,
    dueBetweenRow,
    sql`select person_id as "personId" from compliance_statuses where org_id = ${orgId} and changes_on <= ${to}::date
      union select person_id from ${personRolesView} pr where ${began(sql`starts_on`, sql`ends_on`)}
      union select person_id from compliance_exemptions where org_id = ${orgId} and ${began(sql`starts_on`, sql`until`)}`,
  );
  return found.map((r) => r.personId);
}

/** Keeps the state the organisation's statuses were made in, and the day's counts for the trend. */
export async function saveState(tx: Db, orgId: string, day: string, snapshot: string, counts: Summary) {
  await tx
    .insert(statusState)
    .values({ orgId, day, snapshot, summary: counts })
    .onConflictDoUpdate({
      target: statusState.orgId,
      set: { day, snapshot, summary: counts, updatedAt: sql`now()` },
    });
  await keepDay(tx, orgId, day, counts, true);
}

/** Keeps a day's counts for the trend; `replace` false leaves a day already kept as it is. */
export async function keepDay(db: Db, orgId: string, day: string, counts: Summary, replace: boolean) {
  const insert = db.insert(statusSnapshots).values({ orgId, day, summary: counts });
  await (replace
    ? insert.onConflictDoUpdate({
        target: [statusSnapshots.orgId, statusSnapshots.day],
        set: { summary: counts },
      })
    : insert.onConflictDoNothing());
}

/**
 * How long an organisation's kept statuses may go without being brought up to date before they stop holding
 * change marks back: past it, one mark for the whole organisation stands in for every mark they had not seen
 * (so their next read recomputes them all, in the background when many), and those marks can go.
 */
export const IDLE_STATE = '10 minutes';

/** Kept statuses wholly out of date: a mark for their organisation or for everything that they did not see. */
const wholeOrganisationUnseen = anyUnseen(
  sql`c.person_id is null and (c.org_id is null or c.org_id = s.org_id)`,
);

/**
 * The oldest transaction id any snapshot still open may not have seen: what running transactions hold, and
 * what the oldest snapshot of any backend holds (a refresh that has not saved its state yet must still find
 * the marks written after its snapshot was taken). `age` counts back from the next id; one more for safety.
 */
const settledBefore = sql`least(pg_snapshot_xmin(pg_current_snapshot()),
  (pg_snapshot_xmax(pg_current_snapshot())::text::bigint
    - (select max(age(backend_xmin)) from pg_stat_activity
      where datname = current_database() and backend_xmin is not null) - 1)::text::xid8)`;

/**
 * Keeps the marks few whatever organisations are read (decision 006): kept statuses left idle for IDLE_STATE
 * with people's marks they did not see get one mark for their whole organisation instead; then the people's
 * marks every other organisation's state has seen are dropped, and the organisation-wide marks every state
 * has seen.
 */
export async function pruneMarks(db: Db) {
  await db.execute(
    sql`insert into compliance_changes (org_id)
      select s.org_id from compliance_status_state s
      where s.updated_at < now() - ${IDLE_STATE}::interval and not ${wholeOrganisationUnseen}
        and ${anyUnseen(sql`c.person_id is not null`)}`,
  );
  await db.delete(statusChanges).where(
    sql`${statusChanges.personId} is not null and ${statusChanges.xid} < least(${settledBefore},
      (select min(pg_snapshot_xmin(s.snapshot::pg_snapshot)) from compliance_status_state s
        where not ${wholeOrganisationUnseen}))`,
  );
  await db.delete(statusChanges).where(
    sql`${statusChanges.personId} is null and ${statusChanges.xid} < least(${settledBefore},
      (select min(pg_snapshot_xmin(snapshot::pg_snapshot)) from compliance_status_state))`,
  );
}

const freshnessOfRow = z.object({ summary, fresh: z.boolean(), updatedAt: z.string() });
/**
 * The kept counts, when they were made, and in one statement whether they are of `today` with nothing marked
 * since (for some people only: marks naming them, the organisation or everything). A data change commits with
 * its mark, so if every committed mark was already seen by the state's snapshot, so was every change.
 */
export function freshnessOf(db: Db, orgId: string, today: string, personIds?: readonly string[]) {
  const changed = personIds
    ? sql`${anyUnseen(sql`c.person_id = any(${arrayParam(personIds, 'uuid')})`)}
        or ${wholeOrganisationUnseen}`
    : sql`${anyUnseen(sql`c.person_id is not null`)} or ${wholeOrganisationUnseen}`;
  return checkedRow(
    db,
    freshnessOfRow,
    sql`select s.summary, ${isoTimestamp(sql`s.updated_at`)} as "updatedAt",
        s.day = ${today}::date and not (${changed}) as fresh
      from compliance_status_state s where s.org_id = ${orgId}`,
  );
}

/** The dashboard's counts on each day they were kept, up to `asOf`, for the last year. */
export function trend(db: Db, orgId: string, asOf: string) {
  const s = statusSnapshots;
  return db
    .select({ day: s.day, summary: sql<Summary>`${s.summary}` })
    .from(s)
    .where(and(eq(s.orgId, orgId), lte(s.day, asOf), gt(s.day, sql`${asOf}::date - 366`)))
    .orderBy(asc(s.day));
}
