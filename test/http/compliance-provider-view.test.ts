import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { massachusettsDate } from '../../src/domains/compliance/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { withReadScope } from '../../src/platform/db/scope.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { plantTopics } from '../support/planted-rows.js';

/**
 * Two plans contract with two providers. Each plan requires a training of its network's care coordinators
 * and nurses, due 30 days
 * after the contract started in 2025: everyone who has not done it is overdue. Ana and Ben work at Lowell
 * Community Health, Zoe at Harbor Health; Lee is the first plan's own care coordinator, under its
 * organisation-only model-of-care requirement too. Lowell's administrator must see what both plans require
 * of Ana and Ben — and nothing about Zoe, Lee, or the plans' own requirements.
 */
let t: TestContext;
let lowellAdmin: Client;
let planOfficer: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.system;
  const bay = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const coast = await t.org({ kind: 'plan', name: 'Coastal Health Plan' });
  const lowell = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const harbor = await t.org({ kind: 'provider', name: 'Harbor Health' });
  for (const plan of [bay, coast])
    for (const provider of [lowell, harbor])
      await insertRelationship(db, {
        orgId: plan.id,
        otherOrgId: provider.id,
        kind: 'network_contract',
        startsOn: '2025-01-01',
      });
  lowellAdmin = await t.signIn((await t.user([{ orgId: lowell.id, role: 'org_admin' }])).email);
  planOfficer = await t.signIn((await t.user([{ orgId: bay.id, role: 'compliance_officer' }])).email);
  const coastOfficer = await t.signIn(
    (await t.user([{ orgId: coast.id, role: 'compliance_officer' }])).email,
  );
  const person = (orgId: string, role: 'care_coordinator' | 'rn', givenName: string) =>
    t.user([{ orgId, role }], { givenName, familyName: 'Example' });
  const ana = await person(lowell.id, 'care_coordinator', 'Ana');
  const ben = await person(lowell.id, 'rn', 'Ben');
  const zoe = await person(harbor.id, 'care_coordinator', 'Zoe');
  const lee = await person(bay.id, 'care_coordinator', 'Lee');
  Object.assign(ids, {
    bay: bay.id,
    coast: coast.id,
    lowell: lowell.id,
    ana: ana.person.id,
    ben: ben.person.id,
    zoe: zoe.person.id,
    lee: lee.person.id,
  });
  const [cult, access, moc] = await plantTopics(db, [
    { orgId: bay.id, code: 'OC-CULT', title: 'Cultural competence', shared: true },
    { orgId: coast.id, code: 'OC-ACC', title: 'Accessibility and accommodations', shared: true },
    { orgId: bay.id, code: 'BSOC-MOC', title: 'Bay State model of care', shared: false },
  ]);
  const require = (client: Client, body: Record<string, unknown>) =>
    client.post('/api/compliance/requirements', {
      what: 'topics',
      scope: 'network',
      trigger: 'contract_start',
      dueWithinDays: 30,
      recurrence: 'once',
      inForceFrom: '2024-01-01',
      roles: ['care_coordinator', 'rn'],
      ...body,
    });
  const made = await Promise.all([
    require(planOfficer, { code: 'BAY-CULT', title: 'Bay State: cultural competence', topicIds: [cult!] }),
    require(planOfficer, {
      code: 'BAY-MOC',
      title: 'Bay State model of care',
      topicIds: [moc!],
      scope: 'organisation',
      trigger: 'role_start',
    }),
    require(coastOfficer, { code: 'COAST-ACC', title: 'Coastal: accessibility', topicIds: [access!] }),
  ]);
  for (const res of made) expect(res.statusCode, res.body).toBe(201);
  ids.bayCult = made[0]!.json().id;
  ids.coastAcc = made[2]!.json().id;
});
afterAll(() => t.close());

type Row = {
  name: string;
  personId: string;
  requirementCode: string;
  status: string;
  organisations: string[];
  requiredBy?: { id: string; name: string };
};

