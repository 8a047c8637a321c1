import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildServices } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createBackup, MANIFEST, type Manifest } from '../../src/platform/backup/backup.js';
import { countRows, listTables, queryOf } from '../../src/platform/backup/backup.repository.js';
import { restoreBackup } from '../../src/platform/backup/restore.js';
import { tarWriter } from '../../src/platform/backup/tar.js';
import { checkedRow, type Database, openDatabase } from '../../src/platform/db/client.js';
import { seedDemo } from '../../src/seed/demo.js';

/**
 * The backup and restore drill: a seeded database with stored files and signed audit checkpoints is backed
 * up, restored into a fresh database and data folder, and must come back whole — every table's row count,
 * every file, and an audit trail that verifies against its checkpoints. It runs on whichever database the
 * suite runs on (PGlite, or PostgreSQL through pg_dump and pg_restore when DATABASE_URL is set).
 */
const serverUrl = process.env.DATABASE_URL;
const made: string[] = [];
let admin: pg.Client | undefined;

/** A new, empty database: a PGlite data folder, or a PostgreSQL database made for this test. */
async function freshTarget() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-drill-'));
  if (!serverUrl) return { dataDir, databaseUrl: undefined };
  const name = `concord_test_${process.pid}_drill${made.length}`;
  await admin!.query(`create database ${name}`);
  made.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { dataDir, databaseUrl: url.toString() };
}

const open = (t: { dataDir: string; databaseUrl: string | undefined }): Promise<Database> =>
  openDatabase(t.databaseUrl ? { databaseUrl: t.databaseUrl } : { dataDir: path.join(t.dataDir, 'pglite') });

async function counts(database: Database) {
  const query = queryOf(database.system);
  return countRows(query, await listTables(query));
}

let source: Awaited<ReturnType<typeof freshTarget>>;
let before: Record<string, number>;
beforeAll(async () => {
  if (serverUrl) {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  }
  source = await freshTarget();
  const database = await open(source);
  await database.migrate();
  const config = { ...loadConfig({}), dataDir: source.dataDir, databaseUrl: source.databaseUrl };
  const services = await buildServices({ database, config, logger: false });
  await seedDemo({ database, auth: services.auth, audit: services.audit }, { people: 40, seed: 11 });
  // A stored upload and an e-mail in the outbox folder, as a running server leaves them.
  mkdirSync(path.join(source.dataDir, 'files', 'org-a'), { recursive: true });
  writeFileSync(path.join(source.dataDir, 'files', 'org-a', 'upload'), 'E-mail,Given name\n');
  mkdirSync(path.join(source.dataDir, 'outbox'), { recursive: true });
  writeFileSync(path.join(source.dataDir, 'outbox', 'message.eml'), 'Subject: hello\n\nhi\n');
  await services.audit.flush();
  await services.auditCheckpoints.checkpoint();
  before = await counts(database);
  await database.close();
}, 240_000);

afterAll(async () => {
  for (const name of made) await admin?.query(`drop database if exists ${name} with (force)`);
  await admin?.end();
});

describe('backup and restore', () => {
  it('restores a seeded database into a fresh one with every row, every file and a verified audit trail', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'concord-backup-')), 'backup.tar.gz');
    const phases = new Set<string>();
    const manifest = await createBackup({
      ...source,
      out: file,
      concordVersion: 'test',
      onProgress: (p) => phases.add(p.phase),
    });
    expect([...phases]).toEqual(['database', 'files']);
    expect(manifest.tables).toEqual(before);
    expect(manifest.dataFolders.sort()).toEqual(['audit', 'files', 'outbox']);

    const target = await freshTarget();
    const report = await restoreBackup({ file, ...target });
    expect(report.mismatches).toEqual([]);
    expect(report.headMismatches).toEqual([]);
    expect(report.audit).toMatchObject({ ok: true });
    expect(report.checkpoints).toMatchObject({ ok: true });
    expect(report.checkpoints.checkpoints).toBeGreaterThan(0);

    // Counted again here, not taken from the manifest.
    const restored = await open(target);
    try {
      expect(await counts(restored)).toEqual(before);
      // The application role's grants and row-level security came back too.
      const org = await checkedRow(
        restored.system,
        z.object({ id: z.string() }),
        sql`select id from organisations limit 1`,
      );
      const seen = await restored.scoped({ orgIds: [org!.id] }, (tx) =>
        checkedRow(tx, z.object({ n: z.number() }), sql`select count(*)::int as n from organisations`),
      );
      expect(seen!.n).toBeGreaterThan(0);
      expect(Object.values(before).reduce((a, b) => a + b, 0)).toBeGreaterThan(1_000);
    } finally {
      await restored.close();
    }

    // A second restore into the same place is refused before anything is written.
    await expect(restoreBackup({ file, ...target })).rejects.toThrow(/already (holds|has tables)/);
  }, 240_000);

  it('refuses a backup whose files would land outside the data folder', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'concord-evil-')), 'evil.tar.gz');
    const manifest: Manifest = {
      format: 'concord-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      concordVersion: 'test',
      database: serverUrl ? 'postgres' : 'pglite',
      lastMigrationAt: null,
      tables: {},
      auditHeads: [],
      dataFolders: ['files'],
      files: 1,
      fileBytes: 4,
    };
    const gzip = createGzip();
    gzip.pipe(createWriteStream(file));
    const tar = tarWriter(gzip);
    const body = Buffer.from(JSON.stringify(manifest));
    await tar.add(MANIFEST, body.length, body);
    await tar.add('data/../../escaped.txt', 4, Buffer.from('evil'));
    await tar.finish();
    const target = await freshTarget();
    await expect(restoreBackup({ file, ...target })).rejects.toThrow(/names a file outside the data folder/);
  });
});
