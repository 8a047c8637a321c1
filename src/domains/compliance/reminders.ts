// The non-compliance workflow as a pure plan: which message each person × requirement is owed today.
import type { StatusRow } from './compliance.schemas.js';
import { addDays } from './rules.js';

export interface ReminderSettings {
  remindDaysBefore: number[];
  remindOnDue: boolean;
  escalateAfterDays: number;
  flagAfterDays: number;
}

export const DEFAULT_SETTINGS: ReminderSettings = {
  remindDaysBefore: [14, 3],
  remindOnDue: true,
  escalateAfterDays: 7,
  flagAfterDays: 30,
};

export type Stage = 'before' | 'due' | 'escalation' | 'flag' | 'manual';

export interface PlannedMessage {
  stage: Stage;
  /** Unique per person, requirement, due date and stage: the outbox never sends the same one twice. */
  key: string;
  /** The person, or the organisation's compliance officers. */
  to: 'person' | 'officers';
  row: StatusRow;
  daysLate: number;
}

const late = (status: StatusRow['status']) => status === 'overdue' || status === 'expired';

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The message each status is owed on `today`: the latest reminder threshold crossed before the due date,
 * the due-date reminder, the escalation, the flag. A run that was missed sends, on the next day, what the
 * missed one would have (only the latest stage reached), and nothing that was already sent.
 */
export function planReminders(rows: StatusRow[], s: ReminderSettings, today: string): PlannedMessage[] {
  const planned: PlannedMessage[] = [];
  for (const row of rows) {
    if (!row.dueOn || row.status === 'compliant' || row.status === 'exempt') continue;
    const toDue = daysBetween(today, row.dueOn);
    const base = `compliance:${row.requirementId}:${row.personId}:${row.dueOn}`;
    const daysLate = -toDue;
    if (daysLate >= s.flagAfterDays && late(row.status)) {
      planned.push({ stage: 'flag', key: `${base}:flag`, to: 'officers', row, daysLate });
    } else if (daysLate >= s.escalateAfterDays && late(row.status)) {
      planned.push({ stage: 'escalation', key: `${base}:escalation`, to: 'officers', row, daysLate });
    } else if (toDue <= 0 && s.remindOnDue) {
      planned.push({ stage: 'due', key: `${base}:due`, to: 'person', row, daysLate });
    } else if (toDue > 0) {
      const crossed = s.remindDaysBefore.filter((n) => toDue <= n).sort((a, b) => a - b)[0];
      if (crossed !== undefined)
        planned.push({
          stage: 'before',
          key: `${base}:before-${crossed}`,
          to: 'person',
          row,
          daysLate,
        });
    }
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
        subject: `Overdue ${m.daysLate} days: ${r.name}, ${r.requirementTitle}`,
        body: `${r.name} (${r.email}; ${r.organisations.join(', ')}) has not completed "${r.requirementTitle}", due ${r.dueOn}.\n${r.explanation}.\n\nTheir record: ${baseUrl}/compliance/people/${r.personId}`,
      };
    case 'flag':
      return {
        subject: `Flagged, ${m.daysLate} days overdue: ${r.name}, ${r.requirementTitle}`,
        body: `${r.name} (${r.email}; ${r.organisations.join(', ')}) is ${m.daysLate} days past the due date of "${r.requirementTitle}" (${r.dueOn}) and is flagged under ${orgName}'s non-compliance policy.\n\nTheir record: ${baseUrl}/compliance/people/${r.personId}`,
      };
  }
}

export const nextRunDay = (today: string) => addDays(today, 1);
