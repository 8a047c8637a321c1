import { buildApp } from '../app.js';
import { DEMO_MFA_SECRET, DEMO_PASSWORD, isSeeded, seedDemo } from '../seed/demo.js';
import type { Runtime } from './runtime.js';

export async function serve(rt: Runtime, options: { port?: number | undefined }) {
  const { app, services } = await buildApp({
    database: rt.database,
    config: rt.config,
    logger: rt.logger,
    web: true,
  });
  const port = options.port ?? rt.config.port;
  await app.listen({ host: rt.config.host, port });
  services.jobs.start();
  await services.auditCheckpoints.start(rt.config.auditCheckpointMinutes * 60_000);
  await services.reminders.ensureScheduled();
  const url = `http://${rt.config.host === '0.0.0.0' ? '127.0.0.1' : rt.config.host}:${port}`;
  process.stdout.write(
    `Concord is running at ${url} (database: ${rt.database.kind}; API reference at ${url}/docs)\n`,
  );
  const shutdown = async () => {
    await app.close();
    await services.auditCheckpoints.stop();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  return url;
}

/** `concord start`: the demo data on an empty database (its sign-ins printed), then serve. */
export async function start(rt: Runtime, options: { port?: number | undefined }) {
  const seeded = await rt.seedIfEmpty();
  if (seeded) printDemo(seeded);
  await serve(rt, options);
}

export async function seed(rt: Runtime) {
  if (await isSeeded(rt.database)) {
    process.stdout.write(
      'The database already has data; the demo dataset is only loaded into an empty one.\n',
    );
    return;
  }
  const result = await seedDemo({ database: rt.database, auth: rt.services.auth, audit: rt.services.audit });
  printDemo(result);
}

export function printDemo(result: {
  organisations: number;
  people: number;
  enrollees?: number;
  users: readonly string[];
}) {
  process.stdout.write(
    `Loaded the demo dataset: ${result.organisations} organisations, ${result.people} people${result.enrollees ? `, ${result.enrollees} enrollees` : ''}.\n` +
      `Sign in as ${result.users[0]} (system administrator) with password ${DEMO_PASSWORD}.\n` +
      `It asks for a code from an authenticator app: add the demo-only secret ${DEMO_MFA_SECRET} to one (or run oathtool --totp -b ${DEMO_MFA_SECRET}).\n` +
      `Other demo sign-ins, same password: ${result.users.slice(1).join(', ')}\n`,
  );
}
