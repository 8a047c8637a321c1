import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Answers once the database does: a health check's one question. */
export async function ping(db: Db) {
  await db.execute(sql`select 1`);
}
