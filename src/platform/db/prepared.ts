import type { Db } from './client.js';

const built = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement built once per connection and prepared by name, for the hottest queries: drizzle's query
 * building then runs once per connection instead of once per request, and PostgreSQL plans the statement
 * once per connection. On PGlite each transaction is a new `Db`, so this only names the statement.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let statements = built.get(db);
  if (!statements) {
    statements = new Map();
    built.set(db, statements);
  }
  let statement = statements.get(name) as T | undefined;
  if (!statement) {
    statement = build(db);
    statements.set(name, statement);
  }
  return statement;
}
