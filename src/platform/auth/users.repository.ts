// Who has a sign-in, for code outside the platform that must tell people with one from the rest (the demo
// leaves the named sign-ins' records clean, so a newcomer starts from nothing).
import type { Db } from '../db/client.js';
import { users } from './auth.tables.js';

/** The ids of the people who have a sign-in (enabled or not). */
export async function personIdsWithSignIn(db: Db): Promise<string[]> {
  const found = await db.select({ personId: users.personId }).from(users);
  return found.map((u) => u.personId);
}
