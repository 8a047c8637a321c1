import { defineErrors } from '../../platform/http/errors.js';

/** Identification imports and providers' referrals. */
export const IdentificationErrors = defineErrors({
  IDENTIFICATION_FILE_TYPE: {
    status: 400,
    message: 'Upload the identified-member list as an .xlsx or .csv file, in the layout MassHealth sends it.',
  },
  REFERRAL_NOT_FOUND: { status: 404, message: 'There is no such referral here.' },
  REFERRAL_PLAN_UNKNOWN: {
    status: 422,
    message: 'Choose the member’s ACO, MCO or plan: one your organisation has a network contract with today.',
  },
  REFERRAL_NO_CONTRACT: {
    status: 422,
    message:
      'Your organisation has no network contract in force with this ACO, MCO or plan: refer the member to one you contract with.',
  },
  REFERRAL_PENDING: {
    status: 409,
    message:
      'Your organisation’s referral of this member to this ACO, MCO or plan is waiting for its decision: it is not sent twice.',
  },
  REFERRAL_DECIDED: {
    status: 409,
    message: 'This referral was already decided: a decision is recorded once.',
  },
  REFERRAL_NOT_MEMBER: {
    status: 409,
    message:
      'None of your members has this MassHealth ID and date of birth. Decline the referral as "Not a member of this ACO/MCO", or add the member to your roster first.',
  },
});
