// Words for compliance values, shared by the API's exports and the web app.

export const STATUS_LABELS = {
  compliant: 'Compliant',
  due_soon: 'Due soon',
  pending: 'Not yet due',
  overdue: 'Overdue',
  expired: 'Expired',
  exempt: 'Exempt',
} as const;
