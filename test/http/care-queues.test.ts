import { addDays } from '@contract/iso-days.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { massachusettsToday } from '../../src/contract/massachusetts-day.js';
import { DUE_NIGHTLY_JOB, DUE_REFRESH_JOB, keepDue } from '../../src/domains/care/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import type { RoleKind } from '../../src/domains/people/index.js';
import { seedPublishedSurvey } from '../../src/domains/surveys/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { jobCount, keptDueOf } from '../support/database-facts.js';
import { enrollee } from '../support/factories.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const daysAgo = (n: number) => addDays(massachusettsToday(), -n);
/** Noon UTC `n` days ago: the same Massachusetts day as `daysAgo(n)`. */
const noonDaysAgo = (n: number) => `${daysAgo(n)}T16:00:00.000Z`;

/** A plan with a provider in its network, a plan coordinator and a provider coordinator. */
async function world() {
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  const vendor = await t.org({ kind: 'training_vendor' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2020-01-01',
  });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
  const planClient = await t.signIn(admin.email);
  const coordinator = await t.user([{ orgId: plan.id, role: 'care_coordinator' }]);
  const providerCoordinator = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
  return { plan, provider, vendor, admin, planClient, coordinator, providerCoordinator };
}

type World = Awaited<ReturnType<typeof world>>;

async function as(orgId: string, role: RoleKind) {
  const user = await t.user([{ orgId, role }]);
  return t.signIn(user.email);
}

/** An enrollee of the plan in One Care from `effectiveOn`, with `spoc` as single point of contact. */
async function enrolled(
  w: World,
  spoc: { personId: string; memberOrgId: string },
  effectiveOn = daysAgo(10),
) {
  const id = await enrollee(w.planClient);
  const e = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
    program: 'one_care',
    effectiveOn,
  });
  expect(e.statusCode, e.body).toBe(201);
  const s = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
    ...spoc,
    role: 'care_coordinator',
    startsOn: '2024-01-01',
  });
  expect(s.statusCode, s.body).toBe(201);
  return id;
}

const ofPlan = (w: World) => ({ personId: w.coordinator.person.id, memberOrgId: w.plan.id });
const ofProvider = (w: World) => ({ personId: w.providerCoordinator.person.id, memberOrgId: w.provider.id });
const kinds = (row: { items: { kind: string }[] } | undefined) => row?.items.map((i) => i.kind).sort() ?? [];

const assessment = { kind: 'comprehensive', completedOn: daysAgo(1), inPerson: true };

