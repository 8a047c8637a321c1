// A webinar platform's participant report (Zoom's is the model): an optional meeting block, a blank line,
// then one row per join. The same person can join several times; guests may have no e-mail.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Issue } from '../../../platform/http/errors.js';

export interface ParticipantRow {
  rowNumber: number;
  name: string;
  email: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
  minutes: number;
}

export interface ParticipantReport {
  meeting: { id: string | null; topic: string | null };
  rows: ParticipantRow[];
  problems: Issue[];
}

const COLUMNS = {
  name: /^(name|participant)/i,
  email: /e-?mail/i,
  joined: /^join/i,
  left: /^leave/i,
  minutes: /^(duration|time in session|minutes)/i,
} as const;
type Column = keyof typeof COLUMNS;

/** Reads the report; rows that cannot be read are problems naming row and column, never dropped silently. */
export async function readParticipantReport(input: Readable, timeZone: string): Promise<ParticipantReport> {
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: true }),
  );
  const report: ParticipantReport = { meeting: { id: null, topic: null }, rows: [], problems: [] };
  let index: Partial<Record<Column, number>> | null = null;
  let meetingHeader: string[] | null = null;
  let line = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    line++;
    if (record.every((c) => c === '')) continue;
    if (!index) {
      const found = headerIndex(record);
      if (found) index = found;
      else if (!meetingHeader && record.some((c) => /meeting id/i.test(c))) meetingHeader = record;
      else if (meetingHeader && !report.meeting.id) {
        const at = (re: RegExp) => record[meetingHeader!.findIndex((h) => re.test(h))] ?? null;
        report.meeting = { id: at(/meeting id/i), topic: at(/^topic/i) };
      }
      continue;
    }
    const cell = (c: Column) => (index![c] == null ? '' : (record[index![c]!] ?? ''));
    const problem = (column: string, message: string) => report.problems.push({ row: line, column, message });
    const name = cell('name');
    if (!name && !cell('email')) {
      problem('Name', 'Neither a name nor an e-mail address');
      continue;
    }
    const joinedAt = cell('joined') ? parseReportTime(cell('joined'), timeZone) : null;
    const leftAt = cell('left') ? parseReportTime(cell('left'), timeZone) : null;
    if (cell('joined') && !joinedAt) problem('Join Time', `"${cell('joined')}" is not a date and time`);
    if (cell('left') && !leftAt) problem('Leave Time', `"${cell('left')}" is not a date and time`);
    const minutesText = cell('minutes');
    let minutes = Number(minutesText);
    if (!minutesText && joinedAt && leftAt) minutes = Math.round((+leftAt - +joinedAt) / 60_000);
    if (!Number.isFinite(minutes) || minutes < 0 || !/^\d*(\.\d+)?$/.test(minutesText)) {
      problem('Duration (Minutes)', `"${minutesText}" is not a number of minutes`);
      continue;
    }
    if (joinedAt && leftAt && leftAt < joinedAt) problem('Leave Time', 'Leaves before joining');
    report.rows.push({
      rowNumber: line,
      name: name || cell('email'),
      email: cell('email') || null,
      joinedAt,
      leftAt,
      minutes: Math.round(minutes),
    });
  }
  if (!index) {
    report.problems.push({
      row: 1,
      message:
        'No participant header row found (expected columns such as Name, User Email, Join Time, Duration)',
    });
  }
  return report;
}

function headerIndex(record: string[]): Partial<Record<Column, number>> | null {
  const index: Partial<Record<Column, number>> = {};
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const at = record.findIndex((h) => COLUMNS[column].test(h));
    if (at >= 0) index[column] = at;
  }
  // A participant header has a name and a duration or join time; the meeting block's header does not.
  const isParticipants = index.name != null && (index.minutes != null || index.joined != null);
  return isParticipants && !record.some((h) => /meeting id/i.test(h)) ? index : null;
}

/** "11/10/2026 09:58:12 AM" (the platform's local time, in the session's zone) or an ISO timestamp. */
export function parseReportTime(text: string, timeZone: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i.exec(text.trim());
  if (!m) {
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
    const d = new Date(text);
    return Number.isNaN(+d) ? null : d;
  }
  let hour = Number(m[4]);
  const pm = m[7]?.toUpperCase();
  if (pm && (hour < 1 || hour > 12)) return null;
  if (pm === 'PM' && hour < 12) hour += 12;
  if (pm === 'AM' && hour === 12) hour = 0;
  const [month, day, year, minute, second] = [m[1], m[2], m[3], m[5], m[6] ?? '0'].map(Number) as number[];
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour > 23 || minute! > 59 || second! > 59)
    return null;
  return zonedTime(year!, month!, day!, hour, minute!, second!, timeZone);
}

/** The instant at which a wall clock in `timeZone` shows the given time. */
export function zonedTime(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  timeZone: string,
) {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at that moment, found from what the zone's clock shows then; twice, for DST edges.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - offsetAt(guess, timeZone);
  return new Date(guess);
}

function offsetAt(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const v = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second')) - instant;
}
