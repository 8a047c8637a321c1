import { writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import type { TestContext } from '../support/app.js';
import { IMPORT_HEADER, personRow, tmpFile } from '../support/files.js';
import { expectAccessible, signIn, startDemo } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  ({ t, baseUrl, browser } = await startDemo({ seed: 7, jobs: true }));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

describe('in the browser', () => {
  it('signs in, refusing a wrong password with a message, and every page passes the accessibility rules', async () => {
    const page = await newPage();
    await page.goto(baseUrl);
    await expectAccessible(page, 'the sign-in page');
    await page.getByLabel('E-mail address').fill('admin@bostoncommunityhealth.example');
    await page.getByRole('textbox', { name: 'Password' }).fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/e-mail address or password is not right/);
    await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Welcome, Marcus Bell' }).waitFor();
    await expectAccessible(page, 'the home page');
    for (const [link, heading] of [
      ['People', 'People'],
      ['Organisations', 'Organisations'],
      ['Qualifications', 'Qualifications'],
      ['Imports', 'Import people and roles'],
      ['Audit log', 'Audit log'],
    ]) {
      await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
      await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, `the ${link} page`);
    }
    await page.getByRole('navigation').getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.getByRole('link', { name: 'Boston Community Health Center' }).click();
    await page.getByRole('heading', { name: 'Boston Community Health Center', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add county' }).click();
    await page.getByRole('dialog').getByLabel('Starts on').waitFor();
    await expectAccessible(page, 'an organisation page with its service-area form open');
    await page.keyboard.press('Escape');
  });

  it('switches the organisation the user acts for', async () => {
    const page = await newPage();
    await signIn(page, baseUrl, 'admin@concord.example', DEMO_PASSWORD);
    await page.getByRole('combobox', { name: 'Acting for' }).click();
    await page.getByRole('option', { name: /Lowell Community Partners/ }).click();
    await page.getByText('Now acting for Lowell Community Partners').waitFor();
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toMatch(/acting for Lowell Community Partners/);
    await page.getByRole('navigation').getByRole('link', { name: 'People', exact: true }).click();
    await page
      .getByRole('cell', { name: /lowellcp\.example/ })
      .first()
      .waitFor();
    expect(await page.getByRole('cell', { name: /bostoncommunityhealth\.example/ }).count()).toBe(0);
  });

  it('imports people: a file with a bad row is refused whole, the corrected file goes in', async () => {
    const page = await newPage();
    await signIn(page, baseUrl, 'admin@bostoncommunityhealth.example', DEMO_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'Imports' }).click();
    const rows = [
      personRow('Yesenia', 'Quiñones', 'yquinones@bostoncommunityhealth.example'),
      personRow('Omar', 'Haddad', 'ohaddad@bostoncommunityhealth.example', 'PCP', { npi: '1234567894' }),
    ];
    const write = (r: string[][]) => {
      const file = tmpFile('staff.csv');
      writeFileSync(file, [IMPORT_HEADER, ...r].map((x) => x.join(',')).join('\n'));
      return file;
    };
    await page.locator('input[type=file]').setInputFiles(write(rows));
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 })
      .toMatch(/Nothing was imported: 1 problem in 2 rows/);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the result file' }).first().click();
    expect((await download).suggestedFilename()).toMatch(/-result\.xlsx$/);

    rows[1]![3] = '1234567893';
    await page.locator('input[type=file]').setInputFiles(write(rows));
    await expect
      .poll(() => page.getByRole('status').first().textContent(), { timeout: 30_000 })
      .toMatch(/Imported 2 rows: 2 people added/);
    await page.getByRole('navigation').getByRole('link', { name: 'People', exact: true }).click();
    await page.getByLabel('Search').fill('Quiñones');
    await page.getByRole('link', { name: 'Quiñones, Yesenia' }).waitFor();
  });

  it('adds a person by hand, naming the field that is wrong', async () => {
    const page = await newPage();
    await signIn(page, baseUrl, 'admin@bostoncommunityhealth.example', DEMO_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('button', { name: 'Add person' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Given name').fill('Héctor');
    await dialog.getByLabel('Family name').fill('Rivera');
    await dialog.getByLabel('E-mail address').fill('hrivera@bostoncommunityhealth.example');
    await dialog.getByLabel('NPI').fill('1234567894');
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await dialog.getByText('The check digit does not match; look for a mistyped digit').waitFor();
    await expectAccessible(page, 'the add-person form with an error');
    await dialog.getByLabel('NPI').fill('1245319599');
    await dialog.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('heading', { name: 'Héctor Rivera' }).waitFor();
  });

  it('shows the audit log with who read whom, filterable', async () => {
    const page = await newPage();
    await signIn(page, baseUrl, 'admin@bostoncommunityhealth.example', DEMO_PASSWORD);
    await page.getByRole('navigation').getByRole('link', { name: 'People', exact: true }).click();
    await page.getByRole('link', { name: /^Bell, Marcus/ }).click();
    await page.getByRole('heading', { name: 'Marcus Bell' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('read');
    // Record types are offered in words.
    await page
      .getByRole('textbox', { name: 'Record type' })
      .or(page.getByRole('combobox', { name: 'Record type' }))
      .fill('Pers');
    await page.getByRole('option', { name: 'Person', exact: true }).click();
    await page
      .getByRole('cell', { name: /^Person / })
      .first()
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Person' }).first();
    expect(await row.textContent()).toMatch(/Marcus Bell.*read.*Person [0-9a-f]{8}/);
  });
});
