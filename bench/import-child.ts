// One measurement in its own process, so its peak memory is its own: `read FILE` (a bare streaming read
// with exceljs, the baseline), `read-concord FILE` (the same with the import's own reader) or
// `import FILE pglite|postgres [people|roster]` (a roster is imported at a plan, then again unchanged).
// Prints one JSON line.
import { createReadStream, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { ROSTER_IMPORT_JOB } from '../src/domains/care/index.js';
import { insertOrganisation } from '../src/domains/organisations/index.js';
import { PEOPLE_IMPORT_JOB } from '../src/domains/people/index.js';
import { type Db, openDatabase } from '../src/platform/db/client.js';
import { xlsxRows } from '../src/platform/files/xlsx-reader.js';
import { find } from '../src/platform/jobs/queue.js';

const [mode, file, engine, kind = 'people'] = process.argv.slice(2) as [string, string, string, string?];
const roster = kind === 'roster';
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Times a bare read of every row, printing seconds, rows (less the header) and peak RSS. */
async function timedRead(rows: () => AsyncIterable<unknown>) {
  const start = performance.now();
  let count = 0;
  for await (const _row of rows()) count++;
  console.log(
    JSON.stringify({ seconds: (performance.now() - start) / 1000, rows: count - 1, maxRssMb: mb() }),
  );
}

if (mode === 'read') {
  await timedRead(async function* () {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(file), {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    });
    for await (const sheet of reader) yield* sheet;
  });
} else if (mode === 'read-concord') {
  await timedRead(() => xlsxRows(file));
} else {
  let databaseUrl: string | undefined;
  let admin: pg.Client | undefined;
  const name = `concord_bench_${process.pid}`;
  if (engine === 'postgres') {
    const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const config = { ...loadConfig({}), dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-bench-')) };
  const services = await buildServices({ database, config, logger: false });
  const org = await insertOrganisation(database.system, {
    kind: roster ? 'plan' : 'provider',
    code: 'BENCH',
    name: roster ? 'Bench plan' : 'Bench provider',
  });
  const actor = {
    userId: '00000000-0000-0000-0000-000000000000',
    name: 'bench',
    ip: null,
    userAgent: null,
    orgId: org.id,
  };
  /** Stores the file and runs its import job to the end; its seconds and result. */
  const importOnce = async () => {
    const start = performance.now();
    const job = await database.system.transaction(async (tx) => {
      const stored = await services.files.save(
        tx as unknown as Db,
        {
          orgId: org.id,
          name: 'bench.xlsx',
          contentType: 'application/octet-stream',
          purpose: roster ? 'care-roster-import' : 'people-import',
          createdBy: null,
        },
        createReadStream(file),
      );
      return services.jobs.enqueue(tx as unknown as Db, {
        orgId: org.id,
        kind: roster ? ROSTER_IMPORT_JOB : PEOPLE_IMPORT_JOB,
        payload: { fileId: stored.id, fileName: 'bench.xlsx', actor },
        maxAttempts: 1,
      });
    });
    await services.jobs.drain();
    const seconds = (performance.now() - start) / 1000;
    const done = await find(database.system, org.id, job.id);
    return { seconds, done, result: done?.result as Record<string, unknown> | null };
  };
  const first = await importOnce();
  const again = roster ? await importOnce() : null;
  console.log(
    JSON.stringify({
      seconds: first.seconds,
      rows: first.result?.rows,
      outcome: first.result?.outcome ?? first.done?.message,
      peopleCreated: first.result?.peopleCreated,
      created: first.result?.created,
      ...(again
        ? {
            againSeconds: again.seconds,
            againOutcome: again.result?.outcome ?? again.done?.message,
            againUnchanged: again.result?.unchanged,
          }
        : {}),
      maxRssMb: mb(),
    }),
  );
  await database.close();
  if (admin) {
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}
