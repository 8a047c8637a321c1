/** The fourteen counties of Massachusetts. */
export const MASSACHUSETTS_COUNTIES = [
  'Barnstable',
  'Berkshire',
  'Bristol',
  'Dukes',
  'Essex',
  'Franklin',
  'Hampden',
  'Hampshire',
  'Middlesex',
  'Nantucket',
  'Norfolk',
  'Plymouth',
  'Suffolk',
  'Worcester',
] as const;

export type County = (typeof MASSACHUSETTS_COUNTIES)[number];
