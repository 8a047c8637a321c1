// One measurement of enrollment-batch.ts in its own process, so its peak memory is its own. `read FILE`: the
// baseline, a bare streaming read of every row with the platform's `readTabular` (what the batch job reads the
// file with). `batch FILE URL ACO_ID`: the file stored and its batch job run to the end on the prepared
// database, as the ACO's enrollment submitter, then its result workbook written to bench/out; with every
// statement this process sends timed, to say where the time goes. Prints one JSON line.
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { ENROLLMENT_BATCH_JOB } from '../src/domains/enrollment/index.js';
import { type Db, openDatabase } from '../src/platform/db/client.js';
import { readTabular } from '../src/platform/files/tabular.js';
import { find } from '../src/platform/jobs/queue.js';
import { benchActor, benchServices, postgresCpu, postgresCpuSince } from './common.js';

const [mode, file, url, acoId] = process.argv.slice(2) as [string, string, string?, string?];
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

interface Statement {
  text: string;
  start: number;
  end: number;
}

/**
 * Times every statement sent through pg (a pool's query goes through a client's): from the call until its
 * promise settles, or for a COPY until its stream has finished (which spans the rows being read and checked).
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
    const result = query.apply(this, args) as
      | (PromiseLike<unknown> & { on?: undefined })
      | { then?: undefined; on(event: string, listener: () => void): void };
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
  if (text.startsWith('COPY')) return `${text.slice(0, 40)}… (the rows streamed as they are read and checked)`;
  const problem = /set problems = r\.problems \|\| jsonb_build_array.* r\.batch_id = \$\d+ and (.*)$/.exec(text);
  if (problem) return `problem where ${problem[1]!.replace(/\$\d+/g, '?').slice(0, 90)}`;
  return text.replace(/\$\d+/g, '?').slice(0, 110);
}

/** The job runner's own bookkeeping (heartbeat, progress): run beside the job's statements, not between. */
const bookkeeping = (text: string) => /^(update|select|insert)\b.{0,80}\b"?jobs"?\b/.test(text);

function profileOf(statements: Statement[], from: number, to: number) {
  const main = statements
    .filter((s) => s.start >= from && s.start <= to && !Number.isNaN(s.end))
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
    if (bookkeeping(s.text)) {
      add(`SQL ${labelOf(s.text)}`, s.end - s.start);
      continue;
    }
    const label = labelOf(s.text);
    if (s.start - free > 1) add(`JS  before: ${label}`, s.start - free);
    add(`SQL ${label}`, s.end - s.start);
    free = Math.max(free, s.end);
  }
  if (to - free > 1) add('JS  after the last statement', to - free);
  const first = (re: RegExp, after = from) => main.find((s) => s.start >= after && re.test(s.text));
  const inserted = first(/^insert into enrollment_batches/);
  const copy = first(/^COPY "enrollment_batch_rows"/);
  const lock = first(/pg_advisory_xact_lock\(hashtext\('enrollment:'/);
  const capacity = first(/from enrollment_cp_capacity where org_id in/);
  const counts = first(/count\(\*\)::int as rows/);
  const marks: [string, number | undefined][] = [
    ['store the upload, queue the job, hash the file, start the batch', inserted?.end],
    ['read and check each row, COPY to enrollment_batch_rows', copy?.end],
    ['checks across rows (PIDs, members, dates of birth, partners, counties)', lock?.start],
    ['the rules, page by page (read members and spans, decide, record)', capacity?.start],
    ['capacity', counts?.start],
    ['count, apply the spans, audit, commit, settle the job', to],
  ];
  let at = from;
  const steps = marks.map(([step, end]) => {
    const seconds = end === undefined ? Number.NaN : (end - at) / 1000;
    if (end !== undefined) at = end;
    return { step, seconds };
  });
  const top = [...costs]
    .map(([what, c]) => ({ what, calls: c.calls, seconds: c.ms / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 12);
  return { steps, top };
}

if (mode === 'read') {
  const start = performance.now();
  const source = await readTabular(file, 'xlsx');
  let rows = 0;
  for await (const _row of source.rows) rows++;
  console.log(
    JSON.stringify({ seconds: (performance.now() - start) / 1000, rows, columns: source.header.length, maxRssMb: mb() }),
  );
} else {
  const statements = traceStatements();
  const database = await openDatabase({ databaseUrl: url });
  const services = await benchServices(database);
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
  const jobEnd = performance.now();
  const done = await find(database.system, orgId, job.id);
  const result = (done?.result ?? {}) as Record<string, unknown>;
  const resultStart = performance.now();
  const workbook = await services.enrollment.resultFile(actor, job.id);
  const output = createWriteStream(path.resolve('bench/out', workbook.name));
  await workbook.write(output);
  await finished(output);
  const end = performance.now();
  const used = process.cpuUsage(cpu);
  const postgresCpuSeconds = postgresCpuSince(postgres);
  await services.audit.flush();
  const profile = profileOf(statements, start, jobEnd);
  const written = profileOf(statements, resultStart, end);
  profile.steps.push({ step: 'the result workbook (rows read a page at a time, written)', seconds: (end - resultStart) / 1000 });
  profile.top = [...profile.top, ...written.top.slice(0, 3).map((t) => ({ ...t, what: `result: ${t.what}` }))].sort(
    (a, b) => b.seconds - a.seconds,
  );
  console.log(
    JSON.stringify({
      seconds: (jobEnd - start) / 1000,
      resultSeconds: (end - resultStart) / 1000,
      outcome: result.outcome ?? done?.status,
      message: result.message ?? done?.message,
      rows: result.rows,
      maxRssMb: mb(),
      profile: {
        ...profile,
        nodeCpuSeconds: (used.user + used.system) / 1e6,
        postgresCpuSeconds,
      },
    }),
  );
  await services.jobs.stop();
  await database.close();
}
