// A survey's results as numbers: per question, the count of each answer (choices, scales, yes/no), the
// distribution and mean of a rating, the words of free text; overall and broken down by a group (plan,
// organisation, role). Any group of fewer than five respondents is suppressed, and so are the next smallest
// while what is suppressed could be worked out from the total as one group's, or as fewer than five. Pure.
import { type Answers, type Definition, type Question, questionsOf } from '@contract/surveys/definition.js';
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

/**
 * What one group's responses add up to: how many there are and, by question key, how many answered it, the
 * count of each answer given (by its value as text), the sum of the numbers given (a rating's mean) and the
 * words written (a text question's answers, or a follow-up's), in the order the responses came. Counted in
 * the database for the results pages (summary.repository.ts), or here from the responses themselves.
 */
export interface Tally {
  respondents: number;
  questions: Map<string, QuestionTally>;
}

export interface QuestionTally {
  answered: number;
  counts: Map<string, number>;
  sum: number;
  /** Each text written, and how many wrote it. */
  texts: Map<string, number>;
}

const isText = (q: Question) => q.type === 'short_text' || q.type === 'long_text';

/** A question's tally, made the first time it is needed. */
export function questionTally(t: Tally, key: string): QuestionTally {
  const found = t.questions.get(key);
  if (found) return found;
  const made: QuestionTally = { answered: 0, counts: new Map(), sum: 0, texts: new Map() };
  t.questions.set(key, made);
  return made;
}

/**
 * Adds `n` answers of one value to a question's tally: a choice, a point, yes or no, or several chosen at
 * once; a text question's answers are counted as answered only (their words are listed, not counted).
 */
export function addAnswers(t: QuestionTally, q: Question, value: unknown, n: number) {
  t.answered += n;
  if (isText(q)) return;
  for (const x of Array.isArray(value) ? value : [value]) {
    const v = String(x);
    t.counts.set(v, (t.counts.get(v) ?? 0) + n);
    if (typeof x === 'number') t.sum += x * n;
  }
}

/** Adds `n` of one text written to a question's tally. */
export function addText(t: QuestionTally, text: string, n: number) {
  t.texts.set(text, (t.texts.get(text) ?? 0) + n);
}

/** Whether an answer's value is no answer: none, null, empty text or nothing chosen. */
export const unanswered = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The tally of a set of responses, counted one by one. */
export function tallyOf(d: Definition, responses: readonly Respondent[]): Tally {
  const t: Tally = { respondents: responses.length, questions: new Map() };
  for (const q of questionsOf(d)) {
    const qt = questionTally(t, q.key);
    for (const { answers } of responses) {
      const a = answers[q.key];
      if (unanswered(a?.value)) continue;
      addAnswers(qt, q, a!.value, 1);
      if (isText(q)) addText(qt, String(a!.value), 1);
      if (a?.followUp?.trim()) addText(qt, a.followUp.trim(), 1);
    }
  }
  return t;
}

/** Tallies of groups added together. */
export function addedUp(tallies: Iterable<Tally>): Tally {
  const all: Tally = { respondents: 0, questions: new Map() };
  for (const t of tallies) {
    all.respondents += t.respondents;
    for (const [key, q] of t.questions) {
      const sum = questionTally(all, key);
      sum.answered += q.answered;
      sum.sum += q.sum;
      for (const [v, n] of q.counts) sum.counts.set(v, (sum.counts.get(v) ?? 0) + n);
      for (const [text, n] of q.texts) addText(sum, text, n);
    }
  }
  return all;
}

function resultsOf(d: Definition, tally: Tally): QuestionResult[] {
  return questionsOf(d).map((q) => {
    const t = tally.questions.get(q.key);
    // Every answer there is, in the question's own order (a scale from one end to the other), then counted.
    const counts: Record<string, number> = {};
    if ('options' in q) for (const o of q.options) counts[o.value] = 0;
    if (q.type === 'yes_no') Object.assign(counts, { yes: 0, no: 0 });
    if (q.type === 'rating') for (let i = q.min; i <= q.max; i++) counts[String(i)] = 0;
    for (const [v, n] of t?.counts ?? []) counts[v] = (counts[v] ?? 0) + n;
    const answered = t?.answered ?? 0;
    return {
      key: q.key,
      answered,
      counts,
      mean: q.type === 'rating' && answered ? Math.round((t!.sum / answered) * 100) / 100 : null,
      texts: [...(t?.texts ?? [])]
        .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
        .map(([text, n]) => ({ text, n })),
    };
  });
}

/** Every response together; suppressed too if there are fewer than five in all. */
export function overall(d: Definition, responses: readonly Respondent[]): GroupResult {
  return overallOf(d, tallyOf(d, responses));
}

/** Every response together, from their tally. */
export function overallOf(d: Definition, all: Tally): GroupResult {
  const suppressed = all.respondents < MIN_CELL;
  return {
    group: 'All',
    respondents: suppressed ? null : all.respondents,
    suppressed,
    questions: suppressed ? null : resultsOf(d, all),
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
  const tallies = new Map([...groupedBy(responses, by)].map(([g, members]) => [g, tallyOf(d, members)]));
  return breakdownOf(d, tallies, responses.length);
}

/** `breakdown` from each group's tally and the number of responses in all (some may be in no group). */
export function breakdownOf(d: Definition, groups: ReadonlyMap<string, Tally>, total: number): GroupResult[] {
  const sized = [...groups]
    .map(([group, tally]) => ({ group, tally }))
    .filter((g) => g.tally.respondents > 0)
    .sort((a, b) => b.tally.respondents - a.tally.respondents || a.group.localeCompare(b.group));
  const listed = sized.reduce((n, g) => n + g.tally.respondents, 0);
  const hidden = withheld(
    sized.map((g) => ({ group: g.group, size: g.tally.respondents })),
    total - listed,
  );
  return sized.map(({ group, tally }) => {
    const suppressed = hidden.has(group);
    return {
      group,
      respondents: suppressed ? null : tally.respondents,
      suppressed,
      questions: suppressed ? null : resultsOf(d, tally).map((q) => ({ ...q, texts: [] })),
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
  const tallies = new Map([...groupedBy(responses, by)].map(([g, members]) => [g, tallyOf(d, members)]));
  return ownGroupOf(d, tallies, responses.length, group);
}

/** `ownGroup` from each group's tally (the group's own with its words) and the number of responses in all. */
export function ownGroupOf(
  d: Definition,
  groups: ReadonlyMap<string, Tally>,
  total: number,
  group: string,
): GroupResult | undefined {
  const mine = groups.get(group);
  if (!mine?.respondents) return undefined;
  const sizes = [...groups].map(([g, t]) => ({ group: g, size: t.respondents }));
  const unlisted = total - sizes.reduce((n, g) => n + g.size, 0);
  if (!shownBesideTotal(sizes, group, unlisted))
    return { group, respondents: null, suppressed: true, questions: null };
  return { group, respondents: mine.respondents, suppressed: false, questions: resultsOf(d, mine) };
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
