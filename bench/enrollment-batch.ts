// npm run bench -- enrollment-batch: a Community Partner enrollment batch (decisions 061, 062) of an ACO's
// members, on PostgreSQL, end to end (read and check each row; beside the reading, COPY and the checks across
// rows a chunk at a time; the rules, capacity, apply) with its result workbook written, beside a bare streaming
// read of the same file with the platform's `readTabular` in the same run; and its peak RSS at 10,000, 100,000
// and 300,000 rows, each batch in its own process (enrollment-batch-child.ts), with each step's time, its share
// of the bare read and the highest RSS sampled in it. The members, Community Partners and spans are loaded
// with COPY beforehand, not through the API. `BENCH_ENROLLMENT_ROWS` (10000,100000,300000) sets the sizes.
// PostgreSQL only: a batch is one transaction over every row, and PGlite is not run (the embedded database
// takes imports of 50,000 rows at most).
import { execFile } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BATCH_COLUMNS } from '@contract/enrollment/enrollment.labels.js';
import { addDays, addMonths } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { REASON_CHOICES } from '../src/domains/enrollment/batch-rows.js';
import {
  insertOrganisation,
  insertRelationship,
  MASSACHUSETTS_COUNTIES,
} from '../src/domains/organisations/index.js';
import { checkedRow, type Database } from '../src/platform/db/client.js';
import { enrolleeAt } from '../src/seed/enrollees.js';
import { onPostgres } from './common.js';

