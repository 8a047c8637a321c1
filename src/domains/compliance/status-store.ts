// Statuses as of a day: computed from the facts for any day, and for today kept in compliance_statuses and
// brought up to date before each read from the changes marked since (decision 008).
import { type SQL, sql } from 'drizzle-orm';
import { arrayParam, type Database, type Db, rows } from '../../platform/db/client.js';
import * as repo from './compliance.repository.js';
import { STATUSES, type StatusQuery, type StatusRow } from './compliance.schemas.js';
import { evaluateAll } from './evaluation.js';
import { type ProgramOf, replacePeople, type Summary, type SummaryRow, summarize } from './status-summary.js';

/** Every person × requirement status at an organisation on a day, from the facts as they stood then. */
export async function computeStatuses(db: Db, orgId: string, asOf: string, filter: repo.Filter = {}) {
  // One after another: `db` may be a transaction, whose one connection takes one query at a time.
  const requirements = await repo.requirementsOn(db, orgId, asOf, filter.requirementIds);
  const population = await repo.loadPopulation(db, orgId, asOf, filter);
  const satisfiers = await repo.loadSatisfiers(db, orgId, asOf, filter);
  const exemptions = await repo.loadExemptions(db, orgId, asOf, filter.personIds);
  return evaluateAll(requirements, population, satisfiers, exemptions, asOf);
}

/** When more people than this changed at once, everything is recomputed instead. */
const RECOMPUTE_ALL_ABOVE = 20_000;
const INSERT_CHUNK = 5_000;

interface State {
  day: string;
  snapshot: string;
  summary: Summary;
}

const SERIALIZATION_FAILURE = '40001';
const isSerializationFailure = (err: unknown) =>
  (err as { code?: string; cause?: { code?: string } }).code === SERIALIZATION_FAILURE ||
  (err as { cause?: { code?: string } }).cause?.code === SERIALIZATION_FAILURE;

export function createStatusStore(database: Database) {
  /** Each organisation's refresh in progress, and the one that will run after it. */
  const running = new Map<string, Promise<Summary>>();
  const waiting = new Map<string, { today: string; summary: Promise<Summary> }>();

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
        where not pg_visible_in_snapshot(xid, ${state.snapshot}::pg_snapshot)
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

  async function insertRows(tx: Db, orgId: string, statuses: ReturnType<typeof evaluateAll>) {
    for (let i = 0; i < statuses.length; i += INSERT_CHUNK) {
      const chunk = statuses.slice(i, i + INSERT_CHUNK).map((r) => ({
        r: r.requirementId,
        p: r.personId,
        s: r.status,
        d: r.dueOn,
        v: r.validUntil,
        b: r.satisfiedBy,
        e: r.explanation,
        c: r.changesOn,
        roles: r.roles,
        orgs: r.orgIds,
        teams: r.teams,
      }));
      await tx.execute(
        sql`insert into compliance_statuses (org_id, requirement_id, person_id, status, due_on, valid_until,
            satisfied_by, explanation, changes_on, roles, org_ids, teams)
          select ${orgId}, x.r, x.p, x.s, x.d, x.v, x.b, x.e, x.c, x.roles, x.orgs, x.teams
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(r uuid, p uuid, s text, d date, v date,
            b uuid, e text, c date, roles text[], orgs uuid[], teams text[])`,
      );
    }
  }

  /** Brings one organisation's statuses to today in one snapshot, and returns the dashboard's counts. */
  async function bringUpToDate(orgId: string, today: string): Promise<Summary> {
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

        const programOf = await programsOf(tx, orgId, today);
        let summary: Summary;
        if (!state || changed === 'all' || changed.size > RECOMPUTE_ALL_ABOVE) {
          await tx.execute(sql`delete from compliance_statuses where org_id = ${orgId}`);
          const statuses = await computeStatuses(tx, orgId, today);
          await insertRows(tx, orgId, statuses);
          // So that one person's rows are found by the index straight after the table first fills.
          await tx.execute(sql`analyze compliance_statuses`);
          summary = summarize(statuses, programOf);
        } else {
          const people = [...changed];
          const before = await rows<SummaryRow>(
            tx,
            sql`delete from compliance_statuses where org_id = ${orgId} and person_id = any(${arrayParam(people, 'uuid')})
              returning person_id as "personId", requirement_id as "requirementId", status, roles, org_ids as "orgIds", teams`,
          );
          const after = people.length ? await computeStatuses(tx, orgId, today, { personIds: people }) : [];
          await insertRows(tx, orgId, after);
          summary = replacePeople(state.summary, before, after, programOf);
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
   * Today's counts in one statement when nothing has changed: a data change commits with its mark, so if
   * every committed mark was already seen by the state's snapshot, so was every change.
   */
  async function unchanged(orgId: string, today: string) {
    const [state] = await rows<{ summary: Summary; fresh: boolean }>(
      database.system,
      sql`select s.summary, s.day = ${today}::date and not exists (
          select 1 from compliance_changes c where not pg_visible_in_snapshot(c.xid, s.snapshot::pg_snapshot)
            and (c.person_id is not null or c.org_id is null or c.org_id = s.org_id)) as fresh
        from compliance_status_state s where s.org_id = ${orgId}`,
    );
    return state?.fresh ? state.summary : null;
  }

  async function refreshNow(orgId: string, today: string) {
    const summary = await unchanged(orgId, today);
    if (summary) return summary;
    for (let attempt = 1; ; attempt++) {
      try {
        const summary = await bringUpToDate(orgId, today);
        await prune();
        return summary;
      } catch (err) {
        // Another process brought the same organisation up to date at the same moment: start again.
        if (attempt >= 3 || !isSerializationFailure(err)) throw err;
      }
    }
  }

  /**
   * One refresh at a time per organisation in this process. Callers arriving while one runs wait for the
   * next (the running one's snapshot may predate their change), and all of them share that next one: under
   * load, a plan's dashboard, statuses and every "what I owe" would otherwise queue a refresh each, in turn.
   */
  function refresh(orgId: string, today: string): Promise<Summary> {
    const queued = waiting.get(orgId);
    if (queued?.today === today) return queued.summary;
    const previous = queued?.summary ?? running.get(orgId);
    const started = (summary: Promise<Summary>) => {
      running.set(orgId, summary);
      void summary
        .finally(() => {
          if (running.get(orgId) === summary) running.delete(orgId);
        })
        .catch(() => {});
      return summary;
    };
    if (!previous) return started(refreshNow(orgId, today));
    const next: Promise<Summary> = previous
      .catch(() => {})
      .then(() => {
        if (waiting.get(orgId)?.summary === next) waiting.delete(orgId);
        return started(refreshNow(orgId, today));
      });
    waiting.set(orgId, { today, summary: next });
    return next;
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

    /** Statuses at an organisation on a day: today's as kept, any other day's computed. */
    async statusesAt(orgId: string, asOf: string, today: string, filter: repo.Filter = {}) {
      if (asOf !== today) return computeStatuses(database.system, orgId, asOf, filter);
      await refresh(orgId, today);
      return named(await rows<KeptRow>(database.system, statusSelect(orgId, filterSql(filter))));
    },

    /** Today's statuses filtered, sorted and paged in the database. */
    async page(orgId: string, today: string, q: StatusQuery, page: { offset: number; limit: number }) {
      await refresh(orgId, today);
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
      return { items: await named(found.map(({ total: _, ...row }) => row)), total };
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
