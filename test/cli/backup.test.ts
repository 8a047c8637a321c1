import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildServices } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/platform/db/client.js';
import { seedDemo } from '../../src/seed/demo.js';
import { concordHere } from '../support/cli.js';

/** `concord backup` and `concord restore` as an operator runs them, on the embedded database. */
const concord = (dataDir: string, ...args: string[]) =>
  concordHere({ DATABASE_URL: undefined, CONCORD_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, ...args);

let dataDir: string;
beforeAll(async () => {
  // A small demo dataset with signed checkpoints, as a stopped server leaves its data folder.
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-cli-backup-'));
  const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
  await database.migrate();
  const services = await buildServices({ database, config: { ...loadConfig({}), dataDir }, logger: false });
  await seedDemo({ database, auth: services.auth, audit: services.audit }, { people: 30, seed: 5 });
  await services.audit.flush();
  await services.auditCheckpoints.checkpoint();
  await database.close();
}, 180_000);

describe('concord backup and restore', () => {
  it('backs up with progress, restores into a new data folder, and the copy verifies', async () => {
    const archive = path.join(mkdtempSync(path.join(os.tmpdir(), 'concord-archive-')), 'nightly.tar.gz');
    const backedUp = await concord(dataDir, 'backup', '--out', archive);
    expect(backedUp.code, backedUp.err).toBe(0);
    expect(backedUp.out).toMatch(/^Backed up the embedded database \(\d+ tables, \d+ rows\) and \d+ files/);
    expect(backedUp.err).toMatch(/Backing up the database: 100%/);
    expect((await concord(dataDir, 'backup', '--out', archive)).err).toMatch(
      /already exists; choose another name/,
    );

    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'concord-restored-'));
    const restored = await concord(elsewhere, 'restore', archive);
    expect(restored.code, restored.out + restored.err).toBe(0);
    expect(restored.out).toMatch(/Every table has the rows it had in the backup\./);
    expect(restored.out).toMatch(/The audit trail is intact: .* matching \d+ signed checkpoints?/);
    const verified = await concord(elsewhere, 'audit', 'verify');
    expect(verified.code, verified.out).toBe(0);

    const twice = await concord(dataDir, 'restore', archive);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/already holds .*pglite.*Restore into a new, empty data folder/);
    expect((await concord(elsewhere, 'restore', path.join(elsewhere, 'missing.tar.gz'))).err).toMatch(
      /No such file: .*missing\.tar\.gz/,
    );
  }, 180_000);
});
