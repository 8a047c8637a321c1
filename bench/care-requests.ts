// npm run bench -- care-requests: issue 20's service request figures on PostgreSQL, each beside a hand-written
// SQL baseline of the same answer in the same run. `BENCH_CARE_REQUEST_ENROLLEES` (200,000) enrollees of one
// plan, each with a care plan, and `BENCH_CARE_REQUESTS` (500,000) service requests over two years, 2% of them
// still open; loaded with INSERT … SELECT. Measured: the requests-due queue (first page of 25, soonest deadline
// first, as the plan's administrator), p50/p95 over 40 runs (target p95 < 50 ms); the monthly decisions report
// (outcomes, hours to decision, denial reasons), p50 over 5 runs (target < 2 s).
import { addMonths } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, type Database } from '../src/platform/db/client.js';
import { benchActor, benchServices, onPostgres, timed } from './common.js';

const ENROLLEES = Number(process.env.BENCH_CARE_REQUEST_ENROLLEES ?? 200_000);
const REQUESTS = Number(process.env.BENCH_CARE_REQUESTS ?? 500_000);
const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function careRequestsGenerate(database: Database) {
  const db = database.system;
  const plan = (await checkedRow(
    db,
    z.object({ id: z.string() }),
    sql`insert into organisations (kind, code, name) values ('plan', 'PLAN1', 'Plan 1') returning id`,
  ))!.id;
  await db.execute(sql`insert into people (home_org_id, given_name, family_name, email)
    values (${plan}::uuid, 'Care', 'Manager', 'manager@bench.example')`);
  const person = (await checkedRow(db, z.object({ id: z.string() }), sql`select id from people limit 1`))!.id;
  await db.execute(sql`insert into care_enrollees (org_id, id, masshealth_id, given_name, family_name, date_of_birth)
    select ${plan}::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
      lpad((100000000000 + g)::text, 12, '0'), 'Member', 'M' || g, date '1950-01-01' + (g % 15000)
    from generate_series(1, ${ENROLLEES}) g`);
  await db.execute(sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on)
    select org_id, id, 'one_care', date '2023-01-01' from care_enrollees`);
  await db.execute(sql`insert into care_assessments (org_id, enrollee_id, kind, in_person, completed_on)
    select org_id, id, 'comprehensive', true, date '2023-03-01' from care_enrollees`);
  await db.execute(sql`insert into care_plans (org_id, enrollee_id, kind, program, number, assessment_id, status,
      content, written_by_org_id, written_by, clinical_review, sent_on)
    select a.org_id, a.enrollee_id, 'icp', 'one_care', 1, a.id, 'in_sign_off',
      '{"goals":[{"words":"Stay at home","domain":"functional","targetOn":null}],"needs":[],"services":[],"interventions":[]}',
      a.org_id, ${person}::uuid, false, date '2023-03-05'
    from care_assessments a`);
  // Received over the two years before today; the last 2% are still open, the rest decided within 1–300 hours.
  await db.execute(sql`insert into care_service_requests (org_id, enrollee_id, service, priority, received_at,
      received_via, requested_by, recorded_by, recorded_for_org_id, rule_program, rule_version, decision_due_at,
      decision, denial_reason, decided_at, decided_by, notice_sent_on)
    select ${plan}::uuid, ('00000000-0000-4000-8000-' || lpad(to_hex(1 + g % ${ENROLLEES}), 12, '0'))::uuid,
      'Service ' || (g % 40), case when g % 10 = 0 then 'expedited' else 'standard' end, r.at, 'phone', 'enrollee',
      ${person}::uuid, ${plan}::uuid, 'one_care', case when r.at >= '2026-01-01' then 2 else 1 end,
      r.at + case when g % 10 = 0 then interval '72 hours' when r.at >= '2026-01-01' then interval '7 days' else interval '14 days' end,
      d.decision, case when d.decision in ('denied', 'partly_approved') then 'not_medically_necessary' end,
      case when d.decision is not null then r.at + ((1 + g % 300) || ' hours')::interval end,
      case when d.decision is not null then ${person}::uuid end,
      case when d.decision is not null then (r.at + ((1 + g % 300) || ' hours')::interval)::date end
    from generate_series(1, ${REQUESTS}) g
    cross join lateral (select now() - ((${REQUESTS} - g)::float / ${REQUESTS} * interval '730 days') as at) r
    cross join lateral (select case when g > ${REQUESTS} * 0.98 then null
      when g % 7 = 0 then 'denied' when g % 11 = 0 then 'partly_approved' else 'approved' end as decision) d`);
  await db.execute(sql`analyze`);
  return plan;
}

export async function careRequestsBench() {
  console.log(
    `\nService requests (issue 20), PostgreSQL: ${ENROLLEES.toLocaleString('en-US')} enrollees with plans, ${REQUESTS.toLocaleString('en-US')} requests`,
  );
  await onPostgres('care_requests', async (database) => {
    await database.migrate();
    const start = performance.now();
    const plan = await careRequestsGenerate(database);
    console.log(`loaded in ${f((performance.now() - start) / 1000)} s`);
    const services = await benchServices(database);
    const actor = {
      ...benchActor(plan, ['org_admin']),
      memberships: [
        { orgId: plan, orgName: 'Plan 1', orgCode: 'PLAN1', orgKind: 'plan', roles: ['org_admin' as const] },
      ],
    };
    // Last month: a whole month of decisions.
    const month = addMonths(`${massachusettsToday().slice(0, 7)}-01`, -1).slice(0, 7);
    const queue = await timed(40, () =>
      services.careRequests.queue({
        actor,
        query: { page: 1, pageSize: 25, sort: 'dueAt', dir: 'asc' } as never,
        page: { offset: 0, limit: 25 },
      }),
    );
    const queueSql = await timed(40, () =>
      database.system.execute(sql`select id, enrollee_id, decision_due_at from care_service_requests
        where org_id = ${plan} and decided_at is null order by decision_due_at limit 25`),
    );
    const report = await timed(5, () => services.careRequests.report({ actor, month }));
    const reportSql = await timed(5, () =>
      database.system.execute(sql`select decision, denial_reason, count(*),
          avg(extract(epoch from decided_at - received_at) / 3600), count(*) filter (where decided_at <= decision_due_at)
        from care_service_requests where org_id = ${plan}
          and decided_at >= ${`${month}-01`}::date and decided_at < ${`${month}-01`}::date + interval '1 month'
        group by 1, 2`),
    );
    console.log('what                                   | Concord                  | baseline');
    console.log(
      `requests-due queue, first 25           | p50 ${f(queue.p50)} ms, p95 ${f(queue.p95)} ms | one SQL page p50 ${f(queueSql.p50)} ms, p95 ${f(queueSql.p95)} ms`,
    );
    console.log(
      `monthly decisions report (${month})    | p50 ${f(report.p50)} ms, p95 ${f(report.p95)} ms | one SQL aggregate p50 ${f(reportSql.p50)} ms`,
    );
    await services.jobs.stop();
    await services.audit.flush();
  });
}
