// Words for compliance values, shared by the API's exports and the web app.

export const STATUS_LABELS = {
  compliant: 'Compliant',
  due_soon: 'Due soon',
  pending: 'Not yet due',
  overdue: 'Overdue',
  expired: 'Expired',
  exempt: 'Exempt',
} as const;

/** The programs a requirement may be limited to (decision 033). */
export const PROGRAM_LABELS = {
  one_care: 'One Care',
  aco: 'ACO',
  mco: 'MCO',
  community_partners: 'Community Partners',
} as const;
