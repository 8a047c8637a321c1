import { AppError, defineErrors } from '../http/errors.js';
import { describeWait, type Throttled } from './sign-in-throttle.js';

export const AuthErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'The e-mail address or password is not right.' },
  AUTH_SESSION_EXPIRED: { status: 401, message: 'Your session has ended. Sign in again.' },
  AUTH_RATE_LIMITED: {
    status: 429,
    message: 'Too many failed sign-in attempts. Wait a few minutes and try again.',
  },
  AUTH_NOT_A_MEMBER: { status: 403, message: 'You do not hold a role at that organisation.' },
  AUTH_WEAK_PASSWORD: { status: 400, message: 'Choose a password of at least 12 characters.' },
  AUTH_EMAIL_TAKEN: { status: 409, message: 'An account with this e-mail address already exists.' },
  AUTH_TOKEN_INVALID: {
    status: 401,
    message:
      'The access token is not valid: it has expired, was revoked, or was never issued. Ask for a new one.',
  },
  AUTH_TOKEN_NOT_HERE: {
    status: 401,
    message: 'An access token reads the FHIR API (/fhir/R4) only; everything else needs a signed-in session.',
  },
});

const WHY: Record<Throttled['rule'], string> = {
  device: 'There have been too many wrong passwords for this account from this browser.',
  pair: 'There have been too many wrong passwords for this account from your network.',
  address: 'There have been too many failed sign-ins from your network.',
  account: 'There have been many wrong passwords for this account recently, so sign-in is slowed down.',
};

/** A sign-in refused for now; the route sends `retryAfterSeconds` as the Retry-After header. */
export class SignInThrottledError extends AppError {
  override retryAfterSeconds: number;
  constructor(throttled: Throttled) {
    const forgot =
      throttled.rule === 'pair'
        ? ' If you have forgotten your password, ask your organisation’s administrator to reset it.'
        : '';
    super(
      AuthErrors.AUTH_RATE_LIMITED,
      `${WHY[throttled.rule]} Try again in ${describeWait(throttled.waitMs)}.${forgot}`,
    );
    this.retryAfterSeconds = Math.max(1, Math.ceil(throttled.waitMs / 1_000));
  }
}
