import { createReadStream, createWriteStream, existsSync, openAsBlob, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { AuditTrail, type VerifyResult } from '../audit/audit.service.js';
import { type CheckpointCheck, createAuditCheckpoints } from '../audit/audit-checkpoints.service.js';
import { migrationsFolder, openDatabase } from '../db/client.js';
import { DATA_PREFIX, MANIFEST, type Manifest, PGLITE_ENTRY, POSTGRES_ENTRY, pgliteDir } from './backup.js';
import * as q from './backup.repository.js';
import { runPgTool } from './pg-tools.js';
import { readTar } from './tar.js';

export interface RestoreOptions {
  file: string;
  databaseUrl: string | undefined;
  dataDir: string;
  auditKey?: string | undefined;
  onProgress?: (p: {
    phase: 'files' | 'database' | 'checking';
    done: number;
    total: number;
    message: string;
  }) => void;
}

export interface RestoreReport {
  manifest: Manifest;
  /** Tables whose row count differs from the backup's (none when the restore is whole). */
  mismatches: { table: string; expected: number; found: number }[];
  /** Organisations whose audit chain head differs from the backup's. */
  headMismatches: string[];
  audit: VerifyResult;
  checkpoints: CheckpointCheck;
}

/** A problem with the backup or the place it is to go; nothing has been written when it is thrown. */
export class RestoreRefused extends Error {}

function checkManifest(manifest: Manifest, databaseUrl: string | undefined) {
  if (manifest.format !== 'concord-backup' || manifest.version !== 1)
    throw new RestoreRefused(
      'This file is not a Concord backup (its manifest is missing or of another kind).',
    );
  const kind = databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database !== kind)
    throw new RestoreRefused(
      manifest.database === 'postgres'
        ? 'This backup is of a PostgreSQL database: set DATABASE_URL to a new, empty PostgreSQL database to restore it.'
        : 'This backup is of the embedded database: unset DATABASE_URL to restore it into a new data folder.',
    );
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  const known = Math.max(...journal.entries.map((e) => e.when));
  if ((manifest.lastMigrationAt ?? 0) > known)
    throw new RestoreRefused(
      `This backup was made by a newer Concord (${manifest.concordVersion}); restore it with that version or a later one.`,
    );
}

/** The data folder must not already hold what the backup brings: a restore never overwrites. */
async function checkTarget(manifest: Manifest, options: RestoreOptions) {
  const { dataDir, databaseUrl } = options;
  const taken = [...manifest.dataFolders, ...(databaseUrl ? [] : ['pglite'])].filter((name) =>
    existsSync(path.join(dataDir, name)),
  );
  if (taken.length)
    throw new RestoreRefused(
      `The data folder ${dataDir} already holds ${taken.join(', ')}. Restore into a new, empty data folder (set CONCORD_DATA_DIR).`,
    );
  if (databaseUrl) {
    const database = await openDatabase({ databaseUrl });
    try {
      if (!(await q.isEmpty(q.queryOf(database.system))))
        throw new RestoreRefused(
          'The database at DATABASE_URL already has tables. Restore into a new, empty database (createdb, then point DATABASE_URL at it).',
        );
    } finally {
      await database.close();
    }
  }
}

