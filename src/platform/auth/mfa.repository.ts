import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users } from './auth.tables.js';
import { mfaRecoveryCodes, userMfa } from './mfa.tables.js';

export async function findMfa(db: Db, userId: string) {
  const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, userId));
  return row;
}

/** A new, unconfirmed secret, replacing any earlier unconfirmed one. */
export async function putPendingSecret(db: Db, userId: string, secret: string) {
  await db
    .insert(userMfa)
    .values({ userId, secret })
    .onConflictDoUpdate({
      target: userMfa.userId,
      set: { secret, confirmedAt: null, lastStep: null, failures: 0, lastFailureAt: null },
    });
}

/**
 * Takes a step as used, only if it is later than the last one used: of two requests with one code, one
 * wins. Resets the count of wrong codes.
 */
export async function takeStep(db: Db, userId: string, step: number, confirm = false) {
  const found = await db
    .update(userMfa)
    .set({
      lastStep: step,
      failures: 0,
      lastFailureAt: null,
      ...(confirm ? { confirmedAt: new Date() } : {}),
    })
    .where(and(eq(userMfa.userId, userId), or(isNull(userMfa.lastStep), lt(userMfa.lastStep, step))))
    .returning({ userId: userMfa.userId });
  return found.length > 0;
}

export async function recordWrongCode(db: Db, userId: string, at: Date) {
  await db
    .update(userMfa)
    .set({ failures: sql`${userMfa.failures} + 1`, lastFailureAt: at })
    .where(eq(userMfa.userId, userId));
}

export async function clearWrongCodes(db: Db, userId: string) {
  await db.update(userMfa).set({ failures: 0, lastFailureAt: null }).where(eq(userMfa.userId, userId));
}

export async function removeMfa(db: Db, userId: string) {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await db.delete(userMfa).where(eq(userMfa.userId, userId));
}

export async function replaceRecoveryCodes(db: Db, userId: string, hashes: string[]) {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  await db.insert(mfaRecoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

export async function unusedRecoveryCodes(db: Db, userId: string) {
  return db
    .select({ id: mfaRecoveryCodes.id, codeHash: mfaRecoveryCodes.codeHash })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
}

/** Marks a recovery code used, only if it was not already (two requests with one code: one wins). */
export async function spendRecoveryCode(db: Db, id: string) {
  const found = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(mfaRecoveryCodes.id, id), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  return found.length > 0;
}

/** The session's second factor is given: it becomes a full session, with a new CSRF token and its full life. */
/** The session, its second factor given, under a new id (the cookie is replaced), CSRF token and lifetime. */
export async function finishSessionMfa(
  db: Db,
  sessionId: string,
  next: { id: string; csrfToken: string; expiresAt: Date },
) {
  await db
    .update(sessions)
    .set({ id: next.id, mfaPending: null, csrfToken: next.csrfToken, expiresAt: next.expiresAt })
    .where(eq(sessions.id, sessionId));
}

export async function findUserByPerson(db: Db, personId: string) {
  const [user] = await db.select().from(users).where(eq(users.personId, personId));
  return user;
}

/** A reset ends the person's sessions: whoever holds the lost phone's session is signed out too. */
export async function revokeUserSessions(db: Db, userId: string) {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** An authenticator set up already, with a known secret: the demo administrator's only (decision 067). */
export async function putConfirmedSecret(db: Db, userId: string, secret: string) {
  await db.insert(userMfa).values({ userId, secret, confirmedAt: new Date() });
}
