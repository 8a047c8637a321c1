// A webinar platform's participant report (Zoom's is the model): an optional meeting block, a blank line,
// then one row per join. The same person can join several times; guests may have no e-mail.
import type { Readable } from 'node:stream';
import { csvRecords } from '../../../platform/files/tabular.js';
import { unreadableText } from '../../../platform/files/text-encoding.js';
import type { Issue } from '../../../platform/http/errors.js';

export interface ParticipantRow {
  rowNumber: number;
  name: string;
  email: string | null;
  joinedAt: Date | null;
  leftAt: Date | null;
  minutes: number;
}

/** The meeting block: its id, title and start as written, and the file row it is on. */
export interface ReportMeeting {
  id: string | null;
  topic: string | null;
  startTime: string | null;
  row: number | null;
}

export const noMeeting = (): ReportMeeting => ({ id: null, topic: null, startTime: null, row: null });

export interface ParticipantReport {
  meeting: ReportMeeting;
  rows: ParticipantRow[];
  problems: Issue[];
}

/** What the report says of itself, filled in as it is read: its meeting block, and whether rows were found. */
export interface ReportHead {
  meeting: ReportMeeting;
  header: boolean;
}

const COLUMNS = {
  name: /^(name|participant)/i,
  email: /e-?mail/i,
  joined: /^join/i,
  left: /^leave/i,
  minutes: /^(duration|time in session|minutes)/i,
} as const;
type Column = keyof typeof COLUMNS;

/**
 * Streams the report's join rows, or the problems of a row that cannot be read (naming row and column,
 * never dropped silently), in file order. The CSV is read in whatever encoding it was saved in; a file
 * that is not CSV at all ends the read with an `UnreadableFile` naming the row.
 */
export async function* participantRows(
  input: Readable,
  timeZone: string,
  head: ReportHead,
): AsyncGenerator<ParticipantRow | Issue[]> {
  let index: Partial<Record<Column, number>> | null = null;
  /** The columns read, with the names the file gives them, for problems with their text. */
  let checked: [number, string][] = [];
  let meetingHeader: string[] | null = null;
  const times = reportTimes(timeZone);
  for await (const { rowNumber: line, cells: record } of csvRecords(input, { skipEmptyLines: false })) {
    if (record.every((c) => c === '')) continue;
    if (!index) {
      const found = headerIndex(record);
      if (found) {
        index = found;
        checked = (Object.entries(found) as [Column, number][]).map(([c, i]) => [i, record[i] || c]);
        head.header = true;
      } else if (!meetingHeader && record.some((c) => /meeting id/i.test(c))) meetingHeader = record;
      else if (meetingHeader && !head.meeting.id) {
        const at = (re: RegExp) => record[meetingHeader!.findIndex((h) => re.test(h))] ?? null;
        const meeting = { id: at(/meeting id/i), topic: at(/^topic/i), startTime: at(/^start/i), row: line };
        // Kept with the audit event; a control character would not go into it.
        if (![meeting.id, meeting.topic, meeting.startTime].some((t) => t && unreadableText(t)))
          head.meeting = meeting;
      }
      continue;
    }
    yield readRow(record, line, index, checked, times);
  }
  if (!head.header)
    yield [
      {
        row: 1,
        message:
          'No participant header row found (expected columns such as Name, User Email, Join Time, Duration)',
      },
    ];
}

