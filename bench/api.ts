// npm run bench -- api (issue 18): the signed-in request path beside bare Fastify + pg routes doing the same
// work, on PostgreSQL. Records completions through the API with two keep-alive clients, then reads one
// person's compliance status (one sequential client, then 32) and one person (32 clients), and prints where
// each request's time goes: CPU in the server process, CPU in this database's PostgreSQL backends, and
// statements (round trips) per request.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { cpuSeconds, percentile } from './common.js';
import { load } from './load.js';
import { type Session, send, signIn } from './load-client.js';

/** Records the completions: an administrator at a provider, for its people. */
const ADMIN = 'admin@bostoncommunityhealth.example';
const ORG = 'BCHC';
/** Reads one person's status: a compliance officer at a plan whose network includes the provider. */
const OFFICER = 'compliance@baystateonecare.example';
const PLAN = 'BAYSTATE-OC';
const completionsToRecord = Number(process.env.BENCH_API_COMPLETIONS ?? 100_000);
const statusReads = Number(process.env.BENCH_API_STATUS_READS ?? 2_000);
const WARM_READS = 500;
const SECONDS = 5;
const WARM_SECONDS = 3;

const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

interface Server {
  proc: ChildProcess;
  port: number;
}

function startServer(mode: string, url: string, ...args: string[]): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/server-child.ts', mode, url, ...args], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_COUNT_STATEMENTS: '1' },
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve({ proc, ...JSON.parse(line) }));
    proc.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

/**
 * The statements the server sends while `request` runs (its first 100 characters each, as it traces
 * them: api-server.ts), background work included if any falls in the same moment.
 */
async function traced(server: Server, request: () => Promise<unknown>) {
  await new Promise((r) => setTimeout(r, 300)); // the previous request's read audit, flushed first
  await new Promise((resolve) => {
    server.proc.once('message', resolve);
    server.proc.send('trace');
  });
  await request();
  await new Promise((r) => setTimeout(r, 200)); // the read audit's batch, flushed after the reply
  return new Promise<string[]>((resolve) => {
    server.proc.once('message', (m) => resolve((m as { traced: string[] }).traced));
    server.proc.send('traced');
  });
}

/** Stops a server and waits for it, so that dropping the database does not end its connections under it. */
const stop = (server: Server) =>
  new Promise<void>((resolve) => {
    if (server.proc.exitCode !== null) return resolve();
    server.proc.once('exit', () => resolve());
    server.proc.kill();
  });

/** How many statements the server has sent to PostgreSQL so far (it counts them: api-server.ts). */
const statementsOf = (server: Server) =>
  new Promise<number>((resolve) => {
    server.proc.once('message', (m) => resolve((m as { statements: number }).statements));
    server.proc.send('statements');
  });

/**
 * CPU so far of each PostgreSQL backend connected to `db` (client backends and parallel workers; not
 * autovacuum, not other databases' backends), by process id, from /proc.
 */
async function backendsCpu(admin: pg.Client, db: string) {
  const { rows } = await admin.query<{ pid: number }>(
    `select pid from pg_stat_activity
      where datname = $1 and backend_type in ('client backend', 'parallel worker')`,
    [db],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuSeconds(pid));
    } catch {} // ended meanwhile
  }
  return cpu;
}

/**
 * CPU the database's backends used between two samples. A backend present in both counts its difference;
 * one that appeared in between counts whole (it began meanwhile); one that ended in between is lost, and
 * is reported so that the figure can be read as a lower bound.
 */
function backendsCpuBetween(before: Map<number, number>, after: Map<number, number>) {
  let seconds = 0;
  let appeared = 0;
  for (const [pid, s] of after) {
    if (!before.has(pid)) appeared++;
    seconds += s - (before.get(pid) ?? 0);
  }
  const ended = [...before.keys()].filter((pid) => !after.has(pid)).length;
  return { seconds, backends: after.size, appeared, ended };
}

interface Row {
  label: string;
  rate: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  serverUs: number;
  postgresUs: number;
  roundTrips: number;
  backends: ReturnType<typeof backendsCpuBetween>;
}

