// Identification and referrals in the browser, on a phone (390 px): an ACO's submitter uploads its identified-
// member list with one refused row, reads the row to correct, sends the corrected list and sees the member
// identified; a provider's care coordinator refers a member by keyboard alone; the ACO declines it with a reason.

import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { newMasshealthId } from '../support/enrollment.js';
import { identifyingOrg, listCsv, listRow, onRoster } from '../support/enrollment-identification.js';
import { tmpFile } from '../support/files.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  baseUrl = await listenLocally(t.app);
  t.services.jobs.start(200); // an import is a job
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function phoneAs(email: string) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  return page;
}
const fits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe('identification on a phone', () => {
  it('a list with a refused row is corrected and applied; a referral is sent by keyboard and declined', async () => {
    const aco = await identifyingOrg(t, '110000777', 'A');
    const known = { masshealthId: newMasshealthId(), dateOfBirth: '1958-08-08' };
    const stranger = { masshealthId: newMasshealthId(), dateOfBirth: '1959-09-09' };
    await onRoster(aco.admin, [known]);
    const submitter = await t.user([{ orgId: aco.org.id, role: 'enrollment_submitter' }]);

    const page = await phoneAs(submitter.email);
    await page.goto(`${baseUrl}/enrollment/identification`);
    await page.getByRole('heading', { name: 'Identified members' }).waitFor();
    const bad = tmpFile('list.csv');
    writeFileSync(bad, listCsv([listRow(known, aco.pid), listRow(stranger, aco.pid)]));
    await page.locator('input[type=file]').setInputFiles(bad);
    const current = page.getByText('This list').locator('..');
    await expect.poll(() => current.textContent(), { timeout: 30_000 }).toMatch(/1 row of 2 is refused/);
    expect(await current.getByRole('cell', { name: 'Medicaid_ID' }).count()).toBe(1);
    expect(await fits(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'a refused list on a phone');

    const good = tmpFile('list-fixed.csv');
    writeFileSync(good, listCsv([listRow(known, aco.pid)]));
    await page.locator('input[type=file]').setInputFiles(good);
    await expect.poll(() => current.textContent(), { timeout: 30_000 }).toMatch(/Imported 1 row/);
    await expect.poll(() => page.getByText(`MassHealth ID ${known.masshealthId}`).count()).toBe(1);
    expect(await fits(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'the identifications on a phone');

    // A provider with a contract: its care coordinator refers a member using the keyboard only.
    const provider = await t.org({ kind: 'provider' });
    const link = await aco.admin.post(`/api/organisations/${aco.org.id}/relationships`, {
      kind: 'network_contract',
      otherOrgId: provider.id,
      startsOn: '2024-01-01',
    });
    expect(link.statusCode, link.body).toBe(201);
    const coordinator = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
    const staff = await phoneAs(coordinator.email);
    await staff.goto(`${baseUrl}/enrollment/referrals`);
    await staff.getByRole('heading', { name: 'Refer a member' }).waitFor();
    await expectAccessible(staff, 'the referral form on a phone');
    // The plans the provider may refer to arrive with their own request: move down the list until the ACO,
    // once it is there, is the option chosen by Enter.
    const plan = staff.getByRole('combobox', { name: 'The member’s ACO, MCO or plan' });
    await plan.focus();
    await expect
      .poll(async () => {
        await staff.keyboard.press('ArrowDown');
        const option = staff.getByRole('option', { name: aco.org.name });
        return (await option.isVisible()) && (await option.getAttribute('data-combobox-selected')) !== null;
      })
      .toBe(true);
    await staff.keyboard.press('Enter');
    await expect.poll(() => plan.inputValue()).toBe(aco.org.name);
    for (const [label, value] of [
      ['MassHealth ID', stranger.masshealthId],
      ['Date of birth', stranger.dateOfBirth],
      ['Family name', 'Stranger'],
      ['Given name', 'Sam'],
    ] as const) {
      await staff.keyboard.press('Tab');
      while (
        !(await staff.getByRole('textbox', { name: label }).evaluate((el) => el === document.activeElement))
      )
        await staff.keyboard.press('Tab');
      if (label === 'Date of birth') {
        const [y, m, d] = value.split('-');
        await staff.keyboard.type(`${m}${d}${y}`);
      } else await staff.keyboard.type(value);
    }
    await staff.getByLabel('Why the member needs Community Partner supports').focus();
    await staff.keyboard.type('Needs help with housing and appointments.');
    await staff.keyboard.press('Tab');
    while (
      !(await staff
        .getByRole('button', { name: 'Send the referral' })
        .evaluate((el) => el === document.activeElement))
    )
      await staff.keyboard.press('Tab');
    await staff.keyboard.press('Enter');
    await expect.poll(() => staff.getByRole('table').getByText('Waiting for a decision').count()).toBe(1);
    expect(await fits(staff)).toBeLessThanOrEqual(390);

    // The ACO declines it: the person is not its member.
    await page.goto(`${baseUrl}/enrollment/referrals`);
    await page.getByRole('button', { name: 'Decline…' }).click();
    await page
      .getByRole('textbox', { name: 'Reason' })
      .or(page.getByRole('combobox', { name: 'Reason' }))
      .click();
    await page.getByRole('option', { name: 'Not a member of this ACO/MCO' }).click();
    await page.getByRole('button', { name: 'Decline the referral' }).click();
    await expect.poll(() => page.getByRole('table').getByText('Declined', { exact: true }).count()).toBe(1);
    expect(await fits(page)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'a declined referral on a phone');
    await staff.reload();
    await expect
      .poll(() => staff.getByRole('table').getByText('Not a member of this ACO/MCO').count())
      .toBe(1);
  });
});
