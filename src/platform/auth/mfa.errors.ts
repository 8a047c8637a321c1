import { AppError, defineErrors } from '../http/errors.js';
import { describeWait } from './sign-in-throttle.js';

export const WRONG_CODE_MESSAGE =
  'That code is not right, or was used already. Type the 6-digit code your authenticator app shows now, or one of your recovery codes.';

export const MfaErrors = defineErrors({
  MFA_PENDING: {
    status: 401,
    message:
      'Finish signing in first: give the code from your authenticator app, or set one up if you are asked to.',
  },
  MFA_CODE_WRONG: { status: 400, message: WRONG_CODE_MESSAGE },
  MFA_CODE_THROTTLED: { status: 429, message: 'Too many wrong codes. Wait a few minutes and try again.' },
  MFA_ALREADY_ON: {
    status: 409,
    message:
      'Two-step sign-in is already on for your account. Turn it off first to set up a new authenticator.',
  },
  MFA_NOT_STARTED: {
    status: 409,
    message: 'Start setting up an authenticator first, then give a code from it.',
  },
  MFA_NOT_ON: { status: 409, message: 'Two-step sign-in is not on for your account.' },
  MFA_NOT_OWED: { status: 409, message: 'This session has no code to give; it is already signed in.' },
  MFA_REQUIRED: {
    status: 409,
    message:
      'Two-step sign-in is required of you (as a system administrator, or by an organisation where you hold a role), so it cannot be turned off. You can set up a new authenticator by asking an administrator to reset it.',
  },
  MFA_RESET_SELF: {
    status: 409,
    message:
      'You cannot reset your own two-step sign-in; turn it off or regenerate codes on your account page.',
  },
});

/** Wrong codes mounted up: the route sends `retryAfterSeconds` as Retry-After. */
export class MfaThrottledError extends AppError {
  override retryAfterSeconds: number;
  constructor(waitMs: number) {
    super(
      MfaErrors.MFA_CODE_THROTTLED,
      `There have been too many wrong codes for this account. Try again in ${describeWait(waitMs)}.`,
    );
    this.retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1_000));
  }
}
