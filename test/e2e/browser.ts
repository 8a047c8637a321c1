import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { stepAt, totpAt } from '../../src/platform/auth/totp.js';
import { DEMO_MFA_SECRET, seedDemo } from '../../src/seed/demo.js';
import { createTestApp } from '../support/app.js';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Runs axe with the WCAG 2.1 A and AA rules on the page as it is now; fails listing each violation. */
export async function expectAccessible(page: Page, what: string) {
  // A dialog fading in is part transparent, and its colours would be measured half-way.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  // With a dialog open, the page behind it is covered and out of reach: the dialog is what a person uses.
  if ((await page.locator('[role=dialog]').count()) > 0) axe.include('[role=dialog]');
  const { violations } = await axe.analyze();
  expect(
    violations.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join('; ')})`,
    ),
    `accessibility of ${what}`,
  ).toEqual([]);
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(baseUrl);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const welcome = page.getByRole('heading', { name: /^Welcome/ });
  const code = page.getByRole('textbox', { name: 'Code' });
  await welcome.or(code).waitFor();
  if (await code.isVisible()) await giveCode(page, secretsByEmail.get(email) ?? DEMO_MFA_SECRET);
  await welcome.waitFor();
}

/** Authenticator secrets the browser tests know, beyond the demo administrator's. */
export const secretsByEmail = new Map<string, string>();

/**
 * The sign-in code step, as an authenticator app would answer it. A code is good once, so a test that
 * signs in again within the same 30 seconds gives the next step's code, and after that waits for a new one.
 */
let lastStep = 0;
export async function giveCode(page: Page, secret: string) {
  let step = Math.max(stepAt(Date.now()), lastStep + 1);
  if (step > stepAt(Date.now()) + 1) {
    await page.waitForTimeout((step - 1) * 30_000 - Date.now() + 100);
    step = Math.max(stepAt(Date.now()), lastStep + 1);
  }
  lastStep = step;
  await page.getByRole('textbox', { name: 'Code' }).fill(totpAt(secret, step * 30_000));
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** Serves the app on a free port of 127.0.0.1 and returns its address. */
export async function listenLocally(app: {
  listen(o: { host: string; port: number }): Promise<unknown>;
  server: { address(): unknown };
}) {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? (address as { port: number }).port : 0}`;
}

/** Concord on a fresh database with the demo data (300 people unless said), served on 127.0.0.1, and a browser. */
export async function startDemo(options: { seed: number; people?: number; jobs?: boolean }) {
  const t = await createTestApp({ web: true });
  await seedDemo(
    { database: t.database, auth: t.services.auth, audit: t.services.audit },
    { people: options.people ?? 300, seed: options.seed },
  );
  if (options.jobs) t.services.jobs.start(200);
  const baseUrl = await listenLocally(t.app);
  return { t, baseUrl, browser: await launch() };
}
