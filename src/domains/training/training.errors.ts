import { defineErrors } from '../../platform/http/errors.js';

export const TrainingErrors = defineErrors({
  TOPIC_CODE_TAKEN: { status: 409, message: 'Your organisation already has a topic with this code.' },
  SESSION_FIELDS: { status: 400, message: 'This kind of session needs more details.' },
  SESSION_TIMES_FIXED: {
    status: 409,
    message:
      'Attendance, attestations or completions are recorded against this session’s times, so its start and end can no longer change. Offer a new session instead.',
  },
  SESSION_CANCELLED: {
    status: 409,
    message: 'This session is cancelled, so it can no longer be registered for or changed.',
  },
  SESSION_ENDED: {
    status: 409,
    message:
      'This session has ended, so it is no longer open to register. Look for a later session of the topic.',
  },
  ALREADY_REGISTERED: { status: 409, message: 'You are already registered for this session.' },
  NOT_A_PERSON: {
    status: 403,
    message: 'Your account is not linked to a person, so it cannot take training.',
  },
  ATTENDANCE_FILE_TYPE: {
    status: 400,
    message: 'Upload the participant report as the .csv file the webinar platform exports.',
  },
  ATTENDANCE_PERSON_UNKNOWN: {
    status: 400,
    message: 'Match the row to someone registered for this session or someone your organisation can see.',
  },
  SESSION_NOT_ENDED: {
    status: 409,
    message: 'This session has not ended yet, so no one can have completed it. Decide after it ends.',
  },
  SESSION_NOT_HAPPENED: {
    status: 409,
    message: 'This session has not happened yet. Import its participant report after it.',
  },
  ATTESTATION_CLOSED: {
    status: 410,
    message: 'This attestation link has expired. Ask the training team to record your completion.',
  },
  VIEWING_ENDED: {
    status: 409,
    message:
      'This viewing ended when you started watching the recording in another window. Keep watching there, or reload this page.',
  },
  ALREADY_ATTESTED: { status: 409, message: 'You have already attested to this session.' },
  COMPLETION_REVOKED: { status: 409, message: 'This completion is already revoked.' },
  WRONG_SESSION_KIND: { status: 409, message: 'This cannot be done in this kind of session.' },
  NO_KNOWLEDGE_CHECK: { status: 409, message: 'This module has no knowledge check.' },
  ALREADY_COMPLETED: { status: 409, message: 'You have already completed this module.' },
  PAGES_NOT_VIEWED: { status: 409, message: 'View every page before marking the module as complete.' },
  KNOWLEDGE_CHECK_DECIDES: {
    status: 409,
    message: 'This module is completed by passing its knowledge check, not by marking it complete.',
  },
  NO_ATTEMPTS_LEFT: {
    status: 409,
    message: 'You have used every attempt at this knowledge check. Ask the training team for help.',
  },
  NOT_HELD: { status: 409, message: 'This attestation is not waiting for review.' },
  PROGRAM_YEAR_TITLE_TAKEN: {
    status: 409,
    message: 'Your organisation already has a program year with this title.',
  },
  EVENT_OVER: { status: 409, message: 'This event has already ended, so it cannot be announced.' },
  EVENT_NOT_OVER: {
    status: 409,
    message: 'A recording can be published once the live event has ended.',
  },
  RECORDING_PUBLISHED: { status: 409, message: 'This event’s recording is already published.' },
  EVIDENCE_FILE_TYPE: {
    status: 400,
    message: 'Evidence must be a PDF, an image (PNG or JPEG), a Word or Excel document, or a text file.',
  },
  TOPIC_FIXED_BY_SESSION: {
    status: 409,
    message: 'This completion was earned at a session, and the session decides its topic.',
  },
  COMPLETIONS_FILE_TYPE: {
    status: 400,
    message: 'Upload an .xlsx or .csv file made from the completions import template.',
  },
});