describe("a provider's administrator sees what the plans require of their staff", () => {
  it('shows each plan that reaches their people, with its requirements and counts', async () => {
    const res = await lowellAdmin.get('/api/compliance/dashboard');
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    const plans = d.requiredBy.map((p: { name: string }) => p.name);
    expect(plans).toEqual(['Bay State One Care', 'Coastal Health Plan']);
    for (const plan of d.requiredBy) {
      // Ana and Ben, both overdue; not Zoe (another provider's), not Lee (the plan's own).
      expect(plan).toMatchObject({ people: 2, counts: { overdue: 2 }, rate: 0 });
      // Only the network's requirements: the plan's own model of care is not Lowell's business.
      expect(plan.requirements.map((r: { code: string }) => r.code)).toEqual([
        plan.id === ids.bay ? 'BAY-CULT' : 'COAST-ACC',
      ]);
    }
    // The headline counts everyone the provider answers for.
    expect(d.people).toBe(2);
    expect(d.total.overdue).toBe(4);
    // Yesterday, computed from the facts for Lowell's people alone, stood the same.
    const yesterday = massachusettsDate(new Date(Date.now() - 86_400_000));
    const past = (await lowellAdmin.get(`/api/compliance/dashboard?asOf=${yesterday}`)).json();
    expect(
      past.requiredBy.map((p: { people: number; counts: { overdue: number } }) => p.counts.overdue),
    ).toEqual([2, 2]);
    const pastList = (
      await lowellAdmin.get(`/api/compliance/statuses?requiredBy=${ids.bay}&asOf=${yesterday}&pageSize=100`)
    ).json() as { items: Row[] };
    expect(pastList.items.map((r) => r.name).sort()).toEqual(['Ana Example', 'Ben Example']);
  });

  it("lets row-level security give Lowell's scope only the plans' rows about Lowell's people", async () => {
    await lowellAdmin.get('/api/compliance/dashboard');
    const seen = await withReadScope(t.database, { orgIds: [ids.lowell!], personId: null }, (db) =>
      checkedRows(
        db,
        z.object({ personId: z.string() }),
        sql`select person_id as "personId" from compliance_statuses`,
      ),
    );
    expect(new Set(seen.map((r) => r.personId))).toEqual(new Set([ids.ana, ids.ben]));
  });

  it("lists the overdue staff behind each plan's number, and no one else", async () => {
    for (const plan of ['bay', 'coast']) {
      const res = await lowellAdmin.get(
        `/api/compliance/statuses?requiredBy=${ids[plan]}&status=overdue&pageSize=100`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const list = res.json() as { items: Row[]; total: number };
      expect(list.items.map((r) => r.name).sort()).toEqual(['Ana Example', 'Ben Example']);
      expect(list.total).toBe(2);
      // Where they work, as far as Lowell is concerned: Lowell.
      for (const r of list.items) {
        expect(r.organisations).toEqual(['Lowell Community Health']);
        expect(r.requiredBy?.id).toBe(ids[plan]);
      }
    }
    // Every plan at once.
    const all = (
      await lowellAdmin.get('/api/compliance/statuses?requiredBy=others&status=overdue&pageSize=100')
    ).json() as { items: Row[] };
    expect(all.items.map((r) => `${r.name} ${r.requirementCode}`).sort()).toEqual([
      'Ana Example BAY-CULT',
      'Ana Example COAST-ACC',
      'Ben Example BAY-CULT',
      'Ben Example COAST-ACC',
    ]);
  });

  it("shows a staff member's obligations and which plan sets each", async () => {
    const res = await lowellAdmin.get(`/api/compliance/people/${ids.ana}`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Row[];
    expect(items.map((r) => [r.requirementCode, r.status, r.requiredBy?.name]).sort()).toEqual([
      ['BAY-CULT', 'overdue', 'Bay State One Care'],
      ['COAST-ACC', 'overdue', 'Coastal Health Plan'],
    ]);
  });

  it("never shows another provider's staff or the plan's own people", async () => {
    for (const who of ['zoe', 'lee'])
      expect((await lowellAdmin.get(`/api/compliance/people/${ids[who]}`)).statusCode).toBe(404);
    const named = (
      await lowellAdmin.get(`/api/compliance/statuses?requiredBy=${ids.bay}&pageSize=100`)
    ).json() as { items: Row[] };
    expect(named.items.map((r) => r.personId)).not.toContain(ids.zoe);
    expect(named.items.map((r) => r.personId)).not.toContain(ids.lee);
    // A plan Lowell has no contract with, or a made-up one, is no one's.
    const unknown = await lowellAdmin.get(`/api/compliance/statuses?requiredBy=${ids.lowell}1`);
    expect(unknown.statusCode).toBe(400);
  });

  it('leaves the plan seeing its network as before', async () => {
    const d = (await planOfficer.get('/api/compliance/dashboard')).json();
    expect(d.requiredBy).toEqual([]);
    // Ana, Ben, Zoe under the network requirement; Lee under both.
    expect(d.people).toBe(4);
    expect(d.requirements.map((r: { code: string }) => r.code)).toEqual(['BAY-CULT', 'BAY-MOC']);
    const list = (await planOfficer.get('/api/compliance/statuses?pageSize=100')).json() as {
      items: Row[];
    };
    expect(list.items).toHaveLength(5);
    expect(list.items.every((r) => r.requiredBy === undefined)).toBe(true);
  });
});
