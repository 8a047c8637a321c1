// API clients (decision 065): systems that read the FHIR API with the OAuth 2.0 client credentials grant.
// An organisation's administrator registers one, acting with the roles a person (a service identity) holds
// at the organisation and within SMART system scopes; the secret is shown once. A token lasts five minutes.
import { createHash, randomBytes } from 'node:crypto';
import type { AuditTrail } from '../audit/audit.service.js';
import type { Database } from '../db/client.js';
import { notFound, validationFailed } from '../http/errors.js';
import { type Actor, activeOrgOf, hasRole, type MembershipLoader } from './actor.js';
import * as repo from './clients.repository.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';
import { definePolicy } from './policy.js';
import { grantedOf, scopeProblem } from './smart-scopes.js';

export const TOKEN_SECONDS = 300;

export const clientsPolicy = definePolicy({
  /** An organisation's administrators register, list and revoke its API clients. */
  'apiClients.manage': (actor) => Boolean(actor.orgId) && hasRole(actor, 'org_admin'),
});
/** How the audit trail names a client: its name and client id, which no person's name can be taken for. */
const clientName = (client: { name: string; clientId: string }) =>
  `${client.name} (API client ${client.clientId})`;
const tokenKey = (token: string) => createHash('sha256').update(token).digest('hex');

/** A token request refused, as RFC 6749 §5.2 names it. */
export class TokenRefused extends Error {
  constructor(
    readonly error: 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type' | 'invalid_request',
    readonly description: string,
  ) {
    super(description);
  }
}

const view = (
  { secretHash: _secret, createdBy: _by, orgId: _org, ...client }: repo.ApiClient,
  personName: string,
) => ({
  ...client,
  personName,
  createdAt: client.createdAt.toISOString(),
  revokedAt: client.revokedAt?.toISOString() ?? null,
});

