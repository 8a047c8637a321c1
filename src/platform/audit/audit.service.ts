import type { Logger } from 'pino';
import type { Actor } from '../auth/actor.js';
import type { Database, Db } from '../db/client.js';
import { type AuditEvent, type ChainBreak, findBreak, PLATFORM_ORG_ID } from './audit.chain.js';
import { appendAudit, auditOrgIds, readChain } from './audit.repository.js';

export interface AuditInput {
  action: string;
  entityType: string;
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
    entityId: input.entityId ?? null,
    ip: actor?.ip ?? null,
    userAgent: actor?.userAgent ?? null,
    details: input.details ?? null,
  };
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
  ) {}

  /** Records changes inside the caller's transaction. */
  recordChange(tx: Db, actor: AuditActor | null, ...inputs: AuditInput[]): Promise<void> {
    return appendAudit(
      tx,
      inputs.map((i) => eventFor(actor, i)),
    );
  }

  /** Records an event on its own, outside any request transaction (sign-in, sign-out, system work). */
  recordNow(actor: AuditActor | null, ...inputs: AuditInput[]): Promise<void> {
    return this.database.system.transaction((tx) =>
      appendAudit(
        tx as unknown as Db,
        inputs.map((i) => eventFor(actor, i)),
      ),
    );
  }

  recordRead(actor: AuditActor, input: Omit<AuditInput, 'action'> & { action?: string }): void {
    this.buffer.push(eventFor(actor, { ...input, action: input.action ?? 'read' }));
    if (this.buffer.length >= 500) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushDelayMs);
  }

  /** Writes every buffered read. Called on a timer, before verification and at shutdown. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.database.system.transaction((tx) => appendAudit(tx as unknown as Db, batch));
      } catch (err) {
        // Put the batch back so the next flush retries it; a read is never silently unaudited.
        this.buffer.unshift(...batch);
        this.log?.error({ err }, 'audit flush failed; will retry');
        this.timer ??= setTimeout(() => void this.flush(), 1_000);
      }
    });
    return this.flushing;
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
