import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { enrollee, requirement, topic } from '../support/factories.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A plan requiring a topic of its network, a provider in the network, and an enrollee whose SPOC works there. */
async function world() {
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2020-01-01',
  });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
  const planClient = await t.signIn(admin.email);
  const topicId = await topic(planClient);
  const requirementCode = `ICT-${Math.random().toString(36).slice(2, 8)}`;
  await requirement(planClient, { code: requirementCode, topicIds: [topicId], inForceFrom: '2024-01-01' });
  const coordinator = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
    givenName: 'Carla',
  });
  const nurse = await t.user([{ orgId: plan.id, role: 'rn' }]);
  const id = await enrollee(planClient);
  const spoc = await planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
    personId: coordinator.person.id,
    role: 'care_coordinator',
    memberOrgId: provider.id,
    startsOn: '2024-02-01',
  });
  expect(spoc.statusCode, spoc.body).toBe(201);
  const rn = await planClient.post(`/api/care/enrollees/${id}/team`, {
    personId: nurse.person.id,
    role: 'rn',
    memberOrgId: plan.id,
    startsOn: '2025-06-01',
  });
  expect(rn.statusCode, rn.body).toBe(201);
  return { plan, provider, planClient, coordinator, nurse, id, requirementCode };
}

describe('the care team’s training status', () => {
  it('shows each member’s statuses under the plan’s requirements on joining and today', async () => {
    const w = await world();
    const res = await w.planClient.get(`/api/care/enrollees/${w.id}/team/training`);
    expect(res.statusCode, res.body).toBe(200);
    const view = res.json();
    const spoc = view.members.find((m: { personId: string }) => m.personId === w.coordinator.person.id);
    expect(spoc).toMatchObject({ singlePointOfContact: true, startsOn: '2024-02-01' });
    expect(spoc.onJoining.asOf).toBe('2024-02-01');
    // Due 90 days from the rule's start (2024-03-31): open when she joined, overdue now, never done.
    expect(['pending', 'due_soon']).toContain(spoc.onJoining.standing);
    expect(spoc.onJoining.requirements.map((r: { code: string }) => r.code)).toEqual([w.requirementCode]);
    expect(spoc.now).toMatchObject({ standing: 'overdue', asOf: view.today });
    expect(view.allTrainedNow).toBe(false);
    const nurse = view.members.find((m: { personId: string }) => m.personId === w.nurse.person.id);
    expect(nurse.onJoining.asOf).toBe('2025-06-01');
    expect(nurse.now.requirements).toHaveLength(nurse.now.standing === 'none_required' ? 0 : 1);
    await t.services.audit.flush();
    const audited = await auditEntries(t.database.system, { entityId: w.id, action: 'read_team_training' });
    expect(audited.map((a) => a.details)).toEqual([expect.objectContaining({ phi: true })]);
  });

  it('shows an organisation on the team only its own people, and no one else anything', async () => {
    const w = await world();
    const own = await t.signIn(w.coordinator.email);
    const mine = await own.get(`/api/care/enrollees/${w.id}/team/training`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().members.map((m: { personId: string }) => m.personId)).toEqual([
      w.coordinator.person.id,
    ]);
    for (const [orgId, role] of [
      [w.plan.id, 'compliance_officer'],
      [w.plan.id, 'training_admin'],
      [(await t.org({ kind: 'provider' })).id, 'care_coordinator'],
      [(await t.org({ kind: 'plan' })).id, 'org_admin'],
    ] as const) {
      const other = await t.signIn((await t.user([{ orgId, role }])).email);
      expect((await other.get(`/api/care/enrollees/${w.id}/team/training`)).statusCode, role).toBe(404);
    }
  });
});

describe('who may join a care team', () => {
  it('is anyone holding the part’s role at the plan or in its network on the day, found by any order of their name', async () => {
    const w = await world();
    const elsewhere = await t.org({ kind: 'provider' });
    await t.user([{ orgId: elsewhere.id, role: 'care_coordinator' }], { givenName: 'Carla' });
    await t.user([{ orgId: w.provider.id, role: 'care_coordinator', endsOn: '2025-01-31' }], {
      givenName: 'Carla',
    });
    const find = async (query: string) => {
      const res = await w.planClient.get(`/api/care/team-candidates?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().items as { personId: string; memberOrgId: string; roles: string[] }[];
    };
    const carla = {
      personId: w.coordinator.person.id,
      memberOrgId: w.provider.id,
      roles: ['care_coordinator'],
    };
    const family = w.coordinator.person.familyName;
    for (const q of ['Carla', `${family}, Carla`, `carla ${family.toLowerCase()}`])
      expect(await find(`role=care_coordinator&q=${encodeURIComponent(q)}`)).toEqual([
        expect.objectContaining(carla),
      ]);
    // The nurse is at the plan, but not a care coordinator; any part finds her.
    expect((await find('role=care_coordinator')).map((c) => c.personId)).not.toContain(w.nurse.person.id);
    expect((await find('role=other')).map((c) => c.personId)).toContain(w.nurse.person.id);
    // Before the network contract began, only the plan's own staff.
    expect((await find('role=care_coordinator&on=2019-06-01')).map((c) => c.personId)).toEqual([]);
  });

  it('is asked only by whoever keeps the plan’s care teams', async () => {
    const w = await world();
    const coordinator = await t.signIn(w.coordinator.email);
    expect((await coordinator.get('/api/care/team-candidates?q=Carla')).statusCode).toBe(403);
  });
});
