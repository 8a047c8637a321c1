// 42 CFR Part 2 in the browser (issue 20): a behavioral health Community Partner's coordinator logs a contact as a
// record of substance use disorder treatment; the plan's care manager does not see it and is told something is
// hidden; the coordinator records the enrollee's consent naming the plan, with the keyboard's help for the
// recipients; the care manager then sees it, marked, under the redisclosure statement; revoked, it is hidden again.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { enrollee } from '../support/factories.js';
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

const NOTE = 'Recovery group, week 6: attended.';

async function pageAs(email: string, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  return page;
}

const contacts = (page: Page) => page.getByRole('region', { name: 'Contacts' });

describe('a record of substance use disorder treatment', () => {
  it('is hidden from the plan until the enrollee’s consent names it, and again once revoked', async () => {
    const plan = await t.org({ kind: 'plan', name: 'Harbor One Care Plan' });
    const cp = await t.org({ kind: 'cp_bh', name: 'North Shore Behavioral Health CP' });
    await insertRelationship(t.database.system, {
      orgId: plan.id,
      kind: 'cp_partnership',
      otherOrgId: cp.id,
      startsOn: '2020-01-01',
    });
    const manager = await t.user([{ orgId: plan.id, role: 'clinical_care_manager' }]);
    const admin = await t.signIn(manager.email);
    const lan = await t.user([{ orgId: cp.id, role: 'care_coordinator' }], {
      givenName: 'Lan',
      familyName: 'Tran',
    });
    const id = await enrollee(admin, { givenName: 'Luis', familyName: 'Ortega' });
    for (const [path, body] of [
      ['enrollments', { program: 'one_care', effectiveOn: '2025-06-01' }],
      [
        'team/single-point-of-contact',
        { personId: lan.person.id, memberOrgId: cp.id, role: 'care_coordinator', startsOn: '2025-06-01' },
      ],
    ] as const)
      expect((await admin.post(`/api/care/enrollees/${id}/${path}`, body)).statusCode).toBe(201);

    // The partner logs a tagged contact on a phone.
    const partner = await pageAs(lan.email, 390);
    await partner.goto(`${baseUrl}/care/enrollees/${id}`);
    const form = contacts(partner);
    await form.getByLabel('Reached', { exact: true }).check();
    await form.getByLabel('Notes').fill(NOTE);
    await form.getByRole('checkbox', { name: /substance use disorder treatment/ }).check();
    await form.getByRole('button', { name: 'Log contact' }).click();
    await expect.poll(() => form.getByText(NOTE).count()).toBeGreaterThan(0);
    await expect.poll(() => form.getByText('42 CFR Part 2', { exact: true }).count()).toBeGreaterThan(0);

    // The plan does not see it, and is told something is hidden.
    const planPage = await pageAs(manager.email, 1366);
    await planPage.goto(`${baseUrl}/care/enrollees/${id}`);
    await expect.poll(() => planPage.getByText('Some records are hidden').count()).toBe(1);
    expect(await contacts(planPage).getByText(NOTE).count()).toBe(0);
    await expectAccessible(planPage, 'an enrollee page with records hidden under Part 2');

    // The partner records the enrollee's consent naming the plan, choosing it by typing its name.
    await partner.getByRole('button', { name: 'Record a consent' }).click();
    const dialog = partner.getByRole('dialog', { name: 'Record a consent' });
    await dialog.getByRole('combobox', { name: /May disclose to/ }).fill('Harbor');
    await partner.keyboard.press('ArrowDown');
    await partner.keyboard.press('Enter');
    await partner.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Record consent' }).click();
    const consents = partner.getByRole('region', { name: 'Consents under 42 CFR Part 2' });
    await expect.poll(() => consents.getByText('In force').count()).toBe(1);
    await expectAccessible(partner, 'the consents of an enrollee on a phone');

    // The plan now sees the contact, marked, under the redisclosure statement.
    await planPage.reload();
    await expect.poll(() => contacts(planPage).getByText(NOTE).count()).toBe(1);
    await expect
      .poll(() => planPage.getByText(/42 CFR part 2 prohibits unauthorized use or disclosure/).count())
      .toBeGreaterThan(0);
    expect(await planPage.getByText('Some records are hidden').count()).toBe(0);

    // Revoked in writing: hidden again at once.
    await consents.getByRole('button', { name: /Record revocation of the consent/ }).click();
    const revocation = partner.getByRole('dialog', { name: 'Record a written revocation' });
    await revocation.getByRole('combobox', { name: /How it was delivered/ }).click();
    await partner.getByRole('option', { name: 'Letter' }).click();
    await revocation.getByRole('button', { name: 'Record revocation' }).click();
    await expect.poll(() => consents.getByText('Revoked').count()).toBe(1);
    await planPage.reload();
    await expect.poll(() => planPage.getByText('Some records are hidden').count()).toBe(1);
    expect(await contacts(planPage).getByText(NOTE).count()).toBe(0);
  });
});
