// For the first-load benchmark (first-load.ts): the demo dataset on DATABASE_URL, served twice from this one
// process: `split` is Concord as released (the split build, precompressed, immutable assets); `baseline` is
// the same API with the single-bundle build served as before decision 035 (@fastify/static, no compression,
// `max-age=0`). Prints {"split": port, "baseline": port} when both listen; stops on SIGTERM.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/client.js';
import { seedDemo } from '../src/seed/demo.js';

const [databaseUrl, splitRoot, baselineRoot] = process.argv.slice(2) as [string, string, string];
const database = await openDatabase({ databaseUrl });
await database.migrate();
const config = { ...loadConfig({}), dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-first-load-')) };

const split = await buildApp({ database, config, logger: false, web: true, webRoot: splitRoot });
await seedDemo({ database, auth: split.services.auth, audit: split.services.audit });
const baseline = await buildApp({ database, config, logger: false });
// What src/platform/http/web.ts did before: every file as it is on disk, `Cache-Control: public, max-age=0`.
await baseline.app.register(fastifyStatic, {
  root: baselineRoot,
  prefix: '/',
  wildcard: false,
  index: 'index.html',
});
const port = async (app: typeof split.app) => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as { port: number }).port;
};
console.log(JSON.stringify({ split: await port(split.app), baseline: await port(baseline.app) }));
process.once('SIGTERM', async () => {
  await split.app.close();
  await baseline.app.close();
  await database.close();
  process.exit(0);
});
