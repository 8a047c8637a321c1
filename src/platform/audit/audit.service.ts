import type { AuditRecordType } from '@contract/audit.labels.js';
import type { SQL } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.js';
import { type Database, type Db, isDataError, sqlState } from '../db/client.js';
import { AppError, CommonErrors } from '../http/errors.js';
import {
  type AuditEvent,
  auditedEntityId,
  type ChainBreak,
  findBreak,
  PLATFORM_ORG_ID,
} from './audit.chain.js';
import { appendAudit, auditOrgIds, chainedOne, readChain } from './audit.repository.js';

export interface AuditInput {
  action: string;
  entityType: AuditRecordType;
  entityId?: string | null;
  orgId?: string | null;
  details?: Record<string, unknown> | null;
}

/** Who did it, as the audit trail records it; an Actor is one, and so is a job acting for its creator. */
export type AuditActor = Pick<Actor, 'name' | 'ip' | 'userAgent' | 'orgId'> & {
  /** Null for someone not signed in (a public certificate check). */
  userId: string | null;
};

export function eventFor(actor: AuditActor | null, input: AuditInput): AuditEvent {
  return {
    orgId: input.orgId ?? actor?.orgId ?? PLATFORM_ORG_ID,
    actorUserId: actor?.userId ?? null,
    actorName: actor ? actor.name : 'system',
    action: input.action,
    entityType: input.entityType,
    entityId: auditedEntityId(input.entityId),
    ip: actor?.ip ?? null,
    userAgent: actor?.userAgent ?? null,
    details: input.details ?? null,
  };
}

/**
 * Reads waiting to be written, at most. Past it (the database has been unreachable for a while) a read is
 * refused rather than served unaudited, and memory stays bounded.
 */
export const MAX_BUFFERED_READS = 20_000;

/** Strings with the characters no database text can hold (NUL, half surrogate pairs) replaced. */
function storable(event: AuditEvent): AuditEvent {
  const unstorable = (ch: string) => ch === '\0' || (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff');
  const clean = (_key: string, v: unknown) =>
    typeof v === 'string' ? Array.from(v, (ch) => (unstorable(ch) ? '\ufffd' : ch)).join('') : v;
  return JSON.parse(JSON.stringify({ ...event, details: { ...event.details, altered: true } }, clean));
}

/**
 * The audit trail. Changes are recorded in the transaction that makes them, so a change and its audit row
 * commit together or not at all. Reads are buffered and appended within a fraction of a second in one
 * transaction per batch, which keeps the read path to one round trip (decision 004).
 */
export class AuditTrail {
  private buffer: AuditEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly log?: Logger,
    private readonly flushDelayMs = 100,
    private readonly maxBuffered = MAX_BUFFERED_READS,
  ) {}

  /** Records changes inside the caller's transaction. */
  recordChange(tx: Db, actor: AuditActor | null, ...inputs: AuditInput[]): Promise<void> {
    return appendAudit(
      tx,
      inputs.map((i) => eventFor(actor, i)),
    );
  }

  /** Records an event on its own, outside any request transaction (sign-in, sign-out, system work). */
  /**
   * A change's audit row written by the statement that makes the change: common table expressions to
   * follow the statement's own (`chainedOne`), the row added only if the expression `onlyIf` names has a
   * row. For the hottest changes, made in one statement with no transaction around it.
   */
  inStatement(actor: AuditActor | null, input: AuditInput, onlyIf: string): SQL {
    return chainedOne(eventFor(actor, input), new Date(), onlyIf);
  }

  recordNow(actor: AuditActor | null, ...inputs: AuditInput[]): Promise<void> {
    return this.database.system.transaction((tx) =>
      appendAudit(
        tx as unknown as Db,
        inputs.map((i) => eventFor(actor, i)),
      ),
    );
  }

  recordRead(actor: AuditActor, input: Omit<AuditInput, 'action'> & { action?: string }): void {
    if (this.buffer.length >= this.maxBuffered) throw new AppError(CommonErrors.AUDIT_UNAVAILABLE);
    this.buffer.push(eventFor(actor, { ...input, action: input.action ?? 'read' }));
    if (this.buffer.length >= 500) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  /** Reads waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Writes every buffered read. Called on a timer, before verification and at shutdown. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  private append(events: AuditEvent[]) {
    return this.database.system.transaction((tx) => appendAudit(tx as unknown as Db, events));
  }

  /**
   * One batch in one transaction. When it fails, each event is tried on its own, so one event the
   * database refuses (a character it cannot store) is written in a form it can hold and never blocks the
   * others; when the database itself is failing, what is left goes back to the buffer for the next try.
   * Nothing from the events reaches the log: they can name people.
   */
  private async write(batch: AuditEvent[]) {
    if (batch.length === 0) return;
    try {
      await this.append(batch);
      return;
    } catch {}
    for (const [i, event] of batch.entries()) {
      try {
        await this.append([event]);
      } catch (err) {
        if (isDataError(err)) {
          try {
            await this.append([storable(event)]);
            this.log?.warn(
              { code: sqlState(err), action: event.action },
              'audit event stored with characters replaced',
            );
            continue;
          } catch {}
        }
        this.buffer.unshift(...batch.slice(i));
        this.log?.error({ code: sqlState(err), events: batch.length - i }, 'audit flush failed; will retry');
        this.timer ??= setTimeout(() => void this.flush(), 1_000);
        return;
      }
    }
  }

  /** Checks every organisation's chain; returns the first broken link or the number of rows checked. */
  async verify(onProgress?: (orgsDone: number, orgsTotal: number) => void): Promise<VerifyResult> {
    await this.flush();
    const heads = await auditOrgIds(this.database.system);
    let rows = 0;
    for (const [i, head] of heads.entries()) {
      const result = await findBreak(head.orgId, readChain(this.database.system, head.orgId));
      if ('break' in result) return { ok: false, break: result.break, rows };
      rows += result.rows;
      if (result.last.seq !== head.seq || result.last.hash !== head.hash) {
        const reason = 'rows at the end of the chain are missing';
        return { ok: false, break: { orgId: head.orgId, seq: result.last.seq + 1, reason }, rows };
      }
      onProgress?.(i + 1, heads.length);
    }
    return { ok: true, rows, organisations: heads.length };
  }
}

export type VerifyResult =
  | { ok: true; rows: number; organisations: number }
  | { ok: false; break: ChainBreak; rows: number };
