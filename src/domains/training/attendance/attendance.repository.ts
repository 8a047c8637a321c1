import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Db, isoTimestamp as iso } from '../../../platform/db/client.js';
import { attendance, attestations } from './attendance.tables.js';

export function listAttendance(db: Db, sessionId: string) {
  return db
    .select({
      id: attendance.id,
      rowNumber: attendance.rowNumber,
      name: attendance.name,
      email: attendance.email,
      joinedAt: sql<string | null>`${iso(sql`${attendance.joinedAt}`)}`,
      leftAt: sql<string | null>`${iso(sql`${attendance.leftAt}`)}`,
      minutes: attendance.minutes,
      personId: attendance.personId,
      matchedBy: attendance.matchedBy,
    })
    .from(attendance)
    .where(eq(attendance.sessionId, sessionId))
    .orderBy(sql`${attendance.personId} nulls first`, attendance.rowNumber);
}

export async function matchAttendanceRow(db: Db, sessionId: string, rowId: string, personId: string | null) {
  const [row] = await db
    .update(attendance)
    .set({ personId, matchedBy: 'manual' })
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.id, rowId)))
    .returning({ id: attendance.id });
  return row;
}

/** A person's attendance rows for a session (the evidence for an attestation). */
export function attendanceOf(db: Db, sessionId: string, personId: string) {
  return db
    .select({
      joinedAt: sql<string | null>`${iso(sql`${attendance.joinedAt}`)}`,
      leftAt: sql<string | null>`${iso(sql`${attendance.leftAt}`)}`,
      minutes: attendance.minutes,
    })
    .from(attendance)
    .where(and(eq(attendance.sessionId, sessionId), eq(attendance.personId, personId)));
}

const findAttestationRow = z.object({ at: z.string(), status: z.enum(['accepted', 'held', 'rejected']) });
export function findAttestation(db: Db, sessionId: string, personId: string) {
  return checkedRow(
    db,
    findAttestationRow,
    sql`select ${iso(sql`attested_at`)} as at, status from training_attestations
      where session_id = ${sessionId} and person_id = ${personId}`,
  );
}

export async function insertAttestation(
  db: Db,
  a: {
    orgId: string;
    sessionId: string;
    personId: string;
    personName: string;
    statement: string;
    evidence: unknown;
    status: 'accepted' | 'held';
    reason: string;
    ip: string | null;
  },
) {
  const [row] = await db.insert(attestations).values(a).returning({ id: attestations.id });
  return row!.id;
}
