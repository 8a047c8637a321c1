// What the organisations an organisation contracts with require of its own people (decision 025): a
// provider's view of the plans' network requirements, read from the plans' kept statuses for today, filtered
// to the provider's people in its own scope (row-level security lets it read only rows naming it), and
// computed from the facts for those people alone for another day.

import type { StatusQuery, StatusRow } from '@contract/compliance/compliance.schemas.js';
import type { Database } from '../../platform/db/client.js';
import { withReadScope } from '../../platform/db/scope.js';
import type { Filter } from './population.repository.js';
import type { ReachedCount, ReachingRequirement } from './reaching.repository.js';
import * as reach from './reaching.repository.js';
import { computeStatuses, type StatusStore } from './status-store.js';
import { emptyCounts, rateOf } from './status-summary.js';

type Scope = { orgIds: string[]; personId: string | null };
/** A status another organisation's requirement sets, with who sets it. */
export type ReachedStatus = StatusRow & { requiredBy: { id: string; name: string } };

export function createReaching(database: Database, store: StatusStore) {
  const requirementsOf = (orgId: string, day: string, requiredBy?: string) =>
    reach
      .reachingRequirements(database.system, orgId, day)
      .then((all) =>
        requiredBy && requiredBy !== 'others' ? all.filter((q) => q.orgId === requiredBy) : all,
      );

  /** Brings the requiring organisations' kept statuses up to date as their own reads would (decision 020). */
  async function freshness(reqs: readonly ReachingRequirement[], today: string) {
    const kept = await Promise.all(
      [...new Set(reqs.map((q) => q.orgId))].map((o) => store.current(o, today)),
    );
    const asOf = kept.map((k) => k.figuresAsOf).filter((x): x is string => x !== null);
    return {
      updating: kept.some((k) => k.updating),
      figuresAsOf: kept.some((k) => k.figuresAsOf === null)
        ? null
        : (asOf.sort()[0] ?? new Date().toISOString()),
    };
  }

  /** Another day's statuses, computed for the organisation's people then, as its own view trims them. */
  async function computed(
    orgId: string,
    orgName: string,
    reqs: readonly ReachingRequirement[],
    day: string,
    filter: Filter = {},
  ) {
    const held = new Map((await reach.rolesHeldAt(database.system, orgId, day)).map((h) => [h.personId, h]));
    const personIds = (filter.personIds ?? [...held.keys()]).filter((id) => held.has(id));
    if (!personIds.length) return [];
    const names = new Map(reqs.map((q) => [q.orgId, q.orgName]));
    const found = await Promise.all(
      [...names.keys()].map(async (requiring) => {
        const requirementIds = reqs.filter((q) => q.orgId === requiring).map((q) => q.id);
        const rows = await computeStatuses(database.system, requiring, day, {
          ...filter,
          requirementIds,
          personIds,
        });
        return rows
          .filter((r) => r.orgIds.includes(orgId))
          .map(({ changesOn: _, orgIds: __, teams: ___, ...r }) => ({
            ...r,
            roles: held.get(r.personId)!.roles,
            teams: held.get(r.personId)!.teams,
            organisations: [orgName],
            requiredBy: { id: requiring, name: names.get(requiring)! },
          }));
      }),
    );
    return found.flat();
  }

  return {
    requirementsOf,
    computed,
    freshness,

    /** Today's kept counts for the organisation's people, or another day's counted from its computed rows. */
    async counts(
      orgId: string,
      orgName: string,
      scope: Scope,
      reqs: readonly ReachingRequirement[],
      day: string,
      today: string,
      own: () => Promise<readonly { personId: string }[]>,
      filter: Filter = {},
    ): Promise<ReachedCount[]> {
      if (day === today) return withReadScope(database, scope, (db) => reach.reachedCounts(db, orgId, reqs));
      const [rows, ownRows] = await Promise.all([computed(orgId, orgName, reqs, day, filter), own()]);
      return tally(
        rows.map((r) => ({
          orgId: r.requiredBy.id,
          requirementId: r.requirementId,
          personId: r.personId,
          status: r.status,
        })),
        ownRows.map((r) => r.personId),
      );
    },

    /** Today's kept statuses for the organisation's people, filtered, sorted and paged. */
    async page(
      orgId: string,
      orgName: string,
      scope: Scope,
      reqs: readonly ReachingRequirement[],
      today: string,
      q: StatusQuery,
      page: { offset: number; limit: number },
    ) {
      const fresh = await freshness(reqs, today);
      const { items, total } = await withReadScope(database, scope, (db) =>
        reach.reachedPage(db, orgId, reqs, today, q, page),
      );
      const names = new Map(reqs.map((r) => [r.orgId, r.orgName]));
      return {
        items: items.map(({ requiredById, ...r }) => ({
          ...r,
          organisations: [orgName],
          requiredBy: { id: requiredById, name: names.get(requiredById) ?? requiredById },
        })) as ReachedStatus[],
        total,
        ...fresh,
      };
    },
  };
}

/** Counts as the grouping sets of `reachedCounts` give them, from rows in memory (another day's). */
function tally(
  rows: readonly { orgId: string; requirementId: string; personId: string; status: string }[],
  ownPeople: readonly string[],
): ReachedCount[] {
  const groups = new Map<string, ReachedCount & { who: Set<string> }>();
  const add = (
    orgId: string | null,
    requirementId: string | null,
    status: string | null,
    personId: string,
    row: boolean,
  ) => {
    const key = `${orgId}|${requirementId}|${status}`;
    const g = groups.get(key) ?? { orgId, requirementId, status, rows: 0, people: 0, who: new Set<string>() };
    groups.set(key, g);
    if (row) g.rows++;
    g.who.add(personId);
  };
  for (const r of rows) {
    add(r.orgId, r.requirementId, r.status, r.personId, true);
    add(r.orgId, r.requirementId, null, r.personId, true);
    add(r.orgId, null, null, r.personId, true);
    add(null, null, null, r.personId, true);
  }
  for (const p of ownPeople) add(null, null, null, p, false);
  return [...groups.values()].map(({ who, ...g }) => ({ ...g, people: who.size }));
}

/** The dashboard's part for what others require: per requiring organisation and requirement, people and counts. */
export function requiredByView(reqs: readonly ReachingRequirement[], counts: readonly ReachedCount[]) {
  const find = (orgId: string | null, requirementId: string | null, status: string | null) =>
    counts.find((c) => c.orgId === orgId && c.requirementId === requirementId && c.status === status);
  const group = (orgId: string, requirementIds: string[]) => {
    const c = emptyCounts();
    for (const id of requirementIds)
      for (const s of Object.keys(c) as (keyof typeof c)[]) c[s] += find(orgId, id, s)?.rows ?? 0;
    return c;
  };
  const byOrg = new Map<string, ReachingRequirement[]>();
  for (const q of reqs) byOrg.set(q.orgId, [...(byOrg.get(q.orgId) ?? []), q]);
  return [...byOrg.values()].map((list) => {
    const { orgId, orgName } = list[0]!;
    const counts = group(
      orgId,
      list.map((q) => q.id),
    );
    return {
      id: orgId,
      name: orgName,
      people: find(orgId, null, null)?.people ?? 0,
      counts,
      rate: rateOf(counts),
      requirements: list.map((q) => {
        const c = group(orgId, [q.id]);
        return {
          id: q.id,
          code: q.code,
          title: q.title,
          program: q.program,
          people: find(orgId, q.id, null)?.people ?? 0,
          counts: c,
          rate: rateOf(c),
        };
      }),
    };
  });
}
