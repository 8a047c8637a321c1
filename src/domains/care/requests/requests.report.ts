// The monthly report of a plan's service request decisions (issue 20): decisions by outcome, hours to decision
// (median and mean), the share decided on time, and denial reasons; appeals decided beside them. Pure: the
// service reads the month's rows and this counts them. Written as XLSX (a summary sheet and one row per
// decision) or CSV (the summary).

import type { Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { REDISCLOSURE_NOTICE } from '@contract/care/part2.schemas.js';
import {
  APPEAL_OUTCOME_LABELS,
  APPEAL_OUTCOMES,
  DENIAL_REASON_LABELS,
  DENIAL_REASONS,
  REQUEST_DECISION_LABELS,
  REQUEST_DECISIONS,
  REQUEST_PRIORITY_LABELS,
  type RequestReport,
} from '@contract/care/requests.schemas.js';
import { ruleRefLabel } from '@contract/care/rules.labels.js';
import { massachusettsDate } from '@contract/massachusetts-day.js';
import { csvStream, type ExportColumn, sheetOf, writeXlsxSheets } from '../../../platform/http/export.js';
import type { AppealRow, RequestRow } from './requests.repository.js';
import { hoursBetween } from './requests.rules.js';

export type DecidedRequest = {
  request: RequestRow;
  familyName: string;
  givenName: string;
  masshealthId: string;
};

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
};
const mean = (xs: number[]) =>
  xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;

/** Decisions' timing: how many, how many on time, and the hours they took. */
function timing(rows: { startedAt: Date; decidedAt: Date; dueAt: Date }[]) {
  const hours = rows.map((r) => hoursBetween(r.startedAt, r.decidedAt));
  const onTime = rows.filter((r) => r.decidedAt.getTime() <= r.dueAt.getTime()).length;
  return {
    decided: rows.length,
    onTime,
    onTimeShare: rows.length ? Math.round((onTime / rows.length) * 1000) / 1000 : null,
    medianHours: median(hours),
    meanHours: mean(hours),
  };
}

const requestTiming = (r: RequestRow) => ({
  startedAt: r.receivedAt,
  decidedAt: r.decidedAt!,
  dueAt: r.decisionDueAt,
});

export function summariseMonth(props: {
  month: string;
  organisation: string;
  received: number;
  decided: readonly DecidedRequest[];
  appealsFiled: number;
  appealsDecided: readonly AppealRow[];
}): RequestReport {
  const rows = props.decided.map((d) => d.request);
  const count = <T extends string>(keys: readonly T[], of: (key: T) => number) =>
    Object.fromEntries(keys.map((k) => [k, of(k)])) as Record<T, number>;
  return {
    month: props.month,
    organisation: props.organisation,
    received: props.received,
    requests: {
      all: timing(rows.map(requestTiming)),
      standard: timing(rows.filter((r) => r.priority === 'standard').map(requestTiming)),
      expedited: timing(rows.filter((r) => r.priority === 'expedited').map(requestTiming)),
      byDecision: count(REQUEST_DECISIONS, (d) => rows.filter((r) => r.decision === d).length),
      denialReasons: DENIAL_REASONS.map((reason) => ({
        reason,
        label: DENIAL_REASON_LABELS[reason],
        count: rows.filter((r) => r.denialReason === reason).length,
      }))
        .filter((r) => r.count > 0)
        .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    },
    appeals: {
      filed: props.appealsFiled,
      all: timing(
        props.appealsDecided.map((a) => ({
          startedAt: a.filedAt,
          decidedAt: a.decidedAt!,
          dueAt: a.decisionDueAt,
        })),
      ),
      byOutcome: count(APPEAL_OUTCOMES, (o) => props.appealsDecided.filter((a) => a.outcome === o).length),
    },
  };
}

type Line = { section: string; measure: string; value: string | number | null };

const share = (x: number | null) => (x === null ? null : `${Math.round(x * 1000) / 10}%`);

