// A plan expands into a county and downloads the mail file (issue 21, seed 001): its administrator adds
// Berkshire to the service area on the organisation's page, runs the welcome mailing from the keyboard, sees
// its progress and outcome, downloads the print vendor's mail file, and reads the mailings on a phone.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { expandingPlan, mailRows, nextFirst, resident } from '../support/enrollment-mailing.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  baseUrl = await listenLocally(t.app);
  t.services.jobs.start(200); // a mailing is a job
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pageAs(email: string, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  return page;
}

async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).first().click(),
  ]);
  return readFileSync((await file.path())!);
}

describe('a plan expanding into a county', () => {
  it('adds the county, runs the welcome mailing and downloads the mail file', async () => {
    // The plan serves Suffolk already; Ana and Rosa live in Berkshire, Sam in Suffolk.
    const plan = await expandingPlan(t, { counties: ['Suffolk'], startsOn: '2018-01-01' });
    await resident(plan.client, 'Berkshire', { givenName: 'Ana', familyName: 'Abbott' });
    await resident(plan.client, 'Berkshire', {
      givenName: 'Rosa',
      familyName: 'Bravo',
      preferredLanguage: 'Spanish',
      accessibleFormats: ['large_print'],
    });
    await resident(plan.client, 'Suffolk', { givenName: 'Sam', familyName: 'Cole' });

    const page = await pageAs(plan.email, 1366);
    await page.goto(`${baseUrl}/organisations/${plan.org.id}`);
    await page.getByRole('button', { name: 'Add county' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a county to the service area' });
    await dialog
      .getByRole('textbox', { name: 'County' })
      .or(dialog.getByRole('combobox', { name: 'County' }))
      .click();
    await page.getByRole('option', { name: 'Berkshire', exact: true }).click();
    await dialog.getByLabel('Starts on').fill('2021-01-01');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await page.getByText('Berkshire from 2021-01-01').waitFor();

    await page.goto(`${baseUrl}/enrollment/mailings`);
    await page.getByRole('heading', { name: 'Welcome mailings' }).waitFor();
    await expect
      .poll(() =>
        page
          .getByRole('navigation', { name: 'Enrollment' })
          .getByRole('link', { name: 'Welcome mailings' })
          .count(),
      )
      .toBe(1);
    await expectAccessible(page, 'the welcome mailings page');

    // From the keyboard: Berkshire chosen (the effective day is its start), then the mailing run.
    const berkshire = page.getByRole('checkbox', { name: 'Berkshire — from 1 January 2021' });
    await berkshire.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByLabel('Effective day').inputValue()).toBe('2021-01-01');
    await page.getByRole('button', { name: 'Run the welcome mailing' }).focus();
    await page.keyboard.press('Enter');

    const current = page.getByRole('heading', { name: 'This mailing' }).locator('..');
    await expect
      .poll(() => current.textContent(), { timeout: 60_000 })
      .toMatch(/Ready to mail: 2 letters \(Berkshire 2\)/);
    // The outcome has the focus, so a keyboard or screen reader user is taken to it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('This mailing');
    expect(await current.getByRole('table', { name: 'Letters per county' }).textContent()).toContain(
      'Berkshire2',
    );

    const rows = mailRows(await download(page, 'Mail file for the print vendor (CSV)'));
    expect(rows.map((r) => [r.Name, r.City, r.ZIP, r.Language, r.Format, r.County])).toEqual([
      ['Ana Abbott', 'Pittsfield', '01201', 'English', 'Standard print', 'Berkshire'],
      ['Rosa Bravo', 'Pittsfield', '01201', 'Spanish', 'Large print', 'Berkshire'],
    ]);
    const letters = await download(page, /^Letters \(PDF\)/);
    expect(letters.subarray(0, 5).toString()).toBe('%PDF-');
    await expectAccessible(page, 'a mailing ready to mail');

    // Berkshire is mailed: only Suffolk is offered now. On a phone, the list reads without scrolling sideways.
    const phone = await pageAs(plan.email, 390);
    await phone.goto(`${baseUrl}/enrollment/mailings`);
    await phone.getByText(`Berkshire 2`).first().waitFor();
    expect(await phone.getByRole('checkbox', { name: /^Berkshire/ }).count()).toBe(0);
    expect(await phone.getByRole('checkbox', { name: /^Suffolk/ }).count()).toBe(1);
    expect(await phone.getByText(nextFirstWords()).count()).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(phone, 'the welcome mailings on a phone');
  });
});

/** The first day of enrollment as the page writes it ("1 January 2027"). */
function nextFirstWords() {
  const [y, m] = nextFirst().split('-').map(Number) as [number, number];
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' });
  return `1 ${month} ${y}`;
}
