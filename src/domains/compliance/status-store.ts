// Statuses as of a day: computed from the facts for any day; today's kept in compliance_statuses and brought up
// to date from the changes marked since, inline when few and by a background job when many (decisions 008, 020).

import type { StatusQuery } from '@contract/compliance/compliance.schemas.js';
import type { Database, Db } from '../../platform/db/client.js';
import { countPairs, type Filter, peopleAffected, peopleReached } from './population.repository.js';
import { organisationNames } from './reaching.repository.js';
import { requirementsOn } from './requirements.repository.js';
import { massachusettsDate } from './rules.js';
import { computeFor, recomputePeople } from './status-recompute.js';
import * as stateRepo from './status-state.repository.js';
import { type ProgramOf, type Summary, summarize } from './status-summary.js';
import * as kept from './statuses.repository.js';

/** Every person × requirement status at an organisation on a day, from the facts as they stood then. */
export async function computeStatuses(db: Db, orgId: string, asOf: string, filter: Filter = {}) {
  const requirements = await requirementsOn(db, orgId, asOf, filter.requirementIds);
  return computeFor(db, orgId, asOf, requirements, filter);
}

/**
 * A request brings an organisation's kept statuses up to date itself only when at most this many person ×
 * requirement pairs may have changed; past it they are recomputed in the background (decision 020).
 */
export const INLINE_PAIRS = 500;
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

type State = NonNullable<Awaited<ReturnType<typeof stateRepo.stateOf>>>;

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
    const requirements = await requirementsOn(db, orgId, day);
    const program = new Map(requirements.map((q) => [q.id, q.program]));
    return (id) => program.get(id);
  };

  /**
   * The people whose statuses may have changed since the state was made, or 'all': changes marked in
   * transactions its snapshot did not see, and what the days since then changed (a status's own next-change
   * day, roles and exemptions starting or ending; a contract starting or ending changes everything).
   */
  async function changedSince(tx: Db, orgId: string, was: State, today: string) {
    const marks = await stateRepo.markedSince(tx, orgId, was.snapshot);
    if (marks.some((m) => m.personId === null)) return 'all';
    const people = new Set(marks.map((m) => m.personId!));
    if (today === was.day) return people;
    if (await stateRepo.contractOrVersionBetween(tx, orgId, was.day, today)) return 'all';
    for (const d of await stateRepo.dueBetween(tx, orgId, was.day, today)) people.add(d);
    return people;
  }

  /**
   * Brings one organisation's statuses to today in one snapshot, and returns the dashboard's counts; or
   * null, having changed nothing, when more than `limit` pairs may have changed.
   */
  async function bringUpToDate(orgId: string, today: string, limit: number): Promise<Summary | null> {
    return database.system.transaction(
      async (tx) => {
        const was = await stateRepo.stateOf(tx, orgId);
        const snapshot = await stateRepo.currentSnapshot(tx);
        const changed = was && was.day <= today ? await changedSince(tx, orgId, was, today) : 'all';
        if (was && changed !== 'all' && changed.size === 0 && was.day === today) return was.summary;

        const requirements = await requirementsOn(tx, orgId, today);
        const all = !was || changed === 'all';
        // Of the people changed (anywhere), only those reached here or with a row kept here need recomputing.
        const people = all ? [] : await peopleAffected(tx, orgId, today, [...changed]);
        const pairs = all ? await countPairs(tx, orgId, today) : people.length * requirements.length;
        if (pairs > limit) return null;
        const program = new Map(requirements.map((q) => [q.id, q.program]));
        const common = { orgId, today, requirements, programOf: (id: string) => program.get(id), ...slicing };
        let summary: Summary;
        if (all) {
          await kept.deleteAllRows(tx, orgId);
          const reached = await peopleReached(tx, orgId, today);
          summary = await recomputePeople(tx, { ...common, people: reached, summary: {}, replacing: false });
          // So that one person's rows are found by the index straight after the table first fills (not after
          // a small build: analysing the whole table costs seconds).
          if (pairs > inlinePairs) await kept.analyzeStatuses(tx);
        } else {
          summary = await recomputePeople(tx, { ...common, people, summary: was.summary, replacing: true });
        }
        await stateRepo.saveState(tx, orgId, today, snapshot, summary);
        return summary;
      },
      { isolationLevel: 'repeatable read' },
    );
  }

  /**
   * The kept counts, when they were made, and whether they are today's with nothing changed since (for some
   * people only, if given).
   */
  const stateOf = (orgId: string, today: string, personIds?: readonly string[]) =>
    stateRepo.freshnessOf(database.system, orgId, today, personIds);

  async function refreshNow(orgId: string, today: string, limit: number) {
    const state = await stateOf(orgId, today);
    if (state?.fresh) return state.summary;
    // Reads answer from the rows as kept meanwhile, rather than wait behind a recompute of everything.
    if (limit === Number.POSITIVE_INFINITY) behind.set(orgId, Number.POSITIVE_INFINITY);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const summary = await bringUpToDate(orgId, today, limit);
          if (summary) await stateRepo.pruneMarks(database.system);
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

  /** Organisation names by id, read once for all the rows rather than once per row. */
  async function named<T extends kept.KeptRow>(found: T[]) {
    const ids = [...new Set(found.flatMap((r) => r.orgIds))];
    const names = new Map((await organisationNames(database.system, ids)).map((o) => [o.id, o.name]));
    return found.map(({ orgIds, ...r }) => ({
      ...r,
      organisations: orgIds.map((id) => names.get(id) ?? id).sort(),
    }));
  }

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
    async statusesAt(orgId: string, asOf: string, today: string, filter: Filter = {}) {
      if (asOf === today && filter.personIds && (await stateOf(orgId, today, filter.personIds))?.fresh)
        return named(await kept.keptRows(database.system, orgId, filter));
      if (asOf !== today || filter.personIds) return computeStatuses(database.system, orgId, asOf, filter);
      await refresh(orgId, today);
      return named(await kept.keptRows(database.system, orgId, filter));
    },

    /** Today's statuses as kept, filtered, sorted and paged in the database, and whether they are being updated. */
    async page(orgId: string, today: string, q: StatusQuery, page: { offset: number; limit: number }) {
      // One person's are asked for here only when the kept rows are up to date (the service looks first).
      const { updating, figuresAsOf } = q.personId
        ? { updating: false, figuresAsOf: new Date().toISOString() }
        : await current(orgId, today);
      const { rows, total } = await kept.keptPage(database.system, orgId, q, page);
      return { items: await named(rows), total, updating, figuresAsOf };
    },

    /** The dashboard's counts on each day they were kept, up to `asOf`, for the last year. */
    trend: (orgId: string, asOf: string) => stateRepo.trend(database.system, orgId, asOf),

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
      await stateRepo.keepDay(database.system, orgId, day, summarize(statuses, programOf), false);
    },
  };
}

export type StatusStore = ReturnType<typeof createStatusStore>;
