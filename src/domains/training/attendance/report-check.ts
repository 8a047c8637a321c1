// Whether a participant report is the session's own: a report of another date or title would grant the
// session's topic to people who attended something else, so it is imported only when the importer confirms.

import { longDay } from '@contract/iso-days.js';
import { foldName } from './matching.js';

/** What the report says of itself: its title (meeting topic) and when it started (meeting start, else first join). */
export interface ReportIdentity {
  title: string | null;
  startedAt: Date | null;
}

export interface SessionIdentity {
  title: string;
  startsAt: string | null;
  timeZone: string;
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * Titles are the same when they fold to the same words, or one holds the other: a platform's topic is
 * often the session's title shortened or lengthened ("… (live webinar)").
 */
export function sameTitle(a: string, b: string): boolean {
  const [x, y] = [foldName(a), foldName(b)];
  if (!x || !y) return true;
  return x === y || x.includes(y) || y.includes(x);
}

/** Each way the report is not the session's, in words naming both sides; empty when nothing differs. */
export function reportDifferences(report: ReportIdentity, session: SessionIdentity): string[] {
  const differences: string[] = [];
  if (report.startedAt && session.startsAt) {
    const reported = dayIn(report.startedAt, session.timeZone);
    const scheduled = dayIn(new Date(session.startsAt), session.timeZone);
    if (reported !== scheduled)
      differences.push(`The report is for ${longDay(reported)}; this session is on ${longDay(scheduled)}`);
  }
  if (report.title && !sameTitle(report.title, session.title))
    differences.push(`The report is for “${report.title}”; this session is “${session.title}”`);
  return differences;
}

/** A live session has happened once it has started; before then no report of it can exist. */
export const hasStarted = (session: { startsAt: string | null }, now = Date.now()) =>
  session.startsAt !== null && Date.parse(session.startsAt) <= now;