/** The summary as lines: section, measure, value. */
export function summaryLines(r: RequestReport): Line[] {
  const timingLines = (section: string, t: RequestReport['requests']['all']): Line[] => [
    { section, measure: 'Decided', value: t.decided },
    { section, measure: 'Decided on time', value: t.onTime },
    { section, measure: 'Share on time', value: share(t.onTimeShare) },
    { section, measure: 'Median hours to decision', value: t.medianHours },
    { section, measure: 'Mean hours to decision', value: t.meanHours },
  ];
  return [
    { section: 'Report', measure: 'Organisation', value: r.organisation },
    { section: 'Report', measure: 'Month', value: r.month },
    { section: 'Requests', measure: 'Received', value: r.received },
    ...timingLines('Requests', r.requests.all),
    ...REQUEST_DECISIONS.map((d) => ({
      section: 'Requests by decision',
      measure: REQUEST_DECISION_LABELS[d],
      value: r.requests.byDecision[d],
    })),
    ...timingLines('Standard requests', r.requests.standard),
    ...timingLines('Expedited requests', r.requests.expedited),
    ...r.requests.denialReasons.map((d) => ({ section: 'Denial reasons', measure: d.label, value: d.count })),
    { section: 'Appeals', measure: 'Filed', value: r.appeals.filed },
    ...timingLines('Appeals', r.appeals.all),
    ...APPEAL_OUTCOMES.map((o) => ({
      section: 'Appeals by outcome',
      measure: APPEAL_OUTCOME_LABELS[o],
      value: r.appeals.byOutcome[o],
    })),
  ];
}

const SUMMARY_COLUMNS: ExportColumn<Line>[] = [
  { header: 'Section', value: (l) => l.section, width: 24 },
  { header: 'Measure', value: (l) => l.measure, width: 50 },
  { header: 'Value', value: (l) => l.value, width: 20 },
];

const instant = (d: Date | null) => (d ? d.toISOString() : null);
const DECISION_COLUMNS: ExportColumn<DecidedRequest>[] = [
  { header: 'Family name', value: (d) => d.familyName, width: 20 },
  { header: 'Given name', value: (d) => d.givenName, width: 20 },
  { header: 'MassHealth ID', value: (d) => d.masshealthId, width: 16 },
  { header: 'Service', value: (d) => d.request.service, width: 36 },
  { header: 'Priority', value: (d) => REQUEST_PRIORITY_LABELS[d.request.priority], width: 12 },
  { header: 'Received', value: (d) => instant(d.request.receivedAt), width: 26 },
  { header: 'Decided', value: (d) => instant(d.request.decidedAt), width: 26 },
  {
    header: 'Decision day',
    value: (d) => (d.request.decidedAt ? massachusettsDate(d.request.decidedAt) : null),
  },
  {
    header: 'Hours to decision',
    value: (d) => (d.request.decidedAt ? hoursBetween(d.request.receivedAt, d.request.decidedAt) : null),
  },
  { header: 'Due by', value: (d) => instant(d.request.decisionDueAt), width: 26 },
  {
    header: 'On time',
    value: (d) => (d.request.decidedAt && d.request.decidedAt <= d.request.decisionDueAt ? 'Yes' : 'No'),
  },
  {
    header: 'Decision',
    value: (d) => (d.request.decision ? REQUEST_DECISION_LABELS[d.request.decision] : null),
  },
  {
    header: 'Denial reason',
    value: (d) => (d.request.denialReason ? DENIAL_REASON_LABELS[d.request.denialReason] : null),
    width: 40,
  },
  {
    header: 'Rule',
    value: (d) =>
      ruleRefLabel({
        kind: 'request_decision',
        program: d.request.ruleProgram,
        version: d.request.ruleVersion,
      }),
    width: 36,
  },
];

/** Writes the report: XLSX with the summary and one row per decision, or CSV with the summary. */
export async function writeReport(
  out: Writable,
  format: 'xlsx' | 'csv',
  report: RequestReport,
  decided: readonly DecidedRequest[],
) {
  // Decisions on records tagged under 42 CFR Part 2 (seen here under a consent) bring the redisclosure notice.
  const lines = decided.some((d) => d.request.part2OrgId !== null)
    ? [{ section: 'Notice', measure: '42 CFR Part 2', value: REDISCLOSURE_NOTICE }, ...summaryLines(report)]
    : summaryLines(report);
  if (format === 'csv') {
    await pipeline(csvStream(SUMMARY_COLUMNS, lines), out);
    return;
  }
  await writeXlsxSheets(out, [
    sheetOf('Summary', SUMMARY_COLUMNS, lines),
    sheetOf('Decisions', DECISION_COLUMNS, decided),
  ]);
  // A file is whole only once its stream has finished writing.
  await finished(out, { readable: false });
}
