// Assessments and major changes recorded on a phone. A coordinator opens the menu and closes it with Escape,
// opens her queue where an enrollee's comprehensive assessment is due, records the assessment on the
// enrollee's page (first on a day still to come, refused on the field), and the clock is met and the item
// leaves her queue; then she records a major change and the reassessment after it joins the queue.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { massachusettsToday } from '../../src/contract/massachusetts-day.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { enrollee } from '../support/factories.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;
let email = '';

/** The day `n` days before today in Massachusetts (negative: after). */
const daysAgo = (n: number) => {
  const [y, m, d] = massachusettsToday().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10);
};

beforeAll(async () => {
  t = await createTestApp({ web: true });
  const plan = await t.org({ kind: 'plan', name: 'Harbor One Care Plan' });
  const dana = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Dana',
    familyName: 'Whitfield',
  });
  email = dana.email;
  const client = await t.signIn(dana.email);
  // Rosa Delgado enrolled 40 days ago: her comprehensive assessment is due in 50 days.
  const id = await enrollee(client, { givenName: 'Rosa', familyName: 'Delgado' });
  for (const [path, body] of [
    ['enrollments', { program: 'one_care', effectiveOn: daysAgo(40) }],
    [
      'team/single-point-of-contact',
      { personId: dana.person.id, memberOrgId: plan.id, role: 'care_coordinator', startsOn: daysAgo(40) },
    ],
  ] as const) {
    const res = await client.post(`/api/care/enrollees/${id}/${path}`, body);
    expect(res.statusCode, res.body).toBe(201);
  }
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function fitsTheScreen(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, 'no sideways scroll').toBeLessThanOrEqual(innerWidth);
}

const choose = async (page: Page, scope: ReturnType<Page['getByRole']>, label: string, option: string) => {
  await scope
    .getByRole('textbox', { name: label })
    .or(scope.getByRole('combobox', { name: label }))
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

describe('assessments on a phone', () => {
  it('a coordinator records an assessment and a major change on a narrow screen, and her queue follows', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, email, PASSWORD);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400)
        failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });

    // Escape closes the phone menu and gives focus back to its button.
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.getAttribute('aria-expanded')).toBe('false');
    expect(await menu.evaluate((el) => el === document.activeElement)).toBe(true);

    await menu.click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Work queues' }).click();
    await page.getByRole('heading', { name: 'My queue', level: 2 }).waitFor();
    const queue = page.locator('main tbody');
    await expect.poll(() => queue.textContent()).toMatch(/Delgado, Rosa.*Comprehensive assessment/);

    await page.getByRole('link', { name: 'Delgado, Rosa' }).click();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 2 }).waitFor();
    const section = page.getByRole('region', { name: 'Assessments and major changes' });
    await section.getByText('No assessment recorded yet.').waitFor();

    // A day still to come is refused on the day's field, which takes the focus.
    await section.getByRole('button', { name: 'Record assessment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record an assessment' });
    await choose(page, dialog, 'Kind', 'Comprehensive assessment');
    await dialog.getByLabel('Day completed').fill(daysAgo(-3));
    await dialog.getByRole('radio', { name: 'Yes' }).check();
    await dialog.getByRole('button', { name: 'Record assessment' }).click();
    const day = dialog.getByLabel('Day completed');
    await expect.poll(() => day.getAttribute('aria-invalid')).toBe('true');
    expect(await day.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await dialog.textContent()).toMatch(/Choose a day on or before today/);
    await fitsTheScreen(page);
    await expectAccessible(page, 'the assessment form refused on its day, on a phone');

    await day.fill(daysAgo(1));
    await dialog.getByRole('button', { name: 'Record assessment' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => section.locator('tbody').textContent()).toMatch(/Comprehensive assessment.*Yes/);
    // The clock below is met by it.
    const clocks = page.getByRole('region', { name: 'Assessments and clocks' });
    await expect.poll(() => clocks.textContent()).toMatch(/Met /);

    // A major change starts the reassessment after it.
    await section.getByRole('button', { name: 'Record major change' }).click();
    const change = page.getByRole('dialog', { name: 'Record a major change' });
    await change.getByLabel('Day of the change').fill(daysAgo(0));
    await change.getByLabel('What changed').fill('Moved to a nursing facility');
    await change.getByRole('button', { name: 'Record major change' }).click();
    await change.waitFor({ state: 'detached' });
    await expect.poll(() => section.textContent()).toMatch(/Moved to a nursing facility/);
    await expect.poll(() => clocks.textContent()).toMatch(/major-change reassessment rule v\d/);
    await page.waitForLoadState('networkidle');
    await fitsTheScreen(page);
    await expectAccessible(page, 'the enrollee page with an assessment and a major change, on a phone');

    // Back on the queue: the comprehensive assessment has left it, the reassessment after the change is there.
    await page.goBack();
    await page.getByRole('heading', { name: 'My queue', level: 2 }).waitFor();
    await expect.poll(() => queue.textContent()).toMatch(/Reassessment after a major change/);
    expect(await queue.textContent()).not.toMatch(/Comprehensive assessment/);
    // The only refusal: the day still to come was refused in the browser, before anything was sent.
    expect(failed).toEqual([]);
    await context.close();
  });
});