describe('assessments and major changes: who records and reads them', () => {
  it('lets the plan’s recorders and a provider on the team record, and nobody else', async () => {
    const w = await world();
    const id = await enrolled(w, ofProvider(w));
    const offTeam = await enrollee(w.planClient);
    const otherPlan = await t.org({ kind: 'plan' });
    const provider = t.signIn(w.providerCoordinator.email);
    const cases: [string, Promise<Awaited<ReturnType<typeof t.signIn>>>, string, number, number, number][] = [
      // who, enrollee, assessment status, major change status, read status
      ['the plan’s admin', as(w.plan.id, 'org_admin'), id, 403, 201, 200],
      ['the plan’s care coordinator', as(w.plan.id, 'care_coordinator'), id, 201, 201, 200],
      ['the plan’s clinical care manager', as(w.plan.id, 'clinical_care_manager'), id, 201, 201, 200],
      ['the plan’s nurse', as(w.plan.id, 'rn'), id, 403, 201, 200],
      ['the plan’s auditor', as(w.plan.id, 'auditor'), id, 403, 403, 200],
      ['the plan’s training admin', as(w.plan.id, 'training_admin'), id, 403, 403, 404],
      ['another plan’s admin', as(otherPlan.id, 'org_admin'), id, 403, 404, 404],
      ['the single point of contact', provider, id, 201, 201, 200],
      ['the single point of contact, off the team', provider, offTeam, 404, 404, 404],
      // At the provider on the team, but not on it themselves: not their assessment to record.
      ['a provider coordinator off the team', as(w.provider.id, 'care_coordinator'), id, 403, 201, 200],
      ['a vendor admin', as(w.vendor.id, 'org_admin'), id, 403, 403, 404],
    ];
    for (const [who, signingIn, enrolleeId, record, change, read] of cases) {
      const client = await signingIn;
      const a = await client.post(`/api/care/enrollees/${enrolleeId}/assessments`, assessment);
      expect(a.statusCode, `${who}: ${a.body}`).toBe(record);
      const m = await client.post(`/api/care/enrollees/${enrolleeId}/major-changes`, {
        occurredOn: daysAgo(2),
        reason: 'Hospital stay',
      });
      expect(m.statusCode, who).toBe(change);
      for (const path of ['assessments', 'major-changes', 'clocks']) {
        const r = await client.get(`/api/care/enrollees/${enrolleeId}/${path}`);
        expect(r.statusCode, `${who} reads ${path}`).toBe(read);
      }
    }
  });

  it('lets a care manager on the team record an assessment, and not a BH clinician or LTS coordinator on it', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const member = async (role: RoleKind, teamRole: string) => {
      const user = await t.user([{ orgId: w.provider.id, role }]);
      const added = await w.planClient.post(`/api/care/enrollees/${id}/team`, {
        personId: user.person.id,
        role: teamRole,
        memberOrgId: w.provider.id,
        startsOn: daysAgo(5),
      });
      expect(added.statusCode, added.body).toBe(201);
      return t.signIn(user.email);
    };
    const cases: [string, RoleKind, string, number][] = [
      ['a BH clinician on the team', 'bh_clinician', 'bh_clinician', 403],
      ['an LTS coordinator on the team', 'lts_coordinator', 'lts_coordinator', 403],
      ['a clinical care manager on the team', 'clinical_care_manager', 'clinical_care_manager', 201],
    ];
    for (const [who, role, teamRole, status] of cases) {
      const client = await member(role, teamRole);
      const a = await client.post(`/api/care/enrollees/${id}/assessments`, assessment);
      expect(a.statusCode, `${who}: ${a.body}`).toBe(status);
      const can = (await client.get('/api/auth/session')).json().can as string[];
      expect(can.includes('care.assessment.record'), who).toBe(status === 201);
    }
  });

  it('refuses a major change’s reason on any other kind of assessment', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const me = await t.signIn(w.coordinator.email);
    for (const kind of ['comprehensive', 'reassessment', 'hrsn_screening']) {
      const r = await me.post(`/api/care/enrollees/${id}/assessments`, {
        ...assessment,
        kind,
        majorChangeReason: 'Hospital stay',
      });
      expect(r.statusCode, kind).toBe(400);
      expect(r.body).toContain('majorChangeReason');
    }
  });

  it('names the rule version an assessment met, and asks the reason for a major-change reassessment', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w), daysAgo(30));
    const me = await t.signIn(w.coordinator.email);
    const notInPerson = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      completedOn: daysAgo(5),
      inPerson: false,
    });
    // One Care asks for an in-person meeting: this one meets no clock.
    expect(notInPerson.json().satisfied).toBeNull();
    const met = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      completedOn: daysAgo(3),
    });
    expect(met.json().satisfied).toEqual({ kind: 'initial_assessment', program: 'one_care', version: 1 });
    const noReason = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      kind: 'major_change',
    });
    expect(noReason.statusCode).toBe(400);
    const future = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      completedOn: '2199-01-01',
    });
    expect(future.statusCode).toBe(400);

    const change = await w.planClient.post(`/api/care/enrollees/${id}/major-changes`, {
      occurredOn: daysAgo(1),
      reason: 'Moved to a nursing facility',
    });
    expect(change.statusCode, change.body).toBe(201);
    const clocks = (await w.planClient.get(`/api/care/enrollees/${id}/clocks`)).json();
    const major = clocks.clocks.find((c: { kind: string }) => c.kind === 'major_change_reassessment');
    expect(major).toMatchObject({
      rule: { kind: 'major_change_reassessment', program: 'one_care', version: 1 },
      startedOn: daysAgo(1),
      metOn: null,
    });
    expect(major.explanation).toContain('One Care major-change reassessment rule v1');
    const list = (await w.planClient.get(`/api/care/enrollees/${id}/assessments`)).json().items;
    expect(list).toHaveLength(2);
  });

  it('keeps the instrument’s answers as a response of the survey, and refuses answers the survey does not take', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const me = await t.signIn(w.coordinator.email);
    const surveyId = await seedPublishedSurvey(t.database.system, {
      orgId: w.plan.id,
      code: `CA-${Date.now()}`,
      title: 'Comprehensive assessment',
      description: '',
      definition: {
        sections: [
          {
            title: 'About this assessment',
            questions: [{ key: 'in_person_meeting', type: 'yes_no', required: true, text: 'In person?' }],
          },
        ],
      } as never,
      anonymous: false,
      moduleId: null,
      link: null,
      roles: [],
      on: daysAgo(100),
      publishedBy: 'Test',
      responses: [],
    });
    const bad = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      instrument: { surveyId, answers: {} },
    });
    expect(bad.statusCode, bad.body).toBe(400);
    const disagrees = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      instrument: { surveyId, answers: { in_person_meeting: { value: 'no' } } },
    });
    expect(disagrees.statusCode).toBe(400);
    expect(disagrees.body).toContain('not in person');
    const good = await me.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      instrument: { surveyId, answers: { in_person_meeting: { value: 'yes' } } },
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().surveyResponseId).toEqual(expect.any(String));
    const listed = (await w.planClient.get(`/api/care/enrollees/${id}/assessments`)).json().items[0];
    expect(listed.instrument).toMatchObject({ surveyId, version: 1, title: 'Comprehensive assessment' });
  });
});

