import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import { z } from 'zod';
import { type Database, type Db, isoTimestamp, rows } from '../db/client.js';
import { containing } from '../db/columns.js';
import type { JobHandler, JobQueue } from '../jobs/queue.js';

export const MAIL_DELIVERY_JOB = 'mail.deliver';
declare module '../jobs/queue.js' {
  interface JobKinds {
    /** Delivers everything waiting in the organisation's outbox. */
    [MAIL_DELIVERY_JOB]: Record<string, never>;
  }
}
const BATCH = 50;

export interface OutgoingMessage {
  /** Unique at the organisation: a message whose key was already used is not written again. */
  key: string;
  to: string;
  toName?: string | null;
  personId?: string | null;
  subject: string;
  body: string;
  entityType: string;
  entityId?: string | null;
  /** Files sent with it, as text (a calendar invitation). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  /** With its parameters, e.g. `text/calendar; charset=utf-8; method=REQUEST`. */
  contentType: string;
  content: string;
}

export interface MailSettings {
  dataDir: string;
  /** `smtp://user:pass@host:port` (or smtps://); unset writes each message as an .eml file to the outbox folder. */
  smtpUrl: string | undefined;
  from: string;
}

/**
 * The e-mail outbox. `queue` writes messages inside the caller's transaction and queues a delivery job, so
 * an e-mail exists exactly when the change that caused it commits. Delivery sends by SMTP when it is
 * configured; otherwise each message becomes an RFC 822 file under `<data>/outbox`, to read or hand on.
 */
