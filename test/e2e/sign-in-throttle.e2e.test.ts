import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { expectAccessible, launch, listenLocally } from './browser.js';

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

describe('a slowed sign-in in the browser', () => {
  for (const width of [1366, 390]) {
    it(`says why and when to try again, at ${width} px`, async () => {
      const org = await t.org();
      const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
      // Fifteen wrong passwords for this account from this browser's address in the last minute.
      await t.database.system.execute(
        sql`insert into login_attempts (email, ip, succeeded, at)
          select ${email}, '127.0.0.1', false, now() - interval '1 minute' from generate_series(1, 15)`,
      );
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      await page.goto(baseUrl);
      await page.getByLabel('E-mail address').fill(email);
      await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await expect.poll(() => alert.textContent()).toMatch(/Sign-in paused/);
      expect(await alert.textContent()).toMatch(
        /too many wrong passwords for this account from your network\. Try again in 1[34] minutes\. If you have forgotten your password, ask your organisation’s administrator to reset it\.You can try again at \d{1,2}:\d\d/,
      );
      // All of it on screen, nothing cut off or scrolled sideways.
      const box = (await alert.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await expectAccessible(page, `the sign-in page with the pause message at ${width} px`);
      if (process.env.SCREENSHOTS)
        await page.screenshot({ path: `${process.env.SCREENSHOTS}/sign-in-paused-${width}.png` });
      await context.close();
    });
  }
});
