import { massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ONE_CARE_COMPREHENSIVE_ASSESSMENT } from '../../src/domains/surveys/index.js';
import { checkedRow, checkedRows } from '../../src/platform/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.js';
import { answersTo } from '../../src/seed/demo-surveys.js';
import { seededRandom } from '../../src/seed/random.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { signStep } from '../support/factories.js';
import { validateBundle, validateFhir } from '../support/fhir.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(
    { database: t.database, auth: t.services.auth, audit: t.services.audit },
    { people: 600, seed: 5 },
  );
});
afterAll(() => t.close());

const n = z.number();

describe('the demo care records', () => {
  it('hold a few hundred enrollees across the plans, ACOs and MCO, with assessments at every stage', async () => {
    const byHolder = await checkedRows(
      t.database.system,
      z.object({ kind: z.string(), enrollees: n }),
      sql`select o.kind::text as kind, count(*)::int as enrollees
        from care_enrollees e join organisations o on o.id = e.org_id group by o.kind order by o.kind`,
    );
    expect(byHolder.map((h) => h.kind).sort()).toEqual(['aco', 'mco', 'plan']);
    const total = byHolder.reduce((s, h) => s + h.enrollees, 0);
    expect(total).toBeGreaterThan(200);
    expect(total).toBeLessThan(600);

    // Each stage of the assessment clock, reckoned from the rows (standard clocks: 90 days, 12 months).
    const stages = await checkedRow(
      t.database.system,
      z.object({
        notStarted: n,
        firstOpen: n,
        firstOverdue: n,
        current: n,
        yearlyOverdue: n,
        ended: n,
        unreachable: n,
        inPersonAssessed: n,
        screened: n,
        majorChangeAwaiting: n,
      }),
      sql`with f as (
          select e.id, m.effective_on, m.ends_on,
            (select max(a.completed_on) from care_assessments a where a.enrollee_id = e.id
              and a.kind in ('comprehensive', 'reassessment', 'major_change')) as last_assessed,
            (select bool_and(not c.reached) from (select reached from care_contacts c where c.enrollee_id = e.id
              order by occurred_at desc limit 3) c) as last_three_failed
          from care_enrollees e join care_enrollments m on m.enrollee_id = e.id)
        select
          count(*) filter (where effective_on > current_date)::int as "notStarted",
          count(*) filter (where ends_on is null and effective_on <= current_date and last_assessed is null
            and effective_on + 90 >= current_date)::int as "firstOpen",
          count(*) filter (where ends_on is null and last_assessed is null
            and effective_on + 90 < current_date)::int as "firstOverdue",
          count(*) filter (where ends_on is null and last_assessed >= current_date - interval '12 months')::int as current,
          count(*) filter (where ends_on is null and last_assessed < current_date - interval '12 months')::int as "yearlyOverdue",
          count(*) filter (where ends_on < current_date)::int as ended,
          count(*) filter (where ends_on is null and last_three_failed)::int as unreachable,
          (select count(*) from care_assessments where kind = 'comprehensive' and in_person)::int as "inPersonAssessed",
          (select count(*) from care_assessments where kind = 'hrsn_screening')::int as screened,
          (select count(*) from care_major_changes m where not exists (select 1 from care_assessments a
            where a.enrollee_id = m.enrollee_id and a.completed_on >= m.occurred_on
              and a.kind <> 'hrsn_screening'))::int as "majorChangeAwaiting"
        from f`,
    );
    for (const [stage, count] of Object.entries(stages!)) expect(count, stage).toBeGreaterThan(0);
  });

  it('publish the two instruments as surveys at each holder, for no audience, with each assessment’s answers', async () => {
    const instruments = await checkedRows(
      t.database.system,
      z.object({ code: z.string(), holders: n, roles: n, responses: n, participants: n }),
      sql`select s.code, count(distinct s.org_id)::int as holders,
          max(cardinality(s.roles))::int as roles,
          (select count(*) from survey_responses r join surveys x on x.id = r.survey_id where x.code = s.code)::int as responses,
          (select count(*) from survey_participants p join surveys x on x.id = p.survey_id where x.code = s.code)::int as participants
        from surveys s where s.code in ('CARE-ASSESSMENT', 'HRSN') group by s.code order by s.code`,
    );
    expect(instruments.map((i) => [i.code, i.holders, i.roles, i.participants])).toEqual([
      ['CARE-ASSESSMENT', 6, 0, 0],
      ['HRSN', 6, 0, 0],
    ]);
    const linked = await checkedRow(
      t.database.system,
      z.object({ assessments: n, linked: n, truthful: n }),
      sql`select count(*)::int as assessments, count(r.id)::int as linked,
          count(*) filter (where a.kind = 'hrsn_screening'
            or (r.answers->'in_person_meeting'->>'value' = 'yes') = a.in_person)::int as truthful
        from care_assessments a left join survey_responses r on r.id = a.survey_response_id and r.org_id = a.org_id`,
    );
    expect(linked?.linked).toBe(linked?.assessments);
    expect(linked?.truthful).toBe(linked?.assessments);
  });

  it('give the demo care coordinator a caseload she sees from her own organisation', async () => {
    const maria = await t.signIn('maria.santos@bostoncommunityhealth.example', DEMO_PASSWORD);
    const me = (
      await checkedRow(
        t.database.system,
        z.object({ id: z.string() }),
        sql`select id from people where email = 'maria.santos@bostoncommunityhealth.example'`,
      )
    )?.id;
    const caseload = await maria.get(`/api/care/enrollees?coordinatorId=${me}&pageSize=100`);
    expect(caseload.statusCode).toBe(200);
    expect(caseload.json().total).toBeGreaterThan(10);
    // Every one of them has her as the single point of contact, and teams sometimes have a clinician too.
    expect(new Set(caseload.json().items.map((i: { coordinatorName: string }) => i.coordinatorName))).toEqual(
      new Set(['Maria Santos']),
    );
    const teams = await checkedRow(
      t.database.system,
      z.object({ spocs: n, enrollees: n, others: n }),
      sql`select count(*) filter (where single_point_of_contact)::int as spocs,
          (select count(*) from care_enrollees)::int as enrollees,
          count(*) filter (where not single_point_of_contact)::int as others
        from care_team_members`,
    );
    expect(teams!.spocs).toBeGreaterThan(teams!.enrollees * 0.9);
    expect(teams!.others).toBeGreaterThan(20);
    // The plan's demo care manager sees her plan's enrollees.
    const keisha = await t.signIn('kokafor@baystateonecare.example', DEMO_PASSWORD);
    expect((await keisha.get('/api/care/enrollees')).json().total).toBeGreaterThan(50);
  });

  it('record the clock each assessment met, and answer each instrument question in words that fit it', async () => {
    const rows = await checkedRow(
      t.database.system,
      z.object({ counted: n, satisfied: n, screeningsSatisfied: n, misfit: n }),
      sql`select count(*) filter (where a.kind <> 'hrsn_screening')::int as counted,
          count(*) filter (where a.kind <> 'hrsn_screening' and a.rule_kind is not null)::int as satisfied,
          count(*) filter (where a.kind = 'hrsn_screening' and a.rule_kind is not null)::int as "screeningsSatisfied",
          count(*) filter (where r.answers::text like '%Large print materials and an interpreter%'
            or r.answers::text like '%Flexible services for housing and food%'
            or r.answers::text like '%Prior authorization forms%')::int as misfit
        from care_assessments a join survey_responses r on r.id = a.survey_response_id`,
    );
    expect(rows!.satisfied).toBeGreaterThan(rows!.counted / 2);
    expect(rows!.screeningsSatisfied).toBe(0);
    expect(rows!.misfit).toBe(0);
    // Every clock the API says an assessment met names that assessment's satisfied rule.
    const keisha = await t.signIn('kokafor@baystateonecare.example', DEMO_PASSWORD);
    const assessed = await checkedRows(
      t.database.system,
      z.object({ id: z.string() }),
      sql`select distinct a.enrollee_id as id from care_assessments a join organisations o on o.id = a.org_id
        where o.code = 'BAYSTATE-OC' order by a.enrollee_id limit 10`,
    );
    for (const { id } of assessed) {
      const clocks = (await keisha.get(`/api/care/enrollees/${id}/clocks`)).json().clocks as {
        metBy: string | null;
        kind: string;
      }[];
      const list = (await keisha.get(`/api/care/enrollees/${id}/assessments`)).json().items as {
        id: string;
        satisfied: unknown;
      }[];
      for (const c of clocks.filter((k) => k.metBy))
        expect(list.find((a) => a.id === c.metBy)?.satisfied, `${id} ${c.kind}`).not.toBeNull();
    }
  });

  it('let a provider’s care coordinator record an assessment on a plan’s enrollee with the plan’s instrument', async () => {
    // Maria Santos works for Boston Community Health; the enrollee and the instrument are the plan's.
    const mine = await checkedRow(
      t.database.system,
      z.object({ enrolleeId: z.string(), surveyId: z.string(), planId: z.string() }),
      sql`select t.enrollee_id as "enrolleeId", s.id as "surveyId", t.org_id as "planId"
        from care_team_members t join people p on p.id = t.person_id
          join organisations o on o.id = t.org_id and o.kind = 'plan'
          join surveys s on s.org_id = t.org_id and s.code = 'CARE-ASSESSMENT'
        where p.email = 'maria.santos@bostoncommunityhealth.example' and t.single_point_of_contact
          and t.ends_on is null and t.starts_on <= current_date
        order by t.enrollee_id limit 1`,
    );
    const answers = answersTo(ONE_CARE_COMPREHENSIVE_ASSESSMENT, seededRandom(7), false);
    answers.in_person_meeting = { value: 'yes' };
    const maria = await t.signIn('maria.santos@bostoncommunityhealth.example', DEMO_PASSWORD);
    const recorded = await maria.post(`/api/care/enrollees/${mine!.enrolleeId}/assessments`, {
      kind: 'reassessment',
      completedOn: massachusettsToday(),
      inPerson: true,
      instrument: { surveyId: mine!.surveyId, answers },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json().instrument).toMatchObject({
      surveyId: mine!.surveyId,
      title: 'One Care comprehensive assessment',
    });
    // The answers are a response of the plan's survey, and Maria sees which instrument she answered.
    const held = await checkedRow(
      t.database.system,
      z.object({ orgId: z.string() }),
      sql`select org_id as "orgId" from survey_responses where id = ${recorded.json().surveyResponseId}`,
    );
    expect(held?.orgId).toBe(mine!.planId);
    const listed = (await maria.get(`/api/care/enrollees/${mine!.enrolleeId}/assessments`)).json().items;
    expect(listed[0].instrument).toMatchObject({ surveyId: mine!.surveyId });
  });

  it('read as valid FHIR R4: an assessed enrollee’s Patient, CareTeam and QuestionnaireResponses', async () => {
    const assessed = await checkedRow(
      t.database.system,
      z.object({ id: z.string(), n: n }),
      sql`select e.id, count(*)::int as n from care_enrollees e join care_assessments a on a.enrollee_id = e.id
        join organisations o on o.id = e.org_id
        where o.code = 'BAYSTATE-OC' group by e.id having count(distinct a.kind) >= 2 order by count(*) desc limit 1`,
    );
    const keisha = await t.signIn('kokafor@baystateonecare.example', DEMO_PASSWORD);
    validateFhir((await keisha.get(`/fhir/R4/Patient/${assessed!.id}`)).json());
    const teams = validateBundle((await keisha.get(`/fhir/R4/CareTeam?patient=${assessed!.id}`)).json());
    expect(teams).toMatchObject({ total: 1 });
    const answers = validateBundle(
      (await keisha.get(`/fhir/R4/QuestionnaireResponse?subject=Patient/${assessed!.id}`)).json(),
    );
    expect(answers).toMatchObject({ total: assessed!.n });
  });

  it('export in bulk as valid FHIR R4, resource by resource, every type the plan’s care manager reads', async () => {
    const keisha = await t.signIn('kokafor@baystateonecare.example', DEMO_PASSWORD);
    const kick = await keisha.get('/fhir/R4/$export', { prefer: 'respond-async' });
    expect(kick.statusCode, kick.body).toBe(202);
    await t.services.jobs.drain();
    const status = new URL(kick.headers['content-location'] as string).pathname;
    const manifest = (await keisha.get(status)).json() as {
      output: { type: string; url: string; count: number }[];
      error: unknown[];
    };
    expect(manifest.error).toEqual([]);
    const counts = Object.fromEntries(manifest.output.map((o) => [o.type, o.count]));
    expect(Object.keys(counts)).toEqual(
      expect.arrayContaining(['Patient', 'CareTeam', 'CarePlan', 'QuestionnaireResponse', 'Task']),
    );
    const listed = (await keisha.get('/api/care/enrollees?pageSize=1')).json();
    expect(counts.Patient).toBe(listed.total);
    for (const o of manifest.output) {
      const file = await keisha.get(new URL(o.url).pathname);
      const lines = file.body.split('\n').filter(Boolean);
      expect(lines, o.type).toHaveLength(o.count);
      for (const line of lines)
        expect(validateFhir(JSON.parse(line))).toMatchObject({ resourceType: o.type });
    }
  });
});

describe('the demo care plans', () => {
  it('give the plan’s care manager a plan at each stage of sign-off, which she can finish and lock', async () => {
    const manager = await t.signIn('kokafor@baystateonecare.example', DEMO_PASSWORD);
    const queue = (await manager.get('/api/care/queue?kind=plan_signature')).json();
    expect(queue.total).toBe(2);
    const enrolleeId = queue.items.find((r: { items: { title: string }[] }) =>
      r.items.some((i) => i.title.includes('PCP approval')),
    ).enrolleeId;
    const [plan] = (await manager.get(`/api/care/enrollees/${enrolleeId}/plans`)).json().items;
    expect(plan.steps.map((s: { signed: unknown }) => Boolean(s.signed))).toEqual([true, false]);
    const pcp = await signStep(manager, plan.id, {
      step: 'pcp',
      signerName: 'Dr. Demo',
      signerRole: 'pcp',
      channel: 'on_screen',
      signedOn: massachusettsToday(),
      attested: true,
    });
    expect(pcp.statusCode, pcp.body).toBe(201);
    expect(pcp.json().status).toBe('signed');
    expect((await manager.get(`/api/care/plans/${plan.id}/signed.pdf`)).statusCode).toBe(200);
  });
});

describe('the demo 42 CFR Part 2 records', () => {
  it('hide the provider’s records from the plan on one enrollee, and show them under consent on another', async () => {
    const manager = await t.signIn('kokafor@baystateonecare.example', DEMO_PASSWORD);
    const clinician = await t.signIn('maria.santos@bostoncommunityhealth.example', DEMO_PASSWORD);
    const tagged = await checkedRows(
      t.database.system,
      z.object({ enrolleeId: z.string() }),
      sql`select distinct enrollee_id as "enrolleeId" from care_contacts where part2_org_id is not null order by 1`,
    );
    expect(tagged).toHaveLength(2);
    const seen = [];
    for (const { enrolleeId } of tagged) {
      const own = (await clinician.get(`/api/care/enrollees/${enrolleeId}/contacts`)).json().items;
      expect(own.filter((c: { part2: boolean }) => c.part2)).toHaveLength(2);
      const plan = (await manager.get(`/api/care/enrollees/${enrolleeId}/contacts`)).json().items;
      const hidden = (await manager.get(`/api/care/enrollees/${enrolleeId}/part2`)).json().hidden;
      seen.push({ shown: plan.filter((c: { part2: boolean }) => c.part2).length, hidden });
    }
    expect(seen).toEqual(
      expect.arrayContaining([
        { shown: 0, hidden: true },
        { shown: 2, hidden: false },
      ]),
    );
  });
});
