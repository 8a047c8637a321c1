import type { Database, Db, Scope } from './client.js';

export type { Scope } from './client.js';

/**
 * Runs `work` in a transaction as the application role, limited by row-level security to `scope`.
 * Repositories scope their own queries too; this is the second line that catches a forgotten filter.
 */
export function withScope<T>(database: Database, scope: Scope, work: (tx: Db) => Promise<T>): Promise<T> {
  return database.scoped(scope, work);
}

/**
 * Like `withScope` for reads that need no transaction (each statement sees its own snapshot), such as a
 * single-statement lookup: on PostgreSQL it costs one round trip instead of three.
 */
export function withReadScope<T>(database: Database, scope: Scope, work: (db: Db) => Promise<T>): Promise<T> {
  return database.scopedRead(scope, work);
}
