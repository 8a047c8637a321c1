// The learning record store page in the browser (decision 069): a training administrator on a phone sets the
// LRS by keyboard, the secret is never shown again, the test statement's answer is read out, and a recorded
// completion appears as sent.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { topic } from '../support/factories.js';
import { startTestLrs } from '../support/test-lrs.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;
let lrs: Awaited<ReturnType<typeof startTestLrs>>;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  baseUrl = await listenLocally(t.app);
  browser = await launch();
  lrs = await startTestLrs();
});
afterAll(async () => {
  await browser?.close();
  await lrs?.close();
  await t?.close();
});

describe('the learning record store page', () => {
  it('is set on a phone by keyboard, tests the LRS, and lists what was sent', async () => {
    const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
    const admin = await t.user([{ orgId: provider.id, role: 'training_admin' }]);
    const joe = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], { givenName: 'Joe' });
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const phone = await context.newPage();
    await signIn(phone, baseUrl, admin.email, PASSWORD);
    await phone.goto(`${baseUrl}/training/lrs`);
    await phone.getByRole('heading', { name: 'Learning record store' }).waitFor();
    const form = phone.getByRole('form', { name: 'Learning record store settings' });
    await form.getByLabel('xAPI endpoint').fill('http://lrs.example.org/xapi');
    await form.getByLabel('Key').fill(lrs.credentials.key);
    await form.getByLabel('Secret').fill(lrs.credentials.secret);
    await form.getByLabel('Send completions recorded from now on to this LRS').check();
    await phone.keyboard.press('Enter');
    // Refused with the reason beside the field.
    await expect
      .poll(() => form.getByText('The LRS endpoint must start with https://').count())
      .toBeGreaterThan(0);
    await form.getByLabel('xAPI endpoint').fill(lrs.endpoint);
    await form.getByLabel('xAPI endpoint').press('Enter');
    await expect.poll(() => form.getByText(/A secret is stored and is never shown/).count()).toBe(1);
    expect(await form.getByLabel('Secret').inputValue()).toBe('');
    expect(await phone.content()).not.toContain(lrs.credentials.secret);

    await phone.getByRole('button', { name: 'Send a test statement' }).click();
    await expect
      .poll(() => phone.getByRole('status').textContent())
      .toContain('The LRS stored the test statement');

    const api = await t.signIn(admin.email);
    const pcp = await topic(api, { code: 'PCP-E2E', title: 'Person-centered planning', shared: true });
    const recorded = await api.post('/api/training/completions', {
      personId: joe.person.id,
      topicId: pcp,
      completedOn: '2026-03-02',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    await t.services.jobs.drain();
    await phone.reload();
    await expect.poll(() => phone.getByText(/Person-centered planning/).count()).toBe(1);
    await expect.poll(() => phone.getByText('Sent', { exact: true }).count()).toBe(1);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectAccessible(phone, 'the learning record store page');
  });
});
