import { defineErrors } from '../http/errors.js';

export const FhirErrors = defineErrors({
  EXPORT_BUSY: {
    status: 429,
    message:
      'You already have two exports waiting or running. Wait for one to finish (or delete one), then ask again.',
  },
});
