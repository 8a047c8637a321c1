// A survey's results as numbers: per question, the count of each answer (choices, scales, yes/no), the
// distribution and mean of a rating, the words of free text; overall and broken down by a group (plan,
// organisation, role). Any group of fewer than five respondents is suppressed, and so are the next smallest
// while what is suppressed could be worked out from the total as one group's, or as fewer than five. Pure.
import { type Answers, type Definition, questionsOf } from '@contract/surveys/definition.js';
import type {
  Change,
  GroupResult,
  Participation,
  QuestionResult,
} from '@contract/surveys/results.schemas.js';

export type { Change, GroupResult, Participation, QuestionResult };

/** The fewest respondents a group may have and still be shown. */
export const MIN_CELL = 5;

export interface Respondent {
  answers: Answers;
  /** The groups this response belongs to, by breakdown: `{ plan: 'Bay State One Care', role: 'care_coordinator' }`. */
  groups: Record<string, string | null>;
}

function resultsOf(d: Definition, responses: readonly Respondent[]): QuestionResult[] {
  return questionsOf(d).map((q) => {
    // Every answer there is, in the question's own order (a scale from one end to the other), then counted.
    const counts: Record<string, number> = {};
    if ('options' in q) for (const o of q.options) counts[o.value] = 0;
    if (q.type === 'yes_no') Object.assign(counts, { yes: 0, no: 0 });
    if (q.type === 'rating') for (let i = q.min; i <= q.max; i++) counts[String(i)] = 0;
    const texts: string[] = [];
    let answered = 0;
    let sum = 0;
    for (const { answers } of responses) {
      const a = answers[q.key];
      const v = a?.value;
      if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
      answered++;
      if (q.type === 'short_text' || q.type === 'long_text') texts.push(String(v));
      else
        for (const x of Array.isArray(v) ? v : [v]) {
          counts[String(x)] = (counts[String(x)] ?? 0) + 1;
          if (typeof x === 'number') sum += x;
        }
      if (a?.followUp?.trim()) texts.push(a.followUp.trim());
    }
    return {
      key: q.key,
      answered,
      counts,
      mean: q.type === 'rating' && answered ? Math.round((sum / answered) * 100) / 100 : null,
      texts,
    };
  });
}

/** Every response together; suppressed too if there are fewer than five in all. */
export function overall(d: Definition, responses: readonly Respondent[]): GroupResult {
  const suppressed = responses.length < MIN_CELL;
  return {
    group: 'All',
    respondents: suppressed ? null : responses.length,
    suppressed,
    questions: suppressed ? null : resultsOf(d, responses),
  };
}

/** Rows by their value of one breakdown; rows without one are left out. */
export function groupedBy<T extends { groups: Record<string, string | null> }>(
  rows: readonly T[],
  by: string,
) {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const g = r.groups[by];
    if (!g) continue;
    const members = groups.get(g);
    if (members) members.push(r);
    else groups.set(g, [r]);
  }
  return groups;
}

/**
 * The groups to withhold (complementary suppression, decision 021). Every group of fewer than five is; and
 * since the total less the groups shown is what is withheld, as long as that difference could be read as one
 * group's — a single group, or groups together fewer than five — the next smallest shown group is withheld
 * too, until what is withheld spans two groups or more and five respondents or more. `unlisted` counts those
 * in the total but in no group of this breakdown (no plan, say): never shown on their own, they are part of
 * the difference, so a few of them alone are protected the same way.
 */
export function withheld(groups: readonly { group: string; size: number }[], unlisted = 0): Set<string> {
  const hidden = new Set(groups.filter((g) => g.size > 0 && g.size < MIN_CELL).map((g) => g.group));
  if (!hidden.size && (unlisted === 0 || unlisted >= MIN_CELL)) return hidden;
  const shown = groups
    .filter((g) => g.size > 0 && !hidden.has(g.group))
    .sort((a, b) => a.size - b.size || b.group.localeCompare(a.group));
  const pool = () => {
    const cells = groups.filter((g) => hidden.has(g.group)).map((g) => g.size);
    if (unlisted > 0) cells.push(unlisted);
    return { cells: cells.length, size: cells.reduce((a, b) => a + b, 0) };
  };
  for (let p = pool(); shown.length && (p.cells < 2 || p.size < MIN_CELL); p = pool())
    hidden.add(shown.shift()!.group);
  return hidden;
}

/**
 * Whether one group may be shown beside the total to that group itself (a plan reading a vendor's survey):
 * shown in the breakdown, and the total less it — everyone else — is not one other group alone (another
 * plan's respondents, or those in none), which the subtraction would give away.
 */
