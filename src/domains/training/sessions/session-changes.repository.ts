import type { SessionChanges } from '@contract/training/training.schemas.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Db } from '../../../platform/db/client.js';
import type { MailAttachment } from '../../../platform/mail/outbox.js';

const versionRow = z.object({ version: z.number() });

const hasRecordsAgainstRow = z.object({ recorded: z.boolean() });
/** Whether attendance, an attestation or a completion is recorded against the session (its times then stand). */
export async function hasRecordsAgainst(db: Db, sessionId: string) {
  const row = await checkedRow(
    db,
    hasRecordsAgainstRow,
    sql`select exists (select 1 from training_attendance where session_id = ${sessionId})
        or exists (select 1 from training_attestations where session_id = ${sessionId})
        or exists (select 1 from training_completions where session_id = ${sessionId}) as recorded`,
  );
  return row?.recorded ?? false;
}

/**
 * Writes a session's changed details; `bump` raises the calendar SEQUENCE (the registrants are sent the
 * changed event). Returns the new version, or undefined when the version did not match (or no such session).
 */
export async function updateSession(db: Db, id: string, c: SessionChanges, version: number, bump: boolean) {
  const row = await checkedRow(
    db,
    versionRow,
    sql`update training_sessions set title = ${c.title}, starts_at = ${c.startsAt ?? null}, ends_at = ${c.endsAt ?? null},
        time_zone = ${c.timeZone}, speaker = ${c.speaker ?? null}, capacity = ${c.capacity ?? null},
        join_url = ${c.joinUrl ?? null}, video_url = ${c.videoUrl ?? null}, duration_minutes = ${c.durationMinutes ?? null},
        min_minutes = ${c.minMinutes ?? null},
        calendar_sequence = calendar_sequence + ${bump ? 1 : 0}, version = version + 1, updated_at = now()
      where id = ${id} and version = ${version} and cancelled_at is null returning version`,
  );
  return row?.version;
}

export async function cancelSession(db: Db, id: string, reason: string, version: number) {
  const row = await checkedRow(
    db,
    versionRow,
    sql`update training_sessions set cancelled_at = now(), cancel_reason = ${reason},
        calendar_sequence = calendar_sequence + 1, version = version + 1, updated_at = now()
      where id = ${id} and version = ${version} and cancelled_at is null returning version`,
  );
  return row?.version;
}

/** Sets when the attestation link closes (a closed link reopens when this is later than now). */
export async function setAttestationCloses(db: Db, id: string, closesAt: string, version: number) {
  const row = await checkedRow(
    db,
    versionRow,
    sql`update training_sessions set attestation_closes_at = ${closesAt}, version = version + 1, updated_at = now()
      where id = ${id} and version = ${version} returning version`,
  );
  return row?.version;
}

const placesOfRow = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  status: z.enum(['registered', 'waitlisted']),
});
/** Everyone holding a place: registered or on the waitlist, with the name and address they registered with. */
export function placesOf(db: Db, sessionId: string) {
  return checkedRows(
    db,
    placesOfRow,
    sql`select person_id as "personId", person_name as name, person_email as email, status
      from training_registrations where session_id = ${sessionId} and status <> 'cancelled'
      order by registered_at, id`,
  );
}

const registeredAtRow = z.object({ at: z.string() });
/** When the person's current registration was made (the key of the e-mails about it). */
export async function registeredAt(db: Db, sessionId: string, personId: string) {
  const row = await checkedRow(
    db,
    registeredAtRow,
    sql`select extract(epoch from registered_at)::bigint::text as at from training_registrations
      where session_id = ${sessionId} and person_id = ${personId}`,
  );
  return row?.at ?? '';
}

const promoteWithContactRow = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  at: z.string(),
});
/**
 * Moves the longest-waiting person into a free seat, if there is one, and answers who with the name and
 * address they registered with (a SECURITY DEFINER function, migration 0032: the caller may not see them).
 */
export async function promoteWithContact(db: Db, sessionId: string) {
  return checkedRow(
    db,
    promoteWithContactRow,
    sql`select person_id as "personId", person_name as name, person_email as email,
        extract(epoch from registered_at)::bigint::text as at
      from training_promote_waitlisted_contact(${sessionId})`,
  );
}

const queueRegistrantMailRow = z.object({ queued: z.boolean() });
/**
 * Writes an e-mail to someone registered for (or waiting for) the session into the outbox of the
 * organisation running it, at the address they registered with, and queues its delivery. A database function
 * does it (migration 0032), because the person whose change causes it may be of another organisation.
 */
export async function queueRegistrantMail(
  db: Db,
  m: {
    sessionId: string;
    personId: string;
    key: string;
    subject: string;
    body: string;
    attachments: MailAttachment[];
    createdBy: string | null;
  },
) {
  const row = await checkedRow(
    db,
    queueRegistrantMailRow,
    sql`select training_queue_registrant_mail(${m.sessionId}, ${m.personId}, ${m.key}, ${m.subject}, ${m.body},
        ${JSON.stringify(m.attachments)}::jsonb, ${m.createdBy}) as queued`,
  );
  return Boolean(row?.queued);
}