/** Runs `warm`, then `work` (which reports how many requests it made), and adds what each of those cost. */
async function measured(
  label: string,
  server: Server,
  admin: pg.Client,
  db: string,
  work: () => Promise<Omit<Row, 'label' | 'serverUs' | 'postgresUs' | 'roundTrips' | 'backends'>>,
  warm?: () => Promise<unknown>,
): Promise<Row> {
  await warm?.();
  const pid = server.proc.pid!;
  const before = {
    server: cpuSeconds(pid),
    postgres: await backendsCpu(admin, db),
    statements: await statementsOf(server),
  };
  const r = await work();
  const statements = (await statementsOf(server)) - before.statements;
  const backends = backendsCpuBetween(before.postgres, await backendsCpu(admin, db));
  const perRequest = (seconds: number) => (seconds / r.requests) * 1e6;
  return {
    label,
    ...r,
    serverUs: perRequest(cpuSeconds(pid) - before.server),
    postgresUs: perRequest(backends.seconds),
    roundTrips: statements / r.requests,
    backends,
  };
}

const keepAlive = () => new http.Agent({ keepAlive: true, maxSockets: 1 });

/** `clients` closed loops, each on its own keep-alive connection, sending `count` requests in all. */
async function closedLoop(
  count: number,
  clients: number,
  request: (i: number, agent: http.Agent) => ReturnType<typeof send>,
  ok: number,
) {
  const ms: number[] = [];
  let errors = 0;
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const agent = keepAlive();
      while (next < count) {
        const i = next++;
        if (i > 0 && i % 10_000 === 0)
          console.error(`api: ${i} sent, ${f((i / (performance.now() - start)) * 1000, 0)}/s`);
        const sent = await request(i, agent);
        ms.push(sent.ms);
        if (sent.status !== ok) {
          if (errors++ === 0) console.error(`first error: ${sent.status} ${sent.body.slice(0, 300)}`);
        }
      }
      agent.destroy();
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { rate: count / seconds, p50: percentile(ms, 50), p99: percentile(ms, 99), errors, requests: count };
}

/** One sequential client: `count` requests timed one by one with performance.now(). */
const sequential = (port: number, path: string, session: Session | undefined, count: number) =>
  closedLoop(count, 1, (_, agent) => send(port, agent, 'GET', path, { session }), 200);

/** 32 keep-alive connections through autocannon for `seconds`. */
async function thirtyTwo(port: number, path: string, session: Session | undefined, seconds = SECONDS) {
  const r = await load(port, path, session ? { cookie: session.cookie } : {}, seconds);
  return { ...r, rate: r.rps, requests: r.rps * seconds };
}

/** A day `daysAgo` days before `day` (YYYY-MM-DD). */
const daysBefore = (day: string, daysAgo: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) - daysAgo * 86_400_000).toISOString().slice(0, 10);

