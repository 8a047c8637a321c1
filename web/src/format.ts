// Every figure, date and time the app shows goes through here, so they read the same on every page: numbers
// grouped ("1,634"), dates and times in Massachusetts time, whatever the browser's zone (decision 039).

/** Concord's zone: the programs it serves run on Massachusetts time. */
export const ZONE = 'America/New_York';

export { formatNumber, formatPercent, plural } from '@contract/text/figures.js';

// Built once each: building a formatter loads locale and zone data.
const DAY = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, dateStyle: 'medium' });
const DAY_TIME = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  dateStyle: 'medium',
  timeStyle: 'short',
});
const TIME = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: 'numeric', minute: '2-digit' });
const ZONE_NAME = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'short' });

type Instant = Date | string | number;
const toDate = (at: Instant) => (at instanceof Date ? at : new Date(at));
/** "EST" or "EDT", as Massachusetts is on that day. */
const zoneAt = (at: Date) =>
  ZONE_NAME.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'ET';

/**
 * The Massachusetts day of an instant ("Nov 30, 2026"), or a calendar day as the server sends it
 * ("2026-11-30", which is already a Massachusetts day and is never shifted by a zone).
 */
export function formatDate(at: Instant) {
  if (typeof at === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(at)) {
    const [y, m, d] = at.split('-').map(Number) as [number, number, number];
    return DAY.format(new Date(Date.UTC(y, m - 1, d, 12)));
  }
  return DAY.format(toDate(at));
}

/** An instant in Massachusetts time with its zone: "Nov 30, 2026, 7:30 PM EST". */
export function formatDateTime(at: Instant) {
  const d = toDate(at);
  return `${DAY_TIME.format(d)} ${zoneAt(d)}`;
}

/** The time of day in Massachusetts with its zone: "7:30 PM EST". */
export function formatTime(at: Instant) {
  const d = toDate(at);
  return `${TIME.format(d)} ${zoneAt(d)}`;
}
