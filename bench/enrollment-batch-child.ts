// One measurement of enrollment-batch.ts in its own process, so its peak memory is its own. `read FILE`: the
// baseline, a bare streaming read of every row with the platform's `readTabular` (what the batch job reads the
// file with); `read-exceljs FILE`: the same with exceljs's streaming reader, the other import benchmarks'
// baseline. `batch FILE URL ACO_ID`: the file stored and its batch job run to the end on the prepared
// database, as the ACO's enrollment submitter, then its result workbook written to bench/out; with every
// statement this process sends timed, to say where the time goes. Prints one JSON line.
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import type { Db } from '../src/platform/db/client.js';

const [mode, file, url, acoId] = process.argv.slice(2) as [string, string, string?, string?];
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface Statement {
  text: string;
  start: number;
  end: number;
}

/**
 * Times every statement sent through pg (a pool's query goes through a client's, with a callback): from the
 * call until it settles, or for a COPY until its stream has finished (which spans the rows being read and
 * checked). A statement still running has no end.
 */
function traceStatements() {
  const statements: Statement[] = [];
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    const text = (typeof q === 'string' ? q : (q.text ?? '(no text)')).replace(/\s+/g, ' ').trim();
    const s: Statement = { text, start: performance.now(), end: Number.NaN };
    statements.push(s);
    const done = () => {
      s.end = performance.now();
    };
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function')
      args[last] = (...results: unknown[]) => {
        done();
        return callback(...results);
      };
    const result = query.apply(this, args) as
      | { then(a: () => void, b: () => void): unknown; on?: undefined }
      | { then?: undefined; on(event: string, listener: () => void): void }
      | undefined;
    if (typeof result?.then === 'function') result.then(done, done);
    else if (typeof result?.on === 'function') {
      result.on('finish', done);
      result.on('error', done);
    }
    return result;
  } as typeof pg.Client.prototype.query;
  return statements;
}

/** A statement's name in the profile: a problem appended by the rows it selects, else its first words. */
function labelOf(text: string) {
  if (text.startsWith('COPY')) return `${text.slice(0, 40)}… (a chunk of rows, beside the reading)`;
  const problem = /set problems = r\.problems \|\| jsonb_build_array.* r\.batch_id = \$\d+ and (.*)$/.exec(
    text,
  );
  if (problem) return `problem where ${problem[1]!.replace(/\$\d+/g, '?').slice(0, 90)}`;
  return text.replace(/\$\d+/g, '?').slice(0, 110);
}

/** The job runner's own bookkeeping (heartbeat, progress): run beside the job's statements, not between. */
const bookkeeping = (text: string) => /^(update|select|insert)\b.{0,80}\b"?jobs"?\b/.test(text);

/**
 * The steps of the batch, each ending where a statement of the next begins (or ends). The rows are read,
 * copied and checked against what is recorded a chunk at a time, the database's part beside the reading.
 */
const STEPS: [string, RegExp, 'start' | 'end'][] = [
  [
    'store the upload, queue the job, hash the file, start the batch',
    /^insert into enrollment_batches/,
    'end',
  ],
  [
    'read and check each row; beside it, COPY and the checks across rows, a chunk at a time',
    /^analyze "enrollment_batch_rows"/,
    'start',
  ],
  [
    'analyse, audit the members read, lock the ACO/MCO',
    /^select r\.row_number as "rowNumber", r\.medicaid_id/,
    'start',
  ],
  [
    'the rules, page by page (read members and spans, decide, record)',
    /from enrollment_cp_capacity where/,
    'start',
  ],
  ['capacity', /count\(\*\)::int as rows/, 'start'],
  ['count', /^update enrollment_spans/, 'start'],
  ['apply the spans (end, then start; their overlap trigger)', /^insert into enrollment_spans/, 'end'],
  ['finish the batch, audit, commit, settle the job', /$^/, 'start'],
];

/** RSS samples taken every 20 ms (none while JavaScript runs without a break), for each step's peak. */
const rssSamples: { at: number; mb: number; heapMb: number; externalMb: number }[] = [];
setInterval(() => {
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round(n / 1048576);
  rssSamples.push({
    at: performance.now(),
    mb: mb(m.rss),
    heapMb: mb(m.heapTotal),
    externalMb: mb(m.external),
  });
}, 20).unref();
if (process.env.BENCH_MEMORY_TRACE)
  process.on('exit', () => {
    for (const s of rssSamples.filter((_, i) => i % 10 === 0))
      process.stderr.write(`${Math.round(s.at)} rss ${s.mb} heap ${s.heapMb} external ${s.externalMb}\n`);
  });
const peakBetween = (from: number, to: number) =>
  rssSamples.reduce((m, s) => (s.at >= from && s.at <= to && s.mb > m ? s.mb : m), 0);

/**
 * Where the time between `from` and `to` went: the steps, and the costliest statements and stretches of
 * JavaScript between them (a statement still running at `to` counts until then).
 */
