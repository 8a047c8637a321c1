// FHIR Bulk Data export and FHIR search on PostgreSQL (decision 066): `$export` of `BENCH_FHIR_SCALE` (default
// 1) × 200,000 Patients with their CareTeams as NDJSON, beside a bare `COPY … TO STDOUT` of the same rows in
// the same run, with the process's peak RSS sampled as it goes; then one patient's Patient and CareTeam read
// through the FHIR API beside the JSON API routes that answer the same, p50/p95 over many patients.
import { createWriteStream, mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { checkedRow, checkedRows, type Database } from '../src/platform/db/client.js';
import { enrolleeAt } from '../src/seed/enrollees.js';
import { benchActor, onPostgres, postgresCpu, postgresCpuSince, timed } from './common.js';

const SCALE = Number(process.env.BENCH_FHIR_SCALE ?? 1);
const ENROLLEES = Math.round(200_000 * SCALE);
const COORDINATORS = Math.max(10, Math.round(2_000 * SCALE));
const PASSWORD = 'bench-password-2026';
const SEX = { female: 'female', male: 'male', other: 'x', unknown: 'unknown' } as const;
const enrolleeId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function generate(database: Database) {
  const db = database.system;
  const idRow = z.object({ id: z.string() });
  const plan = (await checkedRow(
    db,
    idRow,
    sql`insert into organisations (kind, code, name) values ('plan', 'PLAN1', 'Plan 1') returning id`,
  ))!.id;
  await db.execute(sql`insert into people (home_org_id, given_name, family_name, email)
    select ${plan}::uuid, 'Coordinator', 'C' || lpad(g::text, 5, '0'), 'coord' || g || '@bench.example'
    from generate_series(1, ${COORDINATORS}) g`);
  await db.execute(sql`insert into person_roles (org_id, person_id, role, starts_on)
    select ${plan}::uuid, id, 'care_coordinator', '2015-01-01' from people where home_org_id = ${plan}`);
  const coordinators = (
    await checkedRows(db, idRow, sql`select id from people where email like 'coord%' order by email`)
  ).map((r) => r.id);
  const options = { seed: 23, today: massachusettsToday(), coordinators: COORDINATORS };
  const start = performance.now();
  await database.copyInto(
    'care_enrollees',
    [
      'org_id',
      'id',
      'masshealth_id',
      'mbi',
      'given_name',
      'family_name',
      'date_of_birth',
      'sex',
      'town',
      'county',
    ],
    (function* () {
      for (let i = 0; i < ENROLLEES; i++) {
        const e = enrolleeAt(i, options);
        yield [
          plan,
          enrolleeId(i),
          e.massHealthId,
          e.mbi,
          e.givenName,
          e.familyName,
          e.dateOfBirth,
          SEX[e.sex],
          e.town,
          e.county,
        ];
      }
    })(),
  );
  await database.copyInto(
    'care_enrollments',
    ['org_id', 'enrollee_id', 'program', 'effective_on', 'ends_on'],
    (function* () {
      for (let i = 0; i < ENROLLEES; i++) {
        const e = enrolleeAt(i, options);
        yield [plan, enrolleeId(i), e.program, e.effectiveOn, e.endsOn];
      }
    })(),
  );
  // A single point of contact for everyone, and a second coordinator (not the contact) for every third.
  await database.copyInto(
    'care_team_members',
    ['org_id', 'enrollee_id', 'person_id', 'role', 'single_point_of_contact', 'member_org_id', 'starts_on'],
    (function* () {
      for (let i = 0; i < ENROLLEES; i++) {
        const e = enrolleeAt(i, options);
        yield [
          plan,
          enrolleeId(i),
          coordinators[i % COORDINATORS],
          'care_coordinator',
          true,
          plan,
          e.effectiveOn,
        ];
        if (i % 3 === 0)
          yield [
            plan,
            enrolleeId(i),
            coordinators[(i + 1) % COORDINATORS],
            'lts_coordinator',
            false,
            plan,
            e.effectiveOn,
          ];
      }
    })(),
  );
  await db.execute(sql`vacuum analyze`);
  return { plan, seconds: (performance.now() - start) / 1000 };
}

/** Samples the process's resident memory every 50 ms until stopped; gives the peak in MB. */
function rssPeak() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss) / 2 ** 20;
  };
}

/** The baseline: the same rows (enrollees, their enrollments, their team rows) copied out as CSV to a file. */
async function bareCopy(url: string, dir: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const start = performance.now();
  let bytes = 0;
  for (const table of ['care_enrollees', 'care_enrollments', 'care_team_members']) {
    const file = path.join(dir, `${table}.csv`);
    await pipeline(
      client.query(copyTo(`copy ${table} to stdout with (format csv)`)),
      createWriteStream(file),
    );
    bytes += statSync(file).size;
  }
  await client.end();
  return { seconds: (performance.now() - start) / 1000, bytes };
}

