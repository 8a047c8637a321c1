import { defineErrors } from '../../platform/http/errors.js';

export const ComplianceErrors = defineErrors({
  REQUIREMENT_CODE_TAKEN: {
    status: 409,
    message: 'Your organisation already has a requirement with this code.',
  },
  NOT_IN_SCOPE: {
    status: 409,
    message: 'This requirement does not reach this person, so there is nothing to exempt them from.',
  },
});
