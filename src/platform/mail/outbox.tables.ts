import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy } from '../db/columns.js';

export const outboxStatus = pgEnum('outbox_status', ['queued', 'sent', 'failed']);

/**
 * Every e-mail Concord sends, written in the same transaction as the change that causes it and delivered
 * afterwards by a job. The key makes sending idempotent: a message with a key already used at the
 * organisation is never written twice, so a repeated or caught-up run cannot send it again.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    key: text('key').notNull(),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    /** The person it was sent to, when known, so it can be listed on their record. */
    personId: uuid('person_id'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    /** What it is about (a session announcement, a reminder), for listing beside that record. */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id'),
    /** Files sent with it (a calendar invitation), as text. */
    attachments: jsonb('attachments')
      .$type<{ filename: string; contentType: string; content: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: outboxStatus('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('outbox_messages_key').on(t.orgId, t.key),
    index('outbox_messages_entity_idx').on(t.orgId, t.entityType, t.entityId),
    index('outbox_messages_person_idx').on(t.orgId, t.personId),
    index('outbox_messages_queued_idx').on(t.orgId, t.createdAt).where(sql`status = 'queued'`),
    tenantPolicy(t.orgId),
  ],
);
