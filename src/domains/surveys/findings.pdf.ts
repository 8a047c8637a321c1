// A survey's findings report (PDF, US Letter): who took part, overall and by plan; a bar chart of every
// counted question with its numbers written beside each bar; the mean of each rating; how many wrote an
// answer in words; and, when the survey has a needs assessment or evaluation to compare with, the change
// between them. For one plan, its own bars stand beside every plan's. Withheld groups are written as such,
// never as numbers.

import { countLabel, type Definition, type Question, questionsOf } from '@contract/surveys/definition.js';
import { formatPercent } from '@contract/text/figures.js';
import { rgb } from 'pdf-lib';
import { MUTED, PdfWriter } from '../../platform/files/pdf-text.js';
import type { Participation } from './participation.rules.js';
import type { Change, GroupResult, QuestionResult } from './results.rules.js';

const BAR = rgb(0.21, 0.31, 0.78);
const BEFORE = rgb(0.62, 0.65, 0.7);
const PLAN = rgb(0.05, 0.45, 0.4);
const HIDDEN = 'Hidden: a small group (see above)';

export interface Findings {
  title: string;
  code: string;
  version: number;
  organisation: string;
  anonymous: boolean;
  madeAt: string;
  madeBy: string;
  definition: Definition;
  overall: GroupResult;
  /** Participation overall and by plan. */
  participation: { overall: Participation; groups: Participation[] };
  /** For a plan's report: the plan, and its own results (withheld when too few). */
  plan?: { name: string; mine: GroupResult };
  /** The needs assessment (before) and evaluation (after) of the same module or session, compared. */
  comparison: { before: string; after: string; changes: Change[] } | null;
}

const percent = (n: number, of: number) => (of ? formatPercent(n / of) : '–');
const LABEL_WIDTH = 190;
const BAR_X = 196;
const BAR_WIDTH = 220; // leaves room after the longest bar for "100.0% after (+100.0)"

function participationTable(w: PdfWriter, p: Findings['participation']) {
  const table = w.table([
    ['Group', 0],
    ['Invited', 270],
    ['Started', 330],
    ['Completed', 390],
    ['Response rate', 460],
  ]);
  for (const g of [p.overall, ...p.groups])
    table.row(
      g.suppressed
        ? [g.group, HIDDEN]
        : [
            g.group,
            String(g.invited),
            String(g.started),
            String(g.completed),
            percent(g.completed ?? 0, g.invited ?? 0),
          ],
    );
}

/** One horizontal bar with its label at the left and its number after it (inside a figure). */
function bar(w: PdfWriter, label: string, value: number, max: number, note: string, color = BAR) {
  w.text(label, { size: 9, width: LABEL_WIDTH });
  const length = max ? (value / max) * BAR_WIDTH : 0;
  const y = w.y - 2;
  if (length > 0)
    w.graphic((page) => page.drawRectangle({ x: w.margin + BAR_X, y, width: length, height: 10, color }));
  w.text(note, { size: 9, x: BAR_X + length + 4 });
  w.y -= 14;
}

/** A bar chart read as words: each answer with every number written beside its bars. */
const chartAlt = (what: string, rows: readonly (readonly [label: string, notes: string[]])[]) =>
  `Bar chart of ${what}: ${rows.map(([label, notes]) => `${label}, ${notes.join(', ')}`).join('; ')}.`;

/** A question's bars: every plan together, and — in a plan's report — the plan's own beneath each. */
function questionChart(w: PdfWriter, q: Question, r: QuestionResult, mine?: QuestionResult) {
  const values = Object.keys(r.counts);
  if (!values.length) {
    w.room(14);
    w.text(`${r.answered} written answers: read them on the results page or in the spreadsheet export.`, {
      size: 9,
      color: MUTED,
    });
    w.y -= 14;
    return;
  }
  const max = Math.max(...values.map((v) => r.counts[v] ?? 0));
  const rows = values.map((v) => {
    const n = r.counts[v] ?? 0;
    if (!mine) return { v, label: countLabel(q, v), notes: [`${n} (${percent(n, r.answered)})`] };
    const own = mine.counts[v] ?? 0;
    return {
      v,
      label: countLabel(q, v),
      notes: [`${percent(n, r.answered)} of all plans`, `${percent(own, mine.answered)} of your plan`],
    };
  });
  w.figure(
    chartAlt(
      'answers',
      rows.map((x) => [x.label, x.notes]),
    ),
    () => {
      for (const { v, label, notes } of rows) {
        w.room(mine ? 28 : 14);
        const n = r.counts[v] ?? 0;
        if (!mine) {
          bar(w, label, n, max, notes[0]!);
          continue;
        }
        // Shares, so that a plan's bars compare with every plan's whatever their sizes.
        const all = r.answered ? (n / r.answered) * 100 : 0;
        const own = mine.answered ? ((mine.counts[v] ?? 0) / mine.answered) * 100 : 0;
        bar(w, label, all, 100, notes[0]!);
        bar(w, '', own, 100, notes[1]!, PLAN);
      }
    },
  );
  w.room(14);
  const mean = (x: QuestionResult) => (x.mean !== null ? `; mean ${x.mean}` : '');
  w.text(
    `${r.answered} answered${mean(r)}${mine ? ` (your plan: ${mine.answered} answered${mean(mine)})` : ''}`,
    { size: 9, color: MUTED },
  );
  w.y -= 14;
}