describe('the instrument of an assessment', () => {
  const definition = {
    sections: [
      {
        title: 'About this assessment',
        questions: [{ key: 'in_person_meeting', type: 'yes_no', required: true, text: 'In person?' }],
      },
    ],
  } as never;
  const published = (orgId: string) =>
    seedPublishedSurvey(t.database.system, {
      orgId,
      code: `CA-${crypto.randomUUID().slice(0, 8)}`,
      title: 'Comprehensive assessment',
      description: '',
      definition,
      anonymous: false,
      moduleId: null,
      link: null,
      roles: [],
      on: daysAgo(100),
      publishedBy: 'Test',
      responses: [],
    });

  it('is the holding plan’s survey, which a provider’s coordinator on the team answers; not their own', async () => {
    const w = await world();
    const id = await enrolled(w, ofProvider(w));
    const plans = await published(w.plan.id);
    const providers = await published(w.provider.id);
    const provider = await t.signIn(w.providerCoordinator.email);
    // The forms listed to them are the plan's, with the questions of the published version.
    const forms = await provider.get(`/api/care/enrollees/${id}/instruments`);
    expect(forms.statusCode, forms.body).toBe(200);
    expect(forms.json().items).toEqual([
      { surveyId: plans, title: 'Comprehensive assessment', version: 1, definition: expect.any(Object) },
    ]);
    expect(forms.json().items[0].definition.sections[0].questions[0].key).toBe('in_person_meeting');
    const answers = { in_person_meeting: { value: 'yes' } };
    const own = await provider.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      instrument: { surveyId: providers, answers },
    });
    expect(own.statusCode, own.body).toBe(422);
    expect(own.json().message).toContain('the organisation that holds the enrollee’s record');
    const good = await provider.post(`/api/care/enrollees/${id}/assessments`, {
      ...assessment,
      instrument: { surveyId: plans, answers },
    });
    expect(good.statusCode, good.body).toBe(201);
    const listed = (await provider.get(`/api/care/enrollees/${id}/assessments`)).json().items[0];
    expect(listed.instrument).toMatchObject({ surveyId: plans, title: 'Comprehensive assessment' });
  });
});

