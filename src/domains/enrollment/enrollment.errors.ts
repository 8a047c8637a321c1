import { defineErrors } from '../../platform/http/errors.js';

export const EnrollmentErrors = defineErrors({
  BATCH_FILE_TYPE: {
    status: 400,
    message: 'Upload an .xlsx or .csv file made from the enrollment batch template.',
  },
  BATCH_NOT_FOUND: { status: 404, message: 'There is no such batch here.' },
  BATCH_NOT_FINISHED: {
    status: 409,
    message: 'The batch is still being checked: its result file is ready when it finishes.',
  },
  PROVIDER_ID_TAKEN: {
    status: 409,
    message: 'Another organisation holds this PID and service location in the directory.',
  },
  CAPACITY_NOT_CP: { status: 422, message: 'Only a Community Partner has a confirmed capacity.' },
  CHOICE_CP_UNKNOWN: { status: 422, message: 'The Community Partner the member asks for is not one.' },
  CHOICE_DATE_FUTURE: { status: 422, message: 'A request cannot be received after today.' },
  BATCH_NOT_APPLIED: {
    status: 409,
    message:
      'Only an applied batch has a file for the state’s portal: its rows are the changes Concord made.',
  },
  MEMBER_ID_FORMAT: { status: 400, message: 'Enter the member’s 12-digit MassHealth ID.' },
  MEMBER_NOT_FOUND: { status: 404, message: 'There is no member with this MassHealth ID that you can see.' },
});
