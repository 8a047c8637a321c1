// Care work queues at scale: `BENCH_CARE_SCALE` (default 1) × 200,000 enrollees with about 2,000,000 contacts
// and their assessments, 2,000 coordinators (a caseload of 150 each for the first 1,334), supervisors of ten
// coordinators each, on PostgreSQL; PGlite at a tenth. Loaded with COPY from the synthetic generators. Each
// figure is printed beside a hand-written SQL baseline of the same answer, in the same run.
import { massachusettsInstant, massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { checkedRow, checkedRows, type Database } from '../src/platform/db/client.js';
import { careHistoryOf, type HistoryOptions } from '../src/seed/care-history.js';
import { enrolleeAt } from '../src/seed/enrollees.js';
import { benchActor, benchServices, onPglite, onPostgres, timed } from './common.js';

const SCALE = Number(process.env.BENCH_CARE_SCALE ?? 1);
const TODAY = massachusettsToday();
const CASELOAD = 150;
const TEAM = 10;
const f = (n: number, d = 1) =>
  n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** A deterministic id per enrollee, so every table's COPY names it without holding a map. */
const enrolleeId = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
const SEX = { female: 'female', male: 'male', other: 'x', unknown: 'unknown' } as const;

function sizes(share: number) {
  const enrollees = Math.max(CASELOAD * 2, Math.round(200_000 * SCALE * share));
  const coordinators = Math.max(4, Math.round(2_000 * SCALE * share));
  const withCaseload = Math.min(coordinators, Math.ceil(enrollees / CASELOAD));
  return { enrollees, coordinators, withCaseload };
}

async function generate(database: Database, size: ReturnType<typeof sizes>) {
  const db = database.system;
  const idRow = z.object({ id: z.string() });
  const plan = (await checkedRow(
    db,
    idRow,
    sql`insert into organisations (kind, code, name) values ('plan', 'PLAN1', 'Plan 1') returning id`,
  ))!.id;
  // Coordinators, and a supervisor (a care coordinator too, with no caseload) for each ten.
  await db.execute(sql`insert into people (home_org_id, given_name, family_name, email)
    select ${plan}::uuid, 'Coordinator', 'C' || lpad(g::text, 5, '0'), 'coord' || g || '@bench.example'
    from generate_series(1, ${size.coordinators}) g
    union all select ${plan}::uuid, 'Supervisor', 'S' || lpad(g::text, 5, '0'), 'super' || g || '@bench.example'
    from generate_series(1, ${Math.ceil(size.coordinators / TEAM)}) g`);
  await db.execute(sql`insert into person_roles (org_id, person_id, role, starts_on)
    select ${plan}::uuid, id, 'care_coordinator', '2015-01-01' from people where home_org_id = ${plan}`);
  await db.execute(sql`insert into person_org_details (org_id, person_id, supervisor_id)
    select ${plan}::uuid, c.id, s.id from people c
      join people s on s.email = 'super' || (1 + (substr(split_part(c.email, '@', 1), 6)::int - 1) / ${TEAM}) || '@bench.example'
    where c.email like 'coord%'`);
  const coordinators = (
    await checkedRows(
      db,
      idRow,
      sql`select id from people where email like 'coord%' order by substr(split_part(email, '@', 1), 6)::int`,
    )
  ).map((r) => r.id);
  const supervisors = (
    await checkedRows(
      db,
      idRow,
      sql`select id from people where email like 'super%' order by substr(split_part(email, '@', 1), 6)::int`,
    )
  ).map((r) => r.id);

  const options: HistoryOptions = {
    seed: 19,
    today: TODAY,
    coordinators: size.withCaseload,
    contactsPerEnrollee: 10,
  };
  function* histories() {
    for (let i = 0; i < size.enrollees; i++) {
      const e = enrolleeAt(i, options);
      yield { e, h: careHistoryOf(e, options) };
    }
  }
  const start = performance.now();
  let rows = 0;
  rows += await database.copyInto(
    'care_enrollees',
    [
      'org_id',
      'id',
      'masshealth_id',
      'mbi',
      'given_name',
      'family_name',
      'date_of_birth',
      'sex',
      'town',
      'county',
    ],
    (function* () {
      for (let i = 0; i < size.enrollees; i++) {
        const e = enrolleeAt(i, options);
        yield [
          plan,
          enrolleeId(i),
          e.massHealthId,
          e.mbi,
          e.givenName,
          e.familyName,
          e.dateOfBirth,
          SEX[e.sex],
          e.town,
          e.county,
        ];
      }
    })(),
  );
  rows += await database.copyInto(
    'care_enrollments',
    ['org_id', 'enrollee_id', 'program', 'effective_on', 'ends_on'],
    (function* () {
      for (let i = 0; i < size.enrollees; i++) {
        const e = enrolleeAt(i, options);
        yield [plan, enrolleeId(i), e.program, e.effectiveOn, e.endsOn];
      }
    })(),
  );
  rows += await database.copyInto(
    'care_team_members',
    ['org_id', 'enrollee_id', 'person_id', 'role', 'single_point_of_contact', 'member_org_id', 'starts_on'],
    (function* () {
      for (const { e, h } of histories())
        yield [
          plan,
          enrolleeId(e.index),
          coordinators[h.coordinator],
          'care_coordinator',
          true,
          plan,
          e.effectiveOn,
        ];
    })(),
  );
  rows += await database.copyInto(
    'care_contacts',
    ['org_id', 'enrollee_id', 'mode', 'reached', 'made_by', 'made_for_org_id', 'occurred_at', 'notes'],
    (function* () {
      for (const { e, h } of histories())
        for (const c of h.contacts)
          yield [
            plan,
            enrolleeId(e.index),
            c.mode,
            c.reached,
            coordinators[c.madeBy],
            plan,
            massachusettsInstant(c.occurredOn, c.time).toISOString(),
            c.notes,
          ];
    })(),
  );
  rows += await database.copyInto(
    'care_assessments',
    ['org_id', 'enrollee_id', 'kind', 'in_person', 'major_change_reason', 'completed_on', 'completed_by'],
    (function* () {
      for (const { e, h } of histories())
        for (const a of h.assessments)
          yield [
            plan,
            enrolleeId(e.index),
            a.kind,
            a.inPerson,
            a.majorChangeReason,
            a.completedOn,
            coordinators[h.coordinator],
          ];
    })(),
  );
  rows += await database.copyInto(
    'care_major_changes',
    ['org_id', 'enrollee_id', 'occurred_on', 'reason', 'recorded_by'],
    (function* () {
      for (const { e, h } of histories())
        for (const m of h.majorChanges)
          yield [plan, enrolleeId(e.index), m.on, m.reason, coordinators[h.coordinator]];
    })(),
  );
  // Vacuumed as well as analysed, as autovacuum leaves a table a while after a bulk load (it vacuums after
  // inserts since PostgreSQL 13): the planner then sees the visibility map a live database has, which the
  // enrollments' covering index (migration 0044) relies on to be preferred to the exclusion constraint's.
  await db.execute(sql`vacuum analyze`);
  const counts = await checkedRow(
    db,
    z.object({ contacts: z.number(), assessments: z.number() }),
    sql`select (select count(*)::int from care_contacts) as contacts, (select count(*)::int from care_assessments) as assessments`,
  );
  return { plan, coordinators, supervisors, rows, seconds: (performance.now() - start) / 1000, ...counts! };
}

/**
 * The baseline: the same caseload's clocks in one hand-written statement — the first comprehensive assessment
 * (90 days, in person), the yearly reassessment after the last assessment, reassessment within 30 days of a
 * major change, and no successful contact in 60 days — each enrollee's items with their due dates, most
 * overdue first. It reads the rule terms as constants: what the rule catalogue says for One Care today.
 */
const baselineItems = (coordinatorIds: ReturnType<typeof sql>) => sql`
  with caseload as (
    select t.person_id, e.org_id, e.id, e.given_name, e.family_name from care_team_members t
      join care_enrollees e on e.org_id = t.org_id and e.id = t.enrollee_id
    where t.person_id in (${coordinatorIds}) and t.single_point_of_contact
      and t.starts_on <= ${TODAY}::date and (t.ends_on is null or t.ends_on >= ${TODAY}::date)),
  facts as (
    select c.*, n.effective_on,
      (select min(a.completed_on) from care_assessments a where a.org_id = c.org_id and a.enrollee_id = c.id
        and a.kind <> 'hrsn_screening' and a.in_person and a.completed_on >= n.effective_on) as first_done,
      (select max(a.completed_on) from care_assessments a where a.org_id = c.org_id and a.enrollee_id = c.id
        and a.kind <> 'hrsn_screening') as last_done,
      (select max(m.occurred_on) from care_major_changes m where m.org_id = c.org_id and m.enrollee_id = c.id) as last_change,
      (select max(k.occurred_at)::date from care_contacts k where k.org_id = c.org_id and k.enrollee_id = c.id and k.reached) as last_reached
    from caseload c join care_enrollments n on n.org_id = c.org_id and n.enrollee_id = c.id
      and n.effective_on <= ${TODAY}::date and (n.ends_on is null or n.ends_on >= ${TODAY}::date)),
  items as (
    select person_id, id, 'initial_assessment' as kind, effective_on + 90 as due from facts where first_done is null
    union all select person_id, id, 'reassessment', (last_done + interval '12 months')::date from facts
      where last_done is not null and (last_done + interval '12 months')::date <= ${TODAY}::date + 60
    union all select person_id, id, 'major_change_reassessment', last_change + 30 from facts
      where last_change is not null and (last_done is null or last_done < last_change)
    union all select person_id, id, 'no_contact', coalesce(last_reached, effective_on) + 60 from facts
      where coalesce(last_reached, effective_on) + 60 <= ${TODAY}::date)
  select person_id, id, kind, due from items order by due, kind, id`;

async function measure(label: string, database: Database, share: number) {
  await database.migrate();
  const size = sizes(share);
  const loaded = await generate(database, size);
  console.log(
    `${label.padEnd(10)} | ${size.enrollees.toLocaleString('en-US')} enrollees, ${loaded.contacts.toLocaleString('en-US')} contacts, ${loaded.assessments.toLocaleString('en-US')} assessments, ${size.coordinators.toLocaleString('en-US')} coordinators; COPY of ${loaded.rows.toLocaleString('en-US')} rows ${f(loaded.seconds, 1)} s`,
  );
  const services = await benchServices(database);
  const admin = benchActor(loaded.plan, ['org_admin']);
  const busy = loaded.coordinators.slice(0, size.withCaseload);
  const pick = (i: number) => busy[(i * 37) % busy.length]!;
  const runs = 40;
  const query = { dir: 'asc' as const, page: 1, pageSize: 25, all: false };
  const supervisors = loaded.supervisors.slice(0, Math.ceil(size.withCaseload / TEAM));
  const reads = async () => ({
    queue: await timed(runs, (i) =>
      services.careWork.queue({
        actor: admin,
        query: { ...query, coordinatorId: pick(i) },
        page: { offset: 0, limit: 25 },
      }),
    ),
    team: await timed(runs, (i) => {
      const s = supervisors[(i * 7) % supervisors.length]!;
      return services.careWork.teamQueue({
        actor: { ...benchActor(loaded.plan, ['care_coordinator']), personId: s },
        query: { dir: 'asc', page: 1, pageSize: 25 },
        page: { offset: 0, limit: 25 },
      });
    }),
  });
  const queueSql = await timed(runs, (i) => database.system.execute(baselineItems(sql`${pick(i)}::uuid`)));
  const teamSql = await timed(runs, (i) => {
    const s = supervisors[(i * 7) % supervisors.length]!;
    return database.system.execute(
      sql`select person_id, kind, count(distinct id) from (${baselineItems(
        sql`select person_id from person_org_details where org_id = ${loaded.plan} and supervisor_id = ${s}`,
      )}) x group by person_id, kind`,
    );
  });
  // First, nothing kept: every item computed in the request (as after a bulk load, before the refresh has run).
  const cold = await reads();
  // The reads queued the plan's refresh, which keeps every enrollee's items for today (decision 055).
  const refreshStart = performance.now();
  await services.jobs.drain();
  const refreshSeconds = (performance.now() - refreshStart) / 1000;
  const kept = await reads();
  const sample = await services.careWork.queue({
    actor: admin,
    query: { ...query, coordinatorId: pick(0), all: true },
    page: { offset: 0, limit: 1000 },
  });
  await services.audit.flush();
  const ms = (t: { p50: number; p95: number }) => `p50 ${f(t.p50)} ms, p95 ${f(t.p95)} ms`;
  console.log(
    [
      `  coordinator's queue (${sample.total} of ${CASELOAD} enrollees with something due): ${ms(kept.queue)} (nothing kept: ${ms(cold.queue)}) | SQL baseline ${ms(queueSql)}`,
      `  supervisor's team, first page (${TEAM} coordinators): ${ms(kept.team)} (nothing kept: ${ms(cold.team)}) | SQL baseline ${ms(teamSql)}`,
      `  refresh of every enrollee's kept items (the job, off the request path): ${f(refreshSeconds, 1)} s, ${f(size.enrollees / refreshSeconds, 0)} enrollees/s`,
    ].join('\n'),
  );
}

export async function careBench() {
  const full = sizes(1);
  console.log(
    `\nCare work queues: ${full.enrollees.toLocaleString('en-US')} enrollees, ${full.coordinators.toLocaleString('en-US')} coordinators on PostgreSQL; a tenth on PGlite (today ${TODAY})`,
  );
  const only = process.env.BENCH_CARE_ONLY;
  if (only !== 'pglite') await onPostgres('care', (database) => measure('PostgreSQL', database, 1));
  if (only !== 'postgres') await onPglite((database) => measure('PGlite', database, 0.1));
}
