import type { RateLimitOptions, RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../http/errors.js';
import { AuthErrors } from './auth.errors.js';
import { addressKey, describeWait } from './sign-in-throttle.js';

/**
 * Sign-in requests one address may send a minute, whatever their outcome (decision 043). Each costs a
 * password hash or an audit row, so a flood is cut off before either; a person, or an office signing in
 * together, stays far below it. The failure counts of decision 017 are kept apart, in the database.
 */
export const SIGN_IN_REQUESTS_PER_MINUTE = 60;

/** The plugin registered in the auth routes' scope: it limits only the routes that ask (`config.rateLimit`). */
export const rateLimitPlugin: RateLimitPluginOptions = { global: false };

/** The sign-in route's limit: per address (an IPv6 subscriber by its /64, as decision 017 counts). */
export const signInRateLimit: RateLimitOptions = {
  max: SIGN_IN_REQUESTS_PER_MINUTE,
  timeWindow: 60_000,
  keyGenerator: (request: FastifyRequest) => addressKey(request.ip),
  errorResponseBuilder: (_request, context) =>
    new AppError(
      AuthErrors.AUTH_RATE_LIMITED,
      `Too many sign-in attempts from your network. Try again in ${describeWait(context.ttl)}.`,
    ),
};
