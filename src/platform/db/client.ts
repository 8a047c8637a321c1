import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type CopyRows, copyIntoPglite, copyIntoPostgres } from './copy.js';

export type Db = PgDatabase<PgQueryResultHKT>;

export const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** The name of the role the application runs as; it owns nothing, so row-level security applies. */
export const APP_ROLE = 'concord_app';

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The table owner: migrations, seeding, bulk loads, the job runner's bookkeeping. */
  readonly system: Db;
  /**
   * Runs `work` in one transaction as the application role, with `concord.org_ids` set to `orgIds`, so
   * row-level security limits it to those organisations. Use `withScope` (scope.ts) rather than this.
   */
  scoped<T>(orgIds: readonly string[], work: (tx: Db) => Promise<T>): Promise<T>;
  /** Bulk-load rows with COPY (CSV) as the owner. */
  copyInto(table: string, columns: string[], rows: CopyRows): Promise<number>;
  migrate(): Promise<void>;
  /** PGlite only: the whole data folder as one archive, to clone a database quickly. */
  dump?(): Promise<Blob>;
  close(): Promise<void>;
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
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    kind: 'pglite',
    system: db,
    scoped: (orgIds, work) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`select ${scopeSettings(orgIds)}`);
        return work(tx as unknown as Db);
      }),
    copyInto: (table, columns, rows) => copyIntoPglite(client, table, columns, rows),
    migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder }),
    dump: () => client.dumpDataDir('gzip'),
    close: () => client.close(),
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
  // it on next use, so the error is only worth noting, not crashing for.
  const quiet = (pool: pg.Pool) => pool.on('error', () => {});
  const ownerPool = quiet(new pg.Pool({ connectionString: databaseUrl, max: 6 }));
  // The application role is created by the first migration, so its pool opens on first use.
  let appPool: pg.Pool | undefined;
  const appPoolOf = () => {
    appPool ??= quiet(new pg.Pool({ connectionString: appUrlFor(databaseUrl, databaseAppUrl), max: 10 }));
    return appPool;
  };
  return {
    kind: 'postgres',
    system: drizzlePg({ client: ownerPool }) as unknown as Db,
    // BEGIN and the scope settings go in one round trip (a simple-protocol query, so no parameters: the
    // organisation ids are checked to be UUIDs first).
    scoped: async (orgIds, work) => {
      const client = await appPoolOf().connect();
      try {
        await client.query(`begin; select ${scopeSettingsLiteral(orgIds)}`);
        const result = await work(drizzlePg({ client }) as unknown as Db);
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    copyInto: (table, columns, rows) => copyIntoPostgres(ownerPool, table, columns, rows),
    migrate: () => migratePg(drizzlePg({ client: ownerPool }), { migrationsFolder }),
    close: async () => {
      await ownerPool.end();
      await appPool?.end();
    },
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function scopeSettings(orgIds: readonly string[]) {
  return sql`set_config('role', ${APP_ROLE}, true), set_config('concord.org_ids', ${orgIds.join(',')}, true)`;
}

function scopeSettingsLiteral(orgIds: readonly string[]) {
  for (const id of orgIds) if (!UUID.test(id)) throw new Error(`not an organisation id: ${id}`);
  return `set_config('role', '${APP_ROLE}', true), set_config('concord.org_ids', '${orgIds.join(',')}', true)`;
}

/** Rows of a raw SQL query, the same shape on PGlite and PostgreSQL. */
export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