export async function fhirExportBench() {
  console.log(
    `\nFHIR bulk export and search on PostgreSQL: ${f(ENROLLEES, 0)} enrollees with their care teams`,
  );
  await onPostgres('fhir', async (database, url) => {
    await database.migrate();
    const { plan, seconds } = await generate(database);
    console.log(`generated in ${f(seconds)} s (COPY)`);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-bench-'));
    const { app, services } = await buildApp({
      database,
      config: { ...loadConfig({}), dataDir },
      logger: false,
    });
    // Someone who may read every enrollee: the export runs with their roles as they stand.
    const admin = (await checkedRow(
      database.system,
      z.object({ id: z.string() }),
      sql`insert into people (home_org_id, given_name, family_name, email)
        values (${plan}, 'Bench', 'Admin', 'admin@bench.example') returning id`,
    ))!.id;
    await database.system.execute(
      sql`insert into person_roles (org_id, person_id, role, starts_on) values (${plan}, ${admin}, 'org_admin', '2015-01-01')`,
    );
    const user = await services.auth.createUser({
      personId: admin,
      email: 'admin@bench.example',
      password: PASSWORD,
    });
    const actor = { ...benchActor(plan, ['org_admin']), userId: user.id, personId: admin };

    const baseline = await bareCopy(url, dataDir);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss / 2 ** 20;
    const stop = rssPeak();
    const cpu = postgresCpu();
    const start = performance.now();
    const job = await services.fhirExport.kickOff({
      actor,
      level: 'system',
      types: 'Patient,CareTeam',
      prefer: 'respond-async',
      request: '/fhir/R4/$export?_type=Patient,CareTeam',
    });
    await services.jobs.drain();
    const exportSeconds = (performance.now() - start) / 1000;
    const peak = stop();
    const pgCpu = postgresCpuSince(cpu);
    const { job: done, result } = await services.fhirExport.status(actor, job.id);
    if (done.status !== 'succeeded' || !result) throw new Error(`export ${done.status}: ${done.message}`);
    const bytes = result.output.reduce((s, o) => s + statSync(services.files.pathOf(plan, o.fileId)).size, 0);
    console.log(
      'what                                   | seconds | × COPY | resources | MB written | RSS MB before → peak | PostgreSQL CPU s',
    );
    console.log(
      `bare COPY … TO of the same rows (CSV)  | ${f(baseline.seconds, 2).padStart(7)} |   1.0× | ${f(ENROLLEES, 0).padStart(9)} | ${f(baseline.bytes / 2 ** 20).padStart(10)} |             |`,
    );
    console.log(
      `$export Patient + CareTeam (NDJSON)    | ${f(exportSeconds, 2).padStart(7)} | ${f(exportSeconds / baseline.seconds).padStart(5)}× | ${result.output.map((o) => `${o.type} ${f(o.count, 0)}`).join(', ')} | ${f(bytes / 2 ** 20)} | ${f(rssBefore, 0)} → ${f(peak, 0)} | ${f(pgCpu)}`,
    );

    // One patient's Patient and CareTeam, FHIR beside JSON, over patients spread through the table.
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'admin@bench.example', password: PASSWORD },
    });
    const cookie = signIn.cookies.find((c) => c.name === 'concord_session')!.value;
    const get = async (u: string) => {
      const res = await app.inject({ method: 'GET', url: u, cookies: { concord_session: cookie } });
      if (res.statusCode !== 200) throw new Error(`${u}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    };
    const who = (i: number) => enrolleeId((i * 7919) % ENROLLEES);
    const runs = 300;
    // The JSON read of an enrollee answers with their enrollments and care team: what Patient and CareTeam hold.
    const rows: [string, () => (i: number) => Promise<void>][] = [
      ['JSON  GET /api/care/enrollees/:id', () => (i) => get(`/api/care/enrollees/${who(i)}`)],
      ['FHIR  GET /fhir/R4/Patient/:id', () => (i) => get(`/fhir/R4/Patient/${who(i)}`)],
      ['FHIR  GET /fhir/R4/Patient?_id=', () => (i) => get(`/fhir/R4/Patient?_id=${who(i)}`)],
      ['FHIR  GET /fhir/R4/CareTeam?patient=', () => (i) => get(`/fhir/R4/CareTeam?patient=${who(i)}`)],
    ];
    console.log('one patient, in-process requests      | p50 ms | p95 ms');
    for (const [name, work] of rows) {
      await timed(20, work()); // warm
      const { p50, p95 } = await timed(runs, work());
      console.log(`${name.padEnd(38)} | ${f(p50, 2).padStart(6)} | ${f(p95, 2).padStart(6)}`);
    }
    await services.audit.flush();
    await app.close();
  });
}
