// The non-compliance workflow as a pure plan: which message each person × requirement is owed today.

import type { StatusRow } from '@contract/compliance/compliance.schemas.js';
import { plural } from '@contract/text/figures.js';
import { addDays } from './rules.js';

export interface ReminderSettings {
  remindDaysBefore: number[];
  remindOnDue: boolean;
  escalateAfterDays: number;
  flagAfterDays: number;
  /** While late, a reminder to the person every so many days (0: none after the due-date reminder). */
  repeatOverdueDays: number;
}

export const DEFAULT_SETTINGS: ReminderSettings = {
  remindDaysBefore: [14, 3],
  remindOnDue: true,
  escalateAfterDays: 7,
  flagAfterDays: 30,
  repeatOverdueDays: 7,
};

export type Stage = 'before' | 'due' | 'overdue' | 'escalation' | 'flag' | 'manual';

export interface PlannedMessage {
  stage: Stage;
  /** Unique per person, requirement, due date and stage (and day, for repeats): each is sent once. */
  key: string;
  /**
   * The person; their supervisor (or, with none, the officers' digest); or the officers' digest. Who
   * exactly is the run's to find out.
   */
  to: 'person' | 'supervisor' | 'officers';
  row: StatusRow;
  daysLate: number;
}

const late = (status: StatusRow['status']) => status === 'overdue' || status === 'expired';

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * What each status is owed on `today` (decision 029). The person: the latest reminder threshold crossed
 * before the due date; the due-date reminder (from the due day until the first repeat); then, while late, a
 * reminder every `repeatOverdueDays`, keyed by the day its period began, so each is sent once however often
 * or late the run is, and someone years late still hears. The supervisor: one escalation per due date. The
 * officers: one flag per due date. A missed run is caught up on the next: each stage's latest message only.
 */
export function planReminders(rows: StatusRow[], s: ReminderSettings, today: string): PlannedMessage[] {
  const planned: PlannedMessage[] = [];
  for (const row of rows) {
    if (!row.dueOn || row.status === 'compliant' || row.status === 'exempt') continue;
    const toDue = daysBetween(today, row.dueOn);
    const base = `compliance:${row.requirementId}:${row.personId}:${row.dueOn}`;
    const daysLate = -toDue;
    const message = (stage: Stage, key: string, to: PlannedMessage['to']) =>
      planned.push({ stage, key: `${base}:${key}`, to, row, daysLate });
    if (toDue > 0) {
      const crossed = s.remindDaysBefore.filter((n) => toDue <= n).sort((a, b) => a - b)[0];
      if (crossed !== undefined) message('before', `before-${crossed}`, 'person');
      continue;
    }
    const period =
      late(row.status) && s.repeatOverdueDays > 0 ? Math.floor(daysLate / s.repeatOverdueDays) : 0;
    if (period > 0) message('overdue', `overdue-${period * s.repeatOverdueDays}`, 'person');
    else if (s.remindOnDue) message('due', 'due', 'person');
    if (!late(row.status)) continue;
    if (daysLate >= s.escalateAfterDays) message('escalation', 'escalation', 'supervisor');
    if (daysLate >= s.flagAfterDays) message('flag', 'flag', 'officers');
  }
  return planned;
}

export function reminderText(m: PlannedMessage, orgName: string, baseUrl: string) {
  const r = m.row;
  const link = `${baseUrl}/training`;
  switch (m.stage) {
    case 'before':
      return {
        subject: `Reminder: ${r.requirementTitle} is due by ${r.dueOn}`,
        body: `${r.name},\n\n${orgName} asks you to complete "${r.requirementTitle}" by ${r.dueOn}.\n${r.explanation}.\n\nSee the trainings open to you: ${link}`,
      };
    case 'due':
    case 'overdue':
      return {
        subject: `${m.daysLate > 0 ? 'Overdue' : 'Due today'}: ${r.requirementTitle}`,
        body: `${r.name},\n\n"${r.requirementTitle}" for ${orgName} ${m.daysLate > 0 ? `was due on ${r.dueOn}` : 'is due today'}.\n${r.explanation}.\n\nSee the trainings open to you: ${link}`,
      };
    case 'manual':
      return {
        subject: `${late(r.status) ? 'Overdue' : 'Reminder'}: ${r.requirementTitle}`,
        body: `${r.name},\n\n${orgName} reminds you that "${r.requirementTitle}" ${r.dueOn ? `${late(r.status) ? 'was due on' : 'is due by'} ${r.dueOn}` : 'is due'}.\n${r.explanation}.\n\nSee the trainings open to you: ${link}`,
      };
    case 'escalation':
      return {
        subject: `Overdue ${plural(m.daysLate, 'day')}: ${r.name}, ${r.requirementTitle}`,
        body: `${r.name} (${r.email}; ${r.organisations.join(', ')}) has not completed "${r.requirementTitle}", due ${r.dueOn}.\n${r.explanation}.\n\nTheir record: ${baseUrl}/compliance/people/${r.personId}`,
      };
    case 'flag':
      return {
        subject: `Flagged, ${plural(m.daysLate, 'day')} overdue: ${r.name}, ${r.requirementTitle}`,
        body: `${r.name} (${r.email}; ${r.organisations.join(', ')}) is ${plural(m.daysLate, 'day')} past the due date of "${r.requirementTitle}" (${r.dueOn}) and is flagged under ${orgName}'s non-compliance policy.\n\nTheir record: ${baseUrl}/compliance/people/${r.personId}`,
      };
  }
}

export const nextRunDay = (today: string) => addDays(today, 1);

export interface DigestLine {
  stage: 'escalation' | 'flag';
  line: string;
}

/** At most this many lines of each kind are written out; the rest are counted and left to the web app. */
const DIGEST_LINES = 100;

/**
 * The officers' one message of the day: escalations that found no supervisor, and the people newly flagged,
 * however many — a first run over an organisation with years of lateness sends one e-mail, not thousands.
 */
export function digestText(lines: DigestLine[], orgName: string, today: string, baseUrl: string) {
  const escalations = lines.filter((l) => l.stage === 'escalation');
  const flagged = lines.filter((l) => l.stage === 'flag');
  const section = (title: string, items: DigestLine[]) =>
    items.length === 0
      ? []
      : [
          `${title} (${items.length.toLocaleString('en-US')}):`,
          ...items.slice(0, DIGEST_LINES).map((l) => `- ${l.line}`),
          ...(items.length > DIGEST_LINES
            ? [`- and ${(items.length - DIGEST_LINES).toLocaleString('en-US')} more`]
            : []),
          '',
        ];
  const counts = [
    flagged.length ? `${flagged.length.toLocaleString('en-US')} flagged` : '',
    escalations.length ? `${escalations.length.toLocaleString('en-US')} overdue with no supervisor` : '',
  ].filter(Boolean);
  return {
    subject: `Compliance digest for ${orgName}, ${today}: ${counts.join(', ')}`,
    body: [
      `Today's non-compliance at ${orgName}.`,
      '',
      ...section('Newly flagged under the non-compliance policy', flagged),
      ...section('Overdue past the escalation, with no supervisor recorded to tell', escalations),
      `Open flags, to filter and clear: ${baseUrl}/compliance?flagged=open`,
    ].join('\n'),
  };
}

/** A notice's line in the digest. */
export function digestLine(m: PlannedMessage) {
  const r = m.row;
  return `${r.name} (${r.email}; ${r.organisations.join(', ')}): "${r.requirementTitle}", due ${r.dueOn}, ${plural(m.daysLate, 'day')} overdue — ${r.explanation}`;
}
