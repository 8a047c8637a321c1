import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { openDatabase } from '../db/client.js';
import * as q from './backup.repository.js';
import { runPgTool } from './pg-tools.js';
import { tarWriter } from './tar.js';

/**
 * `concord backup` (decision 019): the database and the data folder's files in one .tar.gz, with a manifest
 * of what was in it (every table's row count, every audit chain's head) that a restore is checked against.
 */

export const MANIFEST = 'concord-backup.json';
export const PGLITE_ENTRY = 'database/pglite.tar.gz';
export const POSTGRES_ENTRY = 'database/postgres.dump';
/** Files of the data folder go under this prefix in the archive. */
export const DATA_PREFIX = 'data/';

export interface Manifest {
  format: 'concord-backup';
  version: 1;
  createdAt: string;
  concordVersion: string;
  database: 'pglite' | 'postgres';
  /** When the newest migration applied was written; a restore refuses a backup newer than its code. */
  lastMigrationAt: number | null;
  tables: Record<string, number>;
  auditHeads: { orgId: string; seq: number; hash: string }[];
  /** The top-level names in the data folder that the backup holds (files, audit, outbox…). */
  dataFolders: string[];
  files: number;
  fileBytes: number;
}

export interface BackupProgress {
  phase: 'database' | 'files';
  done: number;
  total: number;
  message: string;
}

export interface BackupOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  out: string;
  concordVersion: string;
  onProgress?: (p: BackupProgress) => void;
}

/** The embedded database's folder inside the data folder. */
export const pgliteDir = (dataDir: string) => path.join(dataDir, 'pglite');

/** Files under the data folder to keep: everything but the embedded database, lock files and the backup itself. */
async function dataFiles(dataDir: string, exclude: string[]) {
  const found: { rel: string; abs: string; size: number; mtime: Date }[] = [];
  async function walk(dir: string) {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const abs = path.join(dir, entry.name);
      const rel = path.relative(dataDir, abs).split(path.sep).join('/');
      if (rel === 'pglite' || entry.name.endsWith('.lock') || exclude.includes(abs)) continue;
      if (entry.name.startsWith('.restore-') || entry.name.endsWith('.partial')) continue;
      if (entry.isDirectory()) await walk(abs);
      else if (entry.isFile()) {
        const s = await stat(abs);
        found.push({ rel, abs, size: s.size, mtime: s.mtime });
      }
    }
  }
  await walk(dataDir);
  return found.sort((a, b) => a.rel.localeCompare(b.rel));
}

/** Dumps PostgreSQL with pg_dump inside one snapshot, counting every table in the same snapshot. */
async function dumpPostgres(databaseUrl: string, file: string, onProgress: BackupOptions['onProgress']) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const query = q.clientQuery(client);
    const snapshot = await q.exportSnapshot(client);
    const tables = await q.listTables(query);
    const facts = {
      tables: await q.countRows(query, tables),
      lastMigrationAt: await q.lastMigrationAt(query),
      auditHeads: await q.auditHeads(query),
    };
    let done = 0;
    await runPgTool(
      'pg_dump',
      databaseUrl,
      ['--format=custom', '--compress=0', `--snapshot=${snapshot}`, '--verbose', `--file=${file}`],
      (line) => {
        const table = /dumping contents of table "?([^"]+)"?/.exec(line)?.[1];
        if (table) onProgress?.({ phase: 'database', done: ++done, total: tables.length, message: table });
      },
    );
    await client.query('commit');
    return facts;
  } finally {
    await client.end();
  }
}

/** Dumps the embedded database; the server must be stopped (the data folder is locked while it runs). */
async function dumpPglite(dataDir: string, onProgress: BackupOptions['onProgress']) {
  if (!existsSync(path.join(pgliteDir(dataDir), 'PG_VERSION')))
    throw new Error(`There is no embedded database in ${pgliteDir(dataDir)} to back up.`);
  const database = await openDatabase({ dataDir: pgliteDir(dataDir) });
  try {
    const query = q.queryOf(database.system);
    onProgress?.({ phase: 'database', done: 0, total: 1, message: 'counting rows' });
    const tables = await q.listTables(query);
    const facts = {
      tables: await q.countRows(query, tables),
      lastMigrationAt: await q.lastMigrationAt(query),
      auditHeads: await q.auditHeads(query),
    };
    onProgress?.({ phase: 'database', done: 0, total: 1, message: 'copying the database' });
    const dump = await database.dump!();
    onProgress?.({ phase: 'database', done: 1, total: 1, message: `${tables.length} tables` });
    return { ...facts, dump };
  } finally {
    await database.close();
  }
}

export async function createBackup(options: BackupOptions): Promise<Manifest> {
  const { databaseUrl, dataDir, out, onProgress } = options;
  const work = await mkdtemp(path.join(os.tmpdir(), 'concord-backup-'));
  const partial = `${out}.partial`;
  try {
    const dumpFile = path.join(work, 'postgres.dump');
    const db = databaseUrl
      ? { ...(await dumpPostgres(databaseUrl, dumpFile, onProgress)), dump: null }
      : await dumpPglite(dataDir, onProgress);
    const files = await dataFiles(dataDir, [path.resolve(out), path.resolve(partial)]);
    const manifest: Manifest = {
      format: 'concord-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      concordVersion: options.concordVersion,
      database: databaseUrl ? 'postgres' : 'pglite',
      lastMigrationAt: db.lastMigrationAt,
      tables: db.tables,
      auditHeads: db.auditHeads,
      dataFolders: [...new Set(files.map((f) => f.rel.split('/')[0]!))],
      files: files.length,
      fileBytes: files.reduce((n, f) => n + f.size, 0),
    };

    const gzip = createGzip();
    const sink = createWriteStream(partial, { mode: 0o600 });
    const piped = new Promise<void>((resolve, reject) => {
      gzip.pipe(sink).on('finish', resolve).on('error', reject);
      gzip.on('error', reject);
    });
    const tar = tarWriter(gzip);
    await tar.add(MANIFEST, ...bytes(JSON.stringify(manifest, null, 2)));
    if (db.dump) {
      await tar.add(PGLITE_ENTRY, db.dump.size, Readable.fromWeb(db.dump.stream() as never));
    } else {
      await tar.add(POSTGRES_ENTRY, (await stat(dumpFile)).size, createReadStream(dumpFile));
    }
    let done = 0;
    for (const f of files) {
      await tar.add(
        `${DATA_PREFIX}${f.rel}`,
        f.size,
        createReadStream(f.abs, f.size ? { end: f.size - 1 } : {}),
        {
          mtime: f.mtime,
          onBytes: (n) => {
            done += n;
            onProgress?.({ phase: 'files', done, total: manifest.fileBytes, message: f.rel });
          },
        },
      );
    }
    onProgress?.({ phase: 'files', done, total: manifest.fileBytes, message: `${files.length} files` });
    await tar.finish();
    await piped;
    await rename(partial, out);
    return manifest;
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function bytes(text: string): [number, Buffer] {
  const b = Buffer.from(text);
  return [b.length, b];
}
