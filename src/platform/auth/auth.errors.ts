import { defineErrors } from '../http/errors.js';

export const AuthErrors = defineErrors({
  AUTH_INVALID_CREDENTIALS: { status: 401, message: 'The e-mail address or password is not right.' },
  AUTH_SESSION_EXPIRED: { status: 401, message: 'Your session has ended. Sign in again.' },
  AUTH_RATE_LIMITED: {
    status: 429,
    message:
      'Too many failed sign-in attempts. Wait 15 minutes, or ask an administrator to reset your password.',
  },
  AUTH_NOT_A_MEMBER: { status: 403, message: 'You do not hold a role at that organisation.' },
  AUTH_WEAK_PASSWORD: { status: 400, message: 'Choose a password of at least 12 characters.' },
  AUTH_EMAIL_TAKEN: { status: 409, message: 'An account with this e-mail address already exists.' },
});