export function shownBesideTotal(
  groups: readonly { group: string; size: number }[],
  group: string,
  unlisted = 0,
): boolean {
  if (withheld(groups, unlisted).has(group) || !groups.some((g) => g.group === group && g.size > 0))
    return false;
  const others = groups.filter((g) => g.group !== group && g.size > 0).length + (unlisted > 0 ? 1 : 0);
  return others !== 1;
}

/**
 * Results per value of one breakdown (`plan`, `organisation`, `role`), largest group first. Responses with no
 * value for it are left out of the breakdown (they still count overall). Words written are listed for all
 * together only: within one group they point to people more readily than counts do.
 */
export function breakdown(d: Definition, responses: readonly Respondent[], by: string): GroupResult[] {
  const sized = [...groupedBy(responses, by)]
    .map(([group, members]) => ({ group, members }))
    .sort((a, b) => b.members.length - a.members.length || a.group.localeCompare(b.group));
  const listed = sized.reduce((n, g) => n + g.members.length, 0);
  const hidden = withheld(
    sized.map((g) => ({ group: g.group, size: g.members.length })),
    responses.length - listed,
  );
  return sized.map(({ group, members }) => {
    const suppressed = hidden.has(group);
    return {
      group,
      respondents: suppressed ? null : members.length,
      suppressed,
      questions: suppressed ? null : resultsOf(d, members).map((q) => ({ ...q, texts: [] })),
    };
  });
}

/** A group's results without the words written, for a view that may show its counts but not its words. */
export function withoutWords(g: GroupResult): GroupResult {
  return g.questions ? { ...g, questions: g.questions.map((q) => ({ ...q, texts: [] })) } : g;
}

/** Sizes of a breakdown's groups, and how many are in none. */
export function sizesOf(
  rows: readonly { groups: Record<string, string | null>; people?: number }[],
  by: string,
) {
  const sizes = new Map<string, number>();
  let unlisted = 0;
  for (const r of rows) {
    const g = r.groups[by];
    const n = r.people ?? 1;
    if (g) sizes.set(g, (sizes.get(g) ?? 0) + n);
    else unlisted += n;
  }
  return { groups: [...sizes].map(([group, size]) => ({ group, size })), unlisted };
}

/**
 * One group of a breakdown as that group itself sees it beside the total — a plan looking at a vendor's
 * survey: its counts, and the words its own respondents wrote, both withheld when the breakdown withholds
 * the group (fewer than five, or the next smallest) or when the total less it would be one other group's
 * (`shownBesideTotal`). Undefined when no response is in the group.
 */
export function ownGroup(
  d: Definition,
  responses: readonly Respondent[],
  by: string,
  group: string,
): GroupResult | undefined {
  const members = responses.filter((r) => r.groups[by] === group);
  if (!members.length) return undefined;
  const { groups, unlisted } = sizesOf(responses, by);
  if (!shownBesideTotal(groups, group, unlisted))
    return { group, respondents: null, suppressed: true, questions: null };
  return { group, respondents: members.length, suppressed: false, questions: resultsOf(d, members) };
}

const shareOf = (q: QuestionResult, value: string) =>
  q.answered ? Math.round(((q.counts[value] ?? 0) / q.answered) * 1000) / 10 : 0;

/**
 * Pre and post compared on the questions both ask (matched by key, so the needs assessment and the
 * evaluation line up when they share questions). Nothing is compared where either side is suppressed.
 */
export function prePost(pre: GroupResult, post: GroupResult): Change[] {
  if (pre.suppressed || post.suppressed || !pre.questions || !post.questions) return [];
  const after = new Map(post.questions.map((q) => [q.key, q]));
  return pre.questions.flatMap((b) => {
    const a = after.get(b.key);
    // Free text has no counts to compare; a question nobody answered has nothing to say.
    if (!a || (!b.answered && !a.answered) || !Object.keys(b.counts).length) return [];
    const values = [...new Set([...Object.keys(b.counts), ...Object.keys(a.counts)])];
    const round = (n: number) => Math.round(n * 100) / 100;
    return [
      {
        key: b.key,
        mean:
          b.mean !== null || a.mean !== null
            ? {
                pre: b.mean,
                post: a.mean,
                change: b.mean !== null && a.mean !== null ? round(a.mean - b.mean) : null,
              }
            : null,
        shares: values.map((value) => {
          const before = shareOf(b, value);
          const now = shareOf(a, value);
          return { value, pre: before, post: now, change: Math.round((now - before) * 10) / 10 };
        }),
      },
    ];
  });
}
