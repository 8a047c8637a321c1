// npm run bench -- crash: `kill -9` of the server at random points during a 50,000-row people import on
// PostgreSQL. Each point runs in a database of its own (copied from a migrated template, dropped after):
// the server (bench/server-child.ts, on 127.0.0.1) is given the workbook through the API, killed after a
// random delay, and the database is looked at at once — everything imported or nothing — then the server
// is started again, which settles the stopped job (tried again: web imports have two attempts); every
// other point kills the second attempt too, so that the job fails. The job must end succeeded or failed,
// never running; failed must mean nothing applied; and a run again (when it failed) must end where a clean
// import does — the same people and roles, field by field, one import in the audit trail, the chain intact.
// BENCH_CRASH_POINTS (20), BENCH_CRASH_ROWS (50,000), BENCH_CRASH_SEED and BENCH_CRASH_MINUTES (30) change it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openAsBlob } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { AuditTrail } from '../src/platform/audit/audit.service.js';
import { openDatabase } from '../src/platform/db/client.js';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { writePeopleWorkbook } from './generate.js';

const POINTS = Number(process.env.BENCH_CRASH_POINTS ?? 20);
const ROWS = Number(process.env.BENCH_CRASH_ROWS ?? 50_000);
const SEED = Number(process.env.BENCH_CRASH_SEED ?? 14);
const DEADLINE = Date.now() + Number(process.env.BENCH_CRASH_MINUTES ?? 30) * 60_000;
const ADMIN = 'admin@crash-drill.example'; // made by server-child.ts
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** mulberry32: the same kill points for the same seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Server {
  proc: ChildProcess;
  port: number;
}

async function startServer(databaseUrl: string, dataDir: string): Promise<Server> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/server-child.ts', 'import', databaseUrl, dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const line = await Promise.race([
    new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve)),
    sleep(120_000).then(() => {
      throw new Error('the server did not start within 120 s');
    }),
  ]);
  return { proc, port: JSON.parse(line).port };
}

const kill9 = (server: Server) =>
  new Promise<void>((resolve) => {
    if (server.proc.exitCode !== null || server.proc.signalCode) return resolve();
    server.proc.once('exit', () => resolve());
    server.proc.kill('SIGKILL');
  });

/** Signs in as the drill's administrator; the cookie and CSRF token for changes. */
async function signIn(port: number) {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: DEMO_PASSWORD }),
  });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('concord_session='))!
    .split(';')[0]!;
  const session = await fetch(`http://127.0.0.1:${port}/api/auth/session`, { headers: { cookie } });
  return { cookie, 'x-csrf-token': ((await session.json()) as { csrfToken: string }).csrfToken };
}

/** Uploads the workbook as the web page does; the job's id, or null if the server died first. */
async function upload(port: number, file: string): Promise<string | null> {
  try {
    const headers = await signIn(port);
    const form = new FormData();
    form.append('file', await openAsBlob(file), path.basename(file));
    const res = await fetch(`http://127.0.0.1:${port}/api/people/imports`, {
      method: 'POST',
      headers,
      body: form,
    });
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  } catch (err) {
    if ((err as Error).message.startsWith('upload answered')) throw err;
    return null; // the connection was cut by the kill
  }
}

interface JobRow {
  id: string;
  status: string;
  attempts: number;
  progress: number;
  message: string | null;
}

/** What the database holds now: the import's job, the drill's people and roles, staging rows, audit events. */
async function look(pool: pg.Pool) {
  const one = async (q: string) => Number((await pool.query(q)).rows[0].n);
  const jobs = (
    await pool.query<JobRow>(
      `select id, status, attempts, message,
         case when progress_total > 0 then (100 * progress_done / progress_total)::int else 0 end as progress
       from jobs where kind = 'people.import' order by created_at`,
    )
  ).rows;
  return {
    jobs,
    people: await one(`select count(*) as n from people where email like '%@bench.example'`),
    roles: await one(
      `select count(*) as n from person_roles r join people p on p.id = r.person_id where p.email like '%@bench.example'`,
    ),
    staged: await one('select count(*) as n from people_import_rows'),
    imports: await one(
      `select count(*) as n from audit_log where action = 'import' and entity_type = 'people'`,
    ),
  };
}