function profileOf(statements: Statement[], from: number, to: number, stopped: boolean) {
  const main = statements
    .filter((s) => s.start >= from && s.start <= to)
    .map((s) => ({ ...s, running: Number.isNaN(s.end), end: Number.isNaN(s.end) ? to : s.end }))
    .sort((a, b) => a.start - b.start);
  const costs = new Map<string, { calls: number; ms: number }>();
  const add = (what: string, ms: number) => {
    const c = costs.get(what) ?? { calls: 0, ms: 0 };
    c.calls++;
    c.ms += ms;
    costs.set(what, c);
  };
  let free = from;
  for (const s of main) {
    const label = `${labelOf(s.text)}${s.running ? ' [still running when stopped]' : ''}`;
    if (!bookkeeping(s.text)) {
      if (s.start - free > 1) add(`JS  before: ${label}`, s.start - free);
      free = Math.max(free, s.end);
    }
    add(`SQL ${label}`, s.end - s.start);
  }
  if (to - free > 1) add('JS  after the last statement', to - free);
  let at = from;
  const done: { step: string; seconds: number; peakRssMb: number }[] = [];
  for (const [step, marker, edge] of STEPS) {
    const mark = main.find((s) => s.start >= at && !s.running && marker.test(s.text));
    const end = mark ? mark[edge] : to;
    done.push({
      step: !mark && stopped ? `${step} (stopped here)` : step,
      seconds: (end - at) / 1000,
      peakRssMb: peakBetween(at, end),
    });
    at = end;
    if (!mark) break;
  }
  const top = [...costs]
    .map(([what, c]) => ({ what, calls: c.calls, seconds: c.ms / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 12);
  return { steps: done, top };
}

// Each mode imports only what it runs, so that the bare read's memory is the reader's (the application's
// modules alone take about 230 MB of RSS under tsx).
if (mode === 'read') {
  const { readTabular } = await import('../src/platform/files/tabular.js');
  const start = performance.now();
  const source = await readTabular(file, 'xlsx');
  let rows = 0;
  for await (const _row of source.rows) rows++;
  console.log(
    JSON.stringify({
      seconds: (performance.now() - start) / 1000,
      rows,
      columns: source.header.length,
      maxRssMb: mb(),
    }),
  );
} else if (mode === 'read-exceljs') {
  const { default: ExcelJS } = await import('exceljs');
  const start = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  let rows = 0;
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  console.log(JSON.stringify({ seconds: (performance.now() - start) / 1000, rows, maxRssMb: mb() }));
} else {
  const { ENROLLMENT_BATCH_JOB } = await import('../src/domains/enrollment/index.js');
  const { openDatabase } = await import('../src/platform/db/client.js');
  const { find } = await import('../src/platform/jobs/queue.js');
  const { benchActor, benchServices, postgresCpu, postgresCpuSince } = await import('./common.js');
  const statements = traceStatements();
  const database = await openDatabase({ databaseUrl: url });
  const services = await benchServices(database);
  const loadedRssMb = mb();
  const orgId = acoId!;
  const actor = {
    ...benchActor(orgId, ['enrollment_submitter']),
    memberships: [
      {
        orgId,
        orgName: 'Bench ACO',
        orgCode: 'ACO1',
        orgKind: 'aco',
        roles: ['enrollment_submitter' as const],
      },
    ],
  };
  const cpu = process.cpuUsage();
  const postgres = postgresCpu();
  const start = performance.now();
  let jobEnd: number | undefined;
  let resultStart: number | undefined;
  /** What was measured, up to `end`; `stopped` when the parent stopped the run at its time limit. */
  const report = (end: number, stopped: boolean, result: Record<string, unknown> = {}) => {
    const used = process.cpuUsage(cpu);
    const profile = profileOf(statements, start, jobEnd ?? end, stopped && jobEnd === undefined);
    if (resultStart !== undefined) {
      const written = profileOf(statements, resultStart, end, false);
      profile.steps.push({
        step: `the result workbook (rows read a page at a time, written)${stopped ? ' (stopped here)' : ''}`,
        seconds: (end - resultStart) / 1000,
        peakRssMb: peakBetween(resultStart, end),
      });
      profile.top = [
        ...profile.top,
        ...written.top.slice(0, 3).map((t) => ({ ...t, what: `result: ${t.what}` })),
      ].sort((a, b) => b.seconds - a.seconds);
    }
    console.log(
      JSON.stringify({
        stopped,
        seconds: ((jobEnd ?? end) - start) / 1000,
        resultSeconds: resultStart === undefined ? null : (end - resultStart) / 1000,
        ...result,
        loadedRssMb,
        maxRssMb: mb(),
        profile: {
          ...profile,
          nodeCpuSeconds: (used.user + used.system) / 1e6,
          postgresCpuSeconds: postgresCpuSince(postgres),
        },
      }),
    );
  };
  // At its time limit the parent stops this run: say how far it got (its statement goes on in PostgreSQL
  // until the parent drops the database).
  process.once('SIGTERM', () => {
    report(performance.now(), true, { outcome: 'stopped' });
    process.exit(0);
  });
  const job = await database.system.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const stored = await services.files.save(
      tx,
      {
        orgId,
        name: path.basename(file),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        purpose: 'enrollment-batch',
        createdBy: null,
      },
      createReadStream(file),
    );
    return services.jobs.enqueue(tx, {
      orgId,
      kind: ENROLLMENT_BATCH_JOB,
      payload: {
        fileId: stored.id,
        fileName: path.basename(file),
        actor: { userId: actor.userId, name: actor.name, ip: null, userAgent: null, orgId },
        checkOnly: 'no',
        submitterKind: 'aco',
      },
      maxAttempts: 1,
    });
  });
  await services.jobs.drain();
  jobEnd = performance.now();
  const done = await find(database.system, orgId, job.id);
  const result = (done?.result ?? {}) as Record<string, unknown>;
  resultStart = performance.now();
  const workbook = await services.enrollment.resultFile(actor, job.id);
  const output = createWriteStream(path.resolve('bench/out', workbook.name));
  await workbook.write(output);
  await finished(output);
  report(performance.now(), false, {
    outcome: result.outcome ?? done?.status,
    message: result.message ?? done?.message,
    rows: result.rows,
  });
  await services.audit.flush();
  await services.jobs.stop();
  await database.close();
}
