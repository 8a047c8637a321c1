import { defineErrors } from '../../../platform/http/errors.js';

/** What the training team's editing, rosters and messages to registrants refuse. */
export const TeamErrors = defineErrors({
  TOPIC_KEPT_ELSEWHERE: {
    status: 403,
    message: 'Only the organisation that keeps this topic may change it.',
  },
  SHARED_TOPIC_STAYS_SHARED: {
    status: 409,
    message:
      'A shared topic stays shared: other organisations may already offer, plan, require or have completed it. Add a new topic for your own catalog instead.',
  },
  NO_ONE_TO_WRITE_TO: {
    status: 409,
    message:
      'No one is registered for this session (or on its waitlist, if you chose it), so no e-mail was sent.',
  },
  NOT_A_MODULE: { status: 409, message: 'Only a self-paced module has pages and a knowledge check to edit.' },
});
