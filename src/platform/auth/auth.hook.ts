import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EXPORT_STATUS_PATH } from '../fhir/fhir.js';
import { AppError, CommonErrors } from '../http/errors.js';
import type { Actor } from './actor.js';
import { AuthErrors } from './auth.errors.js';
import type { AuthService } from './auth.service.js';
import type { ApiClients } from './clients.service.js';
import { MfaErrors } from './mfa.errors.js';

export const SESSION_COOKIE = 'concord_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (sign-in itself, health, the docs, public verification pages). */
    public?: boolean;
    /** Open to a session that still owes its second factor (decision 067): giving it, or signing out. */
    mfaStep?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function originOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** The access token of an `Authorization: Bearer …` header, if there is one. */
const bearerOf = (request: FastifyRequest) =>
  /^Bearer\s+([A-Za-z0-9\-._~+/]+=*)$/i.exec(request.headers.authorization ?? '')?.[1];

/**
 * Resolves the session cookie to an actor on every request, refuses unauthenticated requests to
 * non-public routes, and requires the session's CSRF token on every state-changing request. An API
 * client's access token (decision 065) is taken instead of a session by the FHIR API's reads only.
 */
export function registerAuthHook(app: FastifyInstance, auth: AuthService, clients?: ApiClients) {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[SESSION_COOKIE];
    const isPublic = request.routeOptions.config?.public === true;
    const bearer = clients && !isPublic ? bearerOf(request) : undefined;
    if (bearer && clients) {
      // A read no route answers is not found, token or not: the not-found answer needs no one.
      if (SAFE_METHODS.has(request.method) && !request.routeOptions.url) return;
      // Decided by the route matched, as below: only a read the FHIR router answers takes a token, and the
      // cancellation of a bulk export (decision 066).
      const route = request.routeOptions.url ?? '';
      const takesToken =
        (SAFE_METHODS.has(request.method) && route.startsWith('/fhir/')) ||
        (request.method === 'DELETE' && route === EXPORT_STATUS_PATH);
      if (!takesToken) throw new AppError(AuthErrors.AUTH_TOKEN_NOT_HERE);
      request.actor = await clients.authenticate(bearer, originOf(request));
      if (!request.actor) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new AppError(AuthErrors.AUTH_TOKEN_INVALID);
      }
      return;
    }
    if (token) {
      const actor = await auth.authenticate(token, originOf(request));
      if (actor && actor !== 'expired') request.actor = actor;
      else {
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        if (!isPublic) {
          throw new AppError(
            actor === 'expired' ? AuthErrors.AUTH_SESSION_EXPIRED : CommonErrors.NOT_AUTHENTICATED,
          );
        }
      }
    }
    if (isPublic) return;
    // Decided by the route the router matched, never by how the URL is spelled: the router decodes
    // `/%61pi/…` to `/api/…`, so the raw URL cannot say whether a request reaches the API. Every unsafe
    // method needs a session and its token, whatever the path, matched or not.
    const unsafe = !SAFE_METHODS.has(request.method);
    if (!unsafe && !(request.routeOptions.url ?? request.url).startsWith('/api/')) return;
    if (!request.actor) throw new AppError(CommonErrors.NOT_AUTHENTICATED);
    if (request.actor.mfaPending && request.routeOptions.config?.mfaStep !== true) {
      throw new AppError(MfaErrors.MFA_PENDING);
    }
    if (unsafe) {
      const given = request.headers['x-csrf-token'];
      if (!auth.checkCsrf(request.actor.csrfToken, typeof given === 'string' ? given : undefined)) {
        throw new AppError(CommonErrors.CSRF_INVALID);
      }
    }
  });
}

/** The signed-in actor; only called in routes the hook has already protected. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(CommonErrors.NOT_AUTHENTICATED);
  return request.actor;
}
