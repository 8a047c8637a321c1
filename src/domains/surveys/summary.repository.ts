// A results summary counted in the database: what one version's counted responses add up to, overall and by
// one breakdown, as tallies (results.rules.ts), without bringing the responses themselves over. Words written
// come in a second statement, only where they are shown, run beside the first.

import { type Definition, type Question, questionsOf } from '@contract/surveys/definition.js';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { arrayParam, checkedRows, type Db } from '../../platform/db/client.js';
import { ROLE_LABELS } from '../people/index.js';
import { countedResponsesOf, labelledGroups } from './results.repository.js';
import { addAnswers, addedUp, addText, questionTally, type Tally, unanswered } from './results.rules.js';

/** Whose words written come with a summary: every respondent's, one group's only, or none. */
export type Words = 'all' | { group: string } | 'none';

const isText = (q: Question) => q.type === 'short_text' || q.type === 'long_text';
/** Whether a question asks a follow-up; answers are checked on entry, so only such questions hold one. */
const asksFollowUp = (q: Question) => 'followUp' in q && !!q.followUp;

/** Whether a stored answer's value is no answer: missing, null, empty text or nothing chosen. */
const answered = (value: SQL) => sql`${value} not in ('null'::jsonb, '""'::jsonb, '[]'::jsonb)`;

const countRow = z.object({
  g: z.string().nullable(),
  key: z.string().nullable(),
  value: z.string().nullable(),
  n: z.number(),
});
const wordsRow = z.object({ key: z.string(), text: z.string(), n: z.number() });

/**
 * An answer's value from its text: several chosen (a list), a rating's number, or an option's value. Answers
 * are checked on entry (`checkAnswers`), so these are the only shapes a stored value takes.
 */
function answerValue(q: Question, text: string | null): unknown {
  if (text === null) return null;
  if (text.startsWith('['))
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  return q.type === 'rating' && text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
}

/**
 * Runs a summary statement without PostgreSQL's JIT compilation: the planner takes each response's answers
 * for a hundred rows, and the compiling it then starts cost more than it saved (PGlite has no JIT).
 */
const unjitted = <T>(db: Db, work: (tx: Db) => Promise<T>) =>
  db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return work(tx);
  });

/** A group's name as people read it (a role by its name), as `labelledGroups` gives a response's. */
const labelOf = (by: string, value: string) => labelledGroups({ [by]: value })[by] ?? value;
/** The stored values read as a group's name: the name itself, or the role codes it names. */
const storedAs = (by: string, name: string) =>
  [name, ...Object.keys(ROLE_LABELS)].filter((v) => labelOf(by, v) === name);

/**
 * What one version's responses counted on a day add up to: every one together (`all`) and, with `by`, each
 * group of that breakdown (`groups`, by name; responses in none are only in `all`). Words written are in
 * `all`'s tally, or in the one group's asked for.
 */
export async function summaryTallies(
  db: Db,
  survey: { orgId: string; id: string; version: number },
  day: string,
  d: Definition,
  options: { by?: string | undefined; words: Words },
): Promise<{ all: Tally; groups: Map<string, Tally> }> {
  const { by, words } = options;
  const questions = questionsOf(d);
  const textKeys = arrayParam(
    questions.filter(isText).map((q) => q.key),
    'text',
  );
  // Each answer held, counted per group and value (as text) in one pass: a text question's only as given or
  // not, as its words are listed, not counted. Then how many responses are in each group.
  const counting = unjitted(db, (tx) =>
    checkedRows(
      tx,
      countRow,
      sql`with ${countedResponsesOf(survey, day, { by })}
      select c.g, e.key, case when e.key = any(${textKeys}) then (${answered(sql`e.value->'value'`)})::text
          else e.value->>'value' end as value, count(*)::int as n
        from counted c cross join lateral jsonb_each(c.answers) e
        group by 1, 2, 3
      union all
      select v.g, null, null, count(*)::int from version v
        where not exists (select 1 from waiting w where w.id = v.id and w.held = v.held)
        group by 1`,
    ),
  );
  const wordsOf = words === 'none' ? [] : questions.filter((q) => isText(q) || asksFollowUp(q));
  // One text at most per response and question: a text question's answer, or another's follow-up.
  const items = sql.join(
    wordsOf.map((q) => sql`(${q.key}::text, c.answers->${q.key}::text, ${isText(q)}::boolean)`),
    sql`, `,
  );
  const texts = wordsOf.length
    ? unjitted(db, (tx) =>
        checkedRows(
          tx,
          wordsRow,
          sql`with ${countedResponsesOf(survey, day, { by })}
          select t.key, t.text, count(*)::int as n
          from counted c cross join lateral (
            select e.key, case when ${answered(sql`e.a->'value'`)}
              then case when e.words then e.a->>'value' else nullif(e.a->>'followUp', '') end end as text
            from (values ${items}) e(key, a, words)
          ) t
          where t.text is not null
          ${typeof words === 'object' ? sql`and c.g = any(${arrayParam(storedAs(by ?? '', words.group), 'text')})` : sql``}
          group by 1, 2`,
        ),
      )
    : Promise.resolve([]);
  const [counts, written] = await Promise.all([counting, texts]);

  const byKey = new Map(questions.map((q) => [q.key, q]));
  const raw = new Map<string | null, Tally>();
  for (const { g, key, value, n } of counts) {
    const t = raw.get(g) ?? { respondents: 0, questions: new Map() };
    raw.set(g, t);
    const q = key === null ? undefined : byKey.get(key);
    if (key === null) t.respondents += n;
    else if (q && isText(q)) {
      if (value === 'true') addAnswers(questionTally(t, q.key), q, value, n);
    } else if (q && !unanswered(answerValue(q, value)))
      addAnswers(questionTally(t, q.key), q, answerValue(q, value), n);
  }
  // Groups by name: two values read alike (a role's code and its name) are one group, as before.
  const named = new Map<string, Tally[]>();
  for (const [g, t] of raw)
    if (g !== null && by) named.set(labelOf(by, g), [...(named.get(labelOf(by, g)) ?? []), t]);
  const groups = new Map([...named].map(([g, ts]) => [g, ts.length === 1 ? ts[0]! : addedUp(ts)]));
  const all = addedUp(raw.values());
  const target = typeof words === 'object' ? groups.get(words.group) : all;
  if (target)
    for (const { key, text, n } of written) {
      // A follow-up counts once trimmed, and not at all if only spaces (as when responses were read one by one).
      const kept = isText(byKey.get(key)!) ? text : text.trim();
      if (kept) addText(questionTally(target, key), kept, n);
    }
  return { all, groups };
}
