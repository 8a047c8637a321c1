// Arithmetic on ISO days (YYYY-MM-DD), pure and time-zone free: a due date is a day, never an instant. Shared by
// every domain's clocks (compliance, care) so none loads another to count days.

const DAY = 86_400_000;
const toTime = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fromTime = (t: number) => dayFromEpochDays(Math.floor(t / DAY));
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * The ISO day `n` days after 1970-01-01, by arithmetic (H. Hinnant's days-to-civil) rather than through a
 * `Date`, which costs ten times as much on the hundreds of thousands of dates an import reads. Years outside
 * 0–9999, and a day that is not a number, go the `Date` way (its six-digit years, its RangeError).
 */
export function dayFromEpochDays(n: number): string {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!(y >= 0 && y <= 9_999)) return new Date(n * DAY).toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** Whether year, month (1–12) and day make a day of the calendar (30 February does not). */
export function isCalendarDay(y: number, m: number, d: number): boolean {
  if (!(m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

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

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "2026-03-12" as "12 March 2026". */
export function longDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}
