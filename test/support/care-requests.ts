// What the service request tests share: a plan with a care manager and an enrollee in One Care since 2025, a
// request as a fax brings it, and recording and deciding one over HTTP.
import { expect } from 'vitest';
import type { Client, TestContext } from './app.js';
import { enrollee } from './factories.js';

/** A One Care plan, its clinical care manager (who decides), and an enrollee of the plan in One Care since 2025. */
export async function requestPlan(t: TestContext, enrolleeValues: Record<string, unknown> = {}) {
  const org = await t.org({ kind: 'plan' });
  const coordinator = await t.user([{ orgId: org.id, role: 'clinical_care_manager' }]);
  const client = await t.signIn(coordinator.email);
  const id = await enrollee(client, enrolleeValues);
  const e = await client.post(`/api/care/enrollees/${id}/enrollments`, {
    program: 'one_care',
    effectiveOn: '2025-01-01',
  });
  expect(e.statusCode, e.body).toBe(201);
  return { org, client, id, coordinator };
}

export const REQUEST = {
  service: 'Power wheelchair',
  priority: 'standard',
  receivedAt: '2026-01-05T15:00:00Z',
  receivedVia: 'fax',
  requestedBy: 'provider',
};

export async function recordRequest(
  client: Client,
  enrolleeId: string,
  values: Record<string, unknown> = {},
) {
  const res = await client.post(`/api/care/enrollees/${enrolleeId}/requests`, { ...REQUEST, ...values });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

export function decideRequest(
  client: Client,
  request: { id: string; version: number },
  body: Record<string, unknown>,
) {
  return client.post(`/api/care/requests/${request.id}/decision`, body, {
    'if-match': `"${request.version}"`,
  });
}
