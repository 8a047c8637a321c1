// Pieces every database benchmark shares: a fresh PostgreSQL database or PGlite folder, the services over
// it, a signed-in actor without a session, and p50/p95 timings.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RoleKind } from '@contract/roles.js';
import pg from 'pg';
import { buildServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Actor } from '../src/platform/auth/actor.js';
import { type Database, openDatabase } from '../src/platform/db/client.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'concord-bench-'));

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

/** Runs `work` `runs` times (after an untimed `before`), and gives the p50 and p95 in milliseconds. */
export async function timed(
  runs: number,
  work: (i: number) => Promise<unknown>,
  before?: (i: number) => Promise<unknown>,
) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.(i);
    const start = performance.now();
    await work(i);
    ms.push(performance.now() - start);
  }
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** Someone acting for `orgId` with `roles`, as a request would carry them. */
export const benchActor = (orgId: string, roles: RoleKind[]): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000',
  personId: '00000000-0000-0000-0000-000000000000',
  name: 'bench',
  email: '',
  isSystemAdmin: false,
  orgId,
  roles,
  memberships: [],
  ip: null,
  userAgent: null,
  sessionId: '',
  csrfToken: '',
});

/** The application's services over a database, with their own data folder. */
export const benchServices = (database: Database) =>
  buildServices({ database, config: { ...loadConfig({}), dataDir: tempDir() }, logger: false });

/**
 * `measure` on a new PostgreSQL database (from DATABASE_URL's server), dropped afterwards; given its URL too,
 * for a child process to open it.
 */
export async function onPostgres(name: string, measure: (database: Database, url: string) => Promise<void>) {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = `concord_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${db}`);
  const url = new URL(base);
  url.pathname = `/${db}`;
  try {
    const database = await openDatabase({ databaseUrl: url.toString() });
    try {
      await measure(database, url.toString());
    } finally {
      await database.close();
    }
  } finally {
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
}

/** `measure` on a new PGlite database in a temporary folder. */
export async function onPglite(measure: (database: Database) => Promise<void>) {
  const lite = await openDatabase({ dataDir: path.join(tempDir(), 'pglite') });
  try {
    await measure(lite);
  } finally {
    await lite.close();
  }
}

/** A process's CPU time so far (user and system), from /proc: steadier than throughput on a shared machine. */
export const cpuSeconds = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
/** Each PostgreSQL process's CPU time so far, by process id. */
export const postgresCpu = () =>
  new Map(
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .flatMap((pid): [string, number][] => {
        try {
          return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
            ? [[pid, cpuSeconds(Number(pid))]]
            : [];
        } catch {
          return []; // gone meanwhile
        }
      }),
  );
/** PostgreSQL's CPU time since `before` (a process that has exited since is not counted). */
export const postgresCpuSince = (before: Map<string, number>) =>
  [...postgresCpu()].reduce((sum, [pid, s]) => sum + s - (before.get(pid) ?? 0), 0);
