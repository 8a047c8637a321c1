// The dashboard of an organisation on a day, and what the organisations it contracts with require of its
// people (decision 025): today's from kept counts and rows, another day's from statuses computed for it.

import {
  type Basis,
  type DashboardView,
  STATUSES,
  type StatusQuery,
} from '@contract/compliance/compliance.schemas.js';
import { type Actor, scopeOf } from '../../platform/auth/actor.js';
import type { Database } from '../../platform/db/client.js';
import type { Filter } from './population.repository.js';
import { type createReaching, requiredByView } from './reaching.js';
import { organisationNames } from './reaching.repository.js';
import { requirementsOn } from './requirements.repository.js';
import { filterAndSort } from './status-filter.js';
import { computeStatuses, type StatusStore } from './status-store.js';
import { emptyCounts, groupsOf, rateOf, summarize, viewOf } from './status-summary.js';

export function createDashboards(deps: {
  database: Database;
  store: StatusStore;
  reaching: ReturnType<typeof createReaching>;
  today: () => string;
  /** What a day's statuses are computed from (decision 027). */
  knowing: (asOf: string, basis: Basis) => Filter;
}) {
  const { database, store, reaching, today, knowing } = deps;
  const nameOf = async (orgId: string) =>
    (await organisationNames(database.system, [orgId]))[0]?.name ?? orgId;

  /** The older of two "figures as of" times (compared as instants; they are written to different precisions); null while either is prepared. */
  const olderOf = (a: string | null, b: string | null) =>
    a === null || b === null ? null : Date.parse(a) <= Date.parse(b) ? a : b;

  /** The dashboard for a day: today's from the kept counts, another day's counted from its statuses. */
  async function dashboardOf(
    actor: Actor,
    orgId: string,
    asOf: string,
    basis: Basis,
  ): Promise<DashboardView> {
    const isToday = asOf === today();
    const [requirements, { summary, updating, figuresAsOf }, reachingReqs] = await Promise.all([
      requirementsOn(database.system, orgId, asOf),
      isToday
        ? store.current(orgId, asOf)
        : Promise.all([
            computeStatuses(database.system, orgId, asOf, knowing(asOf, basis)),
            store.programsOf(orgId, asOf),
          ]).then(([rows, programOf]) => ({
            summary: summarize(rows, programOf),
            updating: false,
            figuresAsOf: new Date().toISOString(),
          })),
      reaching.requirementsOf(orgId, asOf),
    ]);
    const others = await requiredByOthers(actor, orgId, asOf, basis, reachingReqs);
    // Read after the refresh, which keeps today's counts: today is the trend's last day.
    const trend = await store.trend(orgId, asOf);
    const organisations = groupsOf(summary, 'organisation');
    const names = new Map(
      (
        await organisationNames(
          database.system,
          organisations.map((g) => g.key),
        )
      ).map((o) => [o.id, o.name] as const),
    );
    const own = viewOf(summary.all);
    // What others require of the organisation's people counts in its headline, each person once.
    const total = emptyCounts();
    for (const s of STATUSES)
      total[s] = own.counts[s] + others.requiredBy.reduce((n, o) => n + o.counts[s], 0);
    return {
      asOf,
      basis,
      updating: updating || others.updating,
      figuresAsOf: others.requiredBy.length ? olderOf(figuresAsOf, others.figuresAsOf) : figuresAsOf,
      people: others.requiredBy.length ? others.people : own.people,
      total,
      rate: rateOf(total),
      requiredBy: others.requiredBy,
      requirements: requirements.map((q) => ({
        id: q.id,
        code: q.code,
        title: q.title,
        program: q.program,
        ...viewOf(summary[`requirement:${q.id}`]),
      })),
      roles: groupsOf(summary, 'role').map(({ key, ...g }) => ({ role: key, ...g })),
      organisations: organisations
        .map(({ key, ...g }) => ({ id: key, name: names.get(key) ?? key, ...g }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      programs: groupsOf(summary, 'program').map(({ key, ...g }) => ({ program: key, ...g })),
      teams: groupsOf(summary, 'team').map(({ key, ...g }) => ({ team: key, ...g })),
      trend: trend.map((t) => ({ day: t.day, ...viewOf(t.summary.all) })),
    };
  }

  /** The dashboard's part for the requirements of organisations under a network contract with this one. */
  async function requiredByOthers(
    actor: Actor,
    orgId: string,
    asOf: string,
    basis: Basis,
    reqs: Awaited<ReturnType<typeof reaching.requirementsOf>>,
  ) {
    const now = new Date().toISOString();
    if (!reqs.length) return { requiredBy: [], people: 0, updating: false, figuresAsOf: now };
    // The requiring organisations' kept statuses are brought up to date first, as their own reads would.
    const fresh =
      asOf === today() ? await reaching.freshness(reqs, asOf) : { updating: false, figuresAsOf: now };
    const counts = await reaching.counts(
      orgId,
      await nameOf(orgId),
      scopeOf(actor),
      reqs,
      asOf,
      today(),
      () => computeStatuses(database.system, orgId, asOf, knowing(asOf, basis)),
      knowing(asOf, basis),
    );
    const everyone = counts.find((c) => c.orgId === null && c.requirementId === null && c.status === null);
    return { requiredBy: requiredByView(reqs, counts), people: everyone?.people ?? 0, ...fresh };
  }

  /**
   * The statuses other organisations' network requirements give the organisation's own people: today's read
   * from their kept rows in the organisation's scope, another day's computed for its people alone.
   */
  async function requiredOfPeople(
    actor: Actor,
    orgId: string,
    q: StatusQuery,
    page: { offset: number; limit: number },
  ) {
    const asOf = q.asOf ?? today();
    const reqs = await reaching.requirementsOf(orgId, asOf, q.requiredBy);
    // Most organisations' people are reached by nobody else's requirements: nothing more to ask.
    if (!reqs.length) return { items: [], total: 0, updating: false, figuresAsOf: new Date().toISOString() };
    const name = await nameOf(orgId);
    if (asOf === today()) return reaching.page(orgId, name, scopeOf(actor), reqs, asOf, q, page);
    const computed = await reaching.computed(orgId, name, reqs, asOf, {
      personIds: q.personId ? [q.personId] : undefined,
      ...knowing(asOf, q.basis),
    });
    const program = new Map(reqs.map((r) => [r.id, r.program]));
    const rows = filterAndSort(
      computed
        .filter((r) => !q.requirementId || r.requirementId === q.requirementId)
        .map((r) => ({ ...r, orgIds: [orgId] })),
      q,
      (id) => program.get(id),
    ).map(({ orgIds: _, teams: __, ...r }) => r);
    return {
      items: rows.slice(page.offset, page.offset + page.limit),
      total: rows.length,
      updating: false,
      figuresAsOf: new Date().toISOString(),
    };
  }

  return { dashboardOf, requiredOfPeople };
}
