// Concord's days are Massachusetts days: "today", a due date, a completion date. Every domain asks here.

// Built once: building a formatter loads time-zone data (about 0.2 ms), and today's date is asked for on
// every compliance read.
const EASTERN_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Massachusetts calendar day of an instant (Eastern time, with daylight saving). */
export function massachusettsDate(instant: Date) {
  return EASTERN_DAY.format(instant);
}

/** Today in Massachusetts, YYYY-MM-DD. */
export const massachusettsToday = () => massachusettsDate(new Date());

const EASTERN_CLOCK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

/** The instant a Massachusetts clock shows `time` (HH:MM) on `day` (YYYY-MM-DD). */
export function massachusettsInstant(day: string, time: string): Date {
  const asUtc = new Date(`${day}T${time}:00Z`);
  const part = (type: string, parts: Intl.DateTimeFormatPart[]) =>
    Number(parts.find((p) => p.type === type)?.value);
  const shown = EASTERN_CLOCK.formatToParts(asUtc);
  const eastern = Date.UTC(
    part('year', shown),
    part('month', shown) - 1,
    part('day', shown),
    part('hour', shown),
    part('minute', shown),
  );
  return new Date(asUtc.getTime() - (eastern - asUtc.getTime()));
}
