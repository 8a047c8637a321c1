// npm run bench -- enrollment-letters: issue 21's welcome letters of a service-area expansion, `BENCH_LETTERS`
// (10,000) of them, each measurement in its own process (enrollment-letters-child.ts): one PDF per resident,
// and one print run (every letter in one PDF, written as it goes) with its mail file, in ms per letter, beside
// a bare one-page pdf-lib document with one line of text measured in the same run.
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const out = path.resolve('bench/out');
const LETTERS = Number(process.env.BENCH_LETTERS ?? 10_000);
const f = (n: number, d = 2) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

interface Measured {
  letters: number;
  ms: number;
  bytes: number;
  pages: number;
  peakMb: number;
}

const child = async (...args: string[]): Promise<Measured> => {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'bench/enrollment-letters-child.ts', ...args],
    { maxBuffer: 1 << 24, env: process.env },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
};

export async function enrollmentLettersBench() {
  mkdirSync(out, { recursive: true });
  console.log(
    `\nWelcome letters of a service-area expansion (issue 21), ${LETTERS.toLocaleString('en-US')} residents (the demo generator's members: 1 in 6 Spanish, about 1 in 20 large print), each row in its own process`,
  );
  const baseline = await child('baseline', String(LETTERS));
  const single = await child('single', String(LETTERS));
  const combined = await child('combined', String(LETTERS), path.join(out, 'welcome-letters.pdf'));
  const per = (m: Measured) => m.ms / m.letters;
  console.log(
    'what                                                   | ms per letter (× baseline) | total s | KB per letter | pages | peak RSS MB',
  );
  for (const [label, m] of [
    ['pdf-lib one-page document, one line of text (baseline)', baseline],
    ['one PDF per resident (tagged, fonts embedded)', single],
    ['one print run of every letter, and its mail file', combined],
  ] as const)
    console.log(
      `${label.padEnd(54)} | ${`${f(per(m))} (${f(per(m) / per(baseline), 1)}×)`.padEnd(26)} | ${f(m.ms / 1000, 1).padStart(7)} | ${f(m.bytes / m.letters / 1024, 1).padStart(13)} | ${(m.pages ? String(m.pages) : '–').padStart(5)} | ${m.peakMb}`,
    );
}
