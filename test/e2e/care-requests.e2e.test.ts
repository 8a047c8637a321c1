// A Community Partner follows a service request in the browser but cannot decide it (issue 20). A behavioral
// health Community Partner's care coordinator, on Luis Ortega's care team at the plan, records the request he
// phoned in, sees its 7-day clock with the hours left and the rule version, and finds no way to decide it: the
// page says why. Trying anyway, with the page's own session, the API refuses with the same words.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { enrollee } from '../support/factories.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const REFUSAL = 'Community Partners record and follow service requests; the member’s plan decides them.';

describe('a Community Partner and a service request', () => {
  it('records and follows the request, and is refused deciding it', async () => {
    const plan = await t.org({ kind: 'plan', name: 'Harbor One Care Plan' });
    const cp = await t.org({ kind: 'cp_bh', name: 'North Shore Behavioral Health CP' });
    await insertRelationship(t.database.system, {
      orgId: plan.id,
      kind: 'cp_partnership',
      otherOrgId: cp.id,
      startsOn: '2020-01-01',
    });
    const admin = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
    const lan = await t.user([{ orgId: cp.id, role: 'care_coordinator' }], {
      givenName: 'Lan',
      familyName: 'Tran',
    });
    const id = await enrollee(admin, { givenName: 'Luis', familyName: 'Ortega' });
    for (const [path, body] of [
      ['enrollments', { program: 'one_care', effectiveOn: '2025-06-01' }],
      [
        'team/single-point-of-contact',
        { personId: lan.person.id, memberOrgId: cp.id, role: 'care_coordinator', startsOn: '2025-06-01' },
      ],
    ] as const)
      expect((await admin.post(`/api/care/enrollees/${id}/${path}`, body)).statusCode).toBe(201);
    const lanApi = await t.signIn(lan.email);
    const recorded = await lanApi.post(`/api/care/enrollees/${id}/requests`, {
      service: 'Home health aide, 10 hours a week',
      priority: 'standard',
      // An hour ago: whatever the time of day, never in the future.
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      receivedVia: 'phone',
      requestedBy: 'enrollee',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const requestId = recorded.json().id as string;

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, lan.email, PASSWORD);
    await page.goto(`${baseUrl}/care/enrollees/${id}`);
    const section = page.getByRole('region', { name: 'Service requests' });
    await expect
      .poll(() => section.getByText('Home health aide, 10 hours a week').count())
      .toBeGreaterThan(0);
    await expect.poll(() => section.getByText(/rule v2/).count()).toBeGreaterThan(0);
    expect(await section.getByRole('button', { name: /^Decide/ }).count()).toBe(0);
    await expect.poll(() => section.getByText(REFUSAL).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'service requests as a Community Partner');

    // Trying anyway through the page's session: refused by the policy, in the same words.
    const tried = await page.evaluate(
      async ({ requestId }) => {
        const session = await (await fetch('/api/auth/session')).json();
        const read = await fetch(`/api/care/requests/${requestId}`);
        const res = await fetch(`/api/care/requests/${requestId}/decision`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-csrf-token': session.csrfToken,
            'if-match': read.headers.get('etag') ?? '"1"',
          },
          body: JSON.stringify({ decision: 'approved' }),
        });
        return { status: res.status, body: await res.json() };
      },
      { requestId },
    );
    expect(tried.status).toBe(403);
    expect(tried.body.message).toBe(REFUSAL);
    await context.close();
  });
});
