import { sessionView } from '@contract/auth.schemas.js';
import { emailSchema } from '@contract/text/identifiers.js';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from './actor.js';
import { actorOf, originOf, SESSION_COOKIE } from './auth.hook.js';
import type { AuthService } from './auth.service.js';
import { rateLimitPlugin, signInRateLimit } from './sign-in-rate-limit.js';

/** The browser's device cookie: a random token, known to the server only by its hash in `login_attempts`. */
export const DEVICE_COOKIE = 'concord_device';
const DEVICE_COOKIE_DAYS = 90;

/**
 * `capabilities` lists what an actor may do at the organisation they act for; the composition root asks the
 * domains' policies (the platform knows none of them).
 */
/** The session cookie: the whole site's, never read by scripts, never sent from another site. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean) {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'strict', secure });
}

export function authRoutes(
  auth: AuthService,
  options: { secure: boolean; capabilities: (actor: Actor) => string[] },
): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(fastifyRateLimit, rateLimitPlugin);
    app.post(
      '/api/auth/sign-in',
      {
        config: { public: true, rateLimit: signInRateLimit },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with e-mail and password; sets the session cookie',
          description:
            'When the account owes a second factor (decision 067) the answer is 200 with `secondFactor` ("code": give one at /api/auth/mfa/verify; "enrol": set one up at /api/auth/mfa/enrolment) and the CSRF token those steps need; the session may do nothing else until then. After repeated failures an attempt must wait: the answer is 429 with Retry-After (seconds) and a message saying when to try again. Accounts are never locked (decision 017). More than 60 requests a minute from one address are also answered 429 (decision 043).',
          body: z.object({ email: emailSchema, password: z.string().min(1).max(1024) }),
          response: {
            200: z.object({ secondFactor: z.enum(['code', 'enrol']), csrfToken: z.string() }),
            204: z.null(),
          },
        },
      },
      async (request, reply) => {
        const { token, deviceToken, mfa, csrfToken } = await auth.signIn(
          request.body,
          originOf(request),
          request.cookies[DEVICE_COOKIE],
        );
        setSessionCookie(reply, token, options.secure);
        // Kept after sign-out and sent only to this route: it says nothing but "signed in here before".
        reply.setCookie(DEVICE_COOKIE, deviceToken, {
          path: '/api/auth/sign-in',
          httpOnly: true,
          sameSite: 'strict',
          secure: options.secure,
          maxAge: DEVICE_COOKIE_DAYS * 86_400,
        });
        if (mfa) return reply.code(200).send({ secondFactor: mfa, csrfToken });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/auth/session',
      {
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, their organisations and CSRF token',
          response: { 200: sessionView },
        },
      },
      async (request) => {
        const a = actorOf(request);
        return {
          ...a,
          roles: [...a.roles],
          memberships: a.memberships.map((m) => ({ ...m, roles: [...m.roles] })),
          can: options.capabilities(a),
        };
      },
    );

    app.post(
      '/api/auth/sign-out',
      {
        config: { mfaStep: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign out; the session stops working at once',
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await auth.signOut(actorOf(request));
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/switch-organisation',
      {
        schema: {
          tags: ['auth'],
          summary: 'Act for another organisation at which you hold a role',
          body: z.object({ orgId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await auth.switchOrg(actorOf(request), request.body.orgId);
        return reply.code(204).send(null);
      },
    );
  };
}
