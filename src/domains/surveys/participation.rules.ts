// Participation in a survey as numbers: of those it is addressed to, how many were invited, started and
// completed, overall and by a group (plan, organisation, role), withheld under the same rule of five as
// results (results.rules.ts). Pure.
import { groupedBy, MIN_CELL, shownBesideTotal, sizesOf, withheld } from './results.rules.js';

/** Invited, started and completed: of those a survey is addressed to. */
export interface Participation {
  group: string;
  invited: number | null;
  started: number | null;
  completed: number | null;
  suppressed: boolean;
}

/** One addressed person's place and progress, as counted for participation. */
export interface Addressed {
  groups: Record<string, string | null>;
  started: boolean;
  completed: boolean;
}

/**
 * Participation overall and by one breakdown, from counts per finest group. A group of fewer than five people
 * invited is withheld like a group of respondents.
 */
export function participation(
  rows: readonly (Addressed & { people: number })[],
  by: string | undefined,
): { overall: Participation; groups: Participation[] } {
  const sum = (list: readonly (Addressed & { people: number })[], group: string) => ({
    group,
    invited: list.reduce((n, r) => n + r.people, 0),
    started: list.reduce((n, r) => n + (r.started ? r.people : 0), 0),
    completed: list.reduce((n, r) => n + (r.completed ? r.people : 0), 0),
  });
  const totals = by ? [...groupedBy(rows, by)].map(([g, list]) => sum(list, g)) : [];
  totals.sort((a, b) => b.invited - a.invited || a.group.localeCompare(b.group));
  const show = (p: ReturnType<typeof sum>, hide: boolean): Participation =>
    hide
      ? { group: p.group, invited: null, started: null, completed: null, suppressed: true }
      : { ...p, suppressed: false };
  const all = sum(rows, 'All');
  const unlisted = all.invited - totals.reduce((n, t) => n + t.invited, 0);
  const hidden = withheld(
    totals.map((t) => ({ group: t.group, size: t.invited })),
    by ? unlisted : 0,
  );
  return {
    overall: show(all, all.invited < MIN_CELL),
    groups: totals.map((t) => show(t, hidden.has(t.group))),
  };
}

/**
 * Participation overall and of one group as that group itself sees it, under the same rule as `ownGroup`;
 * the group is left out when no one in it is addressed.
 */
export function ownParticipation(
  rows: readonly (Addressed & { people: number })[],
  by: string,
  group: string,
): { overall: Participation; groups: Participation[] } {
  const all = participation(rows, by);
  const mine = all.groups.find((g) => g.group === group);
  if (!mine) return { overall: all.overall, groups: [] };
  const { groups, unlisted } = sizesOf(rows, by);
  const shown = shownBesideTotal(groups, group, unlisted);
  return {
    overall: all.overall,
    groups: [shown ? mine : { group, invited: null, started: null, completed: null, suppressed: true }],
  };
}
