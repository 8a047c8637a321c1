import { type OutboxMessageView, outboxMessageView } from '@contract/outbox.schemas.js';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db, isoTimestamp } from '../db/client.js';
import { holds } from '../db/columns.js';
import { outboxMessages } from './outbox.tables.js';

/** The organisation's next queued messages, locked with SKIP LOCKED so two workers can share the outbox. */
export function claimQueued(tx: Db, orgId: string, limit: number) {
  return tx
    .select({
      id: outboxMessages.id,
      toAddress: outboxMessages.toAddress,
      toName: outboxMessages.toName,
      subject: outboxMessages.subject,
      body: outboxMessages.body,
      attachments: outboxMessages.attachments,
    })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.orgId, orgId), eq(outboxMessages.status, 'queued')))
    .orderBy(outboxMessages.createdAt, outboxMessages.id)
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Records one delivery attempt: sent, or failed with the error. */
export async function recordAttempt(tx: Db, orgId: string, id: string, error: string | null) {
  await tx
    .update(outboxMessages)
    .set({
      status: error ? 'failed' : 'sent',
      attempts: sql`${outboxMessages.attempts} + 1`,
      error,
      sentAt: error ? null : sql`now()`,
    })
    .where(and(eq(outboxMessages.orgId, orgId), eq(outboxMessages.id, id)));
}

/** Writes the messages whose keys are new at their organisation; returns those keys. */
export async function insertNew(tx: Db, messages: (typeof outboxMessages.$inferInsert)[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const inserted = await tx
    .insert(outboxMessages)
    .values(messages)
    .onConflictDoNothing({ target: [outboxMessages.orgId, outboxMessages.key] })
    .returning({ key: outboxMessages.key });
  return inserted.map((r) => r.key);
}

/** Puts a failed message back in the queue; false when there is no failed message with that id. */
export async function requeueFailed(tx: Db, orgId: string, id: string): Promise<boolean> {
  const done = await tx
    .update(outboxMessages)
    .set({ status: 'queued', error: null })
    .where(
      and(eq(outboxMessages.orgId, orgId), eq(outboxMessages.id, id), eq(outboxMessages.status, 'failed')),
    )
    .returning({ id: outboxMessages.id });
  return done.length > 0;
}

export interface OutboxFilter {
  status?: 'queued' | 'sent' | 'failed' | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  personId?: string | undefined;
  q?: string | undefined;
  dir: string;
}

export { type OutboxMessageView, outboxMessageView };

/** Messages at an organisation, newest first unless asked otherwise. */
export async function listMessages(
  db: Db,
  orgId: string,
  f: OutboxFilter,
  page: { offset: number; limit: number },
) {
  const where = [
    sql`m.org_id = ${orgId}`,
    f.status ? sql`m.status = ${f.status}` : undefined,
    f.entityType ? sql`m.entity_type = ${f.entityType}` : undefined,
    f.entityId ? sql`m.entity_id = ${f.entityId}` : undefined,
    f.personId ? sql`m.person_id = ${f.personId}` : undefined,
    f.q ? sql`(${holds(sql`m.to_address`, f.q)} or ${holds(sql`m.subject`, f.q)})` : undefined,
  ].filter((c) => c !== undefined);
  const items = await checkedRows(
    db,
    outboxMessageView.extend({ total: z.number() }),
    sql`select m.id, m.to_address as "to", m.to_name as "toName", m.person_id as "personId", m.subject, m.body,
        m.entity_type as "entityType", m.entity_id as "entityId", m.status, m.attempts, m.error,
        ${isoTimestamp(sql`m.created_at`)} as "createdAt", ${isoTimestamp(sql`m.sent_at`)} as "sentAt",
        count(*) over ()::int as total
      from outbox_messages m where ${sql.join(where, sql` and `)}
      order by m.created_at ${f.dir === 'asc' ? sql`asc` : sql`desc`}, m.id
      offset ${page.offset} limit ${page.limit}`,
  );
  return { items, total: items[0]?.total ?? 0 };
}

const sendsAboutRow = z.object({
  sentAt: z.string(),
  subject: z.string(),
  createdBy: z.string().nullable(),
  recipients: z.number(),
});
/**
 * The messages about one record, one line per send: the rows one change queued share their creation time
 * (the transaction's), their subject and their sender. Newest first, from `since` on when given.
 */
export function sendsAbout(
  db: Db,
  orgId: string,
  about: { entityType: string; entityId: string; since?: Date },
) {
  return checkedRows(
    db,
    sendsAboutRow,
    sql`select ${isoTimestamp(sql`created_at`)} as "sentAt", subject, created_by as "createdBy",
        count(*)::int as recipients
      from outbox_messages
      where org_id = ${orgId} and entity_type = ${about.entityType} and entity_id = ${about.entityId}
        ${about.since ? sql`and created_at >= ${about.since.toISOString()}` : sql``}
      group by created_at, subject, created_by order by created_at desc`,
  );
}
