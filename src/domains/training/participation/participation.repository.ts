// A person's part in a session beyond registering: cancelling (and who moves up from the waitlist),
// watching a recording, working through a self-paced module, and the training team's review of
// attestations that were held.

import type { ModuleContent } from '@contract/training/modules.schemas.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db, isoTimestamp as iso } from '../../../platform/db/client.js';

/** Kept as jsonb: checked to be an object; its shape is checked by the contract when a module is written. */
const moduleContent = z.custom<ModuleContent>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
);
const evidence = z.record(z.string(), z.unknown());
const attestationStatus = z.enum(['accepted', 'held', 'rejected']);

const cancelRegistrationRow = z.object({ was: z.enum(['registered', 'waitlisted']) });
export async function cancelRegistration(db: Db, sessionId: string, personId: string) {
  const row = await checkedRow(
    db,
    cancelRegistrationRow,
    sql`with old as (select status from training_registrations where session_id = ${sessionId} and person_id = ${personId}
                     and status <> 'cancelled' for update)
      update training_registrations r set status = 'cancelled', version = r.version + 1 from old
      where r.session_id = ${sessionId} and r.person_id = ${personId} returning old.status as was`,
  );
  return row?.was;
}

const startViewingRow = z.object({ id: z.string() });
/**
 * Starts a viewing of a recording, clocked from now; the person's open viewing of it, if any, ends. Two
 * windows starting at once: the one that loses the race to the open-viewing index ends the winner's in
 * turn and starts again.
 */
export async function startViewing(db: Db, v: { orgId: string; sessionId: string; personId: string }) {
  for (let tries = 0; ; tries++) {
    await db.execute(
      sql`update training_viewings set ended_at = now()
        where session_id = ${v.sessionId} and person_id = ${v.personId} and ended_at is null`,
    );
    const row = await checkedRow(
      db,
      startViewingRow,
      sql`insert into training_viewings (org_id, session_id, person_id)
        values (${v.orgId}, ${v.sessionId}, ${v.personId})
        on conflict (session_id, person_id) where ended_at is null do nothing returning id`,
    );
    if (row) return row.id;
    if (tries === 2) throw new Error('Could not start a viewing: another kept starting at the same time');
  }
}

const lockViewingRow = z.object({ orgId: z.string(), ended: z.boolean() });
/** The person's viewing, locked so that two heartbeats are credited one after the other. */
export async function lockViewing(db: Db, id: string, sessionId: string, personId: string) {
  return checkedRow(
    db,
    lockViewingRow,
    sql`select org_id as "orgId", ended_at is not null as ended from training_viewings
      where id = ${id} and session_id = ${sessionId} and person_id = ${personId} for update`,
  );
}

const creditHeartbeatRow = z.object({ creditedMs: z.number() });
/**
 * Credits a heartbeat: the time since the viewing's last heartbeat (or its start) as the database clock
 * measures it, at most `capMs`, and at most what is left of `lengthMs` across the person's viewings of the
 * session. Returns the viewing's credited time.
 */
export async function creditHeartbeat(
  db: Db,
  v: {
    orgId: string;
    id: string;
    sessionId: string;
    personId: string;
    capMs: number;
    lengthMs: number | null;
  },
) {
  const row = await checkedRow(
    db,
    creditHeartbeatRow,
    sql`with gap as (
        select greatest(0, least(${v.capMs}::bigint, (extract(epoch from (now() - last_beat_at)) * 1000)::bigint)) as ms
        from training_viewings where org_id = ${v.orgId} and id = ${v.id}),
      left_to_watch as (
        select ${v.lengthMs}::bigint - coalesce(sum(credited_ms), 0) as ms from training_viewings
        where session_id = ${v.sessionId} and person_id = ${v.personId})
      update training_viewings w set last_beat_at = greatest(w.last_beat_at, now()), beats = w.beats + 1,
        credited_ms = w.credited_ms + greatest(0, least(gap.ms, coalesce(left_to_watch.ms, gap.ms)))
      from gap, left_to_watch
      where w.org_id = ${v.orgId} and w.id = ${v.id}
      returning w.credited_ms as "creditedMs"`,
  );
  return row!.creditedMs;
}

const viewingTotalsRow = z.object({ ms: z.number(), viewings: z.number() });
/** The time credited to a person's viewings of a recording, and how many viewings there were. */
export async function viewingTotals(db: Db, sessionId: string, personId: string) {
  const row = await checkedRow(
    db,
    viewingTotalsRow,
    sql`select coalesce(sum(credited_ms), 0)::int as ms, count(*)::int as viewings from training_viewings
      where session_id = ${sessionId} and person_id = ${personId}`,
  );
  return row ?? { ms: 0, viewings: 0 };
}

