import { sql } from 'drizzle-orm';
import { type Db, rows } from '../db/client.js';
import type { ChainedEvent } from './audit.chain.js';

interface Row extends Omit<ChainedEvent, 'seq'> {
  seq: number | string;
}

/** An organisation's rows after `after` up to and including `until`, in order, read in batches. */
export async function* readSegment(
  db: Db,
  orgId: string,
  after: number,
  until: number,
  batch = 5_000,
): AsyncGenerator<ChainedEvent> {
  for (let from = after; from < until; ) {
    const found = await rows<Row>(
      db,
      sql`select org_id as "orgId", seq, at, actor_user_id as "actorUserId", actor_name as "actorName", action,
          entity_type as "entityType", entity_id as "entityId", ip, user_agent as "userAgent", details,
          prev_hash as "prevHash", hash
        from audit_log where org_id = ${orgId} and seq > ${from} and seq <= ${until}
        order by seq limit ${batch}`,
    );
    for (const r of found) yield { ...r, seq: Number(r.seq), at: new Date(r.at).toISOString() };
    if (found.length < batch) return;
    from = Number(found[found.length - 1]!.seq);
  }
}

/** The hash of each of an organisation's rows at the given sequence numbers (missing rows are absent). */
export async function hashesAt(db: Db, orgId: string, seqs: number[]): Promise<Map<number, string>> {
  const found = await rows<{ seq: number | string; hash: string }>(
    db,
    sql`select seq, hash from audit_log where org_id = ${orgId}
      and seq = any(${`{${seqs.map((s) => Math.trunc(s)).join(',')}}`}::bigint[])`,
  );
  return new Map(found.map((r) => [Number(r.seq), r.hash]));
}