describe('the enrollee’s clocks', () => {
  it('says when outreach has proved the enrollee unreachable, which attempts count and why', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w), daysAgo(40));
    for (const [mode, ago] of [
      ['phone', 9],
      ['phone', 9],
      ['letter', 6],
      ['phone', 3],
    ] as const)
      await w.planClient.post(`/api/care/enrollees/${id}/contacts`, {
        mode,
        reached: false,
        occurredAt: noonDaysAgo(ago),
      });
    const res = await w.planClient.get(`/api/care/enrollees/${id}/clocks`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.clocks[0]).toMatchObject({
      kind: 'initial_assessment',
      dueOn: expect.any(String),
      overdue: false,
    });
    const verdict = body.unreachable.find((u: { program: string }) => u.program === 'one_care');
    expect(verdict.unreachable).toBe(true);
    expect(verdict.counted).toHaveLength(3);
    expect(verdict.notCounted[0].why).toContain('same day');
    expect(body.noContact).toMatchObject({ noContact: false, rule: { kind: 'no_contact', version: 1 } });
  });
});

describe('work queues', () => {
  it('shows a coordinator their caseload’s work, and it changes as contacts and assessments are recorded', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const me = await t.signIn(w.coordinator.email);
    const first = (await me.get('/api/care/queue')).json();
    const row = first.items.find((r: { enrolleeId: string }) => r.enrolleeId === id);
    expect(kinds(row)).toEqual(['initial_assessment', 'outreach']);
    expect(row.items[0].rule).toEqual({ kind: 'initial_assessment', program: 'one_care', version: 1 });

    await me.post(`/api/care/enrollees/${id}/contacts`, {
      mode: 'phone',
      reached: true,
      occurredAt: noonDaysAgo(1),
    });
    const second = (await me.get('/api/care/queue')).json();
    expect(kinds(second.items.find((r: { enrolleeId: string }) => r.enrolleeId === id))).toEqual([
      'initial_assessment',
    ]);
    expect((await me.get('/api/care/queue?kind=outreach')).json().total).toBe(0);

    await me.post(`/api/care/enrollees/${id}/assessments`, assessment);
    const third = (await me.get('/api/care/queue')).json();
    expect(third.items.find((r: { enrolleeId: string }) => r.enrolleeId === id)).toBeUndefined();
    const all = (await me.get('/api/care/queue?all=true')).json();
    expect(all.items.map((r: { enrolleeId: string }) => r.enrolleeId)).toContain(id);

    const csv = await me.get('/api/care/queue/export?format=csv&all=true');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
  });

  it('opens a coordinator’s queue to them, their supervisor and an organisation admin only', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const providerId = await enrolled(w, ofProvider(w));
    const supervisor = await t.user([{ orgId: w.plan.id, role: 'care_coordinator' }]);
    const person = await w.planClient.get(`/api/people/${w.coordinator.person.id}`);
    const patched = await w.planClient.patch(
      `/api/people/${w.coordinator.person.id}`,
      { supervisorEmail: supervisor.email },
      { 'if-match': person.headers.etag as string },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    const url = `/api/care/queue?coordinatorId=${w.coordinator.person.id}`;
    const cases: [string, Promise<Awaited<ReturnType<typeof t.signIn>>>, number][] = [
      ['the coordinator', t.signIn(w.coordinator.email), 200],
      ['the plan admin', Promise.resolve(w.planClient), 200],
      ['their supervisor', t.signIn(supervisor.email), 200],
      ['another coordinator', as(w.plan.id, 'care_coordinator'), 403],
      ['another plan’s admin', t.org({ kind: 'plan' }).then((o) => as(o.id, 'org_admin')), 403],
      ['an auditor', as(w.plan.id, 'auditor'), 403],
      ['the provider coordinator', t.signIn(w.providerCoordinator.email), 403],
      ['a vendor admin', as(w.vendor.id, 'org_admin'), 403],
    ];
    for (const [who, signingIn, status] of cases) {
      const res = await (await signingIn).get(url);
      expect(res.statusCode, `${who}: ${res.body}`).toBe(status);
      if (status === 200)
        expect(res.json().items.map((r: { enrolleeId: string }) => r.enrolleeId)).toEqual([id]);
    }
    // The provider's coordinator works the enrollees they are single point of contact for, held by the plan.
    const provider = await t.signIn(w.providerCoordinator.email);
    const theirs = (await provider.get('/api/care/queue')).json();
    expect(theirs.items.map((r: { enrolleeId: string }) => r.enrolleeId)).toEqual([providerId]);

    // The supervisor's team view: only the people they supervise; the admin's: every coordinator.
    const team = (await (await t.signIn(supervisor.email)).get('/api/care/queue/team')).json();
    expect(team.items.map((r: { coordinatorId: string }) => r.coordinatorId)).toEqual([
      w.coordinator.person.id,
    ]);
    expect(team.items[0]).toMatchObject({ caseload: 1, counts: { initial_assessment: 1, outreach: 1 } });
    expect(team.items[0].links.kinds.outreach).toBe(
      `/api/care/queue?coordinatorId=${w.coordinator.person.id}&kind=outreach`,
    );
    const behind = (await w.planClient.get(team.items[0].links.kinds.outreach)).json();
    expect(behind.items.map((r: { enrolleeId: string }) => r.enrolleeId)).toEqual([id]);
    const everyone = (await w.planClient.get('/api/care/queue/team')).json();
    expect(everyone.items.map((r: { coordinatorId: string }) => r.coordinatorId)).toEqual(
      expect.arrayContaining([w.coordinator.person.id, supervisor.person.id]),
    );
    const other = await (await as(w.plan.id, 'care_coordinator')).get(
      `/api/care/queue/team?supervisorId=${supervisor.person.id}`,
    );
    expect(other.statusCode).toBe(403);
    const xlsx = await w.planClient.get('/api/care/queue/team/export');
    expect(xlsx.statusCode).toBe(200);
  });
});

