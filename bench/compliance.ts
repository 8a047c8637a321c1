import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { massachusettsDate } from '../src/domains/compliance/index.js';
import { arrayParam, checkedRow, checkedRows, type Database } from '../src/platform/db/client.js';
import { find } from '../src/platform/jobs/queue.js';
import { benchActor, benchServices, onPglite, onPostgres, timed } from './common.js';

const PEOPLE = Number(process.env.BENCH_COMPLIANCE_PEOPLE ?? 100_000);
const COMPLETIONS = Number(process.env.BENCH_COMPLIANCE_COMPLETIONS ?? 2_000_000);
const TODAY = massachusettsDate(new Date());
const PAST = '2026-11-01';
const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
/** Five plans, 50 providers (each plan contracts with 20), people with one role each, 10 requirements per plan. */
async function generate(database: Database) {
  const db = database.system;
  await db.execute(sql`insert into organisations (kind, code, name)
    select 'plan'::organisation_kind, 'PLAN' || g, 'Plan ' || g from generate_series(1, 5) g
    union all select 'provider'::organisation_kind, 'PROV' || g, 'Provider ' || g from generate_series(1, 50) g
    union all select 'training_vendor'::organisation_kind, 'VENDOR', 'Vendor'`);
  await db.execute(sql`insert into org_relationships (org_id, kind, other_org_id, starts_on)
    select p.id, 'network_contract', v.id, '2024-01-01'
    from organisations p join organisations v on v.kind = 'provider'
    where p.kind = 'plan' and (substr(v.code, 5)::int + substr(p.code, 5)::int * 10) % 50 < 20`);
  await db.execute(sql`insert into people (home_org_id, given_name, family_name, email)
    select (select id from organisations where code = 'PROV' || (1 + g % 50)), 'Given' || g, 'Family' || g,
      'person' || g || '@bench.example'
    from generate_series(1, ${PEOPLE}) g`);
  await db.execute(sql`insert into person_roles (org_id, person_id, role, starts_on)
    select p.home_org_id, p.id,
      (array['care_coordinator','rn','pcp','bh_clinician','provider_staff','lts_coordinator'])[1 + (hashtext(p.email) & 1023) % 6]::role_kind,
      date '2024-01-01' + (hashtext(p.email || 'start') & 1023)
    from people p`);
  await db.execute(sql`insert into training_topics (org_id, code, title, shared)
    select (select id from organisations where code = 'VENDOR'), 'T' || g, 'Topic ' || g, true from generate_series(1, 9) g`);
  await db.execute(sql`insert into qualifications (org_id, person_id, kind, name, issuer, issued_on, expires_on)
    select home_org_id, id, 'certification', 'CCM certification', 'CCMC', '2023-01-01',
      date '2025-06-01' + (hashtext(email || 'ccm') & 1023)
    from people where hashtext(email) % 3 = 0`);
  // Completions: spread over people and topics, dated over the last three years.
  await db.execute(sql`insert into training_completions (org_id, person_id, person_name, topic_id, completed_on, method,
      recorded_by_name, certificate_code)
    select (select id from organisations where code = 'VENDOR'), p.id, 'x', t.id,
      date '2023-11-01' + (hashtext(p.id::text || g) & 1023), 'live', 'bench', 'C' || g
    from generate_series(1, ${COMPLETIONS}) g
      join people p on p.email = 'person' || (1 + (g::bigint * 7919) % ${PEOPLE}) || '@bench.example'
      join training_topics t on t.code = 'T' || (1 + g % 9)`);
  await db.execute(sql`analyze`);
  const plan = await checkedRow(db, idRow, sql`select id from organisations where code = 'PLAN1'`);
  const topics = await checkedRows(
    db,
    z.object({ id: z.string(), code: z.string() }),
    sql`select id, code from training_topics order by code`,
  );
  const requirement = (code: string, what: string, extra: ReturnType<typeof sql>) =>
    db.execute(sql`insert into compliance_requirements (org_id, code, title, what, scope, trigger, due_within_days,
        in_force_from, recurrence, recurrence_months, program_year_start_month, topic_ids, qualification_name, roles)
      values (${plan!.id}, ${code}, ${code}, ${what}, 'network', 'contract_start', 90, '2024-01-01', ${extra})`);
  for (const t of topics.slice(0, 5))
    await requirement(
      t.code,
      'topics',
      sql`'every_months', 12, null, ${arrayParam([t.id], 'uuid')}, null, '{}'`,
    );
  for (const t of topics.slice(5, 8))
    await requirement(t.code, 'topics', sql`'once', null, null, ${arrayParam([t.id], 'uuid')}, null, '{}'`);
  await requirement(
    topics[8]!.code,
    'topics',
    sql`'program_year', null, 1, ${arrayParam([topics[8]!.id], 'uuid')}, null, '{care_coordinator,rn,pcp,bh_clinician,lts_coordinator}'`,
  );
  await requirement('CCM', 'qualification', sql`'once', null, null, '{}', 'CCM', '{care_coordinator}'`);
  return plan!.id;
}

