// Where a crash test's processes meet, the child that kills itself mid-import (test/support/job-child.ts),
// and the next process to look: shared by the people and roster import crash tests.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, inject } from 'vitest';
import { buildServices, type Services } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/platform/db/client.js';
import { testDatabase } from './database.js';
import type { ChildOrder } from './job-child.js';

/** Where one test's processes meet: a data folder, and a database of their own (PostgreSQL, or PGlite in it). */
export interface Place {
  dataDir: string;
  pg?: Database & { url?: string; drop(): Promise<void> };
}
const places: Place[] = [];
afterAll(() => Promise.all(places.map((p) => p.pg?.drop())));

export async function freshPlace(): Promise<Place> {
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

/** Runs the child until it dies; it must die by SIGKILL, having queued its job. */
export async function crash(place: Place, order: Omit<ChildOrder, 'dataDir' | 'databaseUrl'>) {
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
export async function nextProcess<T>(
  place: Place,
  work: (database: Database, services: Services) => Promise<T>,
) {
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
