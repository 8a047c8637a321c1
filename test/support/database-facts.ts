import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../src/platform/db/client.js';

/**
 * What a test reads straight from the database because no API shows it (the outbox before delivery, the
 * audit trail's details, the job queue, a demo record's id). Kept here so that a test file names no table
 * of a domain other than its own (scripts/check-boundaries.js); each helper reads one kind of fact.
 */

const attachment = z.object({ filename: z.string(), contentType: z.string(), content: z.string() });
const outboxRow = z.object({
  id: z.string(),
  key: z.string(),
  to: z.string(),
  toName: z.string().nullable(),
  subject: z.string(),
  body: z.string(),
  personId: z.string().nullable(),
  attachments: z.array(attachment),
});
export type OutboxMessage = z.infer<typeof outboxRow>;

/** Messages in the outbox, oldest first, narrowed by what they are about, who wrote them or to whom. */
export function outboxMessages(
  db: Db,
  about: { orgId?: string; entityType?: string; entityId?: string; to?: string },
): Promise<OutboxMessage[]> {
  const where: SQL[] = [sql`true`];
  if (about.orgId) where.push(sql`org_id = ${about.orgId}`);
  if (about.entityType) where.push(sql`entity_type = ${about.entityType}`);
  if (about.entityId) where.push(sql`entity_id = ${about.entityId}`);
  if (about.to) where.push(sql`to_address = ${about.to}`);
  return checkedRows(
    db,
    outboxRow,
    sql`select id, key, to_address as "to", to_name as "toName", subject, body, person_id as "personId",
        coalesce(attachments, '[]'::jsonb) as attachments
      from outbox_messages where ${sql.join(where, sql` and `)} order by created_at, id`,
  );
}

/** Marks one message to an address as failed to deliver, as a mail server refusing it would; its id. */
export async function failOneMessageTo(db: Db, to: string, error: string) {
  const row = await checkedRow(
    db,
    z.object({ id: z.string() }),
    sql`update outbox_messages set status = 'failed', error = ${error}
      where id = (select id from outbox_messages where to_address = ${to} limit 1) returning id`,
  );
  return row?.id;
}

const auditRow = z.object({
  action: z.string(),
  actorName: z.string().nullable(),
  entityType: z.string().nullable(),
  details: z.any(),
});

/** Entries of the audit trail, in the order written, narrowed by the thing they are about and the action. */
export function auditEntries(db: Db, about: { entityId?: string; entityType?: string; action?: string }) {
  const where: SQL[] = [sql`true`];
  if (about.entityId) where.push(sql`entity_id = ${about.entityId}`);
  if (about.entityType) where.push(sql`entity_type = ${about.entityType}`);
  if (about.action) where.push(sql`action = ${about.action}`);
  return checkedRows(
    db,
    auditRow,
    sql`select action, actor_name as "actorName", entity_type as "entityType", details
      from audit_log where ${sql.join(where, sql` and `)} order by seq`,
  );
}

/** How many jobs of a kind an organisation has in the queue (in one status, or any). */
export async function jobCount(db: Db, kind: string, orgId: string, status?: string) {
  const row = await checkedRow(
    db,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from jobs where kind = ${kind} and org_id = ${orgId}
      ${status ? sql`and status = ${status}` : sql``}`,
  );
  return row?.n ?? 0;
}

/** An enrollee's kept work queue row (decision 055), if it has one. */
export function keptDueOf(db: Db, enrolleeId: string) {
  return checkedRow(
    db,
    z.object({
      changed: z.number(),
      computedChange: z.number().nullable(),
      computedOn: z.string().nullable(),
      kinds: z.array(z.string()),
      overdue: z.boolean(),
    }),
    sql`select changed, computed_change as "computedChange", computed_on::text as "computedOn", kinds, overdue
      from care_due where enrollee_id = ${enrolleeId}`,
  );
}

/** The id of the person with this e-mail address (the demo's people are known by theirs). */
export async function personIdByEmail(db: Db, email: string) {
  const row = await checkedRow(
    db,
    z.object({ id: z.string() }),
    sql`select id from people where email = ${email}`,
  );
  return row?.id;
}

/** Every person's e-mail address. */
export async function everyEmail(db: Db) {
  return checkedRows(db, z.object({ email: z.string() }), sql`select email from people`);
}

/** The open viewings (not yet ended) of a recording by one person. */
export async function openViewings(db: Db, sessionId: string, personId: string) {
  const row = await checkedRow(
    db,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from training_viewings
      where session_id = ${sessionId} and person_id = ${personId} and ended_at is null`,
  );
  return row?.n ?? 0;
}