/** One join row read and checked, or its problems (each naming row and column). */
function readRow(
  record: string[],
  line: number,
  index: Partial<Record<Column, number>>,
  checked: [number, string][],
  times: ReturnType<typeof reportTimes>,
): ParticipantRow | Issue[] {
  const problems: Issue[] = [];
  for (const [i, column] of checked) {
    const why = unreadableText(record[i] ?? '');
    if (why) problems.push({ row: line, column, message: why });
  }
  if (problems.length > 0) return problems;
  const at = (i: number | undefined) => (i === undefined ? '' : (record[i] ?? ''));
  const [name, email, joined, left, minutesText] = [
    at(index.name),
    at(index.email),
    at(index.joined),
    at(index.left),
    at(index.minutes),
  ];
  if (!name && !email)
    return [{ row: line, column: 'Name', message: 'Neither a name nor an e-mail address' }];
  const joinedAt = joined ? times.parse(joined) : null;
  const leftAt = left ? times.parse(left) : null;
  if (joined && !joinedAt)
    problems.push({ row: line, column: 'Join Time', message: `"${joined}" is not a date and time` });
  if (left && !leftAt)
    problems.push({ row: line, column: 'Leave Time', message: `"${left}" is not a date and time` });
  let minutes = Number(minutesText);
  if (!minutesText && joinedAt && leftAt) minutes = Math.round((+leftAt - +joinedAt) / 60_000);
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > MAX_MINUTES || !/^\d*(\.\d+)?$/.test(minutesText))
    problems.push({
      row: line,
      column: 'Duration (Minutes)',
      message: `"${minutesText}" is not a number of minutes`,
    });
  else if (joinedAt && leftAt && leftAt < joinedAt)
    problems.push({ row: line, column: 'Leave Time', message: 'Leaves before joining' });
  if (problems.length > 0) return problems;
  return {
    rowNumber: line,
    name: name || email,
    email: email || null,
    joinedAt,
    leftAt,
    minutes: Math.round(minutes),
  };
}

/** A week: longer than any session, and within what the table's minutes hold. */
const MAX_MINUTES = 7 * 24 * 60;

/** Reads the whole report into memory (for small reports and tests; imports stream `participantRows`). */
export async function readParticipantReport(input: Readable, timeZone: string): Promise<ParticipantReport> {
  const head: ReportHead = { meeting: noMeeting(), header: false };
  const report: ParticipantReport = { meeting: head.meeting, rows: [], problems: [] };
  for await (const item of participantRows(input, timeZone, head)) {
    if (Array.isArray(item)) report.problems.push(...item);
    else report.rows.push(item);
  }
  report.meeting = head.meeting;
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

/**
 * Reads report times in a session's zone: "11/10/2026 09:58:12 AM" (the platform's local time) or an ISO
 * timestamp. The zone's formatter is made once and each minute's offset found once (a report's joins fall
 * in a few hours), so a million rows take seconds, not the quarter of an hour a formatter per time took.
 */
export function reportTimes(timeZone: string) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  const offsetAt = (instant: number) => {
    const parts = format.formatToParts(new Date(instant));
    const v = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute'), v('second')) - instant;
  };
  const minutes = new Map<number, number>();
  /** The instant at which a wall clock in the zone shows the given time. */
  const zoned = (y: number, mo: number, d: number, h: number, mi: number, s: number) => {
    const minute = Date.UTC(y, mo - 1, d, h, mi, 0);
    let at = minutes.get(minute);
    if (at === undefined) {
      // The zone's offset at that moment, found from what its clock shows then; twice, for DST edges.
      at = minute;
      for (let i = 0; i < 2; i++) at = minute - offsetAt(at);
      if (minutes.size >= 10_000) minutes.clear(); // a report spread over years is allowed, not remembered
      minutes.set(minute, at);
    }
    return new Date(at + s * 1000);
  };
  return {
    zoned,
    parse(text: string): Date | null {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?$/i.exec(
        text.trim(),
      );
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
      const [month, day, year, minute, second] = [m[1], m[2], m[3], m[5], m[6] ?? '0'].map(
        Number,
      ) as number[];
      if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour > 23 || minute! > 59 || second! > 59)
        return null;
      return zoned(year!, month!, day!, hour, minute!, second!);
    },
  };
}

/** One report time in a zone (see `reportTimes`, which a whole report shares). */
export const parseReportTime = (text: string, timeZone: string) => reportTimes(timeZone).parse(text);
