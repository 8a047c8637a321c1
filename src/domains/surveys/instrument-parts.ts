// What the care instruments' definitions are written with: options named by their labels, and the free-text
// question kinds and follow-up they share.

/** Options whose values are their labels in snake case ("Sometimes true" → sometimes_true). */
export const opts = (...labels: string[]) =>
  labels.map((label) => ({
    value: label
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
    label,
  }));

/** A follow-up asking for a description. */
export const describe = (required = false) => ({ text: 'Please describe:', required });
export const long = { type: 'long_text', maxLength: 4000 } as const;
export const short = { type: 'short_text', maxLength: 200 } as const;
