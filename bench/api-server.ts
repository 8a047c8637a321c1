// The api benchmark's server side, run in its own process by server-child.ts: Concord as `concord serve` runs
// it (demo dataset, job runner on), and a bare Fastify + pg server doing the same lookups and insert without
// session, row-level security or audit. Each counts the statements it sends (one round trip each) and
// answers {"statements"} to the parent's "statements" message; between "trace" and "traced" it also keeps
// each statement's beginning and answers {"traced"}.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { personDetailsQuery } from '../src/domains/people/people.repository.js';
import { openDatabase } from '../src/platform/db/client.js';
import { seedDemo } from '../src/seed/demo.js';

/**
 * Counts every statement this process sends through pg (the pool's and every client's query), so that the
 * parent can divide by the requests it made. A multi-statement simple query (`begin; select set_config(…)`)
 * is one round trip and counts once.
 */
export function countStatements() {
  let statements = 0;
  let traced: string[] | null = null;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    if (traced) {
      const q = args[0] as string | { text?: string; name?: string };
      const text = typeof q === 'string' ? q : (q.text ?? `(prepared ${q.name})`);
      traced.push(text.replace(/\s+/g, ' ').slice(0, 100));
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
  process.on('message', (message) => {
    if (message === 'statements') process.send!({ statements });
    if (message === 'trace') {
      traced = [];
      process.send!({ tracing: true });
    }
    if (message === 'traced') {
      process.send!({ traced });
      traced = null;
    }
  });
}

/** Concord on a new database: migrated, the demo dataset, the job runner started, listening on 127.0.0.1. */
export async function serveConcord(databaseUrl: string) {
  const database = await openDatabase({ databaseUrl });
  await database.migrate();
  const config = { ...loadConfig({}), dataDir: mkdtempSync(path.join(os.tmpdir(), 'concord-bench-')) };
  const { app, services } = await buildApp({ database, config, logger: false });
  await seedDemo({ database, auth: services.auth, audit: services.audit });
  await services.audit.flush();
  await app.listen({ host: '127.0.0.1', port: 0 });
  services.jobs.start();
  return (app.server.address() as { port: number }).port;
}

/**
 * The same SQL the person compliance page's read runs against the kept statuses for one person
 * (statuses.repository.ts keptRows with a person filter), as the table owner: no session, no row-level
 * security, no audit, no freshness check.
 */
const STATUS_SQL = `select s.requirement_id as "requirementId", q.code as "requirementCode", q.title as "requirementTitle",
    s.person_id as "personId", p.given_name || ' ' || p.family_name as name, p.email, s.roles,
    s.org_ids as "orgIds", s.status, s.due_on::text as "dueOn", s.valid_until::text as "validUntil",
    s.satisfied_by as "satisfiedBy", s.explanation
  from compliance_statuses s join compliance_requirements q on q.id = s.requirement_id
    join (select id, given_name, family_name, email, npi from people) p on p.id = s.person_id
  where s.org_id = $1 and s.person_id = any($2::uuid[])`;

/** A completion as the API records it, in one INSERT (the change-mark trigger still fires). */
const INSERT_SQL = `insert into training_completions
    (org_id, person_id, person_name, topic_id, completed_on, method, evidence, recorded_by_name, certificate_code)
  select $1::uuid, p.id, p.given_name || ' ' || p.family_name, $3::uuid, $4::date, 'external', '{}', 'bench', $5::text
  from people p where p.id = $2::uuid
  returning id`;

/**
 * The statement Concord's GET /api/people/:id runs (the person with their details, roles and qualifications
 * at one organisation), as text and its parameters' names in order.
 */
function personDetailsStatement() {
  const { sql, params } = personDetailsQuery(drizzle.mock() as never).toSQL();
  return { sql, names: params.map((p) => (p as { name: string }).name) };
}

/**
 * The bare routes: GET /status/:personId, GET /person/:id (primary key), GET /person-details/:id (the same
 * statement as Concord's person read), POST /completions.
 */
export async function serveBare(databaseUrl: string, orgId: string) {
  const app = Fastify({ logger: false });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const details = personDetailsStatement();
  app.get('/status/:personId', async (request) => {
    const { personId } = request.params as { personId: string };
    return { items: (await pool.query(STATUS_SQL, [orgId, [personId]])).rows };
  });
  app.get(
    '/person/:id',
    async (request) =>
      (await pool.query('select * from people where id = $1', [(request.params as { id: string }).id]))
        .rows[0],
  );
  app.get('/person-details/:orgId/:id', async (request) => {
    const given = request.params as Record<string, string>;
    const { rows } = await pool.query({
      name: 'person_details',
      text: details.sql,
      values: details.names.map((n) => given[n]),
    });
    return rows[0];
  });
  app.post('/completions', async (request, reply) => {
    const b = request.body as { personId: string; topicId: string; completedOn: string };
    const { rows } = await pool.query(INSERT_SQL, [
      orgId,
      b.personId,
      b.topicId,
      b.completedOn,
      randomUUID(),
    ]);
    return reply.code(201).send({ id: rows[0].id });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as { port: number }).port;
}
