import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { orgId, tenantPolicy } from '../db/columns.js';
import { GENESIS_HASH } from './audit.chain.js';

/**
 * Append-only audit trail, hash-chained per organisation: each row's hash covers its content and the
 * previous row's hash. The application role may insert and read, never update or delete (see the
 * migration that sets grants and the trigger).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    orgId: orgId(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
    actorUserId: uuid('actor_user_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.seq] }),
    index('audit_log_at_idx').on(t.orgId, t.at),
    index('audit_log_entity_idx').on(t.orgId, t.entityType, t.entityId),
    // A list read names the records it showed in `details.ids`: found by any of them.
    index('audit_log_ids_idx').using('gin', sql`(${t.details} -> 'ids')`).where(sql`${t.details} ? 'ids'`),
    tenantPolicy(t.orgId),
  ],
);

/**
 * The head of each organisation's chain: the last sequence number and hash, and the hash before it (which
 * lets one statement move the head along and write the row that links to it). Locked to append.
 */
export const auditHeads = pgTable(
  'audit_heads',
  {
    orgId: orgId().primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    prevHash: text('prev_hash').notNull().default(GENESIS_HASH),
  },
  (t) => [tenantPolicy(t.orgId)],
);
