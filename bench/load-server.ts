// The load benchmark's server side, run in its own process by server-child.ts: preparing a database (demo
// dataset and sign-ins), and serving one as `concord serve` does (job runner included) until SIGTERM, when
// it stops as `concord serve` does — the job runner, then the buffered read audit, flushed — and reports.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp, buildServices } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { createLogger } from '../src/platform/log/logger.js';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.js';
import { createLoadUsers, loadFixtures } from './load-users.js';

const config = () => ({ ...loadConfig({}), dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-bench-')) });

/** Seeds the demo dataset and `users` sign-ins into an empty database; prints them and what they reach. */
export async function prepareLoadDatabase(databaseUrl: string, users: number) {
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const services = await buildServices({ database, config: config(), logger: false });
  await seedDemo({ database, auth: services.auth, audit: services.audit });
  const list = await createLoadUsers(database, services.auth, users, DEMO_PASSWORD);
  const fixtures = await loadFixtures(
    database,
    list.map((u) => u.orgCode),
  );
  await services.audit.flush();
  await database.close();
  console.log(JSON.stringify({ users: list, password: DEMO_PASSWORD, fixtures }));
}

/**
 * Serves a prepared database on 127.0.0.1 with the job runner, logging warnings and errors to stderr.
 * Prints {"port"} when ready, then each second {"lag"}: the event loop's worst delay in that second (ms)
 * and the heap in use (MB); on SIGUSR2, {"gcHeapMb", "rssMb"} after a full garbage collection (run with
 * --expose-gc), to tell memory still held from garbage not yet collected; after SIGTERM, {"closed": true}
 * once everything is flushed and closed.
 */
export async function serveLoadDatabase(databaseUrl: string) {
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const { app, services } = await buildApp({ database, config: config(), logger: createLogger('warn') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  services.jobs.start();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const sampler = setInterval(() => {
    const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
    console.log(JSON.stringify({ lag: lag.max / 1e6, heapMb: Math.round(heapMb) }));
    lag.reset();
  }, 1_000);
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
    const { heapUsed, rss } = process.memoryUsage();
    console.log(JSON.stringify({ gcHeapMb: mb(heapUsed), rssMb: mb(rss) }));
  });
  process.once('SIGTERM', async () => {
    clearInterval(sampler);
    await app.close();
    await database.close();
    console.log(JSON.stringify({ closed: true }));
    process.exit(0);
  });
  console.log(JSON.stringify({ port: (app.server.address() as { port: number }).port }));
}
