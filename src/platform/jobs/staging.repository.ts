import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';

/** Removes one import job's rows from its staging table (a retried attempt starts clean; none outlive a run). */
export async function clearStaging(db: Db, table: string, orgId: string, jobId: string) {
  await db.execute(sql`delete from ${sql.identifier(table)} where org_id = ${orgId} and job_id = ${jobId}`);
}

/** Fresh planner statistics for a table that just took many rows, before autovacuum gets to it. */
export async function analyzeTable(db: Db, table: string) {
  await db.execute(sql`analyze ${sql.identifier(table)}`);
}

/**
 * A staged optional value as it applies to `current`: NULL (the file has no such column) keeps it, ''
 * (an empty cell in a column it has) clears it, anything else replaces it.
 */
export const stagedOrKept = (staged: SQL, current: SQL) =>
  sql`case when ${staged} is null then ${current} else nullif(${staged}, '') end`;
