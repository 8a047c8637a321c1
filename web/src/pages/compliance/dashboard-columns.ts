import { STATUSES } from '@contract/compliance/compliance.schemas.js';

/**
 * The statuses the dashboard counts, one column each, in the API's order: every one, so that a requirement's
 * columns add up to its rows — "not yet due" (someone whose first due date is still ahead) included.
 */
export const DASHBOARD_STATUSES = STATUSES;
