import type { Session } from '../../api.js';

/**
 * Whether the person may hold a caseload here (only a care coordinator or a clinical care manager is ever a
 * single point of contact): an organisation admin who is neither has no work queue of their own. In a file of
 * its own so the menu and the home page ask it without loading the queue pages.
 */
export const mayHoldCaseload = (session: Session) =>
  session.roles.some((r) => r === 'care_coordinator' || r === 'clinical_care_manager');