describe('kept work queue items (decision 055)', () => {
  it('answers from kept items once refreshed, as it did computing them, and computes again after a change', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const late = await enrolled(w, ofPlan(w), daysAgo(120));
    const me = await t.signIn(w.coordinator.email);
    const team = async () =>
      (await w.planClient.get('/api/care/queue/team?sort=name'))
        .json()
        .items.find((r: { coordinatorId: string }) => r.coordinatorId === w.coordinator.person.id);
    const computed = { queue: (await me.get('/api/care/queue?all=true')).json(), team: await team() };
    expect(computed.team.overdue).toBe(1);

    // The reads queued a refresh for the plan; it keeps every enrollee's items for today.
    expect(await jobCount(t.database.system, DUE_REFRESH_JOB, w.plan.id, 'queued')).toBe(1);
    await t.services.jobs.drain();
    const today = massachusettsToday();
    for (const e of [id, late]) {
      const kept = await keptDueOf(t.database.system, e);
      expect(kept).toMatchObject({ computedOn: today });
      expect(kept!.computedChange).toBe(kept!.changed);
    }
    expect((await keptDueOf(t.database.system, late))!.overdue).toBe(true);
    // Tomorrow's refresh waits for the morning.
    expect(await jobCount(t.database.system, DUE_NIGHTLY_JOB, w.plan.id, 'queued')).toBe(1);
    expect({ queue: (await me.get('/api/care/queue?all=true')).json(), team: await team() }).toEqual(
      computed,
    );

    // A contact moves the enrollee's row on: the queue computes it again, right away.
    const before = (await keptDueOf(t.database.system, id))!.changed;
    await me.post(`/api/care/enrollees/${id}/contacts`, {
      mode: 'phone',
      reached: true,
      occurredAt: noonDaysAgo(1),
    });
    expect((await keptDueOf(t.database.system, id))!.changed).toBe(before + 1);
    const after = (await me.get('/api/care/queue?all=true')).json();
    expect(kinds(after.items.find((r: { enrolleeId: string }) => r.enrolleeId === id))).toEqual([
      'initial_assessment',
    ]);
    expect(await jobCount(t.database.system, DUE_REFRESH_JOB, w.plan.id, 'queued')).toBe(1);
  });

  it('never keeps items computed from facts that changed while they were computed', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const seen = (await keptDueOf(t.database.system, id))!.changed;
    await (await t.signIn(w.coordinator.email)).post(`/api/care/enrollees/${id}/contacts`, {
      mode: 'phone',
      reached: false,
      occurredAt: noonDaysAgo(1),
    });
    const row = { enrolleeId: id, changed: seen, items: [], kinds: [], overdue: false };
    expect(await keepDue(t.database.system, w.plan.id, massachusettsToday(), [row])).toBe(0);
    expect((await keptDueOf(t.database.system, id))!.computedOn).toBeNull();
    // Nor for an enrollee whose first row a change made meanwhile (a refresh reads a missing row as 0).
    const fresh = await enrollee(w.planClient);
    expect(await keptDueOf(t.database.system, fresh)).toBeUndefined();
    await w.planClient.post(`/api/care/enrollees/${fresh}/enrollments`, {
      program: 'one_care',
      effectiveOn: daysAgo(3),
    });
    const made = { ...row, enrolleeId: fresh, changed: 0 };
    expect(await keepDue(t.database.system, w.plan.id, massachusettsToday(), [made])).toBe(0);
  });

  it('cannot be written by the application role', async () => {
    const w = await world();
    const id = await enrolled(w, ofPlan(w));
    const refused = await t.database
      .scoped({ orgIds: [w.plan.id], personId: null }, (db) =>
        keepDue(db, w.plan.id, massachusettsToday(), [
          { enrolleeId: id, changed: 1, items: [], kinds: [], overdue: false },
        ]),
      )
      .catch((err: { code?: string; cause?: { code?: string } }) => err.code ?? err.cause?.code);
    expect(refused).toBe('42501');
  });
});

