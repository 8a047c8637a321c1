import { defineErrors } from '../../platform/http/errors.js';

export const ComplianceErrors = defineErrors({
  REQUIREMENT_CODE_TAKEN: {
    status: 409,
    message: 'Your organisation already has a requirement with this code.',
  },
  PACK_DAY_IN_FUTURE: {
    status: 400,
    message: 'An evidence pack shows how things stood on today or a day that has passed. Choose such a day.',
  },
  NOT_IN_SCOPE: {
    status: 409,
    message: 'This requirement does not reach this person, so there is nothing to exempt them from.',
  },
});
