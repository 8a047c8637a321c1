import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../../src/platform/db/client.js';

let counter = 0;

/**
 * A fresh, migrated database for one test file: a PGlite cloned from the run's template, or, when
 * DATABASE_URL is set, a PostgreSQL database created from the template database.
 */
export async function testDatabase(): Promise<Database & { url?: string; drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const database = await openDatabase({ loadDataDir: blob });
    return Object.assign(database, { drop: () => database.close() });
  }
  const name = `concord_test_${process.pid}_${Date.now().toString(36)}${counter++}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: dbUrl.toString() });
  return Object.assign(database, {
    /** For a child process that opens the same database. */
    url: dbUrl.toString(),
    async drop() {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  });
}
