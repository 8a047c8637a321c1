import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../src/platform/auth/totp.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
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

describe('two-step sign-in in the browser', () => {
  it('is set up from the account page at phone width, then asked for at sign-in', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'care_coordinator' }], { givenName: 'Rosa' });
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, email, PASSWORD);
    await page.goto(`${baseUrl}/account`);
    await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
    // The secret as text, beside the QR code, for whoever cannot scan it.
    const secret = (await page.getByLabel('Secret', { exact: true }).textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete')))
      .toBe('one-time-code');
    await expectAccessible(page, 'setting up two-step sign-in at 390 px');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('textbox', { name: 'Code from the app' }).fill(totpAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('heading', { name: 'Two-step sign-in is on' }).waitFor();
    expect(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count()).toBe(10);
    await page.getByRole('button', { name: 'I have kept my recovery codes' }).click();
    await page.getByText(/On\. Signing in asks for a code/).waitFor();
    await context.close();

    // A new browser: the password, then the code, computed from the secret the page showed.
    const again = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const second = await again.newPage();
    await second.goto(baseUrl);
    await second.getByLabel('E-mail address').fill(email);
    await second.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await second.getByRole('button', { name: 'Sign in' }).click();
    await second.getByRole('textbox', { name: 'Code' }).waitFor();
    await expectAccessible(second, 'the sign-in code step at 390 px');
    await second.getByRole('textbox', { name: 'Code' }).fill('000000');
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByText(/That code is not right/).waitFor();
    // The code of enrolment is spent: the app's next one (within the step of drift allowed) finishes it.
    await second.getByRole('textbox', { name: 'Code' }).fill(totpAt(secret, Date.now() + 30_000));
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByRole('heading', { name: /^Welcome/ }).waitFor();
    await again.close();
  });

  it('sends a system administrator without an authenticator to set one up before anything else', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }], { systemAdmin: true });
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 } });
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/must use two-step sign-in before you continue/).waitFor();
    const secret = (await page.getByLabel('Secret', { exact: true }).textContent())!.trim();
    await page.getByRole('textbox', { name: 'Code from the app' }).fill(totpAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByRole('button', { name: 'I have kept my recovery codes' }).click();
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    await context.close();
  });
});
