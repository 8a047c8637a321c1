// The dashboard's counts as data that can be kept up to date: counted from scratch, or changed by replacing
// some people's rows. Pure functions; `status-store.ts` keeps the result beside the maintained statuses.
import { STATUSES } from '@contract/compliance/compliance.schemas.js';
import type { Status } from './rules.js';

export type Counts = Record<Status, number>;
export interface Group {
  /** People with at least one row in the group. */
  people: number;
  /** Person × requirement rows by status. */
  counts: Counts;
}
/**
 * Groups by key: `all`, `requirement:<id>`, `program:<name>`, `role:<role>`, `organisation:<id>` and
 * `team:<name>` (where the person holds the roles that bring them under the requirement, and their teams).
 */
export type Summary = Record<string, Group>;

export interface SummaryRow {
  personId: string;
  requirementId: string;
  status: Status;
  roles: readonly string[];
  orgIds: readonly string[];
  teams: readonly string[];
}

/** A requirement's program, if it names one. */
export type ProgramOf = (requirementId: string) => string | null | undefined;

export const ON_TRACK: ReadonlySet<Status> = new Set(['compliant', 'due_soon', 'pending', 'exempt']);

export const emptyCounts = () => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Counts;

function keysOf(row: SummaryRow, programOf: ProgramOf) {
  const program = programOf(row.requirementId);
  return [
    'all',
    `requirement:${row.requirementId}`,
    ...(program ? [`program:${program}`] : []),
    ...row.roles.map((r) => `role:${r}`),
    ...row.orgIds.map((o) => `organisation:${o}`),
    ...row.teams.map((t) => `team:${t}`),
  ];
}

/** Adds (sign 1) or takes away (sign -1) rows; people are counted per person over all their rows. */
function apply(summary: Summary, rows: readonly SummaryRow[], sign: 1 | -1, programOf: ProgramOf) {
  const keysByPerson = new Map<string, Set<string>>();
  for (const row of rows) {
    const keys = keysByPerson.get(row.personId) ?? new Set<string>();
    keysByPerson.set(row.personId, keys);
    for (const key of keysOf(row, programOf)) {
      keys.add(key);
      const group = summary[key] ?? { people: 0, counts: emptyCounts() };
      summary[key] = group;
      group.counts[row.status] += sign;
    }
  }
  return keysByPerson;
}

export function summarize(rows: readonly SummaryRow[], programOf: ProgramOf): Summary {
  const summary: Summary = {};
  for (const keys of apply(summary, rows, 1, programOf).values())
    for (const key of keys) summary[key]!.people++;
  return summary;
}

/**
 * The summary after some people's rows were replaced: `before` must hold every row those people had, and
 * `after` every row they have now.
 */
export function replacePeople(
  summary: Summary,
  before: readonly SummaryRow[],
  after: readonly SummaryRow[],
  programOf: ProgramOf,
): Summary {
  const next: Summary = structuredClone(summary);
  const had = apply(next, before, -1, programOf);
  const has = apply(next, after, 1, programOf);
  for (const [person, keys] of had)
    for (const key of keys) if (!has.get(person)?.has(key)) next[key]!.people--;
  for (const [person, keys] of has)
    for (const key of keys) if (!had.get(person)?.has(key)) next[key]!.people++;
  for (const [key, group] of Object.entries(next))
    if (group.people === 0 && STATUSES.every((s) => group.counts[s] === 0)) delete next[key];
  return next;
}

/** The share of rows on track (compliant, due soon, not yet due, exempt), to three places; 1 with no rows. */
export function rateOf(counts: Counts) {
  const total = STATUSES.reduce((n, s) => n + counts[s], 0);
  const onTrack = STATUSES.reduce((n, s) => n + (ON_TRACK.has(s) ? counts[s] : 0), 0);
  return total ? Math.round((onTrack / total) * 1000) / 1000 : 1;
}

/** A group as the dashboard shows it: people, counts and the rate on track. */
export const viewOf = (group: Group | undefined) => {
  const g = group ?? { people: 0, counts: emptyCounts() };
  return { people: g.people, counts: g.counts, rate: rateOf(g.counts) };
};

/** The groups whose key starts with `prefix:`, by the rest of the key, in its order. */
export function groupsOf(summary: Summary, prefix: string) {
  return Object.entries(summary)
    .filter(([key]) => key.startsWith(`${prefix}:`))
    .map(([key, group]) => ({ key: key.slice(prefix.length + 1), ...viewOf(group) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
