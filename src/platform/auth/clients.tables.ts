import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId, tenantPolicy } from '../db/columns.js';

/**
 * A system that reads the FHIR API with the OAuth client credentials grant (decision 065): registered by an
 * organisation's administrator, acting with the roles one person holds there (a service identity), and no
 * further than its SMART scopes. The secret is kept as an argon2id hash and shown once.
 */
export const apiClients = pgTable(
  'api_clients',
  {
    id: id(),
    orgId: orgId(),
    personId: uuid('person_id').notNull(),
    name: text('name').notNull(),
    clientId: text('client_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('api_clients_client_id_key').on(t.clientId),
    index('api_clients_org_idx').on(t.orgId),
    tenantPolicy(t.orgId),
  ],
);

/** An access token issued to a client: the SHA-256 of the token is the key; the token itself is not kept. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    clientId: uuid('client_id').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('api_tokens_client_idx').on(t.clientId)],
);
