import { defineErrors } from '../../platform/http/errors.js';

export const OrganisationErrors = defineErrors({
  ORGANISATION_CODE_TAKEN: { status: 409, message: 'Another organisation already uses this code.' },
  RELATIONSHIP_KINDS_MISMATCH: {
    status: 400,
    message:
      'A network contract joins a plan, ACO or MCO to a provider organisation or Community Partner; a CP partnership joins an ACO or MCO to a Community Partner; a training agreement joins a plan, ACO, MCO, Community Partner or provider organisation to a training vendor.',
  },
  RELATIONSHIP_OVERLAP: {
    status: 409,
    message: 'These organisations already have a relationship of this kind for part of these dates.',
  },
  SERVICE_AREA_OVERLAP: {
    status: 409,
    message: 'This organisation already serves this county for part of these dates.',
  },
  DATES_REVERSED: { status: 400, message: 'The end date is before the start date.' },
});
