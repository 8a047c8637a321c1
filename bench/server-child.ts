// A server in its own process. For the read benchmark: `concord` (the real GET /api/people/:id with
// sign-in, scope and audit, and the same request with layers taken away), `fastify` (a bare route returning a fixed person) or `pg` (a bare route doing
// one primary-key lookup with pg); prints {"port", "path", "cookie"} when ready. For the crash drill:
// `import DATABASE_URL DATA_DIR` — the real Concord server with its job runner, an organisation CRASH and
// its administrator (made once), and a job heartbeat short enough that a killed server's job is found
// within seconds; prints {"port"} when ready. For the load benchmark (load-server.ts): `load-prepare URL
// USERS` seeds a database and its sign-ins; `load URL` serves it until SIGTERM. For the api benchmark
// (api-server.ts): `api URL` (Concord with the demo dataset and its job runner) and `api-bare URL ORG_ID`
// (bare Fastify + pg routes doing the same lookups); with BENCH_COUNT_STATEMENTS set, each counts its statements.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { findOrganisationByCode, insertOrganisation } from '../src/domains/organisations/index.js';
import { insertPerson, insertRole } from '../src/domains/people/index.js';
import { personDetails } from '../src/domains/people/people.repository.js';
import { type Actor, activeOrgOf, scopeOf } from '../src/platform/auth/actor.js';
import { actorOf } from '../src/platform/auth/auth.hook.js';
import { openDatabase } from '../src/platform/db/client.js';
import { withReadScope } from '../src/platform/db/scope.js';
import { DEMO_PASSWORD, seedDemo } from '../src/seed/demo.js';
import { countStatements, serveBare, serveConcord } from './api-server.js';
import { prepareLoadDatabase, serveLoadDatabase } from './load-server.js';

const CRASH_ORG = 'CRASH';
const CRASH_ADMIN = 'admin@crash-drill.example';

process.on('SIGINT', () => process.exit(0));
const [mode, databaseUrl, dataDir] = process.argv.slice(2) as [string, string, string | undefined];
const ready = (port: number, url: string, cookie = '') =>
  console.log(JSON.stringify({ port, path: url, cookie }));

if (process.env.BENCH_COUNT_STATEMENTS) countStatements();

if (mode === 'import') {
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const config = { ...loadConfig({}), dataDir: dataDir! };
  const jobQueue = { heartbeatMs: 200, staleAfterMs: 1_500, lookEveryMs: 250 };
  const { app, services } = await buildApp({ database, config, logger: false, jobQueue });
  if (!(await findOrganisationByCode(database.system, CRASH_ORG))) {
    const org = await insertOrganisation(database.system, {
      kind: 'provider',
      code: CRASH_ORG,
      name: 'Crash drill',
    });
    const person = await insertPerson(database.system, {
      homeOrgId: org.id,
      givenName: 'Drill',
      familyName: 'Administrator',
      email: CRASH_ADMIN,
    });
    await insertRole(database.system, {
      orgId: org.id,
      personId: person.id,
      role: 'org_admin',
      startsOn: '2020-01-01',
    });
    await services.auth.createUser({ personId: person.id, email: CRASH_ADMIN, password: DEMO_PASSWORD });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  services.jobs.start(100);
  ready((app.server.address() as { port: number }).port, '');
} else if (mode === 'load-prepare') {
  await prepareLoadDatabase(databaseUrl, Number(dataDir));
} else if (mode === 'load') {
  await serveLoadDatabase(databaseUrl);
} else if (mode === 'api') {
  ready(await serveConcord(databaseUrl), '');
} else if (mode === 'api-bare') {
  ready(await serveBare(databaseUrl, dataDir!), '');
} else if (mode === 'concord') {
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const config = { ...loadConfig({}), dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-bench-')) };
  const { app, services } = await buildApp({ database, config, logger: false });
  await seedDemo({ database, auth: services.auth, audit: services.audit });
  // The same request with layers taken away, each behind Concord's own request hooks (session, CSRF,
  // headers): the bare lookup; the same as the application role under row-level security; the person's
  // details statement in the read scope, without the read audit and the reply's check.
  const owner = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const layers: Record<string, (actor: Actor, id: string) => Promise<unknown>> = {
    '/api/bench/hooks/': async (_actor, id) =>
      (await owner.query('select * from people where id = $1', [id])).rows[0],
    '/api/bench/rls/': (actor, id) =>
      withReadScope(database, scopeOf(actor), async (db) => {
        const result = (await db.execute(sql`select * from people where id = ${id}`)) as unknown as {
          rows: unknown[];
        };
        return result.rows[0];
      }),
    '/api/bench/scoped/': (actor, id) =>
      withReadScope(database, scopeOf(actor), (db) => personDetails(db, activeOrgOf(actor), id)),
  };
  for (const [prefix, handler] of Object.entries(layers))
    app.get(`${prefix}:id`, (request) => handler(actorOf(request), (request.params as { id: string }).id));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email: 'admin@bostoncommunityhealth.example', password: DEMO_PASSWORD },
  });
  const cookie = `concord_session=${signIn.cookies[0]!.value}`;
  const list = await app.inject({ method: 'GET', url: '/api/people?pageSize=1', headers: { cookie } });
  const id = list.json().items[0].id as string;
  console.log(
    JSON.stringify({
      port,
      path: `/api/people/${id}`,
      cookie,
      layers: Object.keys(layers).map((l) => `${l}${id}`),
    }),
  );
} else {
  const app = Fastify({ logger: false });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const { rows } = await pool.query('select id from people limit 1');
  const id = rows[0].id as string;
  if (mode === 'fastify') {
    const person = (await pool.query('select * from people where id = $1', [id])).rows[0];
    app.get('/person/:id', async () => person);
  } else {
    app.get(
      '/person/:id',
      async (request) =>
        (await pool.query('select * from people where id = $1', [(request.params as { id: string }).id]))
          .rows[0],
    );
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  ready((app.server.address() as { port: number }).port, `/person/${id}`);
}
