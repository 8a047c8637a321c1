// Words for compliance values, shared by the API's exports and the web app.
import { COMPLETION_METHOD_LABELS } from '../training/training.labels.js';

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

export { roleNames } from '../roles.js';

/** How a requirement was satisfied, in words: a completion's method, or a qualification. */
export const satisfiedHow = (how: string) =>
  how === 'qualification'
    ? 'Qualification'
    : (COMPLETION_METHOD_LABELS[how as keyof typeof COMPLETION_METHOD_LABELS] ?? how);
