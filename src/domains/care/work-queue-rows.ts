// A caseload's rows as the work queue shows them: each enrollee's facts for the pure clocks, what is due,
// filtered and sorted as asked, and the counts a team view shows per coordinator.

import { nameWords } from '@contract/care/identifiers.js';
import type { CareRule } from '@contract/care/rules.schemas.js';
import { QUEUE_KINDS, type QueueQuery } from '@contract/care/work.schemas.js';
import { foldText } from '@contract/fold.js';
import type * as repo from './care-work.repository.js';
import { withEngagement } from './enrollee-clocks.js';
import { caseloadByUrgency, type EnrolleeFacts, type QueueItem } from './work-queue.js';

type Kind = (typeof QUEUE_KINDS)[number];

/** The facts the pure clocks take, from a row of the facts query. */
export function factsOf(row: repo.FactsRow, rules: readonly CareRule[]): EnrolleeFacts {
  return {
    enrolleeId: row.enrolleeId,
    enrollments: withEngagement(row.enrollments, row.assessments),
    assessments: row.assessments,
    majorChanges: row.majorChanges,
    contacts: row.contacts,
    plans: row.plans,
    rules,
  };
}

/** Text order by code unit, the same in every locale. */
export const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A caseload row as the queue lists it: who, and the enrollee's items on the day. */
export interface CaseloadItems {
  enrolleeId: string;
  givenName: string;
  familyName: string;
  masshealthId: string;
  coordinatorId: string | null;
  items: readonly QueueItem[];
}

/** A caseload's rows with what is due, filtered and sorted as the queue query asks (all of them, unpaged). */
export function queueRows(
  rows: readonly CaseloadItems[],
  query: Pick<QueueQuery, 'q' | 'kind' | 'overdue' | 'all' | 'sort' | 'dir'>,
) {
  const q = query.q?.toLowerCase();
  const words = nameWords(q ?? '');
  const out = rows
    .map((r) => ({
      enrolleeId: r.enrolleeId,
      givenName: r.givenName,
      familyName: r.familyName,
      masshealthId: r.masshealthId,
      coordinatorId: r.coordinatorId ?? '',
      // Filtered to one kind, a row shows that kind's items only, so its first due date and its place in the
      // order are of what is shown, not of a hidden item of another kind.
      items: r.items.filter((i) => !query.kind || i.kind === query.kind),
    }))
    .filter(
      (r) =>
        (query.all || r.items.length > 0) &&
        (!query.kind || r.items.length > 0) &&
        (query.overdue === undefined || r.items.some((i) => i.overdue) === query.overdue) &&
        (!q ||
          words.every((w) => foldText(`${r.givenName} ${r.familyName}`).includes(w)) ||
          r.masshealthId === q.replace(/\D/g, '')),
    );
  const sort = query.sort ?? 'urgency';
  const compare =
    sort === 'familyName'
      ? (a: (typeof out)[number], b: (typeof out)[number]) =>
          text(a.familyName, b.familyName) ||
          text(a.givenName, b.givenName) ||
          text(a.enrolleeId, b.enrolleeId)
      : sort === 'dueOn'
        ? (a: (typeof out)[number], b: (typeof out)[number]) =>
            text(a.items[0]?.dueOn ?? '9999', b.items[0]?.dueOn ?? '9999') || text(a.enrolleeId, b.enrolleeId)
        : caseloadByUrgency;
  out.sort(compare);
  if (query.dir === 'desc') out.reverse();
  return out;
}

/** An enrollee's items as a team view counts them: their kinds, and whether one is overdue. */
export function dueOf(items: readonly QueueItem[]) {
  return { kinds: [...new Set(items.map((i) => i.kind))], overdue: items.some((i) => i.overdue) };
}

/** How many enrollees of a caseload have an item of each kind, and an overdue one. */
export function caseloadCounts(dues: readonly { kinds: readonly string[]; overdue: boolean }[]) {
  const counts = Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as Record<Kind, number>;
  let overdue = 0;
  for (const due of dues) {
    for (const k of due.kinds) if (k in counts) counts[k as Kind] += 1;
    if (due.overdue) overdue += 1;
  }
  return { counts, overdue };
}