/** The baseline: the dashboard's counts for the every-12-months topic requirements, straight from raw rows. */
const idRow = z.object({ id: z.string() });

const baseline = (orgId: string, personFilter: ReturnType<typeof sql>) => sql`
  with net as (
    select ${orgId}::uuid as org_id, null::date as contract_start
    union all select other_org_id, starts_on from org_relationships where org_id = ${orgId} and kind = 'network_contract'),
  pop as (
    select q.id as req, q.topic_ids[1] as topic, pr.person_id,
      greatest(pr.starts_on, coalesce(n.contract_start, pr.starts_on)) + q.due_within_days as due
    from compliance_requirements q cross join net n join person_roles pr on pr.org_id = n.org_id
    where q.org_id = ${orgId} and q.what = 'topics' ${personFilter}),
  latest as (
    select pop.req, pop.person_id, pop.due, max(c.completed_on) as done
    from pop left join training_completions c on c.person_id = pop.person_id and c.topic_id = pop.topic
      and c.completed_on <= ${TODAY}::date and c.revoked_at is null
    group by pop.req, pop.person_id, pop.due)
  select req, count(*) as people,
    count(*) filter (where done is not null and done + interval '12 months' > ${TODAY}::date) as compliant,
    count(*) filter (where (done is null or done + interval '12 months' <= ${TODAY}::date) and due < ${TODAY}::date) as late
  from latest group by req`;

async function measure(label: string, database: Database) {
  const loadStart = performance.now();
  await database.migrate();
  const orgId = await generate(database);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const services = await benchServices(database);
  const actor = benchActor(orgId, ['compliance_officer']);
  const people = await checkedRows(
    database.system,
    idRow,
    // People the plan's requirements reach (a person it does not answer for is not found).
    sql`select p.id from people p where p.home_org_id = ${orgId} or p.home_org_id in (
        select other_org_id from org_relationships where org_id = ${orgId} and kind = 'network_contract')
      order by p.email limit 200`,
  );
  const buildStart = performance.now();
  await services.compliance.refresh(orgId);
  const build = (performance.now() - buildStart) / 1000;
  const dashboard = await timed(20, () => services.compliance.dashboard({ actor }));
  const topic = await checkedRow(
    database.system,
    idRow,
    sql`select id from training_topics where code = 'T1'`,
  );
  const afterChange = await timed(
    20,
    () => services.compliance.dashboard({ actor }),
    (i) =>
      database.system.execute(sql`insert into training_completions (org_id, person_id, person_name, topic_id,
          completed_on, method, recorded_by_name, certificate_code)
        select org_id, ${people[i]!.id}, 'x', id, ${TODAY}, 'live', 'bench', ${`BENCH-${i}`}
        from training_topics where id = ${topic!.id}`),
  );
  const dashboardSql = await timed(5, () => database.system.execute(baseline(orgId, sql``)));
  const past = await timed(2, () => services.compliance.dashboard({ actor, asOf: PAST }));
  const person = await timed(50, (i) =>
    services.compliance.personStatus({ actor, id: people[i % people.length]!.id }),
  );
  const personSql = await timed(50, (i) =>
    database.system.execute(baseline(orgId, sql`and pr.person_id = ${people[i % people.length]!.id}`)),
  );
  const packStart = performance.now();
  const job = await services.evidencePacks.start({ actor, input: { format: 'xlsx' }, maxAttempts: 1 });
  await services.jobs.drain();
  const pack = (performance.now() - packStart) / 1000;
  const done = await find(database.system, orgId, job.id);
  await services.audit.flush();
  console.log(
    [
      `${label.padEnd(10)} | load ${f(loadSeconds, 0)} s | first build of kept statuses ${f(build, 1)} s`,
      `  dashboard p50 ${f(dashboard.p50, 1)} ms, p95 ${f(dashboard.p95, 1)} ms; after a completion p50 ${f(afterChange.p50, 1)} ms, p95 ${f(afterChange.p95, 1)} ms | SQL baseline p50 ${f(dashboardSql.p50, 0)} ms, p95 ${f(dashboardSql.p95, 0)} ms`,
      `  person p95 ${f(person.p95, 1)} ms vs SQL ${f(personSql.p95, 1)} ms | evidence pack ${f(pack, 1)} s (${(done?.result as { lines?: number } | null)?.lines ?? done?.message} lines) | past day computed p50 ${f(past.p50, 0)} ms`,
    ].join('\n'),
  );
}

export async function complianceBench() {
  console.log(
    `\nCompliance: ${PEOPLE.toLocaleString('en-US')} people, ${COMPLETIONS.toLocaleString('en-US')} completions, 10 requirements, 5 plans (today ${TODAY})`,
  );
  const only = process.env.BENCH_COMPLIANCE_ONLY;
  if (only !== 'pglite') await onPostgres('compliance', (database) => measure('PostgreSQL', database));
  if (only !== 'postgres') await onPglite((database) => measure('PGlite', database));
}
