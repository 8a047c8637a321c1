import { emailKey } from '@contract/text/identifiers.js';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions, users } from './auth.tables.js';

/** The account with this e-mail address, however it was spelled (see `normaliseEmail`). */
export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(eq(users.email, emailKey(email)));
  return user;
}

export async function insertUser(db: Db, values: typeof users.$inferInsert) {
  const [user] = await db
    .insert(users)
    .values({ ...values, email: emailKey(values.email) })
    .returning();
  return user!;
}

export async function setPassword(db: Db, userId: string, passwordHash: string) {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

/** The live session with its user, or nothing. Expiry rules are applied by the caller. */
export async function findSession(db: Db, id: string) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt), isNull(users.disabledAt)));
  return row;
}

export async function touchSession(db: Db, id: string, at: Date) {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Db, id: string) {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, id));
}

/** Acting for another organisation takes a new CSRF token: a page still open for the last one cannot write. */
export async function setActiveOrg(db: Db, id: string, orgId: string, csrfToken: string) {
  await db.update(sessions).set({ activeOrgId: orgId, csrfToken }).where(eq(sessions.id, id));
}