const run = promisify(execFile);
const out = path.resolve('bench/out');
const SIZES = (process.env.BENCH_ENROLLMENT_ROWS ?? '10000,100000,300000').split(',').map(Number);
const TODAY = massachusettsToday();
/** Community Partners the ACO partners with; a member's CP is its index modulo this. */
const CPS = 8;
const ACO_PID = '110000101';
const cpPid = (c: number) => `1200005${String(c + 1).padStart(2, '0')}`;
const f = (n: number | null, d = 2) =>
  n === null || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * One measurement in its own process. One still running after `limitSeconds` is sent SIGTERM, and prints how
 * far it got (execFile's own timeout would close its output first).
 */
const child = async (args: string[], limitSeconds = 0) => {
  const running = run(process.execPath, ['--import', 'tsx', 'bench/enrollment-batch-child.ts', ...args], {
    maxBuffer: 1 << 24,
    env: process.env,
  });
  const timer =
    limitSeconds > 0 ? setTimeout(() => running.child.kill('SIGTERM'), limitSeconds * 1000) : null;
  try {
    const { stdout } = await running;
    return JSON.parse(stdout.trim().split('\n').pop()!);
  } finally {
    if (timer) clearTimeout(timer);
  }
};

/** A deterministic enrollee id per member index, so the spans' COPY names it without a map. */
const enrolleeId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const SEX = { female: 'female', male: 'male', other: 'x', unknown: 'unknown' } as const;
const SEX_CODE = { female: 'F', male: 'M', other: 'X', unknown: 'U' } as const;

/**
 * What the batch does for member `i` (the batch's row i; members past `rows` are not in it, and half of them
 * are enrolled): of every twenty rows, twelve enroll (two of them members whose enrollment ended in 2024, so a
 * new episode begins) from the first of next month, five disenroll at the end of this month, and three
 * transfer to the next CP from the first of next month.
 */
function planOf(i: number, rows: number) {
  if (i >= rows) return { action: null, open: i % 2 === 0, closed: false };
  const m = i % 20;
  if (m < 12) return { action: 'E' as const, open: false, closed: m >= 10 };
  return { action: m < 17 ? ('D' as const) : ('T' as const), open: true, closed: false };
}

const options = { seed: 21, today: TODAY };
const nextFirst = addMonths(`${TODAY.slice(0, 7)}-01`, 1);
const monthEnd = addDays(nextFirst, -1);
const utc = (day: string) => new Date(`${day}T00:00:00Z`);

/** The batch file as a submitter saves it from the template: an Instructions sheet, then the rows. */
async function writeBatchXlsx(file: string, rows: number) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: true,
    useStyles: false,
  });
  const instructions = workbook.addWorksheet('Instructions');
  instructions.addRow(['Fill in the Batch sheet: one row per member.']).commit();
  instructions.commit();
  const sheet = workbook.addWorksheet('Batch');
  sheet.addRow([...BATCH_COLUMNS]).commit();
  for (let i = 0; i < rows; i++) {
    const e = enrolleeAt(i, options);
    const plan = planOf(i, rows);
    const cp = i % CPS;
    sheet
      .addRow([
        e.massHealthId,
        e.familyName,
        e.givenName,
        utc(e.dateOfBirth), // a date cell, as Excel keeps a typed date
        SEX_CODE[e.sex],
        ACO_PID,
        'A',
        cpPid(cp),
        'A',
        plan.action,
        utc(plan.action === 'D' ? monthEnd : nextFirst),
        plan.action === 'D' ? REASON_CHOICES[i % REASON_CHOICES.length] : '',
        plan.action === 'T' ? cpPid((cp + 1) % CPS) : '',
        plan.action === 'T' ? 'A' : '',
        i % 10 === 0 ? `Outreach ${i % 7 === 0 ? 'by phone' : 'in person'}, see care plan` : '',
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * An ACO with `members` members (a tenth more than the batch's rows) across the counties, `CPS` Community
 * Partners serving every county with room for them all, each partnered with the ACO; the open spans the
 * disenrollments and transfers end, the spans of 2024 the re-enrollments follow, and half the members outside
 * the batch enrolled too. Loaded with COPY and INSERT … SELECT, then vacuumed and analysed.
 */
async function prepare(database: Database, rows: number) {
  const db = database.system;
  const members = rows + Math.ceil(rows / 10);
  const aco = await insertOrganisation(db, { kind: 'aco', code: 'ACO1', name: 'Bench ACO' });
  const cps: string[] = [];
  for (let c = 0; c < CPS; c++)
    cps.push(
      (
        await insertOrganisation(db, {
          kind: c % 2 ? 'cp_ltss' : 'cp_bh',
          code: `CP${c + 1}`,
          name: `Bench Community Partner ${c + 1}`,
        })
      ).id,
    );
  await db.execute(sql`insert into enrollment_provider_ids (org_id, pid, service_location)
    values (${aco.id}, ${ACO_PID}, 'A')`);
  for (const [c, id] of cps.entries()) {
    await db.execute(sql`insert into enrollment_provider_ids (org_id, pid, service_location)
      values (${id}, ${cpPid(c)}, 'A')`);
    await db.execute(sql`insert into enrollment_cp_capacity (org_id, confirmed) values (${id}, ${members})`);
    await insertRelationship(db, {
      orgId: aco.id,
      kind: 'cp_partnership',
      otherOrgId: id,
      startsOn: '2018-07-01',
    });
    await db.execute(sql`insert into service_areas (org_id, county, starts_on)
      select ${id}::uuid, county, date '2018-01-01'
      from unnest(${`{${MASSACHUSETTS_COUNTIES.join(',')}}`}::text[]) county`);
  }
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
      for (let i = 0; i < members; i++) {
        const e = enrolleeAt(i, options);
        yield [
          aco.id,
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
  const spans = await database.copyInto(
    'enrollment_spans',
    ['org_id', 'enrollee_id', 'cp_org_id', 'starts_on', 'ends_on', 'end_reason', 'episode_starts_on'],
    (function* () {
      for (let i = 0; i < members; i++) {
        const plan = planOf(i, rows);
        const cp = cps[i % CPS]!;
        if (plan.closed) yield [aco.id, enrolleeId(i), cp, '2023-01-01', '2024-06-30', 'MOVED', '2023-01-01'];
        if (plan.open) yield [aco.id, enrolleeId(i), cp, '2024-03-01', null, null, '2024-03-01'];
      }
    })(),
  );
  await db.execute(sql`vacuum analyze`);
  return { aco: aco.id, members, spans };
}

export async function enrollmentBatchBench() {
  mkdirSync(out, { recursive: true });
  console.log(
    `\nCommunity Partner enrollment batch (decisions 061, 062), end to end: read and check each row (COPY and the checks across rows beside it), rules, capacity, apply, result workbook (today ${TODAY})`,
  );
  const profiles: [number, Profile][] = [];
  let header = false;
  for (const rows of SIZES) {
    const file = path.join(out, `enrollment-batch-${rows}.xlsx`);
    await writeBatchXlsx(file, rows);
    await onPostgres('enrollment', async (database, url) => {
      if (!header) {
        const settings = await checkedRow(
          database.system,
          z.object({ version: z.string(), autovacuum: z.string() }),
          sql`select current_setting('server_version') as version, current_setting('autovacuum') as autovacuum`,
        );
        console.log(
          `PostgreSQL ${settings!.version} (autovacuum ${settings!.autovacuum}); PGlite not run. A batch still running at BENCH_ENROLLMENT_LIMIT_SECONDS (default 30× the bare read, at least 120 s) is stopped, and reported as far as it got.`,
        );
        console.log(
          'rows     | members, spans before | file MB | bare readTabular s (RSS MB) | batch job s | result workbook s | batch + result s (× read) | peak RSS MB (with the app loaded) [outcome] | bare exceljs read s (× readTabular)',
        );
        header = true;
      }
      await database.migrate();
      const world = await prepare(database, rows);
      const read = await child(['read', file]);
      const exceljs = await child(['read-exceljs', file]);
      const limit = Number(process.env.BENCH_ENROLLMENT_LIMIT_SECONDS ?? Math.max(120, 30 * read.seconds));
      const batch = await child(['batch', file, url, world.aco], limit);
      const total = batch.seconds + (batch.resultSeconds ?? 0);
      const outcome = batch.stopped
        ? `stopped after ${f(limit, 0)} s, in: ${batch.profile.steps.at(-1).step.replace(' (stopped here)', '')}`
        : `${batch.outcome}: ${batch.message}`;
      console.log(
        `${String(rows).padEnd(8)} | ${world.members.toLocaleString('en-US')}, ${world.spans.toLocaleString('en-US')} | ${f(statSync(file).size / 1e6, 1)} | ${f(read.seconds)} (${read.maxRssMb}) | ${batch.stopped && batch.resultSeconds === null ? '>' : ''}${f(batch.seconds)} | ${f(batch.resultSeconds)} | ${batch.stopped ? '>' : ''}${f(total)} (${batch.stopped ? '>' : ''}${f(total / read.seconds)}×) | ${batch.maxRssMb} (${batch.loadedRssMb}) [${outcome}] | ${f(exceljs.seconds)} (${f(exceljs.seconds / read.seconds)}×)`,
      );
      profiles.push([rows, { ...batch.profile, readSeconds: read.seconds }]);
    });
  }
  console.log(
    'Target: the batch and its result workbook within 1.5× of the bare readTabular read at 100,000 rows; peak RSS under 300 MB and flat as rows grow.\n' +
      "The last column is the bare exceljs streaming read the other import benchmarks' targets are measured against (the Instructions sheet's row included).",
  );
  for (const [rows, profile] of profiles) printProfile(rows, profile);
}

/** What the child measured of one batch: its steps, and its statements and the JavaScript between them. */
interface Profile {
  readSeconds: number;
  nodeCpuSeconds: number;
  postgresCpuSeconds: number;
  steps: { step: string; seconds: number; peakRssMb: number }[];
  top: { what: string; calls: number; seconds: number }[];
}

function printProfile(rows: number, p: Profile) {
  console.log(
    `Where the ${rows.toLocaleString('en-US')}-row batch's time goes (CPU: Node ${f(p.nodeCpuSeconds, 1)} s, PostgreSQL ${f(p.postgresCpuSeconds, 1)} s; bare read ${f(p.readSeconds)} s), each step with its share of the bare read and the highest RSS sampled in it (every 20 ms):`,
  );
  console.log(
    `  ${'step'.padEnd(88)} ${'seconds'.padStart(8)} ${'× read'.padStart(7)} ${'RSS MB'.padStart(7)}`,
  );
  for (const s of p.steps)
    console.log(
      `  ${s.step.padEnd(88)} ${f(s.seconds).padStart(8)} ${f(s.seconds / p.readSeconds).padStart(7)} ${String(s.peakRssMb || '–').padStart(7)}`,
    );
  console.log('  costliest statements, and the JavaScript run before each (wall time):');
  for (const t of p.top.slice(0, 10))
    console.log(`    ${f(t.seconds).padStart(7)} s  ${String(t.calls).padStart(3)}×  ${t.what}`);
}
