// Arithmetic on ISO days (YYYY-MM-DD), pure and time-zone free: a due date is a day, never an instant. Shared by
// every domain's clocks (compliance, care) so none loads another to count days.

const DAY = 86_400_000;
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromTime = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The day `days` days later (earlier when negative). */
export function addDays(date: string, days: number) {
  return fromTime(toTime(date) + days * DAY);
}

/** Calendar months later; the day is clamped to the month's end (29 February + 12 months = 28 February). */
export function addMonths(date: string, months: number) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromTime(Date.UTC(year, month, Math.min(d, last)));
}