/** Where an archived data file goes, refusing any name that would land outside the data folder. */
function destination(dataDir: string, name: string): string {
  const rel = name.slice(DATA_PREFIX.length);
  const target = path.resolve(dataDir, rel);
  if (!rel || rel.includes('\0') || !target.startsWith(path.resolve(dataDir) + path.sep))
    throw new RestoreRefused(
      `The backup names a file outside the data folder (${name}); it is not safe to restore.`,
    );
  return target;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreReport> {
  const { file, databaseUrl, dataDir, onProgress } = options;
  if (!existsSync(file)) throw new RestoreRefused(`No such file: ${file}`);
  const entries = readTar(createReadStream(file).pipe(createGunzip()));
  const first = await entries.next();
  if (first.done || first.value.name !== MANIFEST)
    throw new RestoreRefused('This file is not a Concord backup (it does not start with its manifest).');
  const parts: Buffer[] = [];
  for await (const c of first.value.body) parts.push(c);
  const manifest = JSON.parse(Buffer.concat(parts).toString('utf8')) as Manifest;
  checkManifest(manifest, databaseUrl);
  await checkTarget(manifest, options);

  await mkdir(dataDir, { recursive: true });
  const work = path.join(dataDir, `.restore-${process.pid}`);
  await mkdir(work, { recursive: true });
  try {
    let dump: string | null = null;
    let done = 0;
    for await (const entry of entries) {
      if (entry.name === PGLITE_ENTRY || entry.name === POSTGRES_ENTRY) {
        dump = path.join(work, path.basename(entry.name));
        await pipeline(entry.body, createWriteStream(dump));
      } else if (entry.name.startsWith(DATA_PREFIX)) {
        const target = destination(dataDir, entry.name);
        await mkdir(path.dirname(target), { recursive: true });
        await pipeline(entry.body, createWriteStream(target, { mode: entry.mode & 0o777 }));
        done += entry.size;
        onProgress?.({
          phase: 'files',
          done,
          total: manifest.fileBytes,
          message: entry.name.slice(DATA_PREFIX.length),
        });
      } else throw new RestoreRefused(`The backup holds an unexpected entry (${entry.name}).`);
    }
    if (!dump) throw new RestoreRefused('The backup holds no database.');
    onProgress?.({ phase: 'database', done: 0, total: 1, message: 'loading the database' });
    if (databaseUrl) await restorePostgres(databaseUrl, dump);
    else {
      const client = await PGlite.create({
        dataDir: pgliteDir(dataDir),
        loadDataDir: await openAsBlob(dump),
      });
      await client.close();
    }
    onProgress?.({ phase: 'database', done: 1, total: 1, message: 'loaded' });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return check(manifest, options);
}

async function restorePostgres(databaseUrl: string, dump: string) {
  const database = await openDatabase({ databaseUrl });
  try {
    // The application role must exist before its grants.
    await q.ensureAppRole(database.system);
  } finally {
    await database.close();
  }
  await runPgTool('pg_restore', databaseUrl, ['--no-owner', '--exit-on-error', '--single-transaction', dump]);
}

/** Compares the restored database with the manifest and verifies its audit trail against its checkpoints. */
async function check(manifest: Manifest, options: RestoreOptions): Promise<RestoreReport> {
  options.onProgress?.({ phase: 'checking', done: 0, total: 1, message: 'counting rows' });
  const database = await openDatabase(
    options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: pgliteDir(options.dataDir) },
  );
  try {
    const query = q.queryOf(database.system);
    const found = await q.countRows(query, await q.listTables(query));
    const names = [...new Set([...Object.keys(manifest.tables), ...Object.keys(found)])].sort();
    const mismatches = names
      .filter((t) => manifest.tables[t] !== found[t])
      .map((t) => ({ table: t, expected: manifest.tables[t] ?? 0, found: found[t] ?? 0 }));
    const heads = new Map((await q.auditHeads(query)).map((h) => [h.orgId, `${h.seq}:${h.hash}`]));
    const headMismatches = manifest.auditHeads
      .filter((h) => heads.get(h.orgId) !== `${h.seq}:${h.hash}`)
      .map((h) => h.orgId);
    options.onProgress?.({ phase: 'checking', done: 0, total: 1, message: 'verifying the audit trail' });
    const audit = await new AuditTrail(database).verify();
    const checkpoints = await createAuditCheckpoints({
      database,
      dataDir: options.dataDir,
      keySetting: options.auditKey,
    }).verify();
    options.onProgress?.({ phase: 'checking', done: 1, total: 1, message: 'done' });
    return { manifest, mismatches, headMismatches, audit, checkpoints };
  } finally {
    await database.close();
  }
}
