// npm run bench -- first-load: what a browser on a slow connection fetches and waits for before the sign-in
// page and a care coordinator's home can be used, with the app as released beside the same app as it was
// served before decision 035, both measured in this run on the same machine and the same database.
//   ours:     the split build (a chunk per page, vendor chunks), brotli copies, immutable hashed assets
//   baseline: the same source built as one bundle (code splitting off), sent uncompressed, `max-age=0`
// Chromium is throttled through the DevTools protocol to 1.6 Mbps down, 750 kbps up, 150 ms latency (a phone
// on a home visit). Each figure is the median of BENCH_FIRST_LOAD_RUNS (3) runs, each in a fresh browser
// context (empty cache) unless it says "again".
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import pg from 'pg';
import { type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { DEMO_PASSWORD } from '../src/seed/demo.js';
import { percentile } from './common.js';

const RUNS = Number(process.env.BENCH_FIRST_LOAD_RUNS ?? 3);
const COORDINATOR = 'maria.santos@bostoncommunityhealth.example';
const SLOW = {
  offline: false,
  latency: 150,
  downloadThroughput: 1_600_000 / 8,
  uploadThroughput: 750_000 / 8,
};
const out = path.resolve('bench/out');

/** The two builds of the same source: as released, and as one uncompressed bundle (how it was served). */
async function buildBoth() {
  const split = path.join(out, 'web-split');
  const baseline = path.join(out, 'web-baseline');
  await build({ logLevel: 'warn', build: { outDir: split, emptyOutDir: true } });
  // vite.config.ts as it was before decision 035: no precompression, no chunk groups, one bundle.
  await build({
    configFile: false,
    logLevel: 'warn',
    root: 'web',
    plugins: [react()],
    build: {
      outDir: baseline,
      emptyOutDir: true,
      chunkSizeWarningLimit: 4000,
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  return { split, baseline };
}

function startServers(databaseUrl: string, roots: { split: string; baseline: string }) {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/first-load-server.ts', databaseUrl, roots.split, roots.baseline],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise<{ proc: ChildProcess; split: number; baseline: number }>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', (line) => resolve({ proc, ...JSON.parse(line) }));
    proc.once('exit', (code) => reject(new Error(`the first-load server exited with ${code}`)));
  });
}

interface Transfer {
  script: number;
  style: number;
  document: number;
  /** The API's JSON bodies as sent (uncompressed: decision 035), and what they would be as gzip. */
  api: number;
  apiGzip: number;
  requests: number;
  fromCache: number;
}

/** Counts what crosses the (throttled) network for this page from now on, by kind, as sent (compressed). */
async function meter(cdp: CDPSession) {
  const kinds = new Map<string, string>();
  const cached = new Set<string>();
  const apiIds: string[] = [];
  const t: Transfer = { script: 0, style: 0, document: 0, api: 0, apiGzip: 0, requests: 0, fromCache: 0 };
  cdp.on('Network.responseReceived', (e) => {
    kinds.set(e.requestId, e.type);
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.loadingFinished', (e) => {
    if (cached.has(e.requestId)) {
      t.fromCache++;
      return;
    }
    t.requests++;
    const kind = kinds.get(e.requestId);
    if (kind === 'Script') t.script += e.encodedDataLength;
    else if (kind === 'Stylesheet') t.style += e.encodedDataLength;
    else if (kind === 'Document') t.document += e.encodedDataLength;
    else if (kind === 'XHR' || kind === 'Fetch') apiIds.push(e.requestId);
  });
  return async () => {
    for (const id of apiIds) {
      const body = await cdp.send('Network.getResponseBody', { requestId: id }).catch(() => null);
      if (!body) continue;
      const bytes = Buffer.from(body.body, body.base64Encoded ? 'base64' : 'utf8');
      t.api += bytes.length;
      t.apiGzip += gzipSync(bytes).length;
    }
    return t;
  };
}

async function slowPage(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW);
  return { page, cdp };
}

const signInUsable = (page: Page) => page.getByRole('button', { name: 'Sign in' }).waitFor();
// The home is usable when its heading is shown and nothing on it is still loading.
const homeUsable = (page: Page) =>
  page.waitForFunction(
    () =>
      document.querySelector('#main :is(h1, h2)') !== null &&
      document.querySelector('.mantine-Loader-root, .mantine-Skeleton-root, [aria-busy="true"]') === null,
    undefined,
    { polling: 50, timeout: 120_000 },
  );

interface Measure {
  ms: number;
  transfer: Transfer;
}

/** One visit of each kind in a fresh context: the sign-in page, signing in, the home opened again. */
async function visit(browser: import('playwright-core').Browser, base: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, cdp } = await slowPage(context);
  let stop = await meter(cdp);
  let start = Date.now();
  await page.goto(base, { waitUntil: 'commit' });
  await signInUsable(page);
  const signInPage: Measure = { ms: Date.now() - start, transfer: await stop() };

  await page.getByLabel('E-mail address').fill(COORDINATOR);
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  stop = await meter(cdp);
  start = Date.now();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await homeUsable(page);
  const signingIn: Measure = { ms: Date.now() - start, transfer: await stop() };

  // The next morning: the same browser, signed in, opening the app again (its cache as the server allowed).
  await page.close();
  const again = await slowPage(context);
  stop = await meter(again.cdp);
  start = Date.now();
  await again.page.goto(base, { waitUntil: 'commit' });
  await homeUsable(again.page);
  const homeAgain: Measure = { ms: Date.now() - start, transfer: await stop() };
  await context.close();
  return { signInPage, signingIn, homeAgain };
}