/** Every imported field of the drill's people and roles, hashed in one order. */
async function fingerprint(pool: pg.Pool) {
  const { rows } = await pool.query(
    `select count(*) as n, md5(string_agg(concat_ws('|', p.email, p.given_name, p.family_name, p.npi, p.phone,
         p.title, r.role, r.team, r.starts_on, r.ends_on), ',' order by p.email, r.role, r.starts_on)) as hash
     from person_roles r join people p on p.id = r.person_id where p.email like '%@bench.example'`,
  );
  return `${rows[0].n}:${rows[0].hash}`;
}

/** Waits for the job to end (succeeded or failed), at most `ms`. */
async function settled(pool: pg.Pool, jobId: string, ms = 180_000) {
  const until = Date.now() + ms;
  for (;;) {
    const job = (await look(pool)).jobs.find((j) => j.id === jobId)!;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > until) throw new Error(`job still ${job.status} after ${ms / 1000} s: ${job.message}`);
    await sleep(100);
  }
}

async function waitFor(pool: pg.Pool, jobId: string, test: (j: JobRow) => boolean, ms = 120_000) {
  const until = Date.now() + ms;
  for (;;) {
    const job = (await look(pool)).jobs.find((j) => j.id === jobId);
    if (job && test(job)) return job;
    if (Date.now() > until) throw new Error(`job never reached the state awaited: ${job?.status}`);
    await sleep(10);
  }
}

const phaseOf = (job: JobRow | undefined) =>
  !job
    ? 'uploading'
    : job.status === 'running'
      ? `running ${job.progress}%`
      : job.status === 'queued'
        ? 'queued'
        : `already ${job.status}`;

