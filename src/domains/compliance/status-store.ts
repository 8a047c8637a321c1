// Statuses as of a day: computed from the facts for any day; today's kept in compliance_statuses and brought up
// to date from the changes marked since, inline when few and by a background job when many (decisions 008, 020).

import { STATUSES, type StatusQuery, type StatusRow } from '@contract/compliance/compliance.schemas.js';
import { type SQL, sql } from 'drizzle-orm';
import { arrayParam, type Database, type Db, isoTimestamp, rows } from '../../platform/db/client.js';
import * as repo from './compliance.repository.js';
import { massachusettsDate } from './rules.js';
import { computeFor, recomputePeople } from './status-recompute.js';
import { type ProgramOf, type Summary, summarize } from './status-summary.js';

/** Every person × requirement status at an organisation on a day, from the facts as they stood then. */
export async function computeStatuses(db: Db, orgId: string, asOf: string, filter: repo.Filter = {}) {
  const requirements = await repo.requirementsOn(db, orgId, asOf, filter.requirementIds);
  return computeFor(db, orgId, asOf, requirements, filter);
}

/**
 * A request brings an organisation's kept statuses up to date itself only when at most this many person ×
 * requirement pairs may have changed; past it they are recomputed in the background (decision 020).
 */
export const INLINE_PAIRS = 5_000;
/** After a read found the statuses too far behind, reads answer from them as kept for this long without looking again. */
const BEHIND_FOR_MS = 30_000;

/** Today's counts as kept, and whether they are being brought up to date. */
export interface Kept {
  summary: Summary;
  /** The kept figures are behind the facts (or not made yet) and are being recomputed in the background. */
  updating: boolean;
  /** When the figures were true (an ISO timestamp); null while they are being prepared for the first time. */
  figuresAsOf: string | null;
}

export interface StatusStoreOptions {
  /** Queues the background recompute of an organisation's statuses (once, however often it is asked). */
  recomputeLater?: (orgId: string) => Promise<unknown>;
  /** See INLINE_PAIRS. */
  inlinePairs?: number;
  /** People per slice of a recompute (status-recompute.ts). */
  slicePeople?: number;
}

interface State {
  day: string;
  snapshot: string;
  summary: Summary;
}

const SERIALIZATION_FAILURE = '40001';
const isSerializationFailure = (err: unknown) =>
  (err as { code?: string; cause?: { code?: string } }).code === SERIALIZATION_FAILURE ||
  (err as { cause?: { code?: string } }).cause?.code === SERIALIZATION_FAILURE;