export function createOutbox(deps: { database: Database; jobs: JobQueue; mail: MailSettings; log?: Logger }) {
  const { database, jobs, mail } = deps;
  const folder = path.join(mail.dataDir, 'outbox');
  const transport = mail.smtpUrl
    ? nodemailer.createTransport(mail.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  async function send(m: {
    id: string;
    toAddress: string;
    toName: string | null;
    subject: string;
    body: string;
    attachments: MailAttachment[];
  }) {
    const info = await transport.sendMail({
      from: mail.from,
      to: m.toName ? { name: m.toName, address: m.toAddress } : m.toAddress,
      subject: m.subject,
      text: m.body,
      messageId: `<${m.id}@concord>`,
      attachments: m.attachments.map((a) => ({ ...a })),
    });
    if (!mail.smtpUrl) {
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, `${m.id}.eml`), (info as { message: Buffer }).message);
    }
  }

  const deliver: JobHandler<typeof MAIL_DELIVERY_JOB> = async (job, ctx) => {
    let sent = 0;
    let failed = 0;
    for (;;) {
      // Each batch is claimed and settled in one transaction; SKIP LOCKED lets two workers share the outbox.
      const done = await database.system.transaction(async (transaction) => {
        const tx = transaction as unknown as Db;
        const batch = await rows<{
          id: string;
          toAddress: string;
          toName: string | null;
          subject: string;
          body: string;
          attachments: MailAttachment[];
        }>(
          tx,
          sql`select id, to_address as "toAddress", to_name as "toName", subject, body, attachments from outbox_messages
            where org_id = ${job.orgId} and status = 'queued' order by created_at, id limit ${BATCH}
            for update skip locked`,
        );
        for (const m of batch) {
          const error = await send(m).then(
            () => null,
            (err: unknown) => (err instanceof Error ? err.message : String(err)),
          );
          if (error) failed++;
          else sent++;
          await tx.execute(
            sql`update outbox_messages set status = ${error ? 'failed' : 'sent'}, attempts = attempts + 1,
                error = ${error}, sent_at = ${error ? null : sql`now()`}
              where org_id = ${job.orgId} and id = ${m.id}`,
          );
        }
        return batch.length < BATCH;
      });
      await ctx.progress(sent + failed, null, `${sent} sent, ${failed} failed`);
      if (done) break;
    }
    return {
      sent,
      failed,
      message: `${sent} e-mail${sent === 1 ? '' : 's'} sent${failed ? `, ${failed} failed` : ''}`,
    };
  };
  jobs.register(MAIL_DELIVERY_JOB, deliver);

  return {
    folder,

    /** Writes the messages (skipping keys already used) and queues their delivery; `written` gets their keys. */
    async queue(
      tx: Db,
      orgId: string,
      messages: OutgoingMessage[],
      createdBy: string | null,
      written?: string[],
    ) {
      let queued = 0;
      for (let i = 0; i < messages.length; i += 500) {
        const chunk = messages.slice(i, i + 500);
        const values = sql.join(
          chunk.map(
            (m) =>
              sql`(${orgId}, ${m.key}, ${m.to}, ${m.toName ?? null}, ${m.personId ?? null}, ${m.subject}, ${m.body},
                ${m.entityType}, ${m.entityId ?? null}, ${JSON.stringify(m.attachments ?? [])}::jsonb, ${createdBy})`,
          ),
          sql`, `,
        );
        const inserted = await rows<{ key: string }>(
          tx,
          sql`insert into outbox_messages (org_id, key, to_address, to_name, person_id, subject, body, entity_type,
              entity_id, attachments, created_by)
            values ${values} on conflict (org_id, key) do nothing returning key`,
        );
        queued += inserted.length;
        if (written) for (const r of inserted) written.push(r.key);
      }
      if (queued) await jobs.enqueue(tx, { orgId, kind: MAIL_DELIVERY_JOB, payload: {}, createdBy });
      return { queued, alreadySent: messages.length - queued };
    },

    /**
     * Puts a failed message back in the queue and queues its delivery; false when there is no failed message
     * with that id at the organisation (sent, waiting, or not theirs).
     */
    async retry(tx: Db, orgId: string, id: string, by: string | null) {
      const [row] = await rows<{ id: string }>(
        tx,
        sql`update outbox_messages set status = 'queued', error = null
          where org_id = ${orgId} and id = ${id} and status = 'failed' returning id`,
      );
      if (!row) return false;
      await jobs.enqueue(tx, { orgId, kind: MAIL_DELIVERY_JOB, payload: {}, createdBy: by });
      return true;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;

export interface OutboxFilter {
  status?: 'queued' | 'sent' | 'failed' | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  personId?: string | undefined;
  q?: string | undefined;
  dir: string;
}

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
    f.q ? sql`(m.to_address ilike ${containing(f.q)} or m.subject ilike ${containing(f.q)})` : undefined,
  ].filter((c) => c !== undefined);
  const items = await rows<OutboxMessageView & { total: number }>(
    db,
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

export const outboxMessageView = z.object({
  id: z.uuid(),
  to: z.string(),
  toName: z.string().nullable(),
  personId: z.uuid().nullable(),
  subject: z.string(),
  body: z.string(),
  entityType: z.string(),
  entityId: z.uuid().nullable(),
  status: z.enum(['queued', 'sent', 'failed']),
  attempts: z.number(),
  error: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxMessageView = z.infer<typeof outboxMessageView>;

/**
 * The messages about one record, one line per send: the rows one change queued share their creation time
 * (the transaction's), their subject and their sender. Newest first, from `since` on when given.
 */
export function sendsAbout(
  db: Db,
  orgId: string,
  about: { entityType: string; entityId: string; since?: Date },
) {
  return rows<{ sentAt: string; subject: string; createdBy: string | null; recipients: number }>(
    db,
    sql`select ${isoTimestamp(sql`created_at`)} as "sentAt", subject, created_by as "createdBy",
        count(*)::int as recipients
      from outbox_messages
      where org_id = ${orgId} and entity_type = ${about.entityType} and entity_id = ${about.entityId}
        ${about.since ? sql`and created_at >= ${about.since.toISOString()}` : sql``}
      group by created_at, subject, created_by order by created_at desc`,
  );
}
