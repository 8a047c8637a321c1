import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Removes one import job's rows from its staging table (a retried attempt starts clean; none outlive a run). */
export async function clearStaging(db: Db, table: string, orgId: string, jobId: string) {
  await db.execute(sql`delete from ${sql.identifier(table)} where org_id = ${orgId} and job_id = ${jobId}`);
}

/** Fresh planner statistics for a table that just took many rows, before autovacuum gets to it. */
export async function analyzeTable(db: Db, table: string) {
  await db.execute(sql`analyze ${sql.identifier(table)}`);
}