export function createStatusStore(database: Database, options: StatusStoreOptions = {}) {
  const inlinePairs = options.inlinePairs ?? INLINE_PAIRS;
  const slicing = { slicePeople: options.slicePeople, pause: database.kind === 'postgres' };
  /** Organisations whose statuses a read found too far behind, until when reads need not look again. */
  const behind = new Map<string, number>();

  const programsOf = async (db: Db, orgId: string, day: string): Promise<ProgramOf> => {
    const requirements = await repo.requirementsOn(db, orgId, day);
    const program = new Map(requirements.map((q) => [q.id, q.program]));
    return (id) => program.get(id);
  };

  /**
   * The people whose statuses may have changed since the state was made, or 'all': changes marked in
   * transactions its snapshot did not see, and what the days since then changed (a status's own next-change
   * day, roles and exemptions starting or ending; a contract starting or ending changes everything).
   */
  async function changedSince(tx: Db, orgId: string, state: State, today: string) {
    const marks = await rows<{ personId: string | null }>(
      tx,
      sql`select distinct person_id as "personId" from compliance_changes
        where xid >= pg_snapshot_xmin(${state.snapshot}::pg_snapshot)
          and not pg_visible_in_snapshot(xid, ${state.snapshot}::pg_snapshot)
          and (person_id is not null or org_id is null or org_id = ${orgId})`,
    );
    if (marks.some((m) => m.personId === null)) return 'all';
    const people = new Set(marks.map((m) => m.personId!));
    if (today === state.day) return people;
    const from = state.day;
    const began = (starts: SQL, ends: SQL) =>
      sql`((${starts} > ${from}::date and ${starts} <= ${today}::date) or (${ends} >= ${from}::date and ${ends} < ${today}::date))`;
    const [contractOrVersion] = await rows(
      tx,
      sql`select 1 from org_relationships where kind = 'network_contract'
          and (org_id = ${orgId} or other_org_id = ${orgId}) and ${began(sql`starts_on`, sql`ends_on`)}
        union all select 1 from compliance_requirement_versions where org_id = ${orgId}
          and effective_from > ${from}::date and effective_from <= ${today}::date
        limit 1`,
    );
    if (contractOrVersion) return 'all';
    const due = await rows<{ personId: string }>(
      tx,
      sql`select person_id as "personId" from compliance_statuses where org_id = ${orgId} and changes_on <= ${today}::date
        union select person_id from person_roles where ${began(sql`starts_on`, sql`ends_on`)}
        union select person_id from compliance_exemptions where org_id = ${orgId} and ${began(sql`starts_on`, sql`until`)}`,
    );
    for (const d of due) people.add(d.personId);
    return people;
  }

  /**
   * Brings one organisation's statuses to today in one snapshot, and returns the dashboard's counts; or
   * null, having changed nothing, when more than `limit` pairs may have changed.
   */
  async function bringUpToDate(orgId: string, today: string, limit: number): Promise<Summary | null> {
    return database.system.transaction(
      async (tx) => {
        const [state] = await rows<State>(
          tx,
          sql`select day::text as day, snapshot, summary from compliance_status_state where org_id = ${orgId}`,
        );
        const [{ snapshot }] = (await rows<{ snapshot: string }>(
          tx,
          sql`select pg_current_snapshot()::text as snapshot`,
        )) as [{ snapshot: string }];
        const changed = state && state.day <= today ? await changedSince(tx, orgId, state, today) : 'all';
        if (state && changed !== 'all' && changed.size === 0 && state.day === today) return state.summary;

        const requirements = await repo.requirementsOn(tx, orgId, today);
        const all = !state || changed === 'all';
        // Of the people changed (anywhere), only those reached here or with a row kept here need recomputing.
        const people = all ? [] : await repo.peopleAffected(tx, orgId, today, [...changed]);
        const pairs = all ? await repo.countPairs(tx, orgId, today) : people.length * requirements.length;
        if (pairs > limit) return null;
        const program = new Map(requirements.map((q) => [q.id, q.program]));
        const common = { orgId, today, requirements, programOf: (id: string) => program.get(id), ...slicing };
        let summary: Summary;
        if (all) {
          await tx.execute(sql`delete from compliance_statuses where org_id = ${orgId}`);
          const reached = await repo.peopleReached(tx, orgId, today);
          summary = await recomputePeople(tx, { ...common, people: reached, summary: {}, replacing: false });
          // So that one person's rows are found by the index straight after the table first fills (not after
          // a small build: analysing the whole table costs seconds).
          if (pairs > inlinePairs) await tx.execute(sql`analyze compliance_statuses`);
        } else {
          summary = await recomputePeople(tx, { ...common, people, summary: state.summary, replacing: true });
        }
        const json = JSON.stringify(summary);
        await tx.execute(
          sql`insert into compliance_status_state (org_id, day, snapshot, summary)
            values (${orgId}, ${today}, ${snapshot}, ${json}::jsonb)
            on conflict (org_id) do update set day = excluded.day, snapshot = excluded.snapshot,
              summary = excluded.summary, updated_at = now()`,
        );
        await tx.execute(
          sql`insert into compliance_status_snapshots (org_id, day, summary) values (${orgId}, ${today}, ${json}::jsonb)
            on conflict (org_id, day) do update set summary = excluded.summary`,
        );
        return summary;
      },
      { isolationLevel: 'repeatable read' },
    );
  }

  /** Marks every organisation's state has seen are no longer needed. */
  const prune = () =>
    database.system.execute(
      sql`delete from compliance_changes
        where xid < (select min(pg_snapshot_xmin(snapshot::pg_snapshot)) from compliance_status_state)`,
    );

  /**
   * The kept counts, when they were made, and in one statement whether they are today's with nothing changed
   * since: a data change commits with its mark, so if every committed mark was already seen by the state's
   * snapshot, so was every change.
   */
  async function stateOf(orgId: string, today: string, personIds?: readonly string[]) {
    // Every mark before the snapshot's xmin is visible to it: only the later ones need looking at.
    const unseen = (where: SQL) =>
      sql`exists (select 1 from compliance_changes c where ${where} and c.xid >= pg_snapshot_xmin(s.snapshot::pg_snapshot)
        and not pg_visible_in_snapshot(c.xid, s.snapshot::pg_snapshot))`;
    // For some people only: marks naming them, or the organisation, or everything (decision 020).
    const changed = personIds
      ? sql`${unseen(sql`c.person_id = any(${arrayParam(personIds, 'uuid')})`)}
          or ${unseen(sql`c.person_id is null and (c.org_id is null or c.org_id = s.org_id)`)}`
      : unseen(sql`(c.person_id is not null or c.org_id is null or c.org_id = s.org_id)`);
    const [state] = await rows<{ summary: Summary; fresh: boolean; updatedAt: string }>(
      database.system,
      sql`select s.summary, ${isoTimestamp(sql`s.updated_at`)} as "updatedAt",
          s.day = ${today}::date and not (${changed}) as fresh
        from compliance_status_state s where s.org_id = ${orgId}`,
    );
    return state;
  }

  async function refreshNow(orgId: string, today: string, limit: number) {
    const state = await stateOf(orgId, today);
    if (state?.fresh) return state.summary;
    // Reads answer from the rows as kept meanwhile, rather than wait behind a recompute of everything.
    if (limit === Number.POSITIVE_INFINITY) behind.set(orgId, Number.POSITIVE_INFINITY);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const summary = await bringUpToDate(orgId, today, limit);
          if (summary) await prune();
          return summary;
        } catch (err) {
          // Another process brought the same organisation up to date at the same moment: start again.
          if (attempt >= 3 || !isSerializationFailure(err)) throw err;
        }
      }
    } finally {
      if (behind.get(orgId) === Number.POSITIVE_INFINITY) behind.delete(orgId);
    }
  }

  /** Each organisation's last refresh started or queued, and the refresh of each limit waiting to start. */
  const last = new Map<string, Promise<unknown>>();
  const waiting = new Map<string, { today: string; summary: Promise<Summary | null> }>();

  /**
   * One refresh at a time per organisation in this process. Callers arriving while one runs wait for the
   * next (the running one's snapshot may predate their change), and all of them with the same limit share
   * that next one: under load, a plan's dashboard, statuses and every "what I owe" would otherwise queue a
   * refresh each, in turn.
   */
  function refreshUpTo(orgId: string, today: string, limit: number): Promise<Summary | null> {
    const key = `${orgId}|${limit}`;
    const queued = waiting.get(key);
    if (queued?.today === today) return queued.summary;
    const previous = last.get(orgId);
    const summary: Promise<Summary | null> = previous
      ? previous
          .catch(() => {})
          .then(() => {
            if (waiting.get(key)?.summary === summary) waiting.delete(key);
            return refreshNow(orgId, today, limit);
          })
      : refreshNow(orgId, today, limit);
    if (previous) waiting.set(key, { today, summary });
    last.set(orgId, summary);
    void summary
      .finally(() => {
        if (last.get(orgId) === summary) last.delete(orgId);
      })
      .catch(() => {});
    return summary;
  }

  /** Brings an organisation's kept statuses to today, however many changed (a job's, or a command's). */
  const refresh = (orgId: string, today: string) =>
    refreshUpTo(orgId, today, Number.POSITIVE_INFINITY) as Promise<Summary>;

  /** Without a job queue (a command, a test of the store alone), the recompute runs here, unawaited. */
  const recomputeLater =
    options.recomputeLater ??
    (async (orgId: string) => {
      void refresh(orgId, massachusettsDate(new Date())).catch(() => {});
    });

  /**
   * Today's counts for a request: up to date, brought up to date here when few pairs changed, or else as kept
   * while a background job recomputes them (decision 020). A request never pays for a large recompute.
   */
  async function current(orgId: string, today: string): Promise<Kept> {
    const state = await stateOf(orgId, today);
    const now = () => new Date().toISOString();
    if (state?.fresh) return { summary: state.summary, updating: false, figuresAsOf: now() };
    if ((behind.get(orgId) ?? 0) <= Date.now()) {
      const summary = await refreshUpTo(orgId, today, inlinePairs);
      if (summary) return { summary, updating: false, figuresAsOf: now() };
      if (behind.get(orgId) !== Number.POSITIVE_INFINITY) behind.set(orgId, Date.now() + BEHIND_FOR_MS);
      await recomputeLater(orgId);
    }
    return { summary: state?.summary ?? {}, updating: true, figuresAsOf: state?.updatedAt ?? null };
  }

  const statusSelect = (orgId: string, where: SQL[], tail: SQL = sql``) =>
    sql`select s.requirement_id as "requirementId", q.code as "requirementCode", q.title as "requirementTitle",
        s.person_id as "personId", p.given_name || ' ' || p.family_name as name, p.email, s.roles,
        s.org_ids as "orgIds", s.status, s.due_on::text as "dueOn", s.valid_until::text as "validUntil", s.satisfied_by as "satisfiedBy",
        s.explanation ${tail}
      from compliance_statuses s join compliance_requirements q on q.id = s.requirement_id
        join people p on p.id = s.person_id
      where ${sql.join([sql`s.org_id = ${orgId}`, ...where], sql` and `)}`;

  const filterSql = (filter: repo.Filter) => [
    ...(filter.requirementIds
      ? [sql`s.requirement_id = any(${arrayParam(filter.requirementIds, 'uuid')})`]
      : []),
    ...(filter.personIds ? [sql`s.person_id = any(${arrayParam(filter.personIds, 'uuid')})`] : []),
  ];

  type KeptRow = Omit<StatusRow, 'organisations'> & { orgIds: string[] };

  /** Organisation names by id, read once for all the rows rather than once per row. */
  async function named<T extends KeptRow>(found: T[]) {
    const ids = [...new Set(found.flatMap((r) => r.orgIds))];
    const names = new Map((await repo.organisationNames(database.system, ids)).map((o) => [o.id, o.name]));
    return found.map(({ orgIds, ...r }) => ({
      ...r,
      organisations: orgIds.map((id) => names.get(id) ?? id).sort(),
    }));
  }

  const SORT_SQL: Record<string, SQL> = {
    name: sql`lower(p.given_name || ' ' || p.family_name)`,
    dueOn: sql`s.due_on`,
    status: sql`array_position(${arrayParam(STATUSES, 'text')}, s.status)`,
    requirement: sql`lower(q.code)`,
  };

  return {
    refresh,
    current,

    /**
     * Whether some people's kept statuses are up to date: kept today, and nothing marked since about them, the
     * organisation or everything (so theirs may be read from the kept rows, whatever others' are).
     */
    keptIsCurrent: async (orgId: string, today: string, personIds: readonly string[]) =>
      Boolean((await stateOf(orgId, today, personIds))?.fresh),

    /**
     * Statuses at an organisation on a day: today's for everyone as kept (brought up to date first, however
     * long that takes: for the organisation's own jobs). Some people's today are read from the kept rows if
     * those are up to date, and otherwise computed from the facts for those people alone, as another day's are.
     */
    async statusesAt(orgId: string, asOf: string, today: string, filter: repo.Filter = {}) {
      if (asOf === today && filter.personIds && (await stateOf(orgId, today, filter.personIds))?.fresh)
        return named(await rows<KeptRow>(database.system, statusSelect(orgId, filterSql(filter))));
      if (asOf !== today || filter.personIds) return computeStatuses(database.system, orgId, asOf, filter);
      await refresh(orgId, today);
      return named(await rows<KeptRow>(database.system, statusSelect(orgId, filterSql(filter))));
    },

    /** Today's statuses as kept, filtered, sorted and paged in the database, and whether they are being updated. */
    async page(orgId: string, today: string, q: StatusQuery, page: { offset: number; limit: number }) {
      // One person's are asked for here only when the kept rows are up to date (the service looks first).
      const { updating, figuresAsOf } = q.personId
        ? { updating: false, figuresAsOf: new Date().toISOString() }
        : await current(orgId, today);
      const where = [
        ...filterSql({
          requirementIds: q.requirementId ? [q.requirementId] : undefined,
          personIds: q.personId ? [q.personId] : undefined,
        }),
        ...(q.status ? [sql`s.status = ${q.status}`] : []),
        ...(q.role ? [sql`${q.role} = any(s.roles)`] : []),
        ...(q.organisationId ? [sql`${q.organisationId}::uuid = any(s.org_ids)`] : []),
        ...(q.team ? [sql`${q.team} = any(s.teams)`] : []),
        ...(q.program ? [sql`q.program = ${q.program}`] : []),
        ...(q.q
          ? [
              sql`(position(lower(${q.q}) in lower(p.given_name || ' ' || p.family_name)) > 0
                or position(lower(${q.q}) in lower(p.email)) > 0)`,
            ]
          : []),
      ];
      const dir = sql.raw(q.dir === 'desc' ? 'desc' : 'asc');
      const found = await rows<KeptRow & { total: number }>(
        database.system,
        sql`${statusSelect(orgId, where, sql`, count(*) over () as total`)}
          order by ${SORT_SQL[q.sort ?? 'status']} ${dir} nulls last, ${SORT_SQL.name} ${dir}, ${SORT_SQL.requirement} ${dir}
          limit ${page.limit} offset ${page.offset}`,
      );
      let total = Number(found[0]?.total ?? 0);
      if (!found.length && page.offset > 0) {
        const [counted] = await rows<{ total: number }>(
          database.system,
          sql`select count(*)::int as total from (${statusSelect(orgId, where)}) x`,
        );
        total = counted?.total ?? 0;
      }
      return { items: await named(found.map(({ total: _, ...row }) => row)), total, updating, figuresAsOf };
    },

    /** The dashboard's counts on each day they were kept, up to `asOf`, for the last year. */
    trend(orgId: string, asOf: string) {
      return rows<{ day: string; summary: Summary }>(
        database.system,
        sql`select day::text as day, summary from compliance_status_snapshots
          where org_id = ${orgId} and day <= ${asOf}::date and day > ${asOf}::date - 366 order by day`,
      );
    },

    programsOf: (orgId: string, day: string) => programsOf(database.system, orgId, day),

    /**
     * Adds a past day to the trend, computed from the facts as they stood (for a new installation's history;
     * a day already kept is left as it is).
     */
    async keepPastDay(orgId: string, day: string) {
      const [statuses, programOf] = await Promise.all([
        computeStatuses(database.system, orgId, day),
        programsOf(database.system, orgId, day),
      ]);
      await database.system.execute(
        sql`insert into compliance_status_snapshots (org_id, day, summary)
          values (${orgId}, ${day}, ${JSON.stringify(summarize(statuses, programOf))}::jsonb)
          on conflict (org_id, day) do nothing`,
      );
    },
  };
}

export type StatusStore = ReturnType<typeof createStatusStore>;
