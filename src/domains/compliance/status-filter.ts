// Computed statuses (another day's) filtered and sorted as the kept ones are in the database: pure.

import { STATUSES, type StatusQuery, type StatusRow } from '@contract/compliance/compliance.schemas.js';
import { foldText } from '@contract/fold.js';

const SORTS: Record<string, (a: StatusRow, b: StatusRow) => number> = {
  name: (a, b) => a.name.localeCompare(b.name),
  dueOn: (a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'),
  status: (a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status),
  requirement: (a, b) => a.requirementCode.localeCompare(b.requirementCode),
};

/** Computed statuses (another day's) filtered and sorted as the kept ones are in the database. */
export function filterAndSort<R extends StatusRow & { orgIds: string[]; teams: string[] }>(
  all: R[],
  q: StatusQuery,
  programOf: (requirementId: string) => string | null | undefined,
) {
  const text = q.q && foldText(q.q);
  return all
    .filter(
      (r) =>
        (!q.status || r.status === q.status) &&
        (!q.role || r.roles.includes(q.role)) &&
        (!q.organisationId || r.orgIds.includes(q.organisationId)) &&
        (!q.team || r.teams.includes(q.team)) &&
        (!q.program || programOf(r.requirementId) === q.program) &&
        (!text || foldText(r.name).includes(text) || foldText(r.email).includes(text)),
    )
    .sort((a, b) => {
      const by =
        SORTS[q.sort ?? 'status']!(a, b) ||
        a.name.localeCompare(b.name) ||
        a.requirementCode.localeCompare(b.requirementCode);
      return q.dir === 'desc' ? -by : by;
    });
}
