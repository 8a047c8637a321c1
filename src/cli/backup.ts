import { existsSync } from 'node:fs';
import path from 'node:path';
import { VERSION } from '../app.js';
import type { Config } from '../config.js';
import { type BackupProgress, createBackup } from '../platform/backup/backup.js';
import { RestoreRefused, restoreBackup } from '../platform/backup/restore.js';
import { progressBar } from './progress.js';
import { UsageError } from './usage-error.js';

/** One progress bar per phase, drawn as the phases come. */
function phases(labels: Record<string, string>) {
  let current: { phase: string; bar: ReturnType<typeof progressBar> } | undefined;
  return {
    update(p: Pick<BackupProgress, 'done' | 'total' | 'message'> & { phase: string }) {
      if (current?.phase !== p.phase) {
        current?.bar.stop();
        current = { phase: p.phase, bar: progressBar(labels[p.phase] ?? p.phase) };
      }
      current.bar.update(p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : 0, p.message);
    },
    stop() {
      current?.bar.update(100, '');
      current?.bar.stop();
    },
  };
}

const megabytes = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** `concord backup [--out FILE]`. */
export async function backup(config: Config, out: string | undefined) {
  const file = path.resolve(
    out ??
      `concord-backup-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}.tar.gz`,
  );
  if (existsSync(file)) throw new UsageError(`${file} already exists; choose another name with --out FILE.`);
  const bars = phases({ database: 'Backing up the database', files: 'Backing up the files' });
  const manifest = await createBackup({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    out: file,
    concordVersion: VERSION,
    onProgress: (p) => bars.update(p),
  });
  bars.stop();
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `Backed up the ${manifest.database === 'pglite' ? 'embedded' : 'PostgreSQL'} database (${Object.keys(manifest.tables).length} tables, ${rows} rows) and ${manifest.files} files (${megabytes(manifest.fileBytes)}) to ${file}\n` +
      'It holds personal data and the audit signing key: keep it as safe as the server itself.\n',
  );
}

/** `concord restore FILE`: into a new data folder (and, on PostgreSQL, a new empty database). */
export async function restore(config: Config, file: string | undefined) {
  if (!file) throw new UsageError('restore needs the backup FILE');
  const bars = phases({
    files: 'Restoring the files',
    database: 'Restoring the database',
    checking: 'Checking the restored copy',
  });
  let report: Awaited<ReturnType<typeof restoreBackup>>;
  try {
    report = await restoreBackup({
      file,
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      auditKey: config.auditKey,
      onProgress: (p) => bars.update(p),
    });
  } catch (err) {
    if (err instanceof RestoreRefused) throw new UsageError(err.message);
    throw err;
  }
  bars.stop();
  const { manifest, mismatches, headMismatches, audit, checkpoints } = report;
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  process.stdout.write(
    `Restored the backup of ${manifest.createdAt} (${Object.keys(manifest.tables).length} tables, ${rows} rows, ${manifest.files} files) into ${config.databaseUrl ? 'the database at DATABASE_URL and ' : ''}${config.dataDir}.\n`,
  );
  for (const m of mismatches)
    process.stdout.write(`  ${m.table}: ${m.found} rows, but the backup had ${m.expected}\n`);
  for (const orgId of headMismatches)
    process.stdout.write(`  the audit chain of organisation ${orgId} does not end where the backup's did\n`);
  if (mismatches.length === 0 && headMismatches.length === 0)
    process.stdout.write('Every table has the rows it had in the backup.\n');
  if (!audit.ok)
    process.stdout.write(
      `The audit trail is broken: organisation ${audit.break.orgId}, row ${audit.break.seq}: ${audit.break.reason}.\n`,
    );
  else if (!checkpoints.ok)
    process.stdout.write(`The audit trail cannot be vouched for: ${checkpoints.problem}.\n`);
  else
    process.stdout.write(
      `The audit trail is intact: ${audit.rows} rows in ${audit.organisations} chains, matching ${checkpoints.checkpoints} signed checkpoint${checkpoints.checkpoints === 1 ? '' : 's'}.\n`,
    );
  return mismatches.length === 0 && headMismatches.length === 0 && audit.ok && checkpoints.ok;
}
