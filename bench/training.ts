// npm run bench -- training: the training domain's three figures, each beside a baseline in the same run,
// on PostgreSQL (DATABASE_URL, default the local server) in a database of its own, dropped afterwards.
//   - attendance import of 10,000- and 1,000,000-row participant reports (the job; the parser alone)
//                                                             vs  a bare csv-parse read of the same file
//   - completions import of 1,000,000 rows (CSV)            vs  plain multi-row INSERTs of the same rows
//   - 1,000 certificate PDFs                                  vs  1,000 one-line pdf-lib documents

import { createReadStream, createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import pg from 'pg';
import { z } from 'zod';
import { buildServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { insertOrganisation } from '../src/domains/organisations/index.js';
import { participantRows } from '../src/domains/training/attendance/participant-report.js';
import { COMPLETIONS_IMPORT_JOB, renderCertificate } from '../src/domains/training/index.js';
import type { Actor } from '../src/platform/auth/actor.js';
import { checkedRow, checkedRows, type Db, openDatabase } from '../src/platform/db/client.js';
import { find } from '../src/platform/jobs/queue.js';

const PEOPLE = 100_000;
const COMPLETIONS = Number(process.env.BENCH_COMPLETIONS ?? 1_000_000);
const ATTENDANCE = 10_000;
const ATTENDANCE_LARGE = Number(process.env.BENCH_ATTENDANCE ?? 1_000_000);
const CERTIFICATES = 1_000;
const out = path.resolve('bench/out');
mkdirSync(out, { recursive: true });
const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const seconds = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

async function write(file: string, lines: Iterable<string>) {
  const stream = createWriteStream(file);
  for (const line of lines)
    if (!stream.write(`${line}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
  stream.end();
  await finished(stream);
  return file;
}

export async function trainingBench() {
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `concord_bench_training_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  try {
    await database.migrate();
    const config = { ...loadConfig({}), dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-bench-')) };
    const services = await buildServices({ database, config, logger: false });
    const db = database.system;
    const vendor = await insertOrganisation(db, {
      kind: 'training_vendor',
      code: 'VENDOR',
      name: 'Bench vendor',
    });
    const plan = await insertOrganisation(db, { kind: 'plan', code: 'PLAN', name: 'Bench plan' });
    await db.execute(sql`insert into people (home_org_id, given_name, family_name, email)
      select ${plan.id}, 'Given' || g, 'Family' || g, 'person' || g || '@bench.example' from generate_series(1, ${PEOPLE}) g`);
    const topics = ['OC-PCP', 'OC-CULT', 'OC-ACCESS', 'OC-ILR', 'OC-WELL'];
    await db.execute(sql`insert into training_topics (org_id, code, title, shared)
      select ${vendor.id}, code, code, true from unnest(${`{${topics.join(',')}}`}::text[]) code`);
    const topic = await checkedRow(
      db,
      z.object({ id: z.string() }),
      sql`select id from training_topics where code = 'OC-CULT'`,
    );
    const session =
      await db.execute(sql`insert into training_sessions (org_id, topic_id, kind, title, shared, starts_at,
        ends_at, attestation_token, attestation_closes_at, attestation_statement)
      values (${vendor.id}, ${topic!.id}, 'live', 'Bench webinar', true, '2026-11-10T15:00:00Z', '2026-11-10T17:00:00Z',
        'bench-token-000000000000', '2099-01-01', 'I attest') returning id`);
    const sessionId = (session as unknown as { rows: { id: string }[] }).rows[0]!.id;
    const vendorAdmin: Actor = {
      userId: '00000000-0000-0000-0000-000000000000',
      personId: '00000000-0000-0000-0000-000000000000',
      name: 'bench',
      email: '',
      isSystemAdmin: false,
      orgId: vendor.id,
      roles: ['training_admin'],
      memberships: [],
      ip: null,
      userAgent: null,
      sessionId: '',
      csrfToken: '',
    };

    // Attendance: Zoom-shaped reports, every fifth row a rejoin, one in twenty a guest with no e-mail; the
    // import is the job (read, check, match, stage, replace, result file), beside a bare csv-parse read and
    // the report's own parser alone, all in this run.
    console.log('\nTraining (PostgreSQL)');
    console.log('what                                   | Concord                     | baseline');
    for (const size of [ATTENDANCE, ATTENDANCE_LARGE]) {
      const people = Math.min(PEOPLE, Math.round(size * 0.8));
      const report = await write(path.join(out, `participants-${size}.csv`), [
        'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants',
        `"812 3456 7890","Bench webinar","11/10/2026 10:00:00 AM","11/10/2026 12:00:00 PM","host@bench.example","120","${size}"`,
        '',
        'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest',
        ...(function* () {
          for (let i = 0; i < size; i++) {
            const n = (i % people) + 1;
            const email = i % 20 === 19 ? '' : `person${n}@bench.example`;
            yield i < people
              ? `Given${n} Family${n},${email},11/10/2026 09:58:00 AM,11/10/2026 11:00:00 AM,62,No`
              : `Given${n} Family${n},${email},11/10/2026 11:05:00 AM,11/10/2026 12:00:00 PM,55,No`;
          }
        })(),
      ]);
      const bareAttendance = await seconds(async () => {
        for await (const _ of createReadStream(report).pipe(parse({ relax_column_count: true }))) {
          // read every record
        }
      });
      const parser = await seconds(async () => {
        const head = { meeting: { id: null, topic: null, startTime: null, row: null }, header: false };
        for await (const _ of participantRows(createReadStream(report), 'America/New_York', head)) {
          // read, check and time every row
        }
      });
      const attendance = await seconds(async () => {
        const job = await services.training.importAttendance({
          actor: vendorAdmin,
          id: sessionId,
          upload: async () => ({
            fileName: 'participants.csv',
            contentType: 'text/csv',
            stream: createReadStream(report),
          }),
          maxAttempts: 1,
        });
        await services.jobs.drain();
        const done = await find(db, vendor.id, job.id);
        const result = done?.result as { outcome?: string; rows?: number; message?: string } | null;
        if (result?.rows !== size)
          throw new Error(`attendance import: ${done?.status} ${result?.message ?? done?.message}`);
      });
      const rate = (s: number) => `${f(size / s, 0)} rows/s`;
      console.log(
        `attendance import, ${size.toLocaleString('en-US')} rows       | ${f(attendance, 2)} s (${rate(attendance)}); its parser ${f(parser, 2)} s (${rate(parser)}) | bare csv-parse read ${f(bareAttendance, 2)} s (${rate(bareAttendance)})`,
      );
    }

    // Completions: one row per person and topic, cycling, with dates through 2025.
    const completionsFile = await write(
      path.join(out, `completions-${COMPLETIONS}.csv`),
      (function* () {
        yield 'E-mail,Topic code,Completed on,Where earned';
        for (let i = 0; i < COMPLETIONS; i++) {
          const person = (i % PEOPLE) + 1;
          const day = String((Math.floor(i / PEOPLE) % 28) + 1).padStart(2, '0');
          yield `person${person}@bench.example,${topics[Math.floor(i / PEOPLE) % topics.length]},2025-02-${day},Bench`;
        }
      })(),
    );
    const importSeconds = await seconds(async () => {
      const job = await db.transaction(async (tx) => {
        const stored = await services.files.save(
          tx as unknown as Db,
          {
            orgId: plan.id,
            name: 'completions.csv',
            contentType: 'text/csv',
            purpose: 'completions-import',
            createdBy: null,
          },
          createReadStream(completionsFile),
        );
        return services.jobs.enqueue(tx as unknown as Db, {
          orgId: plan.id,
          kind: COMPLETIONS_IMPORT_JOB,
          payload: {
            fileId: stored.id,
            fileName: 'completions.csv',
            actor: { ...vendorAdmin, orgId: plan.id },
          },
          maxAttempts: 1,
        });
      });
      await services.jobs.drain();
      const done = await find(db, plan.id, job.id);
      const result = done?.result as { outcome?: string; added?: number; message?: string } | null;
      if (result?.added !== COMPLETIONS)
        throw new Error(`completions import: ${done?.status} ${result?.message ?? done?.message}`);
    });
    // Baseline: the same rows as plain INSERTs of 1,000 rows each, people and topics looked up beforehand.
    const ids = await checkedRows(
      db,
      z.object({ id: z.string(), email: z.string() }),
      sql`select id, email from people where home_org_id = ${plan.id}`,
    );
    const personId = new Map(ids.map((p) => [p.email, p.id]));
    const topicId = new Map(
      (
        await checkedRows(
          db,
          z.object({ id: z.string(), code: z.string() }),
          sql`select id, code from training_topics`,
        )
      ).map((t) => [t.code, t.id]),
    );
    const baselineOrg = await insertOrganisation(db, { kind: 'plan', code: 'PLAN2', name: 'Baseline plan' });
    const insertSeconds = await seconds(async () => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      let batch: unknown[] = [];
      let n = 0;
      const flush = async () => {
        if (n === 0) return;
        const values = Array.from({ length: n }, (_, i) => {
          const o = i * 6;
          return `($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, 'imported', 'bench', $${o + 5}, $${o + 6})`;
        }).join(',');
        await client.query(
          `insert into training_completions (org_id, person_id, topic_id, completed_on, method, recorded_by_name, person_name, certificate_code) values ${values}`,
          batch,
        );
        batch = [];
        n = 0;
      };
      let i = 0;
      for await (const record of createReadStream(completionsFile).pipe(parse({ from_line: 2 }))) {
        const [email, code, on] = record as [string, string, string];
        batch.push(baselineOrg.id, personId.get(email), topicId.get(code), on, 'Bench person', `B${i++}`);
        if (++n === 1000) await flush();
      }
      await flush();
      await client.end();
    });
    console.log(
      `completions import, ${COMPLETIONS.toLocaleString('en-US')} rows    | ${f(importSeconds, 1)} s (${f(COMPLETIONS / importSeconds, 0)} rows/s) | plain INSERT × 1,000 rows ${f(insertSeconds, 1)} s (${f(COMPLETIONS / insertSeconds, 0)} rows/s)`,
    );

    // Certificates.
    const facts = {
      name: 'Ana Lúcia Ferreira-Nguyễn',
      topic: 'Accessibility and accommodations',
      completedOn: '2026-03-02',
      issuer: 'One Care Shared Learning',
      method: 'Live webinar',
      code: '7K2QD-M9XRT',
      verifyUrl: 'https://concord.example/verify/7K2QD-M9XRT',
      revoked: false,
    };
    await renderCertificate(facts); // fonts loaded once, as in a running server
    const certificates = await seconds(async () => {
      for (let i = 0; i < CERTIFICATES; i++) await renderCertificate({ ...facts, code: `CODE-${i}` });
    });
    const bare = await seconds(async () => {
      for (let i = 0; i < CERTIFICATES; i++) {
        const doc = await PDFDocument.create();
        const page = doc.addPage([792, 612]);
        page.drawText(`Certificate ${i}`, {
          x: 72,
          y: 500,
          font: await doc.embedFont(StandardFonts.Helvetica),
        });
        await doc.save();
      }
    });
    console.log(
      `${CERTIFICATES.toLocaleString('en-US')} certificate PDFs                 | ${f((certificates / CERTIFICATES) * 1000, 2)} ms each           | one-line pdf-lib page ${f((bare / CERTIFICATES) * 1000, 2)} ms each`,
    );
    await services.jobs.stop();
    await services.audit.flush();
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
