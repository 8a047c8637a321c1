import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from './auth.hook.js';
import { setSessionCookie } from './auth.routes.js';
import type { MfaService } from './mfa.service.js';

const tags = ['auth'];
const codeBody = z.object({ code: z.string().trim().min(1).max(40) });
const recoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

/**
 * Two-step sign-in with an authenticator app (decision 067). Routes marked `mfaStep` are the only ones a
 * session that still owes its second factor may use.
 */
export function mfaRoutes(mfa: MfaService, options: { secure: boolean }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/auth/mfa',
      {
        schema: {
          tags,
          summary:
            'Whether two-step sign-in is on for you, required of you, and how many recovery codes are left',
          response: {
            200: z.object({ enabled: z.boolean(), required: z.boolean(), recoveryCodesLeft: z.number() }),
          },
        },
      },
      async (request) => mfa.status(actorOf(request)),
    );

    app.post(
      '/api/auth/mfa/enrolment',
      {
        config: { mfaStep: true },
        schema: {
          tags,
          summary: 'Start setting up an authenticator: a new secret, as text and as a QR code',
          description: 'The secret is shown until a code from it is confirmed, and never again.',
          response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() }) },
        },
      },
      async (request) => mfa.startEnrolment(actorOf(request)),
    );

    app.post(
      '/api/auth/mfa/enrolment/confirm',
      {
        config: { mfaStep: true },
        schema: {
          tags,
          summary:
            'Turn two-step sign-in on with a code from the new authenticator; answers the recovery codes, once',
          body: codeBody,
          response: { 200: recoveryCodes },
        },
      },
      async (request, reply) => {
        const { recoveryCodes, session } = await mfa.confirmEnrolment(actorOf(request), request.body.code);
        if (session) setSessionCookie(reply, session, options.secure);
        return { recoveryCodes };
      },
    );

    app.post(
      '/api/auth/mfa/verify',
      {
        config: { mfaStep: true },
        schema: {
          tags,
          summary: 'Finish signing in with a code from your authenticator app or a recovery code',
          description:
            'After five wrong codes each further attempt waits, 30 seconds doubling to 15 minutes (429).',
          body: codeBody,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const { session } = await mfa.verify(actorOf(request), request.body);
        if (session) setSessionCookie(reply, session, options.secure);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/mfa/recovery-codes',
      {
        schema: {
          tags,
          summary: 'New recovery codes, given a current code; the old ones stop working',
          body: codeBody,
          response: { 200: recoveryCodes },
        },
      },
      async (request, _reply) => mfa.regenerateRecoveryCodes(actorOf(request), request.body.code),
    );

    app.post(
      '/api/auth/mfa/disable',
      {
        schema: {
          tags,
          summary: 'Turn two-step sign-in off, given a current code, unless it is required of you',
          body: codeBody,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await mfa.disable(actorOf(request), request.body.code);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/auth/mfa/reset',
      {
        schema: {
          tags,
          summary:
            'Reset a person’s two-step sign-in (a lost phone); they set it up again at their next sign-in',
          description:
            'An organisation’s administrator may reset someone holding a role at the organisation they act for; a system administrator anyone. The person’s sessions end.',
          body: z.object({ personId: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await mfa.reset(actorOf(request), request.body.personId);
        return reply.code(204).send(null);
      },
    );
  };
}
