import type { RequirementView, StatusRow } from '@contract/compliance/compliance.schemas.js';

/** Most urgent first: what a person should act on leads. */
const URGENCY = ['overdue', 'expired', 'due_soon', 'pending', 'compliant', 'exempt'] as const;
const settled = new Set(['compliant', 'exempt']);

export type OwedRequirement = StatusRow & { organisation: string };

/**
 * What a person owes, one row per thing to do (decision 034): requirements of several organisations that
 * the same topics (or the same qualification) satisfy are one row, "required by" each of them, with the most
 * urgent status and the earliest due date still open among them.
 */
export function owedOnce(
  items: OwedRequirement[],
  requirements: Map<string, Pick<RequirementView, 'what' | 'topicIds' | 'allTopics' | 'qualificationNames'>>,
  topicTitles: Map<string, string>,
) {
  const groups = new Map<
    string,
    { what: 'topics' | 'qualification'; title: string; topicIds: string[]; rows: OwedRequirement[] }
  >();
  for (const row of items) {
    const q = requirements.get(row.requirementId);
    const topicIds = q?.what === 'topics' ? [...q.topicIds].sort() : [];
    const names = q?.what === 'qualification' ? q.qualificationNames.map((n) => n.toLowerCase()).sort() : [];
    const key = !q
      ? `requirement:${row.requirementId}`
      : q.what === 'topics'
        ? `topics:${q.allTopics ? 'all' : 'any'}:${topicIds.join(',')}`
        : `qualification:${names.join('|')}`;
    const title = !q
      ? row.requirementTitle
      : q.what === 'topics'
        ? topicIds
            .map((id) => topicTitles.get(id) ?? row.requirementTitle)
            .join(q.allTopics ? ' and ' : ' or ')
        : q.qualificationNames.join(' or ');
    const group = groups.get(key) ?? { what: q?.what ?? 'topics', title, topicIds, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ rows, ...g }) => {
      rows.sort(
        (a, b) =>
          URGENCY.indexOf(a.status) - URGENCY.indexOf(b.status) ||
          (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'),
      );
      const worst = rows[0]!;
      const open = rows.filter((r) => !settled.has(r.status) && r.dueOn);
      return {
        ...g,
        status: worst.status,
        dueOn:
          (open.length ? open : rows)
            .map((r) => r.dueOn)
            .filter((d) => d !== null)
            .sort()[0] ?? null,
        explanation: worst.explanation,
        requiredBy: [...new Set(rows.map((r) => r.organisation))].sort((a, b) => a.localeCompare(b)),
        requirements: rows.map((r) => ({
          requirementId: r.requirementId,
          requirementTitle: r.requirementTitle,
          organisation: r.organisation,
          status: r.status,
          dueOn: r.dueOn,
        })),
      };
    })
    .sort(
      (a, b) =>
        URGENCY.indexOf(a.status) - URGENCY.indexOf(b.status) ||
        (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999') ||
        a.title.localeCompare(b.title),
    );
}
