import { createHash } from 'node:crypto';

/** What an audit row says, before it is chained. */
export interface AuditEvent {
  orgId: string;
  actorUserId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown> | null;
}

export interface ChainedEvent extends AuditEvent {
  seq: number;
  at: string;
  prevHash: string;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether an audited id is a UUID, which names the same record in any case. */
export const isUuid = (id: string) => UUID.test(id);

/**
 * The id as the trail keeps it: a UUID in lower case (the database's own spelling), whatever case the
 * request named it in, so a search for the record finds every read of it; any other id as it is.
 */
export function auditedEntityId(id: string | null | undefined): string | null {
  if (id == null) return null;
  return isUuid(id) ? id.toLowerCase() : id;
}

/** The hash before the first row of every organisation's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Organisation id under which events that belong to no organisation (sign-in) are chained. */
export const PLATFORM_ORG_ID = '00000000-0000-0000-0000-000000000000';

/** JSON with object keys sorted, so the same content always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What is hashed after the previous hash and `|`: the row as canonical JSON. */
function hashedBody(event: Omit<ChainedEvent, 'hash' | 'prevHash'>): string {
  return canonicalJson({
    orgId: event.orgId,
    seq: event.seq,
    at: new Date(event.at).toISOString(),
    actorUserId: event.actorUserId,
    actorName: event.actorName,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    ip: event.ip,
    userAgent: event.userAgent,
    details: event.details,
  });
}

export function hashEvent(prevHash: string, event: Omit<ChainedEvent, 'hash' | 'prevHash'>): string {
  return createHash('sha256').update(prevHash).update('|').update(hashedBody(event)).digest('hex');
}

/** A number no sequence reaches, to find where the sequence goes in the hashed text. */
const SEQ_MARK = Number.MAX_SAFE_INTEGER;

/**
 * The hashed text of an event whose sequence number is not yet known, as the text before and after it: the
 * database, which holds the head, joins them around the number and hashes them with the previous hash
 * (audit.repository.ts), giving exactly `hashEvent`'s hash. The keys are sorted, so the row's own `seq` is
 * the last one written but `userAgent` (a string, whose quotes are escaped): any "seq" in the details
 * comes before it.
 */
export function hashedAround(event: AuditEvent, at: string): { before: string; after: string } {
  const body = hashedBody({ ...event, seq: SEQ_MARK, at });
  const mark = `"seq":${SEQ_MARK}`;
  const i = body.lastIndexOf(mark);
  return { before: body.slice(0, i + '"seq":'.length), after: body.slice(i + mark.length) };
}

/** Chains events after a head; returns the rows to insert and the new head. */
export function chain(head: { seq: number; hash: string }, events: AuditEvent[], at: Date) {
  let { seq, hash } = head;
  const rows: ChainedEvent[] = [];
  for (const event of events) {
    seq += 1;
    const unhashed = { ...event, seq, at: at.toISOString() };
    const next = hashEvent(hash, unhashed);
    rows.push({ ...unhashed, prevHash: hash, hash: next });
    hash = next;
  }
  return { rows, head: { seq, hash } };
}

export interface ChainBreak {
  orgId: string;
  seq: number;
  reason: string;
}

/**
 * Walks one organisation's rows in sequence order and returns the first broken link, or the last link.
 * `from` is the link the rows continue (a checkpoint); the chain's start when absent.
 */
export async function findBreak(
  orgId: string,
  rows: Iterable<ChainedEvent> | AsyncIterable<ChainedEvent>,
  from: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): Promise<{ break: ChainBreak } | { last: { seq: number; hash: string }; rows: number }> {
  let expected = from;
  let count = 0;
  for await (const row of rows) {
    count++;
    if (row.seq !== expected.seq + 1)
      return { break: { orgId, seq: expected.seq + 1, reason: `row ${expected.seq + 1} is missing` } };
    if (row.prevHash !== expected.hash)
      return { break: { orgId, seq: row.seq, reason: 'its previous-hash does not match the row before it' } };
    if (hashEvent(row.prevHash, row) !== row.hash)
      return {
        break: { orgId, seq: row.seq, reason: 'its content does not match its hash (the row was edited)' },
      };
    expected = { seq: row.seq, hash: row.hash };
  }
  return { last: expected, rows: count };
}
