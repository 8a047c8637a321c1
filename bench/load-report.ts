// The load benchmark's figures: each run on one line, then each kind of request across the runs, the errors
// by kind, and the targets for the main run.
import { percentile } from './common.js';
import type { RunResult } from './load-run.js';

export interface Measured extends RunResult {
  audit: { expected: number; found: number; lost: number; extra: number };
  lagMs: number[];
  heapMb: number[];
  /** The heap in use and RSS after a full garbage collection as the window starts and after it ends. */
  beforeGc: { gcHeapMb: number; rssMb: number };
  afterGc: { gcHeapMb: number; rssMb: number };
  cpu: { server: number; postgres: number; generator: number };
  serverLog: { errors: number; warnings: number; file: string };
}

const f = (n: number, d = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const median = (xs: number[]) => (xs.length ? percentile(xs, 50) : 0);

/**
 * Memory over the window. RSS in the first and last ten seconds and its peak, as the operating system sees
 * it; and what the server still holds after a full garbage collection as the window starts and after it
 * ends — flat when that heap grew by at most a quarter. (RSS alone rises and falls with garbage not yet
 * collected: after the import it saws between about 320 and 520 MB, so its last ten seconds say more about
 * when the collector last ran than about a leak.)
 */
export function memoryOf(r: Pick<Measured, 'rssMb' | 'beforeGc' | 'afterGc'>) {
  const start = median(r.rssMb.slice(0, 10));
  const end = median(r.rssMb.slice(-10));
  const flat = r.afterGc.gcHeapMb <= r.beforeGc.gcHeapMb * 1.25;
  return { start, end, max: Math.max(0, ...r.rssMb), flat, heap: [r.beforeGc.gcHeapMb, r.afterGc.gcHeapMb] };
}

export function totals(r: RunResult) {
  const all = [...r.byKind.values()].flatMap((k) => k.ms);
  const errors = [...r.byKind.values()].reduce(
    (s, k) => s + [...k.errors.values()].reduce((a, b) => a + b, 0),
    0,
  );
  return {
    requests: all.length,
    rps: all.length / r.seconds,
    p50: all.length ? percentile(all, 50) : 0,
    p95: all.length ? percentile(all, 95) : 0,
    p99: all.length ? percentile(all, 99) : 0,
    max: Math.max(0, ...all),
    errors,
  };
}

export function printLoadReport(results: Measured[], context: string) {
  console.log(`\n${context}`);
  console.log(
    'run                                   | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | import (s)          | audit expected / found / lost | MB: RSS start, max, end; heap held  | loop lag max ms | CPU s server, PostgreSQL, load generator',
  );
  for (const r of results) {
    const t = totals(r);
    const m = memoryOf(r);
    const imp = r.import.seconds === null ? r.import.status : `${r.import.status} ${f(r.import.seconds, 1)}`;
    console.log(
      `${r.spec.label.padEnd(37)} | ${f(t.requests).padStart(8)} | ${f(t.rps, 1).padStart(5)} | ${f(t.p50, 1).padStart(6)} | ${f(t.p95, 1).padStart(6)} | ${f(t.p99, 1).padStart(6)} | ${f(t.max).padStart(6)} | ${String(t.errors).padStart(6)} | ${imp.padEnd(19)} | ${`${f(r.audit.expected)} / ${f(r.audit.found)} / ${f(r.audit.lost)}`.padEnd(29)} | ${`${m.start}, ${m.max}, ${m.end}; ${m.heap[0]} → ${m.heap[1]} (${m.flat ? 'flat' : 'grew'})`.padEnd(35)} | ${f(Math.max(0, ...r.lagMs)).padStart(15)} | ${f(r.cpu.server, 1)}, ${f(r.cpu.postgres, 1)}, ${f(r.cpu.generator, 1)}`,
    );
  }
  const kinds = [...new Set(results.flatMap((r) => [...r.byKind.keys()]))].sort();
  console.log(
    '\nBy kind of request: n, p50 / p95 / p99 ms in the measured window (errors: the whole run, warm-up included), in each run (same order as above)',
  );
  for (const kind of kinds) {
    const cells = results.map((r) => {
      const k = r.byKind.get(kind);
      const errors = [...(k?.errors.values() ?? [])].reduce((a, b) => a + b, 0);
      if (!k || k.ms.length === 0) return (errors ? `— (${errors} errors)` : '—').padEnd(28);
      return `${f(k.ms.length).padStart(6)}: ${f(percentile(k.ms, 50), 1)} / ${f(percentile(k.ms, 95), 1)} / ${f(percentile(k.ms, 99), 1)}${errors ? ` (${errors} errors)` : ''}`.padEnd(
        28,
      );
    });
    console.log(`${kind.padEnd(48)} ${cells.join(' | ')}`);
  }
  for (const r of results) {
    const lines = [...r.byKind].flatMap(([kind, k]) =>
      k.errors.size ? [`  ${kind}: ${[...k.errors].map(([what, n]) => `${what} ×${n}`).join(', ')}`] : [],
    );
    const log = r.serverLog;
    console.log(
      `${r.spec.label}: ${lines.length ? 'errors' : 'no errors'}; import ${r.import.status}${r.import.message ? ` (${r.import.message})` : ''}; audit events expected ${r.audit.expected}, found ${r.audit.found}, lost ${r.audit.lost}, unexpected ${r.audit.extra}; server log ${log.errors} errors, ${log.warnings} warnings (${log.file})`,
    );
    for (const line of lines) console.log(line);
    const every5 = (xs: number[]) => xs.filter((_, i) => i % 5 === 0).join(' ');
    console.log(
      `  server RSS MB every 5 s: ${every5(r.rssMb)}; heap in use MB every 5 s: ${every5(r.heapMb)}; after a full garbage collection as the window starts and after it ends: heap ${r.beforeGc.gcHeapMb} → ${r.afterGc.gcHeapMb} MB, RSS ${r.beforeGc.rssMb} → ${r.afterGc.rssMb} MB`,
    );
  }
  const main = results[0];
  if (main) {
    const t = totals(main);
    const m = memoryOf(main);
    const checks: [string, boolean][] = [
      [`p95 ${f(t.p95)} ms < 500 ms`, t.p95 < 500],
      [`p99 ${f(t.p99)} ms < 1,000 ms`, t.p99 < 1000],
      [`${t.errors} errors`, t.errors === 0],
      [`${main.audit.lost} audit events lost`, main.audit.lost === 0],
      [
        `memory ${m.flat ? 'flat' : 'grew'} (heap held after a full garbage collection ${m.heap[0]} → ${m.heap[1]} MB)`,
        m.flat,
      ],
      [`import ${main.import.status}`, main.import.status === 'imported'],
    ];
    console.log(
      `Targets (${main.spec.label}): ${checks.map(([what, ok]) => `${what} ${ok ? 'met' : 'MISSED'}`).join('; ')}.`,
    );
  }
}
