// npm run bench -- load: a real Concord server in its own process on PostgreSQL, the demo dataset, and
// BENCH_LOAD_USERS (200) people signed in through the API, clicking through their role's workload for
// BENCH_LOAD_SECONDS (60) after a warm-up, one people import running meanwhile; then the same with one user
// as the baseline, and both again with no think time to show saturation. Each run gets its own copy of
// the prepared database; the server is stopped with SIGTERM (which flushes the read audit) before the
// audit events are counted.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';
import { cpuSeconds } from './common.js';
import { writePeopleWorkbook } from './generate.js';
import { signIn } from './load-client.js';
import { type Measured, printLoadReport } from './load-report.js';
import { type Identity, type RunSpec, runLoad } from './load-run.js';
import type { LoadUser, OrgFixture } from './load-users.js';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const exec = promisify(execFile);

interface Server {
  proc: ChildProcess;
  port: number;
  /** The event loop's worst delay of each second while `measuring` is on. */
  lag: number[];
  /** The heap in use (MB) each second while `measuring` is on. */
  heap: number[];
  measuring: boolean;
  closed: Promise<void>;
  /** Asks for a full garbage collection; resolves with the heap in use and RSS after it (MB). */
  collect(): Promise<{ gcHeapMb: number; rssMb: number }>;
  log: { errors: number; warnings: number; file: string };
}

function startServer(url: string, logFile: string): Promise<Server> {
  // BENCH_LOAD_PROFILE=DIR writes the server's CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = process.env.BENCH_LOAD_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profile)}`] : [];
  const args = [...flags, '--expose-gc', '--import', 'tsx', 'bench/server-child.ts', 'load', url];
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = { errors: 0, warnings: 0, file: path.relative(process.cwd(), logFile) };
  const out = createWriteStream(logFile);
  createInterface({ input: proc.stderr! }).on('line', (line) => {
    if (line.includes('"level":50') || line.includes('"level":60')) log.errors++;
    else if (line.includes('"level":40')) log.warnings++;
    out.write(`${line}\n`);
  });
  return new Promise((resolve, reject) => {
    let server: Server | undefined;
    let collected: ((after: { gcHeapMb: number; rssMb: number }) => void) | undefined;
    let closed!: () => void;
    const closing = new Promise<void>((r) => (closed = r));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as {
        port?: number;
        lag?: number;
        heapMb?: number;
        gcHeapMb?: number;
        rssMb?: number;
      };
      if (message.gcHeapMb !== undefined)
        collected?.({ gcHeapMb: message.gcHeapMb, rssMb: message.rssMb ?? 0 });
      else if (message.port) {
        const collect = () =>
          new Promise<{ gcHeapMb: number; rssMb: number }>((done) => {
            collected = done;
            proc.kill('SIGUSR2');
          });
        server = {
          proc,
          port: message.port,
          lag: [],
          heap: [],
          measuring: false,
          closed: closing,
          log,
          collect,
        };
        resolve(server);
      } else if (message.lag !== undefined && server?.measuring) {
        server.lag.push(message.lag);
        server.heap.push(message.heapMb ?? 0);
      }
    });
    proc.once('exit', (code) => {
      out.end();
      closed();
      if (!server) reject(new Error(`the load server exited with ${code}; see ${logFile}`));
    });
  });
}

/** CPU seconds so far of the PostgreSQL backends serving `database`, by process id. */
async function backendsCpu(admin: pg.Client, database: string) {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [
    database,
  ]);
  return new Map(
    rows.flatMap((r): [number, number][] => {
      try {
        return [[r.pid, cpuSeconds(r.pid)]];
      } catch {
        return []; // gone meanwhile
      }
    }),
  );
}

/** Audit events by the signed-in users (a sign-in's by the user it signed in), `userId action entityType`. */
async function auditEvents(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ who: string; action: string; entityType: string; n: number }>(
      `select coalesce(actor_user_id::text, entity_id) as who, action, entity_type as "entityType", count(*)::int as n
        from audit_log where actor_user_id is not null or action = 'sign-in' group by 1, 2, 3`,
    );
    return new Map(rows.map((r) => [`${r.who} ${r.action} ${r.entityType}`, r.n]));
  } finally {
    await client.end();
  }
}

/** Audit events expected against those found: lost (expected, not found) and extra (found for our users beyond). */
function compareAudit(expected: Map<string, number>, found: Map<string, number>, ours: Set<string>) {
  const audit = { expected: 0, found: 0, lost: 0, extra: 0 };
  for (const [key, n] of expected) {
    audit.expected += n;
    audit.lost += Math.max(0, n - (found.get(key) ?? 0));
  }
  for (const [key, n] of found) {
    if (!ours.has(key.split(' ')[0]!)) continue;
    audit.found += n;
    audit.extra += Math.max(0, n - (expected.get(key) ?? 0));
  }
  return audit;
}

