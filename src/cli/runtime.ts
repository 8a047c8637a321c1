import path from 'node:path';
import { buildServices } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { checkEveryRow, openDatabase } from '../platform/db/client.js';
import { createLogger } from '../platform/log/logger.js';
import { isSeeded, seedDemo } from '../seed/demo.js';

/** Opens the configured database, applies migrations and wires the services, for one CLI command. */
export async function openRuntime(config: Config = loadConfig()) {
  if (config.checkEveryRow) checkEveryRow();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    databaseAppUrl: config.databaseAppUrl,
    dataDir: config.databaseUrl ? undefined : path.join(config.dataDir, 'pglite'),
  });
  await database.migrate();
  const services = await buildServices({ database, config, logger });
  return {
    config,
    logger,
    database,
    services,
    async seedIfEmpty() {
      if (await isSeeded(database)) return null;
      return seedDemo({ database, auth: services.auth, audit: services.audit });
    },
    async close() {
      await services.jobs.stop();
      await services.audit.flush();
      await database.close();
    },
  };
}

export type Runtime = Awaited<ReturnType<typeof openRuntime>>;
