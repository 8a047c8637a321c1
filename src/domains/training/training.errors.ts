import { defineErrors } from '../../platform/http/errors.js';

export const TrainingErrors = defineErrors({
  TOPIC_CODE_TAKEN: { status: 409, message: 'Your organisation already has a topic with this code.' },
  SESSION_FIELDS: { status: 400, message: 'This kind of session needs more details.' },
  ALREADY_REGISTERED: { status: 409, message: 'You are already registered for this session.' },
  NOT_A_PERSON: {
    status: 403,
    message: 'Your account is not linked to a person, so it cannot take training.',
  },
  ATTENDANCE_REJECTED: {
    status: 422,
    message: 'The participant report has rows that cannot be read; nothing was imported.',
  },
  ATTESTATION_CLOSED: {
    status: 410,
    message: 'This attestation link has expired. Ask the training team to record your completion.',
  },
  ALREADY_ATTESTED: { status: 409, message: 'You have already attested to this session.' },
  COMPLETION_REVOKED: { status: 409, message: 'This completion is already revoked.' },
  COMPLETIONS_FILE_TYPE: {
    status: 400,
    message: 'Upload an .xlsx or .csv file made from the completions import template.',
  },
});
