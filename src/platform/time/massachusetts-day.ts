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
