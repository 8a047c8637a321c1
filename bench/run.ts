// npm run bench [-- import|read|api|training|compliance|care|care-import|care-plans|care-requests|enrollment-batch|enrollment-letters|fhir-export|surveys|load|first-load|crash] — each figure beside its baseline, measured in the same run on this machine.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import pg from 'pg';
import { EMBEDDED_MAX_IMPORT_ROWS } from '../src/platform/jobs/tabular-import.js';
import { apiBench } from './api.js';
import { careBench } from './care.js';
import { careImportBench } from './care-import.js';
import { carePlansBench } from './care-plans.js';
import { careRequestsBench } from './care-requests.js';
import { cpuSeconds, postgresCpu, postgresCpuSince } from './common.js';
import { complianceBench } from './compliance.js';
import { crashDrill } from './crash.js';
import { enrollmentBatchBench } from './enrollment-batch.js';
import { enrollmentLettersBench } from './enrollment-letters.js';
import { fhirExportBench } from './fhir-export.js';
import { firstLoadBench } from './first-load.js';
import { writePeopleWorkbook } from './generate.js';
import { load } from './load.js';
import { loadBench } from './load-bench.js';
import { surveysBench } from './surveys.js';
import { trainingBench } from './training.js';

const run = promisify(execFile);
const only = process.argv[2];
const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const out = path.resolve('bench/out');
mkdirSync(out, { recursive: true });
const child = async (script: string, ...args: string[]) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `bench/${script}`, ...args], {
    maxBuffer: 1 << 24,
    env: process.env,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
};
const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

async function importBench() {
  console.log('\nPeople import, end to end (parse, validate, COPY, cross-row checks, apply, result file)');
  console.log(
    'rows and text       | bare exceljs read s (rows/s) | PostgreSQL import s (× read) RSS MB | PGlite import s (× read) RSS MB | bare read RSS MB | Concord reader alone s (RSS MB)',
  );
  const sizes: [number, boolean][] = [
    [10_000, true],
    [EMBEDDED_MAX_IMPORT_ROWS, true],
    [100_000, true],
    [100_000, false],
    [300_000, true],
  ];
  for (const [rows, sharedStrings] of sizes) {
    const file = path.join(out, `people-${rows}${sharedStrings ? '' : '-inline'}.xlsx`);
    await writePeopleWorkbook(file, rows, { sharedStrings });
    const read = await child('import-child.ts', 'read', file);
    const ownRead = await child('import-child.ts', 'read-concord', file);
    const onPg = await child('import-child.ts', 'import', file, 'postgres');
    const onLite =
      rows <= EMBEDDED_MAX_IMPORT_ROWS ? await child('import-child.ts', 'import', file, 'pglite') : null;
    console.log(
      `${`${String(rows).padEnd(7)} ${sharedStrings ? 'shared' : 'inline'}`.padEnd(19)} | ${f(read.seconds, 2)} (${f(rows / read.seconds, 0)}) | ${f(onPg.seconds, 2)} (${f(onPg.seconds / read.seconds, 2)}×) ${onPg.maxRssMb} [${onPg.outcome}] | ` +
        (onLite
          ? `${f(onLite.seconds, 2)} (${f(onLite.seconds / read.seconds, 2)}×) ${onLite.maxRssMb} [${onLite.outcome}]`
          : 'not run at this size') +
        ` | ${read.maxRssMb} | ${f(ownRead.seconds, 2)} (${ownRead.maxRssMb})`,
    );
  }
  console.log(
    'Target: PostgreSQL import within 1.5× of the bare exceljs read at 100,000 rows; RSS under 300 MB and flat as rows grow.\n' +
      '"shared": text in a shared-strings table, as Excel saves a workbook; "inline": text in each cell, as some exporters write it.\n' +
      'The import reads XLSX with its own streaming reader (decision 010), timed alone in the last column.',
  );
}

function startServer(
  mode: string,
  url: string,
): Promise<{ proc: ChildProcess; port: number; path: string; cookie: string; layers?: string[] }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/server-child.ts', mode, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve({ proc, ...JSON.parse(line) }));
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

async function readBench() {
  const name = `concord_bench_read_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const concord = await startServer('concord', url.toString());
    const [hooks, rls, scoped] = concord.layers!;
    const rows: [
      string,
      Awaited<ReturnType<typeof load>> & { serverUs: number; postgresUs: number; clientUs: number },
    ][] = [];
    for (const [label, server] of [
      ['bare Fastify route (no database)', await startServer('fastify', url.toString())],
      ['bare pg primary-key lookup route', await startServer('pg', url.toString())],
      ["  the same lookup behind Concord's request hooks", { ...concord, path: hooks! }],
      ['  … as the application role under row-level security', { ...concord, path: rls! }],
      ["  the person's details statement in the read scope", { ...concord, path: scoped! }],
      ['Concord GET /api/people/:id (session, scope, RLS, audit)', concord],
    ] as const) {
      const headers: Record<string, string> = server.cookie ? { cookie: server.cookie } : {};
      await load(server.port, server.path, headers, 3); // warm-up, long enough for the JIT to settle
      const before = {
        server: cpuSeconds(server.proc.pid!),
        postgres: postgresCpu(),
        client: process.cpuUsage(),
      };
      const measured = await load(server.port, server.path, headers, 5);
      const requests = measured.rps * 5;
      const client = process.cpuUsage(before.client);
      rows.push([
        label,
        {
          ...measured,
          serverUs: ((cpuSeconds(server.proc.pid!) - before.server) / requests) * 1e6,
          postgresUs: (postgresCpuSince(before.postgres) / requests) * 1e6,
          clientUs: (client.user + client.system) / requests,
        },
      ]);
      if (server.proc !== concord.proc) server.proc.kill();
    }
    concord.proc.kill();
    const bare = rows[1]![1].rps;
    console.log(
      '\nAuthenticated read of one person, 32 concurrent keep-alive connections (autocannon, whole ms), 5 s each, on PostgreSQL',
    );
    for (const [label, r] of rows)
      console.log(
        `${label.padEnd(58)} ${f(r.rps, 0).padStart(7)} req/s ${`${f((r.rps / bare) * 100, 0)}%`.padStart(5)}   p50 ${f(r.p50, 0)} ms   p99 ${f(r.p99, 0)} ms   errors ${r.errors}   CPU per request: server ${f(r.serverUs, 0)} µs, PostgreSQL ${f(r.postgresUs, 0)} µs, load generator ${f(r.clientUs, 0)} µs`,
      );
    console.log(
      `Concord reaches ${f((rows.at(-1)![1].rps / bare) * 100, 0)}% of the bare pg route's throughput (target 70%); the indented rows are the same request with layers taken away, in the same server.`,
    );
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

if (!only || only === 'import') await importBench();
if (!only || only === 'read') await readBench();
if (!only || only === 'api') await apiBench();
if (!only || only === 'training') await trainingBench();
if (!only || only === 'compliance') await complianceBench();
if (!only || only === 'care') await careBench();
if (!only || only === 'surveys') await surveysBench();
if (!only || only === 'load') await loadBench();
if (!only || only === 'first-load') await firstLoadBench();
if (!only || only === 'care-import') await careImportBench();
if (!only || only === 'care-plans') await carePlansBench();
if (!only || only === 'care-requests') await careRequestsBench();
if (!only || only === 'enrollment-batch') await enrollmentBatchBench();
if (!only || only === 'enrollment-letters') await enrollmentLettersBench();
if (!only || only === 'fhir-export') await fhirExportBench();
// On demand only (several minutes): npm run bench -- crash
if (only === 'crash') await crashDrill();
