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

export const AssignmentErrors = defineErrors({
  ASSIGNMENT_NOT_FOUND: { status: 404, message: 'There is no such assignment here.' },
  ASSIGNMENT_NOT_PROPOSED: {
    status: 409,
    message: 'Only proposed assignments can be confirmed: some of these were confirmed or withdrawn already.',
  },
  ASSIGNMENT_STALE: {
    status: 409,
    message:
      'Some of these proposals no longer hold: nothing was confirmed. Withdraw them and propose again.',
  },
  ASSIGNMENT_NOT_LIVE: { status: 409, message: 'The assignment was withdrawn or has ended already.' },
  CAPACITY_EXCEEDED: {
    status: 409,
    message: 'A Community Partner has too few free places for these assignments: nothing was confirmed.',
  },
  OUTREACH_NOT_YOURS: {
    status: 403,
    message: 'Only the Community Partner a member is assigned to records its outreach.',
  },
  OUTREACH_NOT_CONFIRMED: {
    status: 409,
    message: 'Outreach is recorded on a confirmed assignment only.',
  },
  OUTREACH_DATE: {
    status: 422,
    message: 'An outreach attempt falls between the assignment’s confirmation and today.',
  },
  MONTH_PAST: {
    status: 422,
    message: 'Assignments are proposed for this month or one of the next twelve.',
  },
  LETTER_NOT_FOUND: {
    status: 404,
    message:
      'There is no confirmed assignment of yours with this id: a letter is written once it is confirmed.',
  },
  NO_LETTERS: {
    status: 404,
    message: 'No assignment of yours is confirmed for this month: there is no letter to print.',
  },
});