describe('the plan’s team view', () => {
  it('lists a network coordinator who is the single point of contact of one of its enrollees, with that caseload and their organisation', async () => {
    const w = await world();
    await enrolled(w, ofProvider(w));
    await enrolled(w, ofProvider(w), daysAgo(120));
    const team = (await w.planClient.get('/api/care/queue/team?sort=name')).json().items as {
      coordinatorId: string;
      organisation: string;
      caseload: number;
      overdue: number;
    }[];
    expect(team.find((r) => r.coordinatorId === w.providerCoordinator.person.id)).toMatchObject({
      organisation: w.provider.name,
      caseload: 2,
      overdue: 1,
    });
    // The plan's own coordinator, with no caseload yet, works at the plan.
    expect(team.find((r) => r.coordinatorId === w.coordinator.person.id)?.organisation).toBe(w.plan.name);
    // Their queue opens to the plan's administrator, with the plan's enrollees in it.
    const queue = await w.planClient.get(
      `/api/care/queue?coordinatorId=${w.providerCoordinator.person.id}&all=true`,
    );
    expect(queue.statusCode, queue.body).toBe(200);
    expect(queue.json().total).toBe(2);
    // What the network coordinator's own queue, clocks and assessments show of the plan's enrollee is in the
    // plan's audit trail too.
    const own = await t.signIn(w.providerCoordinator.email);
    const id = queue.json().items[0].enrolleeId as string;
    expect((await own.get('/api/care/queue')).statusCode).toBe(200);
    for (const path of ['clocks', 'assessments', 'major-changes'])
      expect((await own.get(`/api/care/enrollees/${id}/${path}`)).statusCode).toBe(200);
    await t.services.audit.flush();
    const atPlan = (await w.planClient.get(`/api/audit?entityId=${id}&pageSize=100`)).json().items as {
      action: string;
      details: { actorOrgId?: string };
    }[];
    const outside = atPlan.filter((e) => e.details?.actorOrgId === w.provider.id).map((e) => e.action);
    expect(outside.sort()).toEqual(['queue', 'read_assessments', 'read_clocks', 'read_major_changes']);
  });
});

describe('the team view’s order', () => {
  it('lists the team worst first: most enrollees overdue, then the largest caseload, not by name', async () => {
    const w = await world();
    // "Aaron" has nothing; the plan coordinator has one enrollee overdue; "Zed" has two not yet overdue.
    const idle = await t.user([{ orgId: w.plan.id, role: 'care_coordinator' }], { givenName: 'Aaron' });
    const busy = await t.user([{ orgId: w.plan.id, role: 'care_coordinator' }], { givenName: 'Zed' });
    await enrolled(w, ofPlan(w), daysAgo(120));
    for (const _ of [1, 2]) await enrolled(w, { personId: busy.person.id, memberOrgId: w.plan.id });
    const team = (await w.planClient.get('/api/care/queue/team')).json().items as {
      coordinatorId: string;
    }[];
    const order = team.map((r) => r.coordinatorId);
    const at = (id: string) => order.indexOf(id);
    expect(at(w.coordinator.person.id)).toBeLessThan(at(busy.person.id));
    expect(at(busy.person.id)).toBeLessThan(at(idle.person.id));
  });
});