function comparison(w: PdfWriter, d: Definition, c: NonNullable<Findings['comparison']>) {
  w.room(60);
  w.heading('Before and after', 2, { size: 14, gap: 2 });
  w.paragraph(
    `Share of answers in “${c.before}” (grey) and in “${c.after}” (blue), on the questions both ask; the change is in percentage points.`,
    { size: 9, color: MUTED, gap: 8 },
  );
  const questions = new Map(questionsOf(d).map((q) => [q.key, q]));
  for (const change of c.changes) {
    const q = questions.get(change.key);
    if (!q) continue;
    w.room(70); // the question and its first pair of bars together
    w.heading(q.text, 3, { size: 10, gap: 4 });
    if (change.mean)
      w.paragraph(
        `Mean before ${change.mean.pre ?? '–'}, after ${change.mean.post ?? '–'}${change.mean.change !== null ? ` (${change.mean.change >= 0 ? '+' : ''}${change.mean.change})` : ''}`,
        { size: 9 },
      );
    // Points nobody chose either time are left out (a rating has many).
    const shares = change.shares
      .filter((x) => x.pre || x.post)
      .map((s) => ({
        s,
        label: countLabel(q, s.value),
        before: `${s.pre.toFixed(1)}% before`,
        after: `${s.post.toFixed(1)}% after (${s.change >= 0 ? '+' : ''}${s.change.toFixed(1)})`,
      }));
    if (shares.length)
      w.figure(
        chartAlt(
          'shares before and after',
          shares.map((x) => [x.label, [x.before, x.after]]),
        ),
        () => {
          for (const { s, label, before, after } of shares) {
            w.room(28);
            bar(w, label, s.pre, 100, before, BEFORE);
            bar(w, '', s.post, 100, after);
          }
        },
      );
    w.y -= 6;
  }
}

export async function renderFindings(f: Findings): Promise<Uint8Array> {
  const w = await PdfWriter.create({
    title: `Findings — ${f.title} (version ${f.version})`,
    author: f.organisation,
    madeAt: new Date(f.madeAt),
  });
  w.heading(`Findings: ${f.title}${f.plan ? ` — for ${f.plan.name}` : ''}`, 1, { size: 18, gap: 6 });
  w.paragraph(
    `${f.organisation} · ${f.code} version ${f.version} · ${f.overall.respondents ?? 'fewer than 5'} respondents`,
    { font: w.bold, size: 11, gap: 2 },
  );
  w.paragraph(
    `Made ${f.madeAt} by ${f.madeBy}. ${f.anonymous ? 'Anonymous: responses carry no name. ' : ''}Any group of fewer than five people is withheld, and so are the next smallest when the total less the groups shown would reveal it.`,
    { size: 9, color: MUTED, gap: 10 },
  );
  if (f.plan)
    w.paragraph(
      f.plan.mine.suppressed
        ? `Every plan together. ${f.plan.name} is not shown on its own: it had fewer than five respondents, or every plan's total less its own would show another plan's.`
        : `Every plan together (blue) and ${f.plan.name} (green), as shares of those who answered each question. Nothing is shown about any other plan.`,
      { size: 10, gap: 10 },
    );
  w.heading('Who took part', 2, { size: 14, gap: 1 });
  participationTable(w, f.participation);
  w.y -= 12;
  if (f.overall.suppressed || !f.overall.questions) {
    w.paragraph('Fewer than five people have answered this version: no results can be shown.', {
      font: w.bold,
    });
  } else {
    const results = new Map(f.overall.questions.map((r) => [r.key, r]));
    const mine = new Map((f.plan?.mine.questions ?? []).map((r) => [r.key, r]));
    for (const [i, s] of f.definition.sections.entries()) {
      w.room(60);
      w.heading(s.title ?? `Section ${i + 1}`, 2, { size: 14, gap: 6 });
      for (const q of s.questions) {
        w.room(60); // the question and its first bars together
        w.heading(q.text, 3, { size: 10, gap: 4 });
        questionChart(w, q, results.get(q.key)!, mine.get(q.key));
        w.y -= 6;
      }
    }
  }
  if (f.comparison?.changes.length) comparison(w, f.definition, f.comparison);
  return w.save();
}
