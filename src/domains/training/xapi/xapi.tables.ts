import {
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy, updatedAt, version } from '../../../platform/db/columns.js';
import { organisations } from '../../organisations/organisations.tables.js';

/**
 * An organisation's learning record store (decision 069): where its completions are sent as xAPI statements.
 * The secret is written and used, never read back through the API.
 */
export const xapiSettings = pgTable(
  'training_xapi_settings',
  {
    orgId: orgId()
      .primaryKey()
      .references(() => organisations.id),
    /** The LRS's xAPI endpoint, without the trailing `/statements`. */
    endpoint: text('endpoint').notNull(),
    /** HTTP Basic user (the LRS's "key"). */
    key: text('key').notNull(),
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    version: version(),
    updatedBy: uuid('updated_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [tenantPolicy(t.orgId)],
);

export const xapiVerb = pgEnum('training_xapi_verb', ['completed', 'voided']);
export const xapiDeliveryStatus = pgEnum('training_xapi_delivery_status', ['waiting', 'sent', 'failed']);

/**
 * One statement to send: made by a trigger on training_completions for an organisation whose LRS is on, so
 * every path that records (or revokes) a completion queues it in the same transaction. The statement id is
 * kept, so a retry sends the same statement and the LRS can tell it already has it.
 */
export const xapiDeliveries = pgTable(
  'training_xapi_deliveries',
  {
    orgId: orgId().references(() => organisations.id),
    id: uuid('id').notNull().defaultRandom(),
    completionId: uuid('completion_id').notNull(),
    verb: xapiVerb('verb').notNull(),
    statementId: uuid('statement_id').notNull().defaultRandom(),
    status: xapiDeliveryStatus('status').notNull().default('waiting'),
    attempts: integer('attempts').notNull().default(0),
    /** The LRS's last HTTP status (null: no answer, a network error). */
    lrsStatus: integer('lrs_status'),
    /** Why the last attempt failed: the LRS's answer, shortened. */
    error: text('error'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('training_xapi_deliveries_statement_key').on(t.completionId, t.verb),
    index('training_xapi_deliveries_status_idx').on(t.orgId, t.status, t.createdAt),
    tenantPolicy(t.orgId),
  ],
);
