import { defineErrors } from '../../../platform/http/errors.js';

export const RequestErrors = defineErrors({
  REQUEST_NO_PROGRAM: {
    status: 422,
    message:
      'The enrollee had no One Care, ACO or MCO enrollment on the day the request came in, so no decision clock applies. Record the enrollment first, or check the day it came in.',
  },
  REQUEST_NO_RULE: {
    status: 422,
    message: 'No program rule was in force on that day to set the deadline.',
  },
  REQUEST_DECIDED: {
    status: 409,
    message: 'This request has already been decided. Reload it to see the decision.',
  },
  APPEAL_NOT_OPEN: {
    status: 409,
    message: 'Only a denied or partly approved request can be appealed, once its decision is recorded.',
  },
  APPEAL_EXISTS: {
    status: 409,
    message: 'This request already has an appeal. Open it to record its decision or the next level.',
  },
  APPEAL_MISSING: {
    status: 404,
    message: 'This request has no appeal recorded, or you do not have access to it.',
  },
  APPEAL_DECIDED: {
    status: 409,
    message: 'This appeal has already been decided. Reload it to see the decision.',
  },
  NEXT_LEVEL_NOT_OPEN: {
    status: 409,
    message:
      'The next level is open only after the plan upholds the decision or partly overturns it on appeal.',
  },
  NEXT_LEVEL_RECORDED: {
    status: 409,
    message: 'The request to the next level is already recorded.',
  },
});