export async function apiBench() {
  const pgUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = `concord_bench_api_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`create database ${db}`);
  const url = new URL(pgUrl);
  url.pathname = `/${db}`;
  const servers: Server[] = [];
  const loadAtStart = loadAverage();
  try {
    const concord = await startServer('api', url.toString());
    servers.push(concord);
    const session = await signIn(concord.port, ADMIN, DEMO_PASSWORD);
    const officer = await signIn(concord.port, OFFICER, DEMO_PASSWORD);
    const fixtures = new pg.Client({ connectionString: url.toString() });
    await fixtures.connect();
    const today = massachusettsToday();
    const orgIdOf = async (code: string) =>
      (await fixtures.query<{ id: string }>('select id from organisations where code = $1', [code])).rows[0]!
        .id;
    const orgId = await orgIdOf(ORG);
    const planId = await orgIdOf(PLAN);
    // Whom the administrator may record completions for (a role at the organisation), and what in.
    const people = (
      await fixtures.query<{ id: string }>(
        `select distinct person_id as id from person_roles
          where org_id = $1 and starts_on <= $2 and (ends_on is null or ends_on >= $2) order by 1`,
        [orgId, today],
      )
    ).rows.map((r) => r.id);
    const topics = (
      await fixtures.query<{ id: string }>(
        'select id from training_topics where shared or org_id = $1 order by id',
        [orgId],
      )
    ).rows.map((r) => r.id);
    await fixtures.end();
    const bare = await startServer('api-bare', url.toString(), planId);
    servers.push(bare);

    // Each body its own person, topic and day (up to four years back).
    const completion = (i: number) => ({
      personId: people[i % people.length],
      topicId: topics[Math.floor(i / people.length) % topics.length],
      completedOn: daysBefore(today, (i * 7) % 1_461),
    });
    const rows: Row[] = [];
    console.error(`api: recording ${completionsToRecord} completions, then the baseline`);
    const baseline = Math.min(completionsToRecord, 10_000);
    rows.push(
      await measured(
        `POST /api/training/completions, 2 clients (${completionsToRecord.toLocaleString('en-US')})`,
        concord,
        admin,
        db,
        () =>
          closedLoop(
            completionsToRecord,
            2,
            (i, agent) =>
              send(concord.port, agent, 'POST', '/api/training/completions', {
                session,
                json: { ...completion(i), evidence: { note: `bench ${i}` } },
              }),
            201,
          ),
      ),
      await measured(
        `  bare pg INSERT route, 2 clients (${baseline.toLocaleString('en-US')})`,
        bare,
        admin,
        db,
        () =>
          closedLoop(
            baseline,
            2,
            (i, agent) =>
              send(bare.port, agent, 'POST', '/completions', { json: completion(completionsToRecord + i) }),
            201,
          ),
      ),
    );

    // The kept statuses catch up with the completions in the background (decision 020); the person's page
    // reads them once they have (and computes that person alone from the facts until then).
    console.error('api: waiting for the kept statuses to catch up');
    const catchUp = performance.now();
    const agent = keepAlive();
    for (;;) {
      const d = await send(concord.port, agent, 'GET', '/api/compliance/dashboard', { session: officer });
      if (d.status !== 200) console.error('dashboard', d.status, d.body.slice(0, 500));
      if (d.status !== 200) throw new Error(`dashboard answered ${d.status}: ${d.body.slice(0, 300)}`);
      if (!JSON.parse(d.body).updating) break;
      if (performance.now() - catchUp > 20 * 60_000)
        throw new Error('statuses still updating after 20 minutes');
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const catchUpSeconds = (performance.now() - catchUp) / 1000;
    const reader = new pg.Client({ connectionString: url.toString() });
    await reader.connect();
    // The plan's person with the most kept statuses, one of the provider's people (given completions above).
    const [{ person_id: personId, n: keptRows }] = (
      await reader.query<{ person_id: string; n: number }>(
        `select s.person_id, count(*)::int as n from compliance_statuses s
          where s.org_id = $1
          group by 1
          order by exists (select 1 from person_roles r where r.person_id = s.person_id and r.org_id = $2) desc,
            2 desc, 1
          limit 1`,
        [planId, orgId],
      )
    ).rows as [{ person_id: string; n: number }];
    await reader.end();
    const statusPath = `/api/compliance/people/${personId}`;
    const first = await send(concord.port, agent, 'GET', statusPath, { session: officer });
    const bareFirst = await send(bare.port, agent, 'GET', `/status/${personId}`);
    const personFirst = await send(concord.port, agent, 'GET', `/api/people/${personId}`, { session });
    if (personFirst.status !== 200) throw new Error(`GET /api/people/:id answered ${personFirst.status}`);
    agent.destroy();
    if (first.status !== 200) throw new Error(`${statusPath} answered ${first.status}: ${first.body}`);
    const answered = {
      concord: JSON.parse(first.body).items.length as number,
      bare: JSON.parse(bareFirst.body).items.length as number,
    };

    console.error('api: reads');
    // Each read warmed first, untimed and uncounted: long enough for the JIT to settle (as readBench does).
    const oneClient = (label: string, server: Server, path: string, as?: Session) =>
      measured(
        label,
        server,
        admin,
        db,
        () => sequential(server.port, path, as, statusReads),
        () => sequential(server.port, path, as, WARM_READS),
      );
    const manyClients = (label: string, server: Server, path: string, as?: Session) =>
      measured(
        label,
        server,
        admin,
        db,
        () => thirtyTwo(server.port, path, as),
        () => thirtyTwo(server.port, path, as, WARM_SECONDS),
      );
    const statusTrace = await traced(concord, () =>
      send(concord.port, keepAlive(), 'GET', statusPath, { session: officer }),
    );
    const personTrace = await traced(concord, () =>
      send(concord.port, keepAlive(), 'GET', `/api/people/${personId}`, { session }),
    );
    const postTrace = await traced(concord, () =>
      send(concord.port, keepAlive(), 'POST', '/api/training/completions', {
        session,
        json: completion(completionsToRecord + baseline),
      }),
    );
    rows.push(
      await oneClient(
        `GET /api/compliance/people/:id, 1 client (${statusReads.toLocaleString('en-US')})`,
        concord,
        statusPath,
        officer,
      ),
      await oneClient(
        '  bare pg route, the same SQL on compliance_statuses, 1 client',
        bare,
        `/status/${personId}`,
      ),
      await manyClients(
        `GET /api/compliance/people/:id, 32 clients (autocannon, ${SECONDS} s)`,
        concord,
        statusPath,
        officer,
      ),
      await manyClients(
        '  bare pg route, the same SQL on compliance_statuses, 32 clients',
        bare,
        `/status/${personId}`,
      ),
      await manyClients(
        `GET /api/people/:id, 32 clients (autocannon, ${SECONDS} s)`,
        concord,
        `/api/people/${personId}`,
        session,
      ),
      await manyClients('  bare pg primary-key route, 32 clients', bare, `/person/${personId}`),
      await manyClients(
        '  bare pg route, the same statement as the person read, 32 clients',
        bare,
        `/person-details/${orgId}/${personId}`,
      ),
    );

    console.log(
      `\nThe signed-in request path beside bare Fastify + pg routes (issue 18), PostgreSQL, demo dataset, completions and people read as ${ADMIN} (organisation administrator at ${ORG}), statuses as ${OFFICER} (compliance officer at ${PLAN}); ` +
        'each bare route (indented) does the same lookup or insert without session, row-level security or audit, in the same run. ' +
        'Latency from performance.now() for our own loops, whole ms for autocannon.',
    );
    console.log(
      `${'request'.padEnd(66)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} errors | CPU µs per request: server, PostgreSQL | round trips`,
    );
    for (const r of rows)
      console.log(
        `${r.label.padEnd(66)} ${f(r.rate, 0).padStart(7)} ${f(r.p50, 2).padStart(7)} ${f(r.p99, 2).padStart(7)} ${String(r.errors).padStart(6)} | ${f(r.serverUs, 0).padStart(7)} ${f(r.postgresUs, 0).padStart(7)} | ${f(r.roundTrips, 2)}`,
      );
    const [post, postBare, seq, seqBare, many, manyBare, person, personBare, personSame] = rows as [
      Row,
      Row,
      Row,
      Row,
      Row,
      Row,
      Row,
      Row,
      Row,
    ];
    console.log(
      `POST a completion, 2 clients: ${f(post.rate, 0)}/s, p50 ${f(post.p50, 2)} ms, p99 ${f(post.p99, 2)} ms (target ≥ 500/s; bare INSERT route ${f(postBare.rate, 0)}/s, ${f((post.rate / postBare.rate) * 100, 0)}% of it).\n` +
        `One person's status, 1 client: p50 ${f(seq.p50, 2)} ms, p99 ${f(seq.p99, 2)} ms (target p50 ≤ 5 ms, p99 ≤ 15 ms; bare route p50 ${f(seqBare.p50, 2)} ms, p99 ${f(seqBare.p99, 2)} ms); ` +
        `32 clients ${f(many.rate, 0)} req/s, ${f((many.rate / manyBare.rate) * 100, 0)}% of the bare route's ${f(manyBare.rate, 0)}.\n` +
        `GET /api/people/:id reaches ${f((person.rate / personBare.rate) * 100, 0)}% of the bare pg primary-key route's throughput (target ≥ 70%), ` +
        `${f((person.rate / personSame.rate) * 100, 0)}% of a bare route running the same statement (the person with their details, roles and qualifications here).`,
    );
    console.log(
      `The status read answered ${answered.concord} rows (${keptRows} kept at ${PLAN} for the person, with the rows other organisations' requirements make of them); the bare route ${answered.bare}. ` +
        `The kept statuses caught up with the completions ${f(catchUpSeconds, 1)} s after the last one (background job).\n` +
        `PostgreSQL CPU counts only ${db}'s client backends (pg_stat_activity, /proc): a backend that appeared during a row counts whole, one that ended is lost (${
          rows
            .filter((r) => r.backends.appeared || r.backends.ended)
            .map((r) => `${r.label.trim().split(',')[0]}: +${r.backends.appeared} −${r.backends.ended}`)
            .join('; ') || 'none did'
        }); autovacuum is not counted. ` +
        'Round trips: statements the server process sent, background work (the job runner, the audit flush) included.\n' +
        `${people.length} people and ${topics.length} topics at ${ORG}; load average ${loadAtStart} at the start, ${loadAverage()} at the end, ${os.cpus().length} cores.`,
    );
    console.log('Statements one request sends, as the server sent them (the beginning of each):');
    for (const [label, trace] of [
      ['POST /api/training/completions', postTrace],
      ['GET /api/compliance/people/:id', statusTrace],
      ['GET /api/people/:id', personTrace],
    ] as const) {
      console.log(`  ${label}: ${trace.length}`);
      for (const t of trace) console.log(`    ${t}`);
    }
  } catch (err) {
    console.error('api bench failed', err);
    throw err;
  } finally {
    await Promise.all(servers.map(stop));
    await admin.query(`drop database if exists ${db} with (force)`);
    await admin.end();
  }
}
