import { bigint, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, orgId, tenantPolicy } from '../db/columns.js';

/** Uploaded and generated files. The bytes live under the data folder; this row says whose they are. */
export const storedFiles = pgTable(
  'stored_files',
  {
    orgId: orgId(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    purpose: text('purpose').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), tenantPolicy(t.orgId)],
);
