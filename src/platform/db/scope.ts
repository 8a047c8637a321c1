import type { Database, Db } from './client.js';

/** What a transaction may see: the organisations whose tenant rows are in reach. */
export interface Scope {
  orgIds: readonly string[];
}

/**
 * Runs `work` in a transaction as the application role, limited by row-level security to `scope`.
 * Repositories scope their own queries too; this is the second line that catches a forgotten filter.
 */
export function withScope<T>(database: Database, scope: Scope, work: (tx: Db) => Promise<T>): Promise<T> {
  return database.scoped(scope.orgIds, work);
}
