import { sql } from 'drizzle-orm';
import { APP_ROLE, type Database, type Db } from './client.js';

/** What a transaction may see: the organisations whose tenant rows are in reach. */
export interface Scope {
  orgIds: readonly string[];
}

/**
 * Runs `work` in a transaction as the application role, limited by row-level security to `scope`.
 * Repositories scope their own queries too; this is the second line that catches a forgotten filter.
 */
export function withScope<T>(database: Database, scope: Scope, work: (tx: Db) => Promise<T>): Promise<T> {
  return database.app.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('role', ${APP_ROLE}, true), set_config('concord.org_ids', ${scope.orgIds.join(',')}, true)`,
    );
    return work(tx as unknown as Db);
  });
}