const sessionContentRow = z.object({ content: moduleContent.nullable() });
export async function sessionContent(db: Db, sessionId: string) {
  const row = await checkedRow(
    db,
    sessionContentRow,
    sql`select content from training_sessions where id = ${sessionId}`,
  );
  return row?.content ?? null;
}

const progressOfRow = z.object({ pagesViewed: z.array(z.number()) });
const progressOfRow2 = z.object({
  number: z.number(),
  score: z.number(),
  passed: z.boolean(),
  submittedAt: z.string(),
});
export async function progressOf(db: Db, sessionId: string, personId: string) {
  const progress = await checkedRow(
    db,
    progressOfRow,
    sql`select pages_viewed as "pagesViewed" from training_module_progress
      where session_id = ${sessionId} and person_id = ${personId}`,
  );
  const taken = await checkedRows(
    db,
    progressOfRow2,
    sql`select number, score, passed, ${iso(sql`submitted_at`)} as "submittedAt" from training_attempts
      where session_id = ${sessionId} and person_id = ${personId} order by number`,
  );
  return { pagesViewed: progress?.pagesViewed ?? [], attempts: taken };
}

export async function markPageViewed(
  db: Db,
  orgId: string,
  sessionId: string,
  personId: string,
  page: number,
) {
  await db.execute(
    sql`insert into training_module_progress (org_id, session_id, person_id, pages_viewed)
      values (${orgId}, ${sessionId}, ${personId}, array[${page}::int])
      on conflict (org_id, session_id, person_id) do update
        set pages_viewed = (select array_agg(distinct p order by p) from unnest(training_module_progress.pages_viewed || ${page}::int) p),
          updated_at = now()`,
  );
}

export async function insertAttempt(
  db: Db,
  a: {
    orgId: string;
    sessionId: string;
    personId: string;
    number: number;
    answers: number[];
    score: number;
    passed: boolean;
  },
) {
  await db.execute(
    sql`insert into training_attempts (org_id, session_id, person_id, number, answers, score, passed)
      values (${a.orgId}, ${a.sessionId}, ${a.personId}, ${a.number}, ${JSON.stringify(a.answers)}::jsonb, ${a.score}, ${a.passed})`,
  );
}

const listAttestationsRow = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  attestedAt: z.string(),
  status: attestationStatus,
  reason: z.string().nullable(),
  evidence,
});
export function listAttestations(db: Db, sessionId: string) {
  return checkedRows(
    db,
    listAttestationsRow,
    sql`select a.id, a.person_id as "personId", a.person_name as name,
        ${iso(sql`a.attested_at`)} as "attestedAt", a.status, a.reason, a.evidence
      from training_attestations a
      where a.session_id = ${sessionId}
      order by a.status = 'held' desc, a.attested_at`,
  );
}

const decideAttestationRow = z.object({ personId: z.string(), personName: z.string(), evidence });
export async function decideAttestation(
  db: Db,
  sessionId: string,
  id: string,
  status: 'accepted' | 'rejected',
  reason: string,
) {
  return checkedRow(
    db,
    decideAttestationRow,
    sql`update training_attestations set status = ${status}, reason = ${reason}
      where session_id = ${sessionId} and id = ${id} and status = 'held'
      returning person_id as "personId", person_name as "personName", evidence`,
  );
}

const heldBySessionRow = z.object({
  sessionId: z.string(),
  title: z.string(),
  startsAt: z.string().nullable(),
  shared: z.boolean(),
  held: z.number(),
});
/** The organisation's sessions with attestations waiting for review, and how many each (no one named). */
export function heldBySession(db: Db, orgId: string) {
  return checkedRows(
    db,
    heldBySessionRow,
    sql`select s.id as "sessionId", s.title, ${iso(sql`s.starts_at`)} as "startsAt", s.shared, count(*)::int as held
      from training_attestations a join training_sessions s on s.id = a.session_id
      where s.org_id = ${orgId} and a.status = 'held'
      group by s.org_id, s.id, s.title, s.starts_at, s.shared order by min(a.attested_at)`,
  );
}

const heldAttestationsRow = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  reason: z.string().nullable(),
});
/** A session's attestations still waiting for review, with what was seen when each was held. */
export function heldAttestations(db: Db, sessionId: string) {
  return checkedRows(
    db,
    heldAttestationsRow,
    sql`select id, person_id as "personId", person_name as "personName", reason from training_attestations
      where session_id = ${sessionId} and status = 'held' order by attested_at`,
  );
}