describe('caseload transfer', () => {
  it('moves some of a caseload to another coordinator, keeping the history, and the queues follow', async () => {
    const w = await world();
    const a = await enrolled(w, ofPlan(w));
    const b = await enrolled(w, ofPlan(w));
    const next = await t.user([{ orgId: w.plan.id, role: 'care_coordinator' }]);
    const body = {
      fromPersonId: w.coordinator.person.id,
      toPersonId: next.person.id,
      role: 'care_coordinator',
      memberOrgId: w.plan.id,
      startsOn: daysAgo(0),
      enrolleeIds: [a],
    };
    for (const [role, status] of [
      ['auditor', 403],
      ['rn', 403],
    ] as const)
      expect(
        (await (await as(w.plan.id, role)).post('/api/care/caseloads/transfer', body)).statusCode,
        role,
      ).toBe(status);
    expect(
      (await (await as(w.provider.id, 'org_admin')).post('/api/care/caseloads/transfer', body)).statusCode,
    ).toBe(403);
    // Someone who is not a coordinator at the plan or in its network cannot take it.
    const stranger = await t.user([{ orgId: (await t.org()).id, role: 'care_coordinator' }]);
    const refused = await w.planClient.post('/api/care/caseloads/transfer', {
      ...body,
      toPersonId: stranger.person.id,
    });
    expect(refused.statusCode).toBe(422);
    const notTheirs = await w.planClient.post('/api/care/caseloads/transfer', {
      ...body,
      enrolleeIds: [await enrollee(w.planClient)],
    });
    expect(notTheirs.statusCode).toBe(422);

    const moved = await w.planClient.post('/api/care/caseloads/transfer', body);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ moved: 1, enrolleeIds: [a] });

    const team = (await w.planClient.get(`/api/care/enrollees/${a}`)).json().team;
    expect(team).toHaveLength(2);
    expect(team.find((m: { personId: string }) => m.personId === w.coordinator.person.id).endsOn).toBe(
      daysAgo(1),
    );
    expect(team.find((m: { personId: string }) => m.personId === next.person.id).endsOn).toBeNull();

    const ids = (r: { json(): { items: { enrolleeId: string }[] } }) =>
      r.json().items.map((i) => i.enrolleeId);
    expect(ids(await (await t.signIn(w.coordinator.email)).get('/api/care/queue?all=true'))).toEqual([b]);
    expect(ids(await (await t.signIn(next.email)).get('/api/care/queue?all=true'))).toEqual([a]);

    // All the rest: no list of enrollees moves the whole caseload.
    const rest = await w.planClient.post('/api/care/caseloads/transfer', { ...body, enrolleeIds: undefined });
    expect(rest.json()).toEqual({ moved: 1, enrolleeIds: [b] });
  });
});

describe('concord care queue', () => {
  it('prints a coordinator’s items due, and each coordinator’s counts without one', async () => {
    const w = await world();
    await enrolled(w, ofPlan(w));
    const { queue } = await import('../../src/cli/care.js');
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((s: string) => printed.push(s)) as never;
    try {
      const rt = { services: t.services, database: t.database } as unknown as Parameters<typeof queue>[0];
      await queue(rt, w.plan.code, w.coordinator.email);
      await queue(rt, w.plan.code, undefined);
    } finally {
      process.stdout.write = write;
    }
    const text = printed.join('');
    expect(text).toMatch(/2 items due for 1 enrollee$/m);
    expect(text).toContain('Comprehensive assessment due');
    expect(text).toContain('One Care initial assessment rule v1');
    expect(text).toMatch(/1 enrollee, 0 overdue \(1 comprehensive assessment, 1 outreach to try\)/);
  });
});