/** Signed in, nothing cached: a coordinator on a new phone, or after the browser cleared its cache. */
async function coldHome(
  browser: import('playwright-core').Browser,
  base: string,
  cookies: Awaited<ReturnType<BrowserContext['cookies']>>,
) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addCookies(cookies);
  const { page, cdp } = await slowPage(context);
  const stop = await meter(cdp);
  const start = Date.now();
  await page.goto(base, { waitUntil: 'commit' });
  await homeUsable(page);
  const measure: Measure = { ms: Date.now() - start, transfer: await stop() };
  await context.close();
  return measure;
}

/** A session for the coordinator, signed in without throttling, for the cold-cache home visits. */
async function sessionCookies(browser: import('playwright-core').Browser, base: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base);
  await page.getByLabel('E-mail address').fill(COORDINATOR);
  await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await homeUsable(page);
  const cookies = await context.cookies();
  await context.close();
  return cookies;
}

const kb = (n: number) => `${(n / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => percentile(values, 50);

function summarise(samples: Measure[]) {
  const m = (f: (x: Measure) => number) => median(samples.map(f));
  return {
    ms: m((x) => x.ms),
    script: m((x) => x.transfer.script),
    style: m((x) => x.transfer.style),
    document: m((x) => x.transfer.document),
    api: m((x) => x.transfer.api),
    apiGzip: m((x) => x.transfer.apiGzip),
    requests: m((x) => x.transfer.requests),
    fromCache: m((x) => x.transfer.fromCache),
  };
}

export async function firstLoadBench() {
  console.log('\nFirst load on a slow connection (Chromium, 1.6 Mbps down, 750 kbps up, 150 ms latency)');
  const roots = await buildBoth();
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `concord_bench_first_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  let server: Awaited<ReturnType<typeof startServers>> | undefined;
  try {
    server = await startServers(url.toString(), roots);
    const sites = {
      baseline: `http://127.0.0.1:${server.baseline}`,
      ours: `http://127.0.0.1:${server.split}`,
    };
    const samples = {
      baseline: {
        signInPage: [] as Measure[],
        signingIn: [] as Measure[],
        homeAgain: [] as Measure[],
        coldHome: [] as Measure[],
      },
      ours: {
        signInPage: [] as Measure[],
        signingIn: [] as Measure[],
        homeAgain: [] as Measure[],
        coldHome: [] as Measure[],
      },
    };
    const cookies = {
      baseline: await sessionCookies(browser, sites.baseline),
      ours: await sessionCookies(browser, sites.ours),
    };
    for (let run = 0; run < RUNS; run++) {
      // Alternate which goes first, so that neither always meets a warmer server.
      for (const which of run % 2 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const)) {
        const v = await visit(browser, sites[which]);
        samples[which].signInPage.push(v.signInPage);
        samples[which].signingIn.push(v.signingIn);
        samples[which].homeAgain.push(v.homeAgain);
        samples[which].coldHome.push(await coldHome(browser, sites[which], cookies[which]));
      }
    }
    const rows: [string, keyof typeof samples.ours][] = [
      ['Sign-in page, empty cache', 'signInPage'],
      ['Signing in, to a usable home', 'signingIn'],
      ['Home, signed in, empty cache', 'coldHome'],
      ['Home opened again (cache kept)', 'homeAgain'],
    ];
    console.log(
      'page                             | time to usable: baseline → ours | script on the wire (as sent, headers included): baseline → ours | CSS: baseline → ours | requests over the network (from cache): baseline → ours | API JSON bodies (as gzip)',
    );
    for (const [label, key] of rows) {
      const b = summarise(samples.baseline[key]);
      const o = summarise(samples.ours[key]);
      console.log(
        `${label.padEnd(32)} | ${s(b.ms)} → ${s(o.ms)} (${((o.ms / b.ms) * 100).toFixed(0)}%) | ${kb(b.script)} → ${kb(o.script)} | ${kb(b.style)} → ${kb(o.style)} | ${b.requests} (${b.fromCache}) → ${o.requests} (${o.fromCache}) | ${kb(o.api)} (${kb(o.apiGzip)})`,
      );
    }
    console.log(
      `Median of ${RUNS} runs each. Baseline: the same source built as one bundle, sent uncompressed with max-age=0 (as before decision 035); ours: as released. ` +
        'Target: under 250 KB of compressed script to a usable sign-in page and coordinator home.',
    );
  } finally {
    await browser.close();
    server?.proc.kill('SIGTERM');
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(roots.split, { recursive: true, force: true });
    rmSync(roots.baseline, { recursive: true, force: true });
  }
}
