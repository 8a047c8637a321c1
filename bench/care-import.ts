// npm run bench -- care-import: the enrollee roster import (issue 19) of a 100,000-row XLSX roster on
// PostgreSQL (PGlite at a tenth), end to end, then the same file again (every row unchanged), beside a bare
// exceljs streaming read of the same file in the same run. BENCH_CARE_IMPORT_ROWS sets the PostgreSQL size.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeRosterXlsx } from '../test/support/roster-files.js';

const run = promisify(execFile);
const out = path.resolve('bench/out');
const f = (n: number, d = 2) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

const child = async (...args: string[]) => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/import-child.ts', ...args], {
    maxBuffer: 1 << 24,
    env: process.env,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
};

export async function careImportBench() {
  mkdirSync(out, { recursive: true });
  const rows = Number(process.env.BENCH_CARE_IMPORT_ROWS ?? 100_000);
  console.log(
    '\nEnrollee roster import, end to end (read, check, COPY, cross-row checks, apply, result file)',
  );
  console.log(
    'engine      rows     | bare exceljs read s (RSS MB) | import s (× read) RSS MB [outcome] | re-import, all unchanged s (× read) [outcome]',
  );
  for (const [engine, size] of [
    ['postgres', rows],
    ['pglite', Math.max(1, Math.round(rows / 10))],
  ] as const) {
    const file = path.join(out, `roster-${size}.xlsx`);
    // Written as Excel saves a workbook (text in shared strings), dates as date cells.
    await writeRosterXlsx(file, { rows: size, seed: 19, today: '2026-03-15' });
    const read = await child('read', file);
    const imported = await child('import', file, engine, 'roster');
    console.log(
      `${engine.padEnd(11)} ${String(size).padEnd(8)} | ${f(read.seconds)} (${read.maxRssMb}) | ${f(imported.seconds)} (${f(imported.seconds / read.seconds)}×) ${imported.maxRssMb} [${imported.outcome}, ${imported.created} added] | ${f(imported.againSeconds)} (${f(imported.againSeconds / read.seconds)}×) [${imported.againOutcome}, ${imported.againUnchanged} unchanged]`,
    );
  }
  console.log(
    'Target (issue 19): the PostgreSQL import of 100,000 rows within 1.5× of the bare read of the same file; RSS flat as rows grow.',
  );
}
