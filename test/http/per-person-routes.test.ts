import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * Every route about one person answers 404 for someone the organisation has nothing to do with, exactly
 * as for an id no one has — never an empty 200 that says "no obligations, no completions, no exemptions".
 * Bay State (a plan) answers for its own staff and its network provider's; Springfield is neither.
 */
let t: TestContext;
let plan: Client;
let springfieldStaff: Client;
let providerAdmin: Client;
const ids = {} as Record<'own' | 'network' | 'elsewhere' | 'requirement' | 'topic', string>;
const NO_ONE = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await createTestApp();
  const bayState = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const springfield = await t.org({ kind: 'provider', name: 'Springfield LTSS' });
  await insertRelationship(t.database.system, {
    orgId: bayState.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2025-01-01',
  });
  plan = await t.signIn(
    (
      await t.user([
        { orgId: bayState.id, role: 'compliance_officer' },
        { orgId: bayState.id, role: 'training_admin' },
      ])
    ).email,
  );
  const own = await t.user([{ orgId: bayState.id, role: 'care_coordinator' }]);
  const network = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
  const elsewhere = await t.user([{ orgId: springfield.id, role: 'care_coordinator' }]);
  springfieldStaff = await t.signIn(elsewhere.email);
  providerAdmin = await t.signIn(
    (
      await t.user([
        { orgId: provider.id, role: 'org_admin' },
        { orgId: provider.id, role: 'compliance_officer' },
      ])
    ).email,
  );
  Object.assign(ids, { own: own.person.id, network: network.person.id, elsewhere: elsewhere.person.id });
  const topic = (
    await plan.post('/api/training/topics', { code: 'OC-CULT', title: 'Cultural competence' })
  ).json();
  const requirement = await plan.post('/api/compliance/requirements', {
    code: 'OC-CULT',
    title: 'Cultural competence',
    what: 'topics',
    topicIds: [topic.id],
    scope: 'network',
    trigger: 'role_start',
    dueWithinDays: 90,
    recurrence: 'once',
    inForceFrom: '2024-01-01',
  });
  expect(requirement.statusCode, requirement.body).toBe(201);
  ids.requirement = requirement.json().id;
  ids.topic = topic.id;
});
afterAll(() => t.close());

describe('a person the organisation has nothing to do with', () => {
  it('is not found by their obligations, as no one is', async () => {
    for (const id of [ids.elsewhere, NO_ONE])
      expect((await plan.get(`/api/compliance/people/${id}`)).statusCode, id).toBe(404);
    for (const id of [ids.own, ids.network]) {
      const res = await plan.get(`/api/compliance/people/${id}`);
      expect(res.statusCode, id).toBe(200);
      expect(res.json().items).toHaveLength(1);
    }
    // The contract brings the provider's staff under the plan's requirements, not the plan's staff under the
    // provider's: Lowell's administrator does not find Bay State's coordinator, as on the people pages.
    expect((await providerAdmin.get(`/api/compliance/people/${ids.own}`)).statusCode).toBe(404);
    expect((await providerAdmin.get(`/api/people/${ids.own}`)).statusCode).toBe(404);
    expect((await providerAdmin.get(`/api/compliance/people/${ids.network}`)).statusCode).toBe(200);
    // Each person may see what they owe wherever they ask from.
    expect((await springfieldStaff.get(`/api/compliance/people/${ids.elsewhere}`)).statusCode).toBe(200);
  });

  it('is not found by their exemptions, nor exempted', async () => {
    for (const id of [ids.elsewhere, NO_ONE]) {
      expect((await plan.get(`/api/compliance/exemptions?personId=${id}`)).statusCode, id).toBe(404);
      const exempt = await plan.post('/api/compliance/exemptions', {
        requirementId: ids.requirement,
        personId: id,
        reason: 'On leave',
      });
      expect(exempt.statusCode, id).toBe(404);
    }
    expect((await plan.get(`/api/compliance/exemptions?personId=${ids.network}`)).statusCode).toBe(200);
  });

  it('is not found by their completions, nor given one', async () => {
    for (const id of [ids.elsewhere, NO_ONE, ids.network])
      expect((await plan.get(`/api/training/completions?personId=${id}`)).statusCode, id).toBe(404);
    expect((await plan.get(`/api/training/completions?personId=${ids.own}`)).statusCode).toBe(200);
    const record = (personId: string) =>
      plan.post('/api/training/completions', { personId, topicId: ids.topic, completedOn: '2026-03-02' });
    for (const id of [ids.elsewhere, NO_ONE, ids.network])
      expect((await record(id)).statusCode, id).toBe(404);
    expect((await record(ids.own)).statusCode).toBe(201);
  });

  it('cannot be sent a reminder', async () => {
    const res = await plan.post('/api/compliance/reminders', {
      personId: ids.elsewhere,
      requirementId: ids.requirement,
    });
    expect(res.statusCode).toBe(404);
  });
});
