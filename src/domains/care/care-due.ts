// Kept work queue items (decision 055). A caseload's items are read as kept; an enrollee whose kept row is
// not current for today (a change since, or computed another day) is computed from its facts in the request,
// which is never more than the caseloads asked for, and a refresh job is queued for its organisation. The job
// brings every enrollee of the organisation up to date in batches, then queues itself for the next morning.
import type { CareRule } from '@contract/care/rules.schemas.js';
import { addDays } from '@contract/iso-days.js';
import { massachusettsInstant, massachusettsToday } from '@contract/massachusetts-day.js';
import type { Database, Db } from '../../platform/db/client.js';
import type { JobQueue } from '../../platform/jobs/queue.js';
import * as dueRepo from './care-due.repository.js';
import * as repo from './care-work.repository.js';
import { type QueueItem, queueItems } from './work-queue.js';
import { dueOf, factsOf } from './work-queue-rows.js';

export const DUE_REFRESH_JOB = 'care.due.refresh';
export const DUE_NIGHTLY_JOB = 'care.due.nightly';
declare module '../../platform/jobs/queue.js' {
  interface JobKinds {
    /** Brings an organisation's kept work queue items up to date for today, now. */
    [DUE_REFRESH_JOB]: Record<string, never>;
    /** The same, early each morning (tomorrow's items differ from today's: overdue flags, items that join). */
    [DUE_NIGHTLY_JOB]: Record<string, never>;
  }
}

/** A caseload row with its items for the day. */
export type CaseloadRow = Omit<dueRepo.KeptRow, 'items' | 'current'> & { items: QueueItem[] };

const BATCH = 1_000;

export function createDueKeeper({
  database,
  jobs,
  rules,
}: {
  database: Database;
  jobs: JobQueue;
  rules: () => Promise<CareRule[]>;
}) {
  /**
   * Queues a refresh for each organisation, unless one is waiting. Called after the caller's scope is left
   * (on PGlite the scope holds the only connection).
   */
  const refreshLater = (orgIds: Iterable<string>, kind = DUE_REFRESH_JOB, runAt?: Date) =>
    database.system.transaction(async (tx) => {
      for (const orgId of orgIds)
        await jobs.enqueueOnce(tx as unknown as Db, {
          orgId,
          kind,
          payload: {},
          maxAttempts: 2,
          ...(runAt ? { runAt } : {}),
        });
    });

  /**
   * The caseloads of these coordinators on `day` as kept, each row not current with its items computed now
   * from its facts, and the organisations whose kept items want a refresh (for `refreshLater` once the
   * caller's scope is left). Run in the caller's scope; the rules are loaded before it (on PGlite the scope
   * holds the only connection).
   */
  async function read(
    db: Db,
    coordinatorIds: readonly string[],
    day: string,
    all: CareRule[],
    items: boolean,
  ) {
    const kept = await dueRepo.keptCaseloads(db, coordinatorIds, day, { items });
    const stale = kept.filter((r) => !r.current);
    const computed = new Map<string, QueueItem[]>();
    if (stale.length)
      for (const f of await repo.enrolleesFacts(db, [...new Set(stale.map((r) => r.enrolleeId))]))
        computed.set(f.enrolleeId, queueItems(factsOf(f, all), day));
    return { kept, computed, staleOrgIds: new Set(stale.map((r) => r.orgId)) };
  }

  /** The caseloads with every enrollee's items (kept, or computed now where the kept ones are not current). */
  async function caseloads(db: Db, coordinatorIds: readonly string[], day: string, all: CareRule[]) {
    const { kept, computed, staleOrgIds } = await read(db, coordinatorIds, day, all, true);
    const rows: CaseloadRow[] = kept.map(({ items, current: _current, ...r }) => ({
      ...r,
      items: (items as QueueItem[] | null) ?? computed.get(r.enrolleeId) ?? [],
    }));
    return { rows, staleOrgIds };
  }

  /** The same, each enrollee with only the kinds of its items and whether one is overdue. */
  async function caseloadKinds(db: Db, coordinatorIds: readonly string[], day: string, all: CareRule[]) {
    const { kept, computed, staleOrgIds } = await read(db, coordinatorIds, day, all, false);
    const rows = kept.map((r) => {
      const now = computed.get(r.enrolleeId);
      const due = r.current || !now ? { kinds: r.kinds, overdue: r.overdue } : dueOf(now);
      return { coordinatorId: r.coordinatorId, enrolleeId: r.enrolleeId, ...due };
    });
    return { rows, staleOrgIds };
  }

  /** Brings the organisation's kept items up to date for `day`; returns how many were computed and kept. */
  async function refresh(orgId: string, day: string, onProgress?: (done: number) => Promise<void>) {
    const db = database.system;
    const all = await rules();
    let after = '00000000-0000-0000-0000-000000000000';
    let computed = 0;
    let kept = 0;
    for (;;) {
      const stale = await dueRepo.staleDue(db, orgId, day, after, BATCH);
      if (stale.length === 0) break;
      after = stale.at(-1)!.enrolleeId;
      const changed = new Map(stale.map((s) => [s.enrolleeId, s.changed]));
      const facts = await repo.enrolleesFacts(
        db,
        stale.map((s) => s.enrolleeId),
      );
      const rows = facts.map((f) => {
        const items = queueItems(factsOf(f, all), day);
        return { enrolleeId: f.enrolleeId, changed: changed.get(f.enrolleeId)!, items, ...dueOf(items) };
      });
      kept += await dueRepo.keepDue(db, orgId, day, rows);
      computed += rows.length;
      await onProgress?.(computed);
    }
    return { computed, kept };
  }

  const run = async (job: { orgId: string }, ctx: { progress(done: number, total: null): Promise<void> }) => {
    const day = massachusettsToday();
    const { computed, kept } = await refresh(job.orgId, day, (done) => ctx.progress(done, null));
    await refreshLater([job.orgId], DUE_NIGHTLY_JOB, massachusettsInstant(addDays(day, 1), '00:10'));
    return { computed, kept, message: `Work queue items kept for ${kept} of ${computed} enrollees` };
  };
  jobs.register(DUE_REFRESH_JOB, run);
  jobs.register(DUE_NIGHTLY_JOB, run);

  return { caseloads, caseloadKinds, refreshLater };
}

export type DueKeeper = ReturnType<typeof createDueKeeper>;