export async function crashDrill() {
  const out = path.resolve('bench/out');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `people-${ROWS}.xlsx`);
  await writePeopleWorkbook(file, ROWS);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  // Databases left by a drill that was stopped (Ctrl-C) before it could drop them.
  const left = await admin.query(`select datname from pg_database where datname ~ '^concord_crash_[0-9]+_'`);
  for (const { datname } of left.rows as { datname: string }[]) {
    const pid = Number(datname.split('_')[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) await admin.query(`drop database if exists "${datname}" with (force)`);
  }
  const prefix = `concord_crash_${process.pid}`;
  const template = `${prefix}_tpl`;
  const created: string[] = [];
  const rng = random(SEED);
  const problems: string[] = [];
  try {
    await admin.query(`create database ${template}`);
    created.push(template);
    const migrated = await openDatabase({ databaseUrl: urlOf(template) });
    await migrated.migrate();
    await migrated.close();

    /** A database of its own for one run, with a data folder for its uploads. */
    const fresh = async (name: string) => {
      await admin.query(`create database ${name} template ${template}`);
      created.push(name);
      return {
        url: urlOf(name),
        dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-crash-')),
        // Dropping the database cuts its connections; that is no error here.
        pool: new pg.Pool({ connectionString: urlOf(name), max: 2 }).on('error', () => {}),
      };
    };
    const drop = async (name: string, pool: pg.Pool) => {
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
    };

    // Two clean imports: the fingerprint, and how long uploading and importing take. The kill window is the
    // shorter of the two (this machine is shared; a slow run would put most points after the end).
    const cleanRuns = [];
    for (const k of [1, 2]) {
      const clean = await fresh(`${prefix}_clean${k}`);
      const server = await startServer(clean.url, clean.dataDir);
      const started = performance.now();
      const uploading = upload(server.port, file);
      const marks: string[] = [];
      let seen = '';
      for (;;) {
        const job = (await look(clean.pool)).jobs[0];
        const mark = !job ? 'uploading' : job.status === 'running' ? `${job.progress}%` : job.status;
        if (mark !== seen) marks.push(`${mark} at ${((performance.now() - started) / 1000).toFixed(1)} s`);
        seen = mark;
        if (mark === 'succeeded' || mark === 'failed') break;
        await sleep(25);
      }
      await uploading;
      const windowMs = performance.now() - started;
      if (seen !== 'succeeded') throw new Error(`the clean import did not succeed: ${marks.join(', ')}`);
      cleanRuns.push({ windowMs, marks, reference: await fingerprint(clean.pool) });
      await kill9(server);
      await drop(`${prefix}_clean${k}`, clean.pool);
    }
    if (cleanRuns[0]!.reference !== cleanRuns[1]!.reference) throw new Error('two clean imports differ');
    const { windowMs, reference } = [...cleanRuns].sort((a, b) => a.windowMs - b.windowMs)[0]!;
    console.log(
      `\nkill -9 of the server during a ${ROWS.toLocaleString('en-US')}-row people import (PostgreSQL, seed ${SEED})`,
    );
    for (const run of cleanRuns) console.log(`A clean import, from the upload: ${run.marks.join(', ')}`);
    console.log(
      `${reference.split(':')[0]} roles. First kills are drawn in the first ${(windowMs / 1000).toFixed(1)} s from the upload; ` +
        'every other point kills the second attempt as well, once it passes a random 0-75%.',
    );
    let server: Server;
    console.log(
      'point | killed at  | phase at kill       | at kill   | after restart                    | 2nd kill            | re-run | converged',
    );

    for (let i = 1; i <= POINTS; i++) {
      if (Date.now() > DEADLINE) {
        problems.push(`stopped at point ${i}: the drill's time (BENCH_CRASH_MINUTES) ran out`);
        break;
      }
      const name = `${prefix}_p${i}`;
      const place = await fresh(name);
      const fail = (what: string) => problems.push(`point ${i}: ${what}`);
      /** All the people and roles, or none: never part. */
      const allOrNothing = (s: Awaited<ReturnType<typeof look>>, when: string) => {
        const whole = `${s.roles}` === reference.split(':')[0];
        if (s.roles !== 0 && !whole) fail(`${when}: ${s.roles} roles, neither none nor all`);
        return whole ? 'all' : 'none';
      };
      server = await startServer(place.url, place.dataDir);
      const killAt = Math.round(rng() * windowMs);
      const uploading = upload(server.port, file);
      await sleep(killAt);
      await kill9(server);
      let jobId = await uploading;
      let state = await look(place.pool);
      jobId ??= state.jobs[0]?.id ?? null;
      const phase = phaseOf(state.jobs[0]);
      const atKill = allOrNothing(state, 'at the kill');

      server = await startServer(place.url, place.dataDir);
      let second = '-';
      if (jobId && i % 2 === 0 && !['succeeded', 'failed'].includes(state.jobs[0]!.status)) {
        // Kill the second attempt as well, once it passes a random point before its commit: it fails.
        const past = Math.round(rng() * 75);
        await waitFor(
          place.pool,
          jobId,
          (j) =>
            (j.attempts === 2 && j.status === 'running' && j.progress >= past) || j.status === 'succeeded',
        );
        await kill9(server);
        state = await look(place.pool);
        second = `${phaseOf(state.jobs[0])} ${allOrNothing(state, 'at the second kill')}`;
        server = await startServer(place.url, place.dataDir);
      }
      let after = 'no job (upload cut)';
      let rerun = 'no';
      if (jobId) {
        const end = await settled(place.pool, jobId);
        state = await look(place.pool);
        after = `${end.status} (attempt ${end.attempts})`;
        if (end.status === 'failed' && state.roles !== 0) fail(`failed, yet ${state.roles} roles are there`);
        if (end.status === 'failed' && !/nothing was applied/.test(end.message ?? ''))
          fail(`failed without saying nothing was applied: ${end.message}`);
        if (state.staged !== 0) fail(`${state.staged} staging rows left`);
        if (end.status === 'failed') jobId = null;
      }
      if (!jobId) {
        rerun = 'yes';
        const again = await upload(server.port, file);
        const end = await settled(place.pool, again!);
        if (end.status !== 'succeeded') fail(`the import run again did not succeed: ${end.message}`);
      }
      const converged = (await fingerprint(place.pool)) === reference;
      if (!converged) fail('the final state differs from a clean import');
      state = await look(place.pool);
      if (state.imports !== 1) fail(`${state.imports} import events in the audit trail, not 1`);
      await kill9(server);
      const database = await openDatabase({ databaseUrl: place.url });
      const verified = await new AuditTrail(database).verify();
      await database.close();
      if (!verified.ok) fail('the audit chain does not verify');
      console.log(
        `${String(i).padStart(5)} | ${`${(killAt / 1000).toFixed(2)} s`.padEnd(10)} | ${phase.padEnd(19)} | ${atKill.padEnd(9)} | ${after.padEnd(32)} | ${second.padEnd(19)} | ${rerun.padEnd(6)} | ${converged ? 'yes' : 'NO'}`,
      );
      await drop(name, place.pool);
    }
  } finally {
    for (const name of created) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
  if (problems.length) {
    console.log(`\nNOT HONEST:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  } else
    console.log(
      '\nEvery point: all or nothing at each kill, the job ended succeeded or failed (never running), and the final state equals a clean import.',
    );
}
