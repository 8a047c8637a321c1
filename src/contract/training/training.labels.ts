// Words for the training domain's codes, shared by the API, certificates and the web app (no dependencies,
// so the browser bundle can import it).

export const SESSION_KIND_LABELS = {
  live: 'Live webinar',
  recorded: 'Recorded webinar',
  self_paced: 'Self-paced module',
} as const;

export const COMPLETION_METHOD_LABELS = {
  ...SESSION_KIND_LABELS,
  external: 'Recorded from evidence',
  imported: 'Imported record',
} as const;

export const REGISTRATION_LABELS = {
  registered: 'Registered',
  waitlisted: 'On the waitlist',
  cancelled: 'Cancelled',
} as const;

export const ATTESTATION_STATUS_LABELS: Record<string, string> = {
  held: 'Held for review',
  accepted: 'Accepted',
  rejected: 'Rejected',
};
