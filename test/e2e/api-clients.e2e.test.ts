// API clients in the browser (decision 065): a plan's administrator registers a client on a phone, copies
// its secret, a system reads the FHIR API with it, and the administrator revokes it at a desk.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function pageAs(email: string, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  return page;
}

async function tokenFor(clientId: string, secret: string) {
  return fetch(`${baseUrl}/api/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: secret,
    }),
  });
}

describe('an API client', () => {
  it('is registered on a phone, reads the FHIR API with its secret, and stops when revoked', async () => {
    const plan = await t.org({ kind: 'plan', name: 'Harbor One Care Plan' });
    const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
    await t.user([{ orgId: plan.id, role: 'auditor' }], { givenName: 'Feed', familyName: 'Service' });
    const id = await enrollee(await t.signIn(admin.email), { givenName: 'Luis', familyName: 'Ortega' });

    const phone = await pageAs(admin.email, 390);
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'API clients' }).click();
    await phone.getByRole('heading', { name: 'API clients' }).waitFor();
    const form = phone.getByRole('form', { name: 'Register an API client' });
    // Sent empty, every field says what it needs.
    await form.getByRole('button', { name: 'Register the client' }).click();
    await expect.poll(() => form.getByRole('alert').count()).toBeGreaterThan(0);
    await form.getByLabel('Name').fill('Epic nightly feed');
    const field = (name: RegExp) =>
      form.getByRole('textbox', { name }).or(form.getByRole('combobox', { name })).first();
    await field(/^Acts as/).fill('Service');
    await phone.getByRole('option', { name: /Feed Service \(Auditor\)/ }).click();
    await field(/^May read/).fill('Patient');
    await phone.getByRole('option', { name: 'Patient: read and search (system/Patient.rs)' }).click();
    await phone.keyboard.press('Escape');
    await form.getByRole('button', { name: 'Register the client' }).click();
    const secret = phone.getByRole('textbox', { name: 'Client secret', exact: true });
    await secret.waitFor();
    // Focus lands on what was made, so a screen reader hears it.
    await expect
      .poll(() => phone.evaluate(() => document.activeElement?.textContent))
      .toBe('Epic nightly feed is registered');
    await expectAccessible(phone, 'the API clients page showing a new secret');
    const clientId = await phone.getByRole('textbox', { name: 'Client id', exact: true }).inputValue();
    const clientSecret = await secret.inputValue();
    await phone.screenshot({ path: '/tmp/concord-api-client-390.png', fullPage: true });
    await phone.getByRole('button', { name: 'I have stored the secret' }).click();
    await expect.poll(() => secret.count()).toBe(0);

    const issued = await tokenFor(clientId, clientSecret);
    expect(issued.status).toBe(200);
    const { access_token } = (await issued.json()) as { access_token: string };
    const read = await fetch(`${baseUrl}/fhir/R4/Patient/${id}`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ resourceType: 'Patient', name: [{ family: 'Ortega' }] });

    // At a desk, the administrator revokes it; the token stops at once.
    const desk = await pageAs(admin.email, 1366);
    await desk.goto(`${baseUrl}/api-clients`);
    await desk.getByRole('button', { name: 'Revoke Epic nightly feed' }).click();
    await desk.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => desk.getByText(/^Revoked /).count()).toBe(1);
    await expectAccessible(desk, 'the API clients page with a revoked client');
    await desk.screenshot({ path: '/tmp/concord-api-clients-1366.png', fullPage: true });
    const after = await fetch(`${baseUrl}/fhir/R4/Patient/${id}`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(after.status).toBe(401);
    expect((await tokenFor(clientId, clientSecret)).status).toBe(401);
  });
});
