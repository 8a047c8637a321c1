// API clients' routes (decision 065): an administrator registers, lists and revokes the organisation's
// clients; a client exchanges its id and secret for an access token (RFC 6749 §4.4, client credentials).

import { apiClientInput, apiClientView as clientView } from '@contract/api-clients.schemas.js';
import { uuidParam } from '@contract/list.js';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyError } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorDefinition } from '../http/errors.js';
import { toErrorBody } from '../http/server.js';
import { actorOf, originOf } from './auth.hook.js';
import { type ApiClients, TokenRefused } from './clients.service.js';
import { rateLimitPlugin, signInRateLimit } from './sign-in-rate-limit.js';

export const TOKEN_PATH = '/api/oauth/token';
const tags = ['api clients'];

/** `client_id`/`client_secret` from HTTP Basic (RFC 6749 §2.3.1: form-encoded, then base64), if sent so. */
function basicCredentials(header: string | undefined) {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const part = (s: string) => {
    try {
      return decodeURIComponent(s.replaceAll('+', ' '));
    } catch {
      return s;
    }
  };
  return { clientId: part(decoded.slice(0, colon)), clientSecret: part(decoded.slice(colon + 1)) };
}

/** `servedTypes`: the resource types the FHIR API serves, the only ones a client's scopes may name. */
export function apiClientsRoutes(clients: ApiClients, servedTypes: readonly string[]): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/api-clients',
      {
        schema: {
          tags,
          summary: 'The organisation’s API clients (administrators)',
          response: { 200: z.object({ items: z.array(clientView) }) },
        },
      },
      async (request) => ({ items: await clients.list({ actor: actorOf(request) }) }),
    );

    app.post(
      '/api/api-clients',
      {
        schema: {
          tags,
          summary: 'Registers an API client; its secret is in this answer only',
          description:
            'The client reads the FHIR API with the roles the named person holds at the organisation, within its SMART system scopes (system/Patient.rs, system/*.rs, …).',
          body: apiClientInput,
          response: { 201: clientView.extend({ clientSecret: z.string() }) },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await clients.register({ actor: actorOf(request), input: request.body, servedTypes })),
    );

    app.post(
      '/api/api-clients/:id/revocation',
      {
        schema: {
          tags,
          summary: 'Revokes an API client and every token it holds, at once',
          params: uuidParam,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        await clients.revoke({ actor: actorOf(request), id: request.params.id });
        return reply.code(204).send(null);
      },
    );

    await app.register(async (token) => {
      await token.register(fastifyRateLimit, rateLimitPlugin);
      // Whatever refuses a token request answers as RFC 6749 §5.2 does, not in the API's own error shape.
      token.setErrorHandler((err: FastifyError, _request, reply) => {
        const body = toErrorBody(err);
        const status = errorDefinition(body.code)?.status;
        reply.header('cache-control', 'no-store');
        return reply.code(status === 429 ? 429 : 400).send({
          // Beside the RFC's two members, the fields at fault, as every other route names them.
          ...(body.issues?.length ? { issues: body.issues } : {}),
          error: 'invalid_request',
          error_description:
            status === 429
              ? 'Too many token requests from your network. Wait a minute and try again.'
              : 'Send a form-encoded body: grant_type=client_credentials, with client_id and client_secret (or HTTP Basic) and optionally scope.',
        });
      });
      token.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 8_192 },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      token.withTypeProvider<ZodTypeProvider>().post(
        TOKEN_PATH,
        {
          config: { public: true, rateLimit: signInRateLimit },
          schema: {
            tags,
            summary:
              'OAuth 2.0 token endpoint: the client credentials grant (form-encoded), for the FHIR API',
            description:
              'Send grant_type=client_credentials with client_id and client_secret in the form or as HTTP Basic, and optionally scope. Errors follow RFC 6749 §5.2.',
            body: z.looseObject({
              grant_type: z.string().max(100).optional(),
              client_id: z.string().max(200).optional(),
              client_secret: z.string().max(500).optional(),
              scope: z.string().max(4000).optional(),
            }),
          },
        },
        async (request, reply) => {
          reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
          const body = request.body as Partial<
            Record<'grant_type' | 'client_id' | 'client_secret' | 'scope', string>
          >;
          const basic = basicCredentials(request.headers.authorization);
          const refuse = (status: number, err: TokenRefused) => {
            if (status === 401) reply.header('www-authenticate', 'Basic realm="Concord"');
            return reply.code(status).send({ error: err.error, error_description: err.description });
          };
          if (body.grant_type !== 'client_credentials')
            return refuse(
              400,
              new TokenRefused(
                'unsupported_grant_type',
                'Concord issues tokens for grant_type=client_credentials only.',
              ),
            );
          // One way of authenticating only (RFC 6749 §2.3): HTTP Basic or the form, never both.
          const sentBasic = /^Basic\b/i.test(request.headers.authorization ?? '');
          if (sentBasic && (body.client_id !== undefined || body.client_secret !== undefined))
            return refuse(
              400,
              new TokenRefused(
                'invalid_request',
                'Send the client credentials once: as HTTP Basic or in the form.',
              ),
            );
          if (sentBasic && !basic)
            return refuse(
              401,
              new TokenRefused('invalid_client', 'The HTTP Basic credentials cannot be read.'),
            );
          const clientId = basic?.clientId ?? body.client_id;
          const clientSecret = basic?.clientSecret ?? body.client_secret;
          if (!clientId || !clientSecret)
            return refuse(401, new TokenRefused('invalid_client', 'Send client_id and client_secret.'));
          try {
            return await clients.issueToken({ clientId, clientSecret, scope: body.scope }, originOf(request));
          } catch (err) {
            if (err instanceof TokenRefused) return refuse(err.error === 'invalid_client' ? 401 : 400, err);
            throw err;
          }
        },
      );
    });
  };
}
