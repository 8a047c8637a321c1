import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Database, Db } from '../db/client.js';
import type { JobHandler, JobQueue } from '../jobs/queue.js';
import * as q from './outbox.repository.js';

export {
  listMessages,
  type OutboxFilter,
  type OutboxMessageView,
  outboxMessageView,
  sendsAbout,
} from './outbox.repository.js';

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
        const batch = await q.claimQueued(tx, job.orgId, BATCH);
        for (const m of batch) {
          const error = await send(m).then(
            () => null,
            (err: unknown) => (err instanceof Error ? err.message : String(err)),
          );
          if (error) failed++;
          else sent++;
          await q.recordAttempt(tx, job.orgId, m.id, error);
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
        const inserted = await q.insertNew(
          tx,
          messages.slice(i, i + 500).map((m) => ({
            orgId,
            key: m.key,
            toAddress: m.to,
            toName: m.toName ?? null,
            personId: m.personId ?? null,
            subject: m.subject,
            body: m.body,
            entityType: m.entityType,
            entityId: m.entityId ?? null,
            attachments: m.attachments ?? [],
            createdBy,
          })),
        );
        queued += inserted.length;
        if (written) written.push(...inserted);
      }
      if (queued) await jobs.enqueue(tx, { orgId, kind: MAIL_DELIVERY_JOB, payload: {}, createdBy });
      return { queued, alreadySent: messages.length - queued };
    },

    /**
     * Puts a failed message back in the queue and queues its delivery; false when there is no failed message
     * with that id at the organisation (sent, waiting, or not theirs).
     */
    async retry(tx: Db, orgId: string, id: string, by: string | null) {
      if (!(await q.requeueFailed(tx, orgId, id))) return false;
      await jobs.enqueue(tx, { orgId, kind: MAIL_DELIVERY_JOB, payload: {}, createdBy: by });
      return true;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
