// Counts as people read them, on the server (messages, e-mails, exports) and in the web app alike.

const NUMBER = new Intl.NumberFormat('en-US');

/** A count or figure, grouped in thousands: 1634 → "1,634". */
export function formatNumber(n: number) {
  return NUMBER.format(n);
}

/**
 * A count with its noun, singular for one: plural(1, 'attempt') → "1 attempt", plural(2, 'attempt') →
 * "2 attempts", plural(3, 'person', 'people') → "3 people". The count is grouped ("1,634 people").
 */
export function plural(n: number, one: string, many = `${one}s`) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** A share as a whole percentage, no space before the sign: 0.536 → "54%". */
export function formatPercent(share: number) {
  return `${Math.round(share * 100)}%`;
}
