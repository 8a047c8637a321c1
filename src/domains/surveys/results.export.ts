// A survey's results as a workbook (one sheet of responses, one of summaries) or CSV (the responses). Small
// groups stay hidden here too: a plan, organisation or role with fewer than five responses, or withheld beside
// one (complementary suppression), is written as "Hidden: fewer than 5, …", and a version with fewer than five responses in all gives no rows. Cells that a
// spreadsheet would read as formulas are escaped by the platform's writers.

import type { Writable } from 'node:stream';
import {
  type Answer,
  answerLabel,
  type Definition,
  type Question,
  questionsOf,
} from '@contract/surveys/definition.js';
import {
  csvStream,
  type ExportColumn,
  type Sheet,
  sheetOf,
  writeXlsxSheets,
} from '../../platform/http/export.js';
import { MIN_CELL, overall, type Respondent, withheld } from './results.rules.js';

export type ExportRow = Respondent & { submittedOn: string };

const BREAKDOWNS = ['plan', 'organisation', 'role'] as const;
const HIDDEN = 'Hidden: fewer than 5, or would reveal a smaller group';

const valueText = (q: Question, a: Answer | undefined) => {
  const v = a?.value;
  if (v === undefined || v === null || v === '') return null;
  return Array.isArray(v) ? v.map((x) => answerLabel(q, x)).join('; ') : answerLabel(q, v);
};

/**
 * Each group value the results show (five responses or more, and not withheld beside a smaller one); the rest
 * are written as hidden.
 */
function shownGroups(rows: readonly ExportRow[]) {
  return Object.fromEntries(
    BREAKDOWNS.map((by) => {
      const sizes = new Map<string, number>();
      let unlisted = 0;
      for (const r of rows) {
        const g = r.groups[by];
        if (g) sizes.set(g, (sizes.get(g) ?? 0) + 1);
        else unlisted++;
      }
      const hidden = withheld(
        [...sizes].map(([group, size]) => ({ group, size })),
        unlisted,
      );
      return [by, new Set([...sizes.keys()].filter((g) => !hidden.has(g)))];
    }),
  ) as Record<(typeof BREAKDOWNS)[number], Set<string>>;
}

function responseColumns(
  d: Definition,
  rows: readonly ExportRow[],
): ExportColumn<ExportRow & { n: number }>[] {
  const shown = shownGroups(rows);
  const group = (by: (typeof BREAKDOWNS)[number]) => (r: ExportRow) => {
    const g = r.groups[by];
    return g ? (shown[by].has(g) ? g : HIDDEN) : null;
  };
  return [
    { header: 'Response', value: (r) => r.n, width: 10 },
    { header: 'Submitted on', value: (r) => r.submittedOn, width: 14 },
    { header: 'Plan', value: group('plan'), width: 28 },
    { header: 'Organisation', value: group('organisation'), width: 28 },
    { header: 'Role', value: group('role'), width: 18 },
    ...questionsOf(d).flatMap((q): ExportColumn<ExportRow>[] => [
      { header: q.text, value: (r) => valueText(q, r.answers[q.key]), width: 30 },
      ...('followUp' in q && q.followUp
        ? [
            {
              header: `${q.text} — ${q.followUp.text}`,
              value: (r: ExportRow) => r.answers[q.key]?.followUp ?? null,
              width: 30,
            },
          ]
        : []),
    ]),
  ];
}

interface SummaryLine {
  question: string;
  answer: string;
  count: number | null;
  share: number | null;
}

function summaryLines(d: Definition, rows: readonly ExportRow[]): SummaryLine[] {
  const all = overall(d, rows);
  if (all.suppressed || !all.questions)
    return [
      { question: 'Fewer than five responses: nothing is shown', answer: '', count: null, share: null },
    ];
  return questionsOf(d).flatMap((q) => {
    const r = all.questions!.find((x) => x.key === q.key)!;
    const lines: SummaryLine[] = Object.entries(r.counts).map(([value, count]) => ({
      question: q.text,
      answer: answerLabel(q, q.type === 'rating' ? Number(value) : value),
      count,
      share: r.answered ? Math.round((count / r.answered) * 1000) / 10 : null,
    }));
    if (r.mean !== null) lines.push({ question: q.text, answer: 'Mean', count: null, share: r.mean });
    if (!lines.length)
      lines.push({
        question: q.text,
        answer: `${r.answered} written answers`,
        count: r.answered,
        share: null,
      });
    return lines;
  });
}

/** The rows written: none when fewer than five responded. */
const writable = (rows: readonly ExportRow[]) =>
  (rows.length < MIN_CELL ? [] : rows).map((r, i) => ({ ...r, n: i + 1 }));

export async function writeResultsXlsx(out: Writable, d: Definition, rows: readonly ExportRow[]) {
  const sheets: Sheet<unknown>[] = [
    sheetOf('Responses', responseColumns(d, rows), writable(rows)),
    sheetOf<SummaryLine>(
      'Summary',
      [
        { header: 'Question', value: (l) => l.question, width: 60 },
        { header: 'Answer', value: (l) => l.answer, width: 30 },
        { header: 'People', value: (l) => l.count, width: 10 },
        { header: 'Share (%) or mean', value: (l) => l.share, width: 16 },
      ],
      summaryLines(d, rows),
    ),
  ];
  await writeXlsxSheets(out, sheets);
}

export const resultsCsv = (d: Definition, rows: readonly ExportRow[]) =>
  csvStream(responseColumns(d, rows), writable(rows));
