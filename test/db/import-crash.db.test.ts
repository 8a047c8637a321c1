import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { buildServices, type Services } from '../../src/app.js';
import { operatorAt } from '../../src/cli/commands.js';
import { loadConfig } from '../../src/config.js';
import { checkedRow, checkedRows, type Database, openDatabase } from '../../src/platform/db/client.js';
import { find } from '../../src/platform/jobs/queue.js';
import { testDatabase } from '../support/database.js';
import { auditEntries } from '../support/database-facts.js';
import { peopleCsv, personRow } from '../support/files.js';
import type { ChildOrder } from '../support/job-child.js';

/**
 * `kill -9` in the middle of a people import, in a real process (test/support/job-child.ts kills itself with
 * SIGKILL at a chosen point), then the next process to look: the job is settled honestly — failed, tried
 * again or kept — never left running; the data is all there or none of it; and running the import again
 * ends where a clean import does. On PostgreSQL the child shares the test database; on PGlite it opens a
 * data folder that this file then opens after it (the folder's lock, left by a killed process, is stale).
 */
const ROWS = 400;

/** Where one test's processes meet: a data folder, and a database of their own (PostgreSQL, or PGlite in it). */
interface Place {
  dataDir: string;
  pg?: Database & { url?: string; drop(): Promise<void> };
}
const places: Place[] = [];
afterAll(() => Promise.all(places.map((p) => p.pg?.drop())));

async function freshPlace(): Promise<Place> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-crash-'));
  const place: Place = { dataDir };
  if (process.env.DATABASE_URL) place.pg = await testDatabase();
  else {
    // The migrated template, unpacked into the folder the child will open.
    const template = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const database = await openDatabase({ dataDir: path.join(dataDir, 'pglite'), loadDataDir: template });
    await database.close();
  }
  places.push(place);
  return place;
}

let n = 0;
/** A people file with its own e-mail domain, and the rows a clean import of it must leave. */
function peopleFile() {
  const tag = `${process.pid.toString(36)}${(n++).toString(36)}${Date.now().toString(36)}`;
  const people = Array.from({ length: ROWS }, (_, i) => ({
    given: `Given${i}`,
    family: `Family${i}`,
    email: `p${i}@crash-${tag}.example`,
  }));
  return {
    orgCode: `CRASH-${tag}`.toUpperCase(),
    file: peopleCsv(people.map((p) => personRow(p.given, p.family, p.email))),
    expected: people.map((p) => `${p.email}|${p.given}|${p.family}|care_coordinator`).sort(),
  };
}

/** Runs the child until it dies; it must die by SIGKILL, having queued its job. */
async function crash(place: Place, order: Omit<ChildOrder, 'dataDir' | 'databaseUrl'>) {
  const full: ChildOrder = {
    ...order,
    dataDir: place.dataDir,
    ...(place.pg ? { databaseUrl: place.pg.url } : {}),
  };
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/job-child.ts', JSON.stringify(full)],
    {
      env: { ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_c, s) => resolve(s)),
  );
  expect(out).not.toMatch(/finished/);
  expect(signal).toBe('SIGKILL');
  return JSON.parse(out.trim().split('\n')[0]!) as { orgId: string; jobId: string };
}

/** The next process: opens the database (PGlite: the folder the killed child held) with a job queue. */
async function nextProcess<T>(place: Place, work: (database: Database, services: Services) => Promise<T>) {
  const { dataDir, pg } = place;
  const database = pg ?? (await openDatabase({ dataDir: path.join(dataDir, 'pglite') }));
  const config = { ...loadConfig({}), dataDir };
  // The child is dead: a heartbeat silent for any time at all is one that stopped.
  const services = await buildServices({ database, config, logger: false, jobQueue: { staleAfterMs: 0 } });
  try {
    return await work(database, services);
  } finally {
    await services.jobs.stop();
    if (!pg) await database.close();
  }
}

const imported = async (database: Database, orgId: string) =>
  (
    await checkedRows(
      database.system,
      z.object({ line: z.string() }),
      sql`select p.email || '|' || p.given_name || '|' || p.family_name || '|' || r.role as line
        from person_roles r join people p on p.id = r.person_id where r.org_id = ${orgId}`,
    )
  )
    .map((r) => r.line)
    .sort();

const stagedRows = async (database: Database, jobId: string) =>
  (await checkedRow(
    database.system,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from people_import_rows where job_id = ${jobId}`,
  ))!.n;

describe('an import whose process is killed', () => {
  it('killed while reading, with its one attempt (as the CLI runs it): failed, nothing applied, never run again; a re-run imports it all', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = peopleFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, { orgCode, file, maxAttempts: 1, dieAt: 'reading' });
    await nextProcess(place, async (database, services) => {
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'running', attempts: 1 });
      expect(await imported(database, orgId)).toEqual([]);

      // The next process to run the queue settles it, and does not run it: it had no attempt left.
      expect(await services.jobs.drain()).toBe(0);
      const job = await find(database.system, orgId, jobId);
      expect(job?.status).toBe('failed');
      expect(job?.message).toMatch(
        // Killed at its first progress report, which may be at 0% (then no share is named).
        /^The process running this import stopped( at \d+%)?; nothing was applied\. Run the import again\.$/,
      );
      expect(job?.finishedAt).not.toBeNull();
      expect(await stagedRows(database, jobId)).toBe(0);

      // Nor does anyone later.
      await services.jobs.settleStopped();
      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'failed', attempts: 1 });
      expect(await imported(database, orgId)).toEqual([]);

      // Running the import again ends where a clean import does.
      const upload = { fileName: 'people.csv', contentType: 'text/csv', stream: createReadStream(file) };
      const again = await services.peopleImport.startImport(operatorAt({ id: orgId }), upload, 1);
      await services.jobs.drain();
      expect(await find(database.system, orgId, again.id)).toMatchObject({ status: 'succeeded' });
      expect(await imported(database, orgId)).toEqual(expected);
    });
  });

  it('killed while checking and applying, with attempts left (as the web app starts it): tried again, and imports it all once', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = peopleFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, { orgCode, file, maxAttempts: 2, dieAt: 'checking' });
    await nextProcess(place, async (database, services) => {
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'running' });
      expect(await imported(database, orgId)).toEqual([]);

      await services.jobs.settleStopped();
      const job = await find(database.system, orgId, jobId);
      expect(job?.status).toBe('queued');
      expect(job?.message).toMatch(
        /^The process running this import stopped( at \d+%)?; nothing was applied\. It will be tried again \(attempt 2 of 2\)\.$/,
      );

      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(await imported(database, orgId)).toEqual(expected);
    });
  });

  it('killed after its changes committed: kept as done, all rows there, and not run again', {
    timeout: 120_000,
  }, async () => {
    const { orgCode, file, expected } = peopleFile();
    const place = await freshPlace();
    const { orgId, jobId } = await crash(place, { orgCode, file, maxAttempts: 2, dieAt: 'applied' });
    await nextProcess(place, async (database, services) => {
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'running' });
      expect(await imported(database, orgId)).toEqual(expected);

      await services.jobs.settleStopped();
      const job = await find(database.system, orgId, jobId);
      expect(job?.status).toBe('succeeded');
      expect(job?.message).toMatch(/stopped at \d+%, after its changes were saved: they are kept/);

      await services.jobs.drain();
      expect(await find(database.system, orgId, jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
      expect(await imported(database, orgId)).toEqual(expected);
      const audited = await auditEntries(database.system, { entityId: jobId, action: 'import' });
      expect(audited).toHaveLength(1);
    });
  });
});