export async function loadBench() {
  const users = env('BENCH_LOAD_USERS', 200);
  const seconds = env('BENCH_LOAD_SECONDS', 60);
  const warmupSeconds = env('BENCH_LOAD_WARMUP_SECONDS', 10);
  const importRows = env('BENCH_LOAD_IMPORT_ROWS', 30_000);
  const thinkMs = env('BENCH_LOAD_THINK_MS', 1_000);
  const only = process.env.BENCH_LOAD_RUNS?.split(',');
  const specs: RunSpec[] = (
    [
      { name: 'users', label: `${users} users, think ${thinkMs} ms`, users, thinkMs },
      { name: 'one', label: `1 user, think ${thinkMs} ms (baseline)`, users: 1, thinkMs },
      { name: 'users-zero', label: `${users} users, no think time`, users, thinkMs: 0 },
      { name: 'one-zero', label: '1 user, no think time', users: 1, thinkMs: 0 },
      {
        name: 'users-no-import',
        label: `${users} users, think ${thinkMs} ms, no import`,
        users,
        thinkMs,
        noImport: true,
      },
    ] satisfies RunSpec[]
  ).filter((s) => (only ? only.includes(s.name) : s.name !== 'users-no-import'));

  const out = path.resolve('bench/out');
  mkdirSync(out, { recursive: true });
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const urlOf = (name: string) => Object.assign(new URL(base), { pathname: `/${name}` }).toString();
  const template = `concord_bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const results: Measured[] = [];
  const loadAverage = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ');
  const loadAtStart = loadAverage();
  let organisations = 0;
  try {
    console.log(`\nLoad: preparing the demo dataset and ${users} sign-ins (argon2id hashes) on PostgreSQL…`);
    await admin.query(`create database ${template}`);
    const { stdout } = await exec(
      process.execPath,
      ['--import', 'tsx', 'bench/server-child.ts', 'load-prepare', urlOf(template), String(users)],
      { maxBuffer: 1 << 26, env: process.env },
    );
    const prepared = JSON.parse(stdout.trim().split('\n').pop()!) as {
      users: LoadUser[];
      password: string;
      fixtures: Record<string, OrgFixture>;
    };
    organisations = new Set(prepared.users.map((u) => u.orgCode)).size;
    const importPath = path.join(out, `load-people-${importRows}.xlsx`);
    if (importRows > 0) await writePeopleWorkbook(importPath, importRows, { seed: 23, first: 1_000_000 });
    const importFile = {
      name: path.basename(importPath),
      content: importRows > 0 ? readFileSync(importPath) : Buffer.alloc(0),
      rows: importRows,
    };

    for (const spec of specs) {
      const name = `${template}_${spec.name.replaceAll('-', '_')}`;
      await admin.query(`create database ${name} template ${template}`);
      let started: Server | undefined;
      try {
        const server = await startServer(urlOf(name), path.join(out, `load-server-${spec.name}.log`));
        started = server;
        // Every user signs in through the API, four at a time (each is an argon2id verification).
        const identities: Identity[] = [];
        for (let i = 0; i < prepared.users.length; i += 4) {
          const batch = prepared.users.slice(i, i + 4);
          const sessions = await Promise.all(
            batch.map((u) => signIn(server.port, u.email, prepared.password)),
          );
          for (const [k, session] of sessions.entries()) identities.push({ user: batch[k]!, session });
        }
        let before = { server: 0, postgres: new Map<number, number>(), generator: process.cpuUsage() };
        const cpu = { server: 0, postgres: 0, generator: 0 };
        let beforeGc = { gcHeapMb: 0, rssMb: 0 };
        console.log(
          `${spec.label}: ${identities.length} signed in; ${warmupSeconds} s warm-up, ${seconds} s measured…`,
        );
        const result = await runLoad({
          spec,
          port: server.port,
          serverPid: server.proc.pid!,
          identities,
          fixtures: prepared.fixtures,
          warmupSeconds,
          seconds,
          importFile,
          importAt: Math.min(5, seconds / 4),
          onWindow: async (edge) => {
            server.measuring = edge === 'start';
            if (edge === 'start') {
              beforeGc = await server.collect();
              before = {
                server: cpuSeconds(server.proc.pid!),
                postgres: await backendsCpu(admin, name),
                generator: process.cpuUsage(),
              };
              return;
            }
            cpu.server = cpuSeconds(server.proc.pid!) - before.server;
            const used = process.cpuUsage(before.generator);
            cpu.generator = (used.user + used.system) / 1e6;
            const now = await backendsCpu(admin, name);
            cpu.postgres = [...now].reduce((s, [pid, c]) => s + c - (before.postgres.get(pid) ?? 0), 0);
          },
        });
        const afterGc = await server.collect();
        server.proc.kill('SIGTERM');
        await server.closed;
        for (const { session } of identities) {
          const key = `${session.userId} sign-in user`;
          result.expected.set(key, (result.expected.get(key) ?? 0) + 1);
        }
        const ours = new Set(identities.map((i) => i.session.userId));
        const audit = compareAudit(result.expected, await auditEvents(urlOf(name)), ours);
        results.push({
          ...result,
          audit,
          lagMs: server.lag,
          heapMb: server.heap,
          beforeGc,
          afterGc,
          cpu,
          serverLog: server.log,
        });
      } finally {
        if (started && started.proc.exitCode === null) started.proc.kill('SIGKILL'); // the run failed: never leave it behind
        // BENCH_LOAD_KEEP=1 keeps each run's database (as it was when the server stopped) to look into.
        if (process.env.BENCH_LOAD_KEEP === '1') console.log(`kept database ${name}`);
        else await admin.query(`drop database if exists ${name} with (force)`);
      }
    }
  } finally {
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  }
  printLoadReport(
    results,
    `Mixed workload (${users} signed-in users over ${organisations} demo organisations: staff, organisation administrators, compliance officers, training administrators), ` +
      `${seconds} s measured after a ${warmupSeconds} s warm-up, on PostgreSQL, all on 127.0.0.1; think time between a user's clicks exponentially distributed, mean ${thinkMs} ms; ` +
      `one ${importRows.toLocaleString('en-US')}-row people import uploaded ${Math.min(5, seconds / 4)} s into the window and polled each second. ` +
      `Load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${loadAverage()}; ${os.cpus().length} cores shared with other work.`,
  );
}
