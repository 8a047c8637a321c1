import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRows, type Db } from '../db/client.js';
import type { ChainedEvent } from './audit.chain.js';

/**
 * An audit row as read back. `seq` is a bigint, read as text (the two drivers deliver a bigint differently),
 * so the query orders by the column (`audit_log.seq`), not by the text; `at` is the driver's timestamp text,
 * to milliseconds at least, which the chain's hash reads as an instant.
 */
const auditRow = z.object({
  orgId: z.string(),
  seq: z.string(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

/** An organisation's rows after `after` up to and including `until`, in order, read in batches. */
export async function* readSegment(
  db: Db,
  orgId: string,
  after: number,
  until: number,
  batch = 5_000,
): AsyncGenerator<ChainedEvent> {
  for (let from = after; from < until; ) {
    const found = await checkedRows(
      db,
      auditRow,
      sql`select org_id as "orgId", seq::text as seq, at, actor_user_id as "actorUserId", actor_name as "actorName", action,
          entity_type as "entityType", entity_id as "entityId", ip, user_agent as "userAgent", details,
          prev_hash as "prevHash", hash
        from audit_log where org_id = ${orgId} and seq > ${from} and seq <= ${until}
        order by audit_log.seq limit ${batch}`,
    );
    for (const r of found) yield { ...r, seq: Number(r.seq), at: new Date(r.at).toISOString() };
    if (found.length < batch) return;
    from = Number(found[found.length - 1]!.seq);
  }
}

const hashesAtRow = z.object({ seq: z.string(), hash: z.string() });
/** The hash of each of an organisation's rows at the given sequence numbers (missing rows are absent). */
export async function hashesAt(db: Db, orgId: string, seqs: number[]): Promise<Map<number, string>> {
  const found = await checkedRows(
    db,
    hashesAtRow,
    sql`select seq::text as seq, hash from audit_log where org_id = ${orgId}
      and seq = any(${`{${seqs.map((s) => Math.trunc(s)).join(',')}}`}::bigint[])`,
  );
  return new Map(found.map((r) => [Number(r.seq), r.hash]));
}
