import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import type { TestContext } from '../support/app.js';
import { expectAccessible, signIn, startDemo } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  ({ t, baseUrl, browser } = await startDemo({ seed: 11, jobs: true }));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(email: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, DEMO_PASSWORD);
  return page;
}

describe('compliance in the browser', () => {
  it('a compliance officer filters to overdue care coordinators, opens one, sends a reminder, and downloads the evidence pack', async () => {
    const officer = await signedIn('compliance@baystateonecare.example');
    await officer.getByRole('navigation').getByRole('link', { name: 'Compliance', exact: true }).click();
    await officer.getByRole('heading', { name: 'Compliance', level: 2 }).waitFor();
    await officer.getByRole('table', { name: /Per requirement/ }).waitFor();
    await expect.poll(() => officer.getByRole('status').filter({ hasText: 'on track' }).count()).toBe(1);
    await expectAccessible(officer, 'the compliance dashboard');
    // The same counts by team, and the trend's figures (the demo reconstructs three months, plus today).
    await officer.getByRole('radio', { name: 'Requirement' }).focus();
    await officer.keyboard.press('ArrowRight'); // Role
    await officer.keyboard.press('ArrowRight'); // Organisation
    await officer.keyboard.press('ArrowRight'); // Team
    await officer.getByRole('table', { name: /Per team/ }).waitFor();
    await officer.getByText('The figures behind the chart').click();
    const trend = officer.getByRole('table', { name: 'On track and overdue or expired, by day' });
    await expect.poll(() => trend.getByRole('row').count()).toBe(5); // a header, three months, today
    await expectAccessible(officer, 'the compliance dashboard by team, with its trend');

    await officer.getByRole('combobox', { name: 'Status' }).click();
    await officer.getByRole('option', { name: 'Overdue' }).click();
    await officer.getByRole('combobox', { name: 'Role' }).click();
    await officer.getByRole('option', { name: 'Care coordinator', exact: true }).click();
    const people = officer.getByRole('table', { name: 'Each person’s status on each requirement' });
    await expect
      .poll(async () => (await people.getByRole('row').filter({ hasText: 'Overdue' }).count()) > 0)
      .toBe(true);
    const rows = await people.getByRole('row').filter({ hasText: 'Overdue' }).allTextContents();
    expect(rows.every((r) => r.includes('Care coordinator'))).toBe(true);

    const first = people.getByRole('row').filter({ hasText: 'Overdue' }).first().getByRole('link');
    const name = (await first.textContent())!;
    await first.click();
    await officer.getByRole('heading', { name, level: 2 }).waitFor();
    await expectAccessible(officer, 'a person’s compliance page');
    await officer
      .getByRole('button', { name: /^Send a reminder/ })
      .first()
      .click();
    await officer.getByText(/^Reminder sent to /).waitFor();
    const messages = officer.getByRole('table', { name: 'Messages about their training' });
    await expect.poll(() => messages.getByRole('row').filter({ hasText: 'sent' }).count()).toBeGreaterThan(0);
    await expectAccessible(officer, 'a person’s compliance page with a reminder sent');

    await officer.goBack();
    await officer.getByRole('button', { name: 'Build the evidence pack' }).click();
    const link = officer.getByRole('link', { name: 'Download the evidence pack' });
    await link.waitFor({ timeout: 60_000 });
    const download = officer.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^evidence-pack-BAYSTATE-OC-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(
      readFileSync((await file.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    await expectAccessible(officer, 'the compliance page with an evidence pack');
  });

  it('a compliance officer changes a requirement’s grace period and the reminder settings', async () => {
    const officer = await signedIn('compliance@baystateonecare.example');
    await officer.getByRole('navigation').getByRole('link', { name: 'Compliance', exact: true }).click();
    await officer.getByRole('link', { name: 'Requirements and reminders' }).click();
    const table = officer.getByRole('table', { name: 'Who must complete what, by when' });
    await expect.poll(() => table.getByRole('row').count()).toBe(7); // a header and six requirements
    await expectAccessible(officer, 'the requirements page');

    await table.getByRole('button', { name: /^Change .*model of care/ }).click();
    const dialog = officer.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Grace period (days)' }).fill('21');
    await expectAccessible(officer, 'the requirement form');
    await dialog.getByRole('button', { name: 'Save the requirement' }).click();
    await officer.getByText('Requirement changed').waitFor();
    await table.getByRole('row').filter({ hasText: '21 days’ grace' }).waitFor();

    await officer.getByRole('textbox', { name: /Tell the person’s supervisor/ }).fill('10');
    await officer.getByRole('textbox', { name: /Flag the person/ }).fill('5');
    await officer.getByRole('button', { name: 'Save the settings' }).click();
    await officer.getByText('Correct the field marked below.').waitFor();
    await officer.getByRole('textbox', { name: /Flag the person/ }).fill('45');
    await officer.getByRole('button', { name: 'Save the settings' }).click();
    await officer.getByText('Settings saved').waitFor();
    await expectAccessible(officer, 'the requirements page with saved settings');
  });
  it('a provider’s administrator sees, per plan, what the plans require of their staff and who is overdue', async () => {
    // Boston Community Health Center sets no requirements of its own; the plans it contracts with do.
    const admin = await signedIn('admin@bostoncommunityhealth.example');
    await admin.getByRole('navigation').getByRole('link', { name: 'Compliance', exact: true }).click();
    await admin.getByRole('heading', { name: 'Compliance', level: 2 }).waitFor();
    const plans = admin.getByRole('table', { name: /^Required by / });
    await expect.poll(() => plans.count()).toBeGreaterThan(0);
    const headline = admin.getByRole('status').filter({ hasText: 'on track' });
    await expect.poll(async () => /: 0 people/.test((await headline.textContent()) ?? '')).toBe(false);
    await expectAccessible(admin, 'a provider’s compliance dashboard');

    // Every overdue number of the first plan opens its people: Boston's staff, each row naming the plan.
    const plan = plans.first();
    const planName = /^Required by (.+?):/.exec((await plan.locator('caption').textContent())!)![1]!;
    await plan
      .getByRole('button', { name: new RegExp(`overdue on every requirement of ${planName}`) })
      .click();
    const people = admin.getByRole('table', { name: 'Each person’s status on each requirement' });
    await expect
      .poll(() => people.getByRole('row').filter({ hasText: 'Overdue' }).count())
      .toBeGreaterThan(0);
    const rows = await people.getByRole('row').filter({ hasText: 'Overdue' }).allTextContents();
    expect(
      rows.every((r) => r.includes('Boston Community Health Center') && r.includes(`(${planName})`)),
    ).toBe(true);
    await expectAccessible(admin, 'a provider’s overdue staff');

    // A person's page names the plan that sets each obligation; a plan's requirement is not Boston's to exempt.
    const first = people.getByRole('row').filter({ hasText: 'Overdue' }).first().getByRole('link');
    const name = (await first.textContent())!;
    await first.click();
    await admin.getByRole('heading', { name, level: 2 }).waitFor();
    const owed = admin.getByRole('table', { name: /^What they owe/ });
    await owed.getByRole('columnheader', { name: 'Required by' }).waitFor();
    await owed
      .getByRole('row')
      .filter({ hasText: planName })
      .filter({ hasText: 'Overdue' })
      .first()
      .waitFor();
    expect(await admin.getByRole('button', { name: /^Exempt/ }).count()).toBe(0);
    await expectAccessible(admin, 'a provider’s view of a person’s obligations');
  });
});
