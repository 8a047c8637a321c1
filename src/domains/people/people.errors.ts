import { defineErrors } from '../../platform/http/errors.js';

export const PeopleErrors = defineErrors({
  PERSON_NPI_TAKEN: { status: 409, message: 'Another person already has this NPI.' },
  PERSON_EMAIL_TAKEN: { status: 409, message: 'Another person already uses this e-mail address.' },
  SUPERVISOR_UNKNOWN: {
    status: 400,
    message: 'The supervisor must be someone with a role at this organisation. Add them here first.',
  },
  ROLE_DUPLICATE: { status: 409, message: 'The person already holds this role here from that date.' },
  IMPORT_FILE_TYPE: {
    status: 400,
    message: 'Upload an .xlsx or .csv file made from the people import template.',
  },
  IMPORT_REJECTED: {
    status: 422,
    message: 'The file has errors; nothing was imported. Download the result file to see each one.',
  },
});
