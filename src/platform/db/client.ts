import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { z } from 'zod';
import { projectPath } from '../project.js';
import { autoPrepare } from './auto-prepare.js';
import { type CopyRows, copyCsvIntoPostgres, copyIntoPglite, copyIntoPostgres } from './copy.js';
import { lockDataFolder } from './data-lock.js';

export type Db = PgDatabase<PgQueryResultHKT>;

export const migrationsFolder = projectPath('drizzle');

/** The name of the role the application runs as; it owns nothing, so row-level security applies. */
export const APP_ROLE = 'concord_app';

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The table owner: migrations, seeding, bulk loads, the job runner's bookkeeping. */
  readonly system: Db;
  /**
   * Runs `work` in one transaction as the application role, with `concord.org_ids` and
   * `concord.person_id` set from `scope`, so row-level security limits it to those organisations' rows
   * (and the acting person's own). Use `withScope` (scope.ts) rather than this.
   */
  scoped<T>(scope: Scope, work: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * Like `scoped`, but for reads that need no transaction: each statement sees its own snapshot. On
   * PostgreSQL the scope is kept on the pooled connection and set again only when it changes, so a
   * one-statement read is one round trip instead of three.
   */
  scopedRead<T>(scope: Scope, work: (db: Db) => Promise<T>): Promise<T>;
  /** Bulk-load rows with COPY (CSV) as the owner. */
  copyInto(table: string, columns: string[], rows: CopyRows): Promise<number>;
  /**
   * PostgreSQL only: bulk-load CSV text already formatted with `csvLine` (held as bytes, so it keeps nothing
   * else alive), for loading while another connection holds a transaction open, which PGlite's one
   * connection cannot.
   */
  copyCsvInto?(table: string, columns: string[], csv: readonly Buffer[]): Promise<void>;
  migrate(): Promise<void>;
  /** PGlite only: the whole data folder as one archive, to clone a database quickly. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
}

/** What a transaction may see: the organisations whose tenant rows are in reach, and the acting person. */
export interface Scope {
  orgIds: readonly string[];
  /** The signed-in person, whose own rows (registrations, completions) are in reach wherever they are kept. */
  personId?: string | null | undefined;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  databaseAppUrl?: string | undefined;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string | undefined;
  /** A PGlite data dump to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob | undefined;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.databaseAppUrl)
    : openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  if (options.dataDir) mkdirSync(path.dirname(options.dataDir), { recursive: true });
  // One process at a time in a data folder (data-lock.ts); in memory there is nothing to share.
  const lock = options.dataDir ? lockDataFolder(options.dataDir) : undefined;
  let client: PGlite;
  try {
    // btree_gist: the care enrollments' exclusion constraint (decision 050); unaccent: searches that
    // ignore accents (migration 0048).
    client = await PGlite.create({
      dataDir: options.dataDir,
      loadDataDir: options.loadDataDir,
      extensions: { btree_gist, unaccent },
    });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzlePglite({ client }) as unknown as Db;
  // One connection: a read is a transaction like any other.
  const scoped: Database['scoped'] = (scope, work) =>
    db.transaction(async (tx) => {
      await tx.execute(sql.raw(`select ${scopeSettingsLiteral(scope)}`));
      return work(tx as unknown as Db);
    });
  return {
    kind: 'pglite',
    system: db,
    scoped,
    scopedRead: scoped,
    copyInto: (table, columns, rows) => copyIntoPglite(client, table, columns, rows),
    migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder }),
    dump: () => client.dumpDataDir('gzip'),
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/** The application's URL: given, or the owner's URL with the application role as user. */
export function appUrlFor(databaseUrl: string, databaseAppUrl?: string): string {
  if (databaseAppUrl) return databaseAppUrl;
  const url = new URL(databaseUrl);
  url.username = APP_ROLE;
  url.password = '';
  return url.toString();
}

async function openPostgres(databaseUrl: string, databaseAppUrl?: string): Promise<Database> {
  // An idle connection can be cut by the server (restart, failover, a dropped database); the pool replaces
  // it on next use, so the error is only worth noting, not crashing for. Each connection prepares the
  // statements it repeats (auto-prepare.ts).
  const pooled = (pool: pg.Pool) => pool.on('error', () => {}).on('connect', autoPrepare);
  const ownerPool = pooled(new pg.Pool({ connectionString: databaseUrl, max: 6 }));
  // The application role is created by the first migration, so its pool opens on first use.
  let appPool: pg.Pool | undefined;
  const appPoolOf = () => {
    appPool ??= pooled(new pg.Pool({ connectionString: appUrlFor(databaseUrl, databaseAppUrl), max: 10 }));
    return appPool;
  };
  return {
    kind: 'postgres',
    system: drizzlePg({ client: ownerPool }) as unknown as Db,
    // BEGIN and the scope settings go in one round trip (a simple-protocol query, so no parameters: the
    // organisation ids are checked to be UUIDs first).
    scoped: async (scope, work) => {
      const client = await appPoolOf().connect();
      try {
        await client.query(`begin; select ${scopeSettingsLiteral(scope)}`);
        const result = await work(drizzleOf(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    // Every use of an application connection sets its scope first: `scoped` for its transaction only,
    // `scopedRead` for the session, remembered per connection so that it is sent only when it changes.
    scopedRead: async (scope, work) => {
      const client = await appPoolOf().connect();
      let healthy = true;
      try {
        const wanted = scopeSettingsLiteral(scope, false);
        if (sessionScope.get(client) !== wanted) {
          sessionScope.delete(client);
          await client.query(`select ${wanted}`);
          sessionScope.set(client, wanted);
        }
        return await work(drizzleOf(client));
      } catch (err) {
        healthy = !isConnectionError(err);
        throw err;
      } finally {
        client.release(!healthy);
      }
    },
    copyInto: (table, columns, rows) => copyIntoPostgres(ownerPool, table, columns, rows),
    copyCsvInto: (table, columns, csv) => copyCsvIntoPostgres(ownerPool, table, columns, csv),
    migrate: () => migratePg(drizzlePg({ client: ownerPool }), { migrationsFolder }),
    close: async () => {
      await ownerPool.end();
      await appPool?.end();
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The settings that open a scope, as literal SQL: sent with BEGIN in one simple-protocol round trip, which
 * takes no parameters, so every id is checked to be a UUID first.
 */
function scopeSettingsLiteral({ orgIds, personId }: Scope, local = true) {
  for (const id of [...orgIds, personId ?? '']) {
    if (id && !UUID.test(id)) throw new Error(`not an id: ${id}`);
  }
  return [
    `set_config('role', '${APP_ROLE}', ${local})`,
    `set_config('concord.org_ids', '${orgIds.join(',')}', ${local})`,
    `set_config('concord.person_id', '${personId ?? ''}', ${local})`,
  ].join(', ');
}

/** One drizzle instance per pooled connection, so that statements it prepares (see prepared.ts) live as long. */
const drizzles = new WeakMap<pg.PoolClient, Db>();
function drizzleOf(client: pg.PoolClient): Db {
  let db = drizzles.get(client);
  if (!db) {
    db = drizzlePg({ client }) as unknown as Db;
    drizzles.set(client, db);
  }
  return db;
}

/** The session-level scope each application connection was last given (see `scopedRead`). */
const sessionScope = new WeakMap<pg.PoolClient, string>();

/** A broken connection is dropped from the pool rather than reused with a scope we cannot vouch for. */
function isConnectionError(err: unknown) {
  const code = (err as { code?: unknown })?.code;
  return typeof code !== 'string' || code.startsWith('08') || code.startsWith('57');
}

/**
 * Every row is checked under the tests (their setup file) or with `CONCORD_CHECK_ROWS=1`; otherwise only
 * the first, which still catches a renamed or retyped column on the first read that returns a row, without
 * paying per row on a 100,000-row export. A process-wide mode, like a log level: it is only ever turned on.
 */
let everyRow = false;

export function checkEveryRow() {
  everyRow = true;
}

/**
 * Rows of a raw SQL query, checked against `schema` (a zod object naming each column the query returns and
 * its type as both drivers deliver it) instead of cast. A row that does not match throws, naming the
 * column. The schema describes and never converts (no `coerce`, no `transform`), so a checked row and an
 * unchecked one are the same value: cast in SQL (`count(*)::int`) where the drivers differ. Use the query
 * builder instead where one table is read or written. Declare the schema once, beside the function, never
 * inside it: building a zod schema (and compiling its checks on first use) costs more than the round trip.
 */
export async function checkedRows<S extends z.ZodType>(
  db: Db,
  schema: S,
  query: SQL,
): Promise<z.output<S>[]> {
  const result = (await db.execute(query)) as unknown as { rows: unknown[] };
  const found = result.rows;
  if (everyRow) return found.map((row) => schema.parse(row));
  if (found.length === 0) return [];
  schema.parse(found[0]);
  return found as z.output<S>[];
}

/** The first row of a checked raw query, or undefined. */
export async function checkedRow<S extends z.ZodType>(
  db: Db,
  schema: S,
  query: SQL,
): Promise<z.output<S> | undefined> {
  return (await checkedRows(db, schema, query))[0];
}

/** A timestamp column as ISO 8601 text in UTC (what the API returns), formatted by the database. */
export const isoTimestamp = (column: SQL) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** An array passed as one parameter (a Postgres array literal), cast to `type`: `arrayParam(ids, 'uuid')`. */
export const arrayParam = (values: readonly string[], type: 'text' | 'uuid') =>
  sql`${`{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::${sql.raw(type)}[]`;

/** Whether a database error is a unique-constraint violation (the driver's error, or one wrapped by Drizzle). */
/** PostgreSQL's SQLSTATE of a failed statement (drizzle wraps the driver's error), if it has one. */
export const sqlState = (err: unknown): string | undefined =>
  (err as { cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;

export const isUniqueViolation = (err: unknown) => sqlState(err) === '23505';

/** The statement failed because of what it held (class 22 data, 23 integrity), not the database. */
export const isDataError = (err: unknown) => /^2[23]/.test(sqlState(err) ?? '');
