import { defineErrors } from '../../platform/http/errors.js';

/** What a welcome mailing refuses, and why, in words a plan's staff can act on. */
export const MailingErrors = defineErrors({
  MAILING_NOT_FOUND: { status: 404, message: 'There is no such welcome mailing here.' },
  MAILING_COUNTY_NOT_EXPANDED: {
    status: 422,
    message:
      'Each county must be a service area of your organisation starting on the effective day: add it under your organisation’s service areas first, or choose the day it starts.',
  },
  MAILING_RUNNING: {
    status: 409,
    message:
      'A welcome mailing of your organisation is being prepared: wait until it is ready, then run this one.',
  },
  MAILING_NOT_READY: {
    status: 409,
    message: 'The mailing is not ready: its letters and mail file are there once it is ready to mail.',
  },
  MAILING_NO_FILES: {
    status: 409,
    message: 'This mailing wrote to nobody, so it has no letters and no mail file.',
  },
  MAILING_RESIDENT_NOT_FOUND: {
    status: 404,
    message: 'This member is not among the residents the mailing wrote to.',
  },
});
