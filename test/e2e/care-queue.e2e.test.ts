// A coordinator's work queue and a caseload moved from the team view. On a phone, the coordinator opens
// their queue, sees what is due with the rule version behind each date, opens an enrollee from it, logs the
// visit that reached them, and the outreach item leaves the queue. At desktop width, an organisation admin
// moves one chosen enrollee from a coordinator's queue, is refused on the field a bad day causes, then moves
// the rest of the caseload from the team view, and both coordinators' counts change.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { massachusettsToday } from '../../src/contract/massachusetts-day.js';
import { formatDate } from '../../web/src/format.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { enrollee } from '../support/factories.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;
const emails = { dana: '', lee: '', admin: '' };

/** The day `n` days before today in Massachusetts. */
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
  const lee = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Lee',
    familyName: 'Okafor',
  });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }], {
    givenName: 'Pat',
    familyName: 'Morales',
  });
  emails.dana = dana.email;
  emails.lee = lee.email;
  emails.admin = admin.email;
  const client = await t.signIn(dana.email);
  // Three enrollees in Dana's caseload: two enrolled 40 days ago (assessment due in 50 days, not reached
  // yet), one 120 days ago (assessment overdue).
  for (const [familyName, since] of [
    ['Delgado', 40],
    ['Brennan', 40],
    ['Castillo', 120],
  ] as const) {
    const id = await enrollee(client, { givenName: 'Rosa', familyName });
    for (const [path, body] of [
      ['enrollments', { program: 'one_care', effectiveOn: daysAgo(since) }],
      [
        'team/single-point-of-contact',
        {
          personId: dana.person.id,
          memberOrgId: plan.id,
          role: 'care_coordinator',
          startsOn: daysAgo(since),
        },
      ],
    ] as const) {
      const res = await client.post(`/api/care/enrollees/${id}/${path}`, body);
      expect(res.statusCode, res.body).toBe(201);
    }
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

/** Watches for any API call refused or failed from here on. */
function watchFailures(page: Page, allowed: RegExp[] = []) {
  const failed: string[] = [];
  page.on('response', (r) => {
    const what = `${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`;
    if (r.status() >= 400 && !allowed.some((a) => a.test(what))) failed.push(what);
  });
  return failed;
}

const row = (page: Page, name: string) => page.locator('main tbody tr').filter({ hasText: name });

describe('work queues in the browser', () => {
  it('a coordinator on a phone opens their queue, logs a visit from an enrollee on it, and the queue changes', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, emails.dana, PASSWORD);
    const failed = watchFailures(page);

    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Work queues' }).click();
    await page.getByRole('heading', { name: 'My queue', level: 2 }).waitFor();
    await page.getByText('3 results', { exact: true }).waitFor();
    // Most urgent first: the overdue assessment leads.
    await expect
      .poll(() => page.locator('main tbody tr').first().textContent())
      .toMatch(/Castillo, Rosa.*Comprehensive assessment.*Overdue.*One Care initial assessment rule v\d/);
    expect(await row(page, 'Delgado, Rosa').textContent()).toMatch(
      new RegExp(`Comprehensive assessment.*Due ${formatDate(daysAgo(40 - 90))}.*Outreach to try`),
    );
    // Filtered to what is due for outreach: all three have not been reached.
    await page
      .getByRole('textbox', { name: 'What is due' })
      .or(page.getByRole('combobox', { name: 'What is due' }))
      .click();
    await page.getByRole('option', { name: 'Outreach to try' }).click();
    await page.getByText('3 results', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await fitsTheScreen(page);
    await expectAccessible(page, 'my queue on a phone');

    // From the queue to the enrollee, whose clocks name their rule versions.
    await row(page, 'Delgado, Rosa').getByRole('link', { name: 'Delgado, Rosa' }).click();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 2 }).waitFor();
    const clocks = page.getByRole('region', { name: 'Assessments and clocks' });
    await expect.poll(() => clocks.textContent()).toMatch(/One Care initial assessment rule v\d/);

    const form = page.getByRole('form', { name: 'Log a contact' });
    await form
      .getByRole('textbox', { name: 'Mode' })
      .or(form.getByRole('combobox', { name: 'Mode' }))
      .click();
    await page.getByRole('option', { name: 'Home visit', exact: true }).click();
    await form.getByRole('radio', { name: 'Reached', exact: true }).check();
    await form.getByLabel('Day').fill(daysAgo(0));
    await form.getByLabel('Time').fill('00:05');
    await form.getByLabel('Notes').fill('Met Rosa at home.');
    await form.getByRole('button', { name: 'Log contact' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('table', { name: /Contacts with the enrollee/ })
          .locator('tbody tr')
          .count(),
      )
      .toBe(1);
    // The clocks follow the contact: no contact now counts from the visit.
    await expect.poll(() => clocks.textContent()).toMatch(/since the last successful contact/);
    await page.waitForLoadState('networkidle');
    await fitsTheScreen(page);
    await expectAccessible(page, 'the enrollee page with its clocks, on a phone');

    // Back on the queue, still filtered to outreach: Rosa Delgado has been reached, so she leaves it.
    await page.goBack();
    await page.getByRole('heading', { name: 'My queue', level: 2 }).waitFor();
    await page.getByText('2 results', { exact: true }).waitFor();
    expect(await row(page, 'Delgado').count()).toBe(0);
    expect(failed).toEqual([]);
    await context.close();
  });

  it('an administrator moves a chosen enrollee and then the rest of a caseload, and both counts change', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, emails.admin, PASSWORD);
    // The one refusal expected: a day before Lee held a role at the plan.
    const failed = watchFailures(page);

    // An administrator with no caseload of their own has the team's queues in the menu, highlighted there.
    const team = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Team queues' });
    await team.click();
    await page.getByRole('heading', { name: 'Team queues', level: 2 }).waitFor();
    expect(await team.getAttribute('aria-current')).toBe('page');
    const caseload = async (name: string) =>
      (await row(page, name).locator('td').nth(1).textContent())?.trim();
    await expect.poll(() => caseload('Dana Whitfield')).toMatch(/^3\b/);
    await expect.poll(() => caseload('Lee Okafor')).toMatch(/^0\b/);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'the team view');

    // The overdue count opens the enrollees behind it.
    await row(page, 'Dana Whitfield')
      .getByRole('link', { name: /enrollees? with something overdue of Dana/ })
      .click();
    await page.getByRole('heading', { name: 'Work queue of Dana Whitfield', level: 2 }).waitFor();
    await page.getByText('1 result', { exact: true }).waitFor();
    expect(await page.locator('main tbody').textContent()).toMatch(/Castillo, Rosa/);

    // Choose Castillo and move her to Lee; first from a day Lee could not yet be her contact.
    await page.getByRole('checkbox', { name: 'Choose Rosa Castillo' }).check();
    await page.getByRole('button', { name: /Move 1 enrollee to/ }).click();
    const dialog = page.getByRole('dialog', { name: /^Move (enrollees to another coordinator|a caseload)$/ });
    const to = dialog.getByRole('textbox', { name: 'To' }).or(dialog.getByRole('combobox', { name: 'To' }));
    // The dialog opens on its first field, not on its close button.
    expect(await to.evaluate((el) => el === document.activeElement)).toBe(true);
    await to.fill('Okafor');
    await page.getByRole('option', { name: /Lee Okafor/ }).click();
    await dialog.getByLabel(/^From/).fill('2019-06-01');
    // Lee was no coordinator then: the choice is taken off the field, which says why, before anything is sent.
    await expect.poll(() => to.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toMatch(
      /Lee Okafor cannot serve as care coordinator from Jun 1, 2019: choose again/,
    );
    await expectAccessible(page, 'the transfer refused on its field');
    await dialog.getByLabel(/^From/).fill(daysAgo(0));
    await to.fill('Okafor');
    await page.getByRole('option', { name: /Lee Okafor/ }).click();
    await dialog.getByRole('button', { name: 'Move chosen enrollees' }).click();
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('No enrollee in the caseload has what these filters ask for.').waitFor();

    // The rest from the team view: the whole caseload.
    await page.getByRole('link', { name: '← Team' }).click();
    await page.getByRole('heading', { name: 'Team queues', level: 2 }).waitFor();
    await expect.poll(() => caseload('Dana Whitfield')).toMatch(/^2\b/);
    await expect.poll(() => caseload('Lee Okafor')).toMatch(/^1\b/);
    await row(page, 'Dana Whitfield')
      .getByRole('button', { name: /Move caseload/ })
      .click();
    await dialog.getByText(/Moving the whole caseload \(2 enrollees\)/).waitFor();
    await to.fill('Okafor');
    await page.getByRole('option', { name: /Lee Okafor/ }).click();
    await dialog.getByRole('button', { name: 'Move caseload' }).click();
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => caseload('Dana Whitfield')).toMatch(/^0\b/);
    await expect.poll(() => caseload('Lee Okafor')).toMatch(/^3\b/);

    // Lee's caseload number opens all three.
    await row(page, 'Lee Okafor')
      .getByRole('link', { name: /enrollees? in the caseload of Lee/ })
      .click();
    await page.getByRole('heading', { name: 'Work queue of Lee Okafor', level: 2 }).waitFor();
    await page.getByText('3 results', { exact: true }).waitFor();

    // Who saw or changed Castillo's record: her page links to the audit log, filtered to her.
    await page.getByRole('link', { name: 'Castillo, Rosa' }).click();
    await page.getByRole('link', { name: 'Who saw or changed this record' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 2 }).waitFor();
    const recordId = page.getByRole('textbox', { name: /^Record ID/ });
    expect(await recordId.inputValue()).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(async () => page.locator('main tbody').textContent())
      .toMatch(/queue.*read|read.*queue/s);
    expect(failed).toEqual([]);
    await context.close();
  });
});