export function createApiClients({
  database,
  audit,
  memberships,
}: {
  database: Database;
  audit: AuditTrail;
  memberships: MembershipLoader;
}) {
  const db = database.system;
  const adminOrg = (actor: Actor) => {
    const orgId = activeOrgOf(actor);
    clientsPolicy.authorize(actor, 'apiClients.manage');
    return orgId;
  };

  return {
    async list({ actor }: { actor: Actor }) {
      const rows = await repo.clientsOf(db, adminOrg(actor));
      const names = new Map<string, string>();
      for (const id of new Set(rows.map((r) => r.personId)))
        names.set(id, (await memberships(id, false)).name);
      return rows.map((r) => view(r, names.get(r.personId) ?? ''));
    },

    /** `servedTypes`: the resource types the FHIR API serves, the only ones a scope may name. */
    async register({
      actor,
      input,
      servedTypes,
    }: {
      actor: Actor;
      input: { name: string; personId: string; scopes: string[] };
      servedTypes: readonly string[];
    }) {
      const orgId = adminOrg(actor);
      const problems = input.scopes.flatMap((scope, i) => {
        const problem = scopeProblem(scope, servedTypes);
        return problem ? [{ path: `body.scopes.${i}`, message: problem }] : [];
      });
      const identity = await memberships(input.personId, false);
      const held = identity.memberships.some((m) => m.orgId === orgId);
      if (!held)
        problems.push({
          path: 'body.personId',
          message: 'Choose someone who holds a role at this organisation: the client acts with their roles',
        });
      if (problems.length) throw validationFailed(problems);
      const secret = randomBytes(32).toString('base64url');
      const client = await repo.insertClient(db, {
        orgId,
        personId: input.personId,
        name: input.name,
        clientId: `concord-${randomBytes(12).toString('base64url')}`,
        secretHash: await hashPassword(secret),
        scopes: [...new Set(input.scopes)],
        createdBy: actor.personId,
      });
      await audit.recordNow(actor, {
        action: 'create',
        entityType: 'api_client',
        entityId: client.id,
        details: { name: client.name, scopes: client.scopes, personId: client.personId },
      });
      return { ...view(client, identity.name), clientSecret: secret };
    },

    async revoke({ actor, id }: { actor: Actor; id: string }) {
      const orgId = adminOrg(actor);
      if (!(await repo.revokeClient(db, orgId, id, new Date()))) throw notFound('The API client');
      await audit.recordNow(actor, { action: 'revoke', entityType: 'api_client', entityId: id });
    },

    /** The client credentials grant: an access token, or the reason there is none. */
    async issueToken(
      request: { clientId: string; clientSecret: string; scope?: string | undefined },
      origin: { ip: string | null; userAgent: string | null },
    ) {
      const client = await repo.clientByClientId(db, request.clientId);
      const verified = client
        ? !client.revokedAt && (await verifyPassword(client.secretHash, request.clientSecret))
        : await verifyPassword(await dummyPasswordHash(), request.clientSecret).then(() => false);
      if (!client)
        throw new TokenRefused(
          'invalid_client',
          'The client id or secret is not right, or the client was revoked.',
        );
      const as = { ...origin, name: clientName(client), userId: client.id, orgId: client.orgId };
      /** A refusal of a known client, kept in its organisation's audit log (an unknown id names nothing). */
      const refuse = async (err: TokenRefused) => {
        await audit.recordNow(as, {
          action: 'token-refused',
          entityType: 'api_client',
          entityId: client.id,
          details: { reason: err.error },
        });
        return err;
      };
      if (!verified)
        throw await refuse(
          new TokenRefused(
            'invalid_client',
            'The client id or secret is not right, or the client was revoked.',
          ),
        );
      // A client whose service identity holds no role here any more reads nothing: no token either.
      const identity = await memberships(client.personId, false);
      if (!identity.memberships.some((m) => m.orgId === client.orgId))
        throw await refuse(
          new TokenRefused(
            'invalid_client',
            'The person this client acts as no longer holds a role at the organisation.',
          ),
        );
      const granted = grantedOf(request.scope, client.scopes);
      if (granted.refused)
        throw await refuse(
          new TokenRefused('invalid_scope', `Not granted to this client: ${granted.refused.join(' ')}`),
        );
      const token = randomBytes(32).toString('base64url');
      const now = Date.now();
      await repo.insertToken(db, {
        id: tokenKey(token),
        clientId: client.id,
        scopes: granted.scopes,
        expiresAt: new Date(now + TOKEN_SECONDS * 1_000),
      });
      await audit.recordNow(as, {
        action: 'token',
        entityType: 'api_client',
        entityId: client.id,
        details: { scopes: granted.scopes },
      });
      return {
        access_token: token,
        token_type: 'Bearer',
        expires_in: TOKEN_SECONDS,
        scope: granted.scopes.join(' '),
      };
    },

    /**
     * The actor for an access token: the client, with the roles its service identity holds at the
     * organisation today; null when the token is unknown, expired or revoked, or the identity holds no role.
     */
    async authenticate(
      token: string,
      origin: { ip: string | null; userAgent: string | null },
    ): Promise<Actor | null> {
      const found = await repo.liveToken(db, tokenKey(token), new Date());
      if (!found) return null;
      const { client, scopes } = found;
      const loaded = await memberships(client.personId, false);
      const membership = loaded.memberships.find((m) => m.orgId === client.orgId);
      if (!membership) return null;
      return {
        userId: client.id,
        personId: client.personId,
        name: clientName(client),
        email: '',
        isSystemAdmin: false,
        orgId: client.orgId,
        roles: membership.roles,
        memberships: [membership],
        ...origin,
        sessionId: `client:${client.id}`,
        csrfToken: randomBytes(24).toString('base64url'),
        client: { id: client.id, scopes },
      };
    },
  };
}

export type ApiClients = ReturnType<typeof createApiClients>;
