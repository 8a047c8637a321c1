import { and, asc, count, desc, eq, gt, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { holds } from '../db/columns.js';
import { prepared } from '../db/prepared.js';
import {
  type AuditEvent,
  type ChainedEvent,
  chain,
  GENESIS_HASH,
  hashedAround,
  isUuid,
} from './audit.chain.js';
import { auditHeads, auditLog } from './audit.tables.js';

/**
 * Writes chained rows as one JSON parameter (a batch of reads can hold hundreds of events, and building a
 * statement with a dozen parameters per row cost more than the insert itself), and moves the head along in
 * the same statement.
 */
function insertChained(db: Db, orgId: string, rows: ChainedEvent[], next: { seq: number; hash: string }) {
  return db.execute(sql`with added as (insert into audit_log (org_id, seq, at, actor_user_id, actor_name, action,
      entity_type, entity_id, ip, user_agent, details, prev_hash, hash)
    select "orgId", seq, at, "actorUserId", "actorName", action, "entityType", "entityId", ip, "userAgent",
      details, "prevHash", hash
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("orgId" uuid, seq bigint, at timestamptz,
      "actorUserId" uuid, "actorName" text, action text, "entityType" text, "entityId" text, ip text,
      "userAgent" text, details jsonb, "prevHash" text, hash text)
    order by seq)
    update audit_heads set seq = ${next.seq}, hash = ${next.hash}, prev_hash = ${rows.at(-1)!.prevHash}
    where org_id = ${orgId}`);
}

/** The organisation's head, made if missing and locked until the transaction ends. */
const buildLockHead = (db: Db) =>
  db
    .insert(auditHeads)
    .values({ orgId: sql.placeholder('orgId'), seq: 0, hash: GENESIS_HASH })
    .onConflictDoUpdate({ target: auditHeads.orgId, set: { seq: sql`audit_heads.seq` } })
    .returning({ seq: auditHeads.seq, hash: auditHeads.hash })
    .prepare('audit_head');

/**
 * One event chained inside the caller's statement, as two common table expressions to follow the caller's
 * own: `audit_head`, the organisation's head made if missing, else moved one along (which locks it until the
 * statement's transaction ends: another writer waits, then moves the head it left), with the row's hash
 * computed by the database from the head's hash and the text `hashedAround` gives, exactly `hashEvent`'s
 * hash; and `audit_added`, the row. With `onlyIf`, the name of one of the caller's expressions: no row
 * there, no event.
 */
export function chainedOne(event: AuditEvent, at: Date, onlyIf?: string): SQL {
  const iso = at.toISOString();
  const { before, after } = hashedAround(event, iso);
  const hashOf = (prev: SQL, seq: SQL) =>
    sql`encode(sha256(convert_to(${prev} || '|' || ${before}::text || ${seq} || ${after}::text, 'UTF8')), 'hex')`;
  return sql`audit_head as (
      insert into audit_heads (org_id, seq, hash, prev_hash)
      select ${event.orgId}, 1, ${hashOf(sql`${GENESIS_HASH}::text`, sql`1`)}, ${GENESIS_HASH}
      ${onlyIf ? sql`where exists (select 1 from ${sql.identifier(onlyIf)})` : sql``}
      on conflict (org_id) do update set seq = audit_heads.seq + 1, prev_hash = audit_heads.hash,
        hash = ${hashOf(sql`audit_heads.hash`, sql`(audit_heads.seq + 1)`)}
      returning seq, prev_hash, hash),
    audit_added as (
      insert into audit_log (org_id, seq, at, actor_user_id, actor_name, action, entity_type, entity_id, ip,
        user_agent, details, prev_hash, hash)
      select ${event.orgId}, seq, ${iso}, ${event.actorUserId}, ${event.actorName}, ${event.action},
        ${event.entityType}, ${event.entityId}, ${event.ip}, ${event.userAgent},
        ${event.details === null ? null : JSON.stringify(event.details)}::jsonb, prev_hash, hash
      from audit_head)`;
}

/**
 * Appends events to their organisations' chains. Must run inside a transaction. One event is one statement
 * (`chainedOne`); several are two an organisation: the head, made if missing and locked until the
 * transaction ends (an upsert that changes nothing), then the rows with the head moved along.
 */
export async function appendAudit(db: Db, events: AuditEvent[], at = new Date()): Promise<void> {
  if (events.length === 1) {
    await db.execute(sql`with ${chainedOne(events[0]!, at)} select 1`);
    return;
  }
  const byOrg = new Map<string, AuditEvent[]>();
  for (const e of events) {
    const mine = byOrg.get(e.orgId);
    if (mine) mine.push(e);
    else byOrg.set(e.orgId, [e]);
  }
  // A fixed lock order, so two transactions appending to the same organisations cannot deadlock.
  for (const orgId of [...byOrg.keys()].sort()) {
    const [head] = await prepared(db, 'audit_head', buildLockHead).execute({ orgId });
    if (!head) throw new Error(`audit head for ${orgId} is not visible in this scope`);
    const { rows, head: next } = chain({ seq: Number(head.seq), hash: head.hash }, byOrg.get(orgId)!, at);
    await insertChained(db, orgId, rows, next);
  }
}

export interface AuditFilter {
  orgId: string;
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
}

/**
 * A UUID matches in lower or upper case: rows written before ids were kept in lower case hold the case the
 * request used (an upper-case read by a FHIR client), and both spellings use the entity index. Any other id
 * matches as written.
 */
const entityIdIs = (id: string) =>
  isUuid(id) ? inArray(auditLog.entityId, [id.toLowerCase(), id.toUpperCase()]) : eq(auditLog.entityId, id);

/** A list read that showed the record: its id among `details.ids` (kept in lower case). */
const listed = (id: string) =>
  sql`(${auditLog.details} ? 'ids' and (${auditLog.details} -> 'ids') ? ${isUuid(id) ? id.toLowerCase() : id})`;

function where(f: AuditFilter): SQL | undefined {
  return and(
    eq(auditLog.orgId, f.orgId),
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lte(auditLog.at, f.to) : undefined,
    f.actor ? holds(auditLog.actorName, f.actor) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? or(entityIdIs(f.entityId), listed(f.entityId)) : undefined,
  );
}

export async function listAudit(
  db: Db,
  f: AuditFilter,
  page: { offset: number; limit: number; dir: 'asc' | 'desc' },
) {
  const order = page.dir === 'asc' ? asc(auditLog.seq) : desc(auditLog.seq);
  const [items, [total]] = await Promise.all([
    db.select().from(auditLog).where(where(f)).orderBy(order).offset(page.offset).limit(page.limit),
    db.select({ n: count() }).from(auditLog).where(where(f)),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function auditOrgIds(db: Db): Promise<{ orgId: string; seq: number; hash: string }[]> {
  const heads = await db.select().from(auditHeads).orderBy(asc(auditHeads.orgId));
  return heads.map((h) => ({ orgId: h.orgId, seq: Number(h.seq), hash: h.hash }));
}

/** One organisation's chain in sequence order, read in batches so memory stays flat. */
export async function* readChain(db: Db, orgId: string, batch = 5_000): AsyncGenerator<ChainedEvent> {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, orgId), gt(auditLog.seq, after)))
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    for (const r of rows) {
      yield { ...r, seq: Number(r.seq), details: (r.details as Record<string, unknown> | null) ?? null };
    }
    if (rows.length < batch) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}
