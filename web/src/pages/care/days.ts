import { massachusettsDate, massachusettsInstant } from '@contract/massachusetts-day.js';
import { formatDate, formatTime } from '../../format.js';

const MONTHS = 'January February March April May June July August September October November December'.split(
  ' ',
);
const WRITTEN_DAY = new RegExp(`\\b(\\d{1,2}) (${MONTHS.join('|')}) (\\d{4})\\b`, 'g');

/**
 * A sentence from the server with its calendar days ("2026-11-03", "3 November 2026")
 * in the app's one date format ("Nov 3, 2026"), so the clocks' explanations read like the rest of the page.
 */
export const withDays = (text: string) =>
  text
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (day) => formatDate(day))
    .replace(WRITTEN_DAY, (_, d: string, m: string, y: string) =>
      formatDate(`${y}-${String(MONTHS.indexOf(m) + 1).padStart(2, '0')}-${d.padStart(2, '0')}`),
    );

/**
 * Each contact's time of day, for the contacts that share a Massachusetts day with another in the list: where
 * two attempts fall on one day, the day alone does not tell them apart.
 */
export function timesOnSharedDays(contactIds: string[], occurredAt: Map<string, string>) {
  const dayOf = (id: string) => {
    const at = occurredAt.get(id);
    return at ? formatDate(at) : null;
  };
  const perDay = new Map<string, number>();
  for (const id of contactIds) {
    const day = dayOf(id);
    if (day) perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const id of contactIds) {
    const day = dayOf(id);
    if (day && (perDay.get(day) ?? 0) > 1) out.set(id, formatTime(occurredAt.get(id)!));
  }
  return out;
}

/**
 * What is wrong with a contact's day and time (Massachusetts) as of `now`, on the field that is wrong: a day
 * still to come is the day's mistake, today at a time still to come the time's (five minutes' grace for
 * clocks that differ). Null when the contact has happened.
 */
export function futureContact(
  day: string,
  time: string,
  now: Date,
): { field: 'day' | 'time'; message: string } | null {
  const today = massachusettsDate(now);
  if (day > today)
    return {
      field: 'day',
      message: `Choose a day on or before today (${formatDate(today)}): a contact is logged once it is made`,
    };
  if (massachusettsInstant(day, time).getTime() > now.getTime() + 5 * 60_000)
    return { field: 'time', message: 'Choose a time that has passed: a contact is logged once it is made' };
  return null;
}
