// What the 42 CFR Part 2 tests share: a plan holding an enrollee in One Care, a behavioral-health Community
// Partner (the Part 2 program) and a primary care practice, both on the enrollee's care team, each signed in.
import { expect } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import type { Client, TestContext } from './app.js';
import { enrollee } from './factories.js';

export type Part2World = Awaited<ReturnType<typeof part2World>>;

/** The three organisations and a signed-in person at each; `enrolleeFor` makes an enrollee with them on its team. */
export async function part2World(t: TestContext) {
  const plan = await t.org({ kind: 'plan' });
  const cp = await t.org({ kind: 'cp_bh' });
  const provider = await t.org({ kind: 'provider' });
  for (const [other, kind] of [
    [cp, 'cp_partnership'],
    [provider, 'network_contract'],
  ] as const)
    await insertRelationship(t.database.system, {
      orgId: plan.id,
      otherOrgId: other.id,
      kind,
      startsOn: '2024-01-01',
    });
  const planCm = await t.user([{ orgId: plan.id, role: 'clinical_care_manager' }]);
  const counselor = await t.user([{ orgId: cp.id, role: 'clinical_care_manager' }]);
  const pcp = await t.user([{ orgId: provider.id, role: 'pcp' }]);
  const clients = {
    plan: await t.signIn(planCm.email),
    cp: await t.signIn(counselor.email),
    provider: await t.signIn(pcp.email),
  };
  const orgs = { plan, cp, provider };

  async function enrolleeFor() {
    const id = await enrollee(clients.plan);
    const steps = [
      clients.plan.post(`/api/care/enrollees/${id}/enrollments`, {
        program: 'one_care',
        effectiveOn: '2025-01-01',
      }),
      clients.plan.post(`/api/care/enrollees/${id}/team`, {
        personId: counselor.person.id,
        role: 'clinical_care_manager',
        memberOrgId: cp.id,
        startsOn: '2025-01-01',
      }),
      clients.plan.post(`/api/care/enrollees/${id}/team`, {
        personId: pcp.person.id,
        role: 'pcp',
        memberOrgId: provider.id,
        startsOn: '2025-01-01',
      }),
    ];
    for (const step of steps) {
      const res = await step;
      expect(res.statusCode, res.body).toBe(201);
    }
    return id;
  }
  return { orgs, clients, enrolleeFor };
}

export const CONTACT = {
  mode: 'phone',
  reached: true,
  occurredAt: '2026-01-05T15:00:00Z',
  notes: 'Talked about the week.',
};

export async function contact(client: Client, enrolleeId: string, part2: boolean) {
  const res = await client.post(`/api/care/enrollees/${enrolleeId}/contacts`, { ...CONTACT, part2 });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; part2: boolean };
}

export async function consent(client: Client, enrolleeId: string, body: Record<string, unknown>) {
  const res = await client.post(`/api/care/enrollees/${enrolleeId}/part2-consents`, {
    scope: 'tpo',
    signedOn: '2026-01-02',
    startsOn: '2026-01-02',
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
}

export async function revoke(client: Client, enrolleeId: string, c: { id: string; version: number }) {
  return client.post(
    `/api/care/enrollees/${enrolleeId}/part2-consents/${c.id}/revoke`,
    { receivedOn: '2026-01-20', channel: 'letter' },
    { 'if-match': `"${c.version}"` },
  );
}

/** The ids of a list the reader sees. */
export async function ids(client: Client, url: string) {
  const res = await client.get(url);
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json();
  const items = (body.items ?? body.entry?.map((e: { resource: unknown }) => e.resource) ?? []) as {
    id: string;
  }[];
  return items.map((i) => i.id);
}
