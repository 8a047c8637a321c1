// A care plan from draft to signed, in the browser (issue 20). A care coordinator writes Rosa Delgado's plan
// after her comprehensive assessment (first with an empty goal, refused on its fields), sends it without a
// clinical review, and Rosa signs on the coordinator's screen (first without ticking that she read it). The
// coordinator makes a PCP approval link and copies it; the PCP, not signed in, opens it on a phone, reads the
// plan and approves it. The link is then spent. The coordinator sees the plan signed and locked and downloads
// its PDF; the enrollee page fits a phone's width.
import { readFile } from 'node:fs/promises';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { massachusettsToday } from '../../src/contract/massachusetts-day.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { enrollee } from '../support/factories.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;
let planId = '';
let dana = { email: '', personId: '' };
let noraEmail = '';

/** The day `n` days before today in Massachusetts (negative: after). */
const daysAgo = (n: number) => {
  const [y, m, d] = massachusettsToday().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10);
};

beforeAll(async () => {
  t = await createTestApp({ web: true });
  planId = (await t.org({ kind: 'plan', name: 'Harbor One Care Plan' })).id;
  const coordinator = await t.user([{ orgId: planId, role: 'care_coordinator' }], {
    givenName: 'Dana',
    familyName: 'Whitfield',
  });
  dana = { email: coordinator.email, personId: coordinator.person.id };
  const nurse = await t.user([{ orgId: planId, role: 'rn' }], { givenName: 'Nora', familyName: 'Quinn' });
  noraEmail = nurse.email;
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});

/** An enrollee who enrolled 40 days ago, with Dana as her single point of contact, assessed by Dana yesterday. */
async function assessedEnrollee(givenName: string, familyName: string) {
  const client = await t.signIn(dana.email);
  const id = await enrollee(client, { givenName, familyName, dateOfBirth: '1958-04-12' });
  for (const [path, body] of [
    ['enrollments', { program: 'one_care', effectiveOn: daysAgo(40) }],
    [
      'team/single-point-of-contact',
      { personId: dana.personId, memberOrgId: planId, role: 'care_coordinator', startsOn: daysAgo(40) },
    ],
    ['assessments', { kind: 'comprehensive', completedOn: daysAgo(1), inPerson: true }],
  ] as const) {
    const res = await client.post(`/api/care/enrollees/${id}/${path}`, body);
    expect(res.statusCode, res.body).toBe(201);
  }
  return id;
}
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

/**
 * Saved for a person to look at when SCREENSHOTS names a folder: the screen as it is, the whole page, or a part
 * cut from the whole page (so the fixed header and messages do not cover it).
 */
async function screenshot(page: Page, name: string, part?: Locator | 'whole page') {
  if (!process.env.SCREENSHOTS) return;
  const path = `${process.env.SCREENSHOTS}/${name}.png`;
  if (!part) return void (await page.screenshot({ path }));
  const clip =
    part === 'whole page'
      ? undefined
      : await part.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
        });
  await page.screenshot({ path, fullPage: true, clip });
}

const choose = async (page: Page, scope: Locator, label: string, option: string) => {
  await scope
    .getByRole('textbox', { name: label })
    .or(scope.getByRole('combobox', { name: label }))
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

async function openEnrollee(page: Page, id: string, name: string) {
  await page.goto(`${baseUrl}/care/enrollees/${id}`);
  await page.getByRole('heading', { name, level: 2 }).waitFor();
  return page.getByRole('region', { name: 'Care plan', exact: true });
}

describe('a care plan from draft to signed', () => {
  it('is written, signed on screen by the enrollee, approved by the PCP through a link, and locked with its PDF', async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const enrolleeId = await assessedEnrollee('Rosa', 'Delgado');
    const page = await context.newPage();
    await signIn(page, baseUrl, dana.email, PASSWORD);
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400)
        failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
    });
    const section = await openEnrollee(page, enrolleeId, 'Rosa Delgado');
    await section.getByText('No care plan yet.').waitFor();

    // An empty goal is refused on its fields, and the first of them takes the focus.
    await section.getByRole('button', { name: 'Write a care plan' }).click();
    const write = page.getByRole('dialog', { name: 'Write a care plan' });
    await write.getByRole('button', { name: 'Save draft' }).click();
    const goal1 = write.getByRole('group', { name: 'Goal 1' });
    const words = goal1.getByLabel('In the enrollee’s own words');
    await expect.poll(() => words.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(words)).toBe(true);
    expect(await write.getByRole('alert').textContent()).toMatch(/Correct the fields marked below/);
    expect(await goal1.textContent()).toMatch(/Choose the goal’s domain/);
    await expectAccessible(page, 'the plan form refused on its empty goal');

    // Goals in the enrollee's words with a domain; a row added (focus follows) and removed again.
    await words.fill('I want to walk to church again');
    await choose(page, goal1, 'Domain', 'Daily living and function');
    await write.getByRole('button', { name: 'Add a goal' }).click();
    const goal2Words = write.getByRole('group', { name: 'Goal 2' }).getByLabel('In the enrollee’s own words');
    await expect.poll(() => isFocused(goal2Words)).toBe(true);
    await write.getByRole('button', { name: 'Remove goal 2' }).click();
    await expect.poll(() => write.getByRole('group', { name: 'Goal 2' }).count()).toBe(0);
    await write.getByRole('button', { name: 'Add a need' }).click();
    const need = write.getByRole('group', { name: 'Need 1' });
    await need.getByLabel('Need').fill('Help with bathing');
    await choose(page, need, 'Domain', 'Long-term services and supports');
    await write.getByRole('button', { name: 'Add a service' }).click();
    const service = write.getByRole('group', { name: 'Service 1' });
    await service.getByLabel('Service or support').fill('Personal care attendant');
    await service.getByLabel('Who is responsible').fill('Bay Home Care');
    await service.getByLabel('How often').fill('Daily, mornings');
    await write.getByRole('button', { name: 'Add an intervention' }).click();
    const intervention = write.getByRole('group', { name: 'Intervention 1' });
    await intervention.getByLabel('Intervention').fill('Physical therapy referral');
    await intervention.getByLabel('Who is responsible').fill('Dr. Amani Okafor');
    await intervention.getByLabel('Target date').fill(daysAgo(-60));
    await screenshot(page, 'care-plan-form-1366');
    await write.getByRole('button', { name: 'Save draft' }).click();
    await write.waitFor({ state: 'detached' });
    await expect.poll(() => section.textContent()).toMatch(/Individualized care plan 1Draft/);
    expect(await section.textContent()).toMatch(/I want to walk to church again/);

    // Sent without the care team's clinical review: the enrollee's signature is due by the program's rule.
    await section.getByRole('button', { name: 'Send for signatures' }).click();
    const send = page.getByRole('dialog', { name: 'Send for signatures' });
    await send.getByRole('radio', { name: 'No' }).check();
    await send.getByRole('button', { name: 'Send for signatures' }).click();
    await send.waitFor({ state: 'detached' });
    await expect.poll(() => section.textContent()).toMatch(/Awaiting signatures/);
    const steps = section.getByRole('table', { name: /Sign-off steps/ });
    await expect.poll(() => steps.textContent()).toMatch(/Enrollee’s signature.*\(in 30 days\)/);
    expect(await steps.textContent()).toMatch(/One Care plan signature rule v1/);

    // Rosa signs on screen; not ticking that she read and agrees is refused on the box.
    await section.getByRole('button', { name: 'Record the enrollee’s signature' }).click();
    const sign = page.getByRole('dialog', { name: 'Record the enrollee’s signature' });
    expect(await sign.textContent()).toMatch(/I want to walk to church again/);
    await sign.getByRole('textbox', { name: 'Your name' }).fill('Rosa Delgado');
    await sign.getByRole('button', { name: 'Record the signature' }).click();
    const agree = sign.getByRole('checkbox', { name: 'I have read this care plan and agree with it' });
    await expect.poll(() => agree.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(agree)).toBe(true);
    await expectAccessible(page, 'the enrollee’s signature refused without its tick');
    await agree.check();
    await sign.getByRole('button', { name: 'Record the signature' }).click();
    await sign.waitFor({ state: 'detached' });
    await expect
      .poll(() => steps.textContent())
      .toMatch(/Rosa Delgado \(Enrollee\).*Signed on screen; recorded by Dana Whitfield/);
    expect(await section.getByRole('button', { name: 'Take back to draft' }).count()).toBe(0);

    // The PCP's link: its address shown once, copied with the button.
    await section.getByRole('button', { name: 'Make a PCP approval link' }).click();
    const linkDialog = page.getByRole('dialog', { name: 'Make a PCP approval link' });
    await linkDialog.getByRole('textbox', { name: 'PCP’s name' }).fill('Dr. Amani Okafor');
    await linkDialog.getByRole('button', { name: 'Make the link' }).click();
    const address = linkDialog.getByRole('textbox', { name: 'Approval link' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(/\/plan-approval\/[A-Za-z0-9_-]{43}$/);
    expect(await linkDialog.textContent()).toMatch(/shown only now/);
    await linkDialog.getByRole('button', { name: 'Copy the link' }).click();
    await linkDialog.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await expectAccessible(page, 'the PCP link shown once');
    await linkDialog.getByRole('button', { name: 'Done' }).click();
    await linkDialog.waitFor({ state: 'detached' });
    await expect.poll(() => section.textContent()).toMatch(/For Dr\. Amani Okafor: works until/);
    await screenshot(page, 'care-plan-section-awaiting-pcp-1366', section);

    // The PCP, not signed in, opens the link on a phone: that plan only, with Rosa's signature.
    const pcp = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const pcpPage = await pcp.newPage();
    // The address names the configured public address (CONCORD_BASE_URL); this server listens on a port of its own.
    await pcpPage.goto(`${baseUrl}${new URL(url).pathname}`);
    await pcpPage.getByRole('heading', { name: 'Care plan approval', level: 1 }).waitFor();
    const shown = pcpPage.getByRole('main');
    await expect.poll(() => shown.textContent()).toMatch(/Signed by Rosa Delgado on /);
    const text = (await shown.textContent()) ?? '';
    for (const words of [
      'Harbor One Care Plan',
      'Rosa Delgado',
      'Apr 12, 1958',
      'I want to walk to church again',
      'Personal care attendant',
      'Physical therapy referral',
    ])
      expect(text).toContain(words);
    expect(await pcpPage.getByRole('navigation').count(), 'no signed-in menu').toBe(0);
    await fitsTheScreen(pcpPage);
    await expectAccessible(pcpPage, 'the PCP’s approval page on a phone');
    await screenshot(pcpPage, 'plan-approval-390', 'whole page');
    await pcpPage.setViewportSize({ width: 1366, height: 900 });
    await screenshot(pcpPage, 'plan-approval-1366', 'whole page');

    // Approving without ticking is refused on the box; then the approval is confirmed.
    const name = pcpPage.getByRole('textbox', { name: 'Your name' });
    expect(await name.inputValue()).toBe('Dr. Amani Okafor');
    await name.fill('Amani Okafor, MD');
    await pcpPage.getByRole('button', { name: 'Approve the plan' }).click();
    const approve = pcpPage.getByRole('checkbox', { name: 'I have read this plan and approve it' });
    await expect.poll(() => approve.getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(approve)).toBe(true);
    await approve.check();
    await pcpPage.getByRole('button', { name: 'Approve the plan' }).click();
    const thanks = pcpPage.getByRole('heading', { name: 'Thank you: your approval is recorded' });
    await thanks.waitFor();
    expect(await isFocused(thanks)).toBe(true);
    await expectAccessible(pcpPage, 'the PCP’s confirmation');

    // The link is spent; an unknown one says so too.
    await pcpPage.reload();
    await pcpPage.getByText('This link has already been used').waitFor();
    await pcpPage.goto(`${baseUrl}/plan-approval/${'A'.repeat(43)}`);
    await pcpPage.getByText('This approval link is not known').waitFor();
    await pcp.close();

    // The coordinator sees the plan signed and locked, with no way to change it, and downloads its PDF.
    await page.reload();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 2 }).waitFor();
    await expect.poll(() => section.textContent()).toMatch(/Signed and locked/);
    await expect
      .poll(() => steps.textContent())
      .toMatch(/Amani Okafor, MD \(PCP\).*Signed through a single-use link/);
    expect(await section.textContent()).toMatch(/Yearly review due .+ \(in 36[56] days\)/);
    for (const gone of ['Edit draft', 'Take back to draft', 'Record the PCP’s approval'])
      expect(await section.getByRole('button', { name: gone }).count(), gone).toBe(0);
    await section.getByRole('button', { name: 'Write a new version' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.getByRole('link', { name: 'Download the signed PDF' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('care-plan-1-signed.pdf');
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'the enrollee page with a signed plan');
    await screenshot(page, 'care-plan-section-signed-1366', section);
    expect(failed).toEqual([]);
    await context.close();

    // On a phone the page keeps to the screen's width.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phonePage = await phone.newPage();
    await signIn(phonePage, baseUrl, dana.email, PASSWORD);
    const onPhone = await openEnrollee(phonePage, enrolleeId, 'Rosa Delgado');
    await expect.poll(() => onPhone.textContent()).toMatch(/Signed and locked/);
    await phonePage.waitForLoadState('networkidle');
    await fitsTheScreen(phonePage);
    await expectAccessible(phonePage, 'the enrollee page with a signed plan, on a phone');
    await screenshot(phonePage, 'care-plan-section-signed-390', onPhone);

    // A new version starts from the signed plan's words; its form fits the phone too.
    await onPhone.getByRole('button', { name: 'Write a new version' }).click();
    const version = phonePage.getByRole('dialog', { name: 'Write a new version of the care plan' });
    expect(
      await version
        .getByRole('group', { name: 'Goal 1' })
        .getByLabel('In the enrollee’s own words')
        .inputValue(),
    ).toBe('I want to walk to church again');
    await fitsTheScreen(phonePage);
    await expectAccessible(phonePage, 'a new version’s form on a phone');
    await screenshot(phonePage, 'care-plan-form-390');
    await phonePage.keyboard.press('Escape');
    await version.waitFor({ state: 'detached' });
    await phone.close();
  });
});

describe('a care plan changed, taken back and reviewed', () => {
  it('is edited and discarded as a draft, taken back, signed from a faxed page and on screen, reviewed by the nurse, then added to', async () => {
    const enrolleeId = await assessedEnrollee('Ana', 'Pereira');
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, dana.email, PASSWORD);
    const section = await openEnrollee(page, enrolleeId, 'Ana Pereira');
    const writeGoal = async (title: string, words: string) => {
      const dialog = page.getByRole('dialog', { name: title });
      const goal = dialog.getByRole('group', { name: 'Goal 1' });
      await goal.getByLabel('In the enrollee’s own words').fill(words);
      const domain = goal
        .getByRole('textbox', { name: 'Domain' })
        .or(goal.getByRole('combobox', { name: 'Domain' }));
      if (!(await domain.inputValue())) await choose(page, goal, 'Domain', 'Housing');
      await dialog.getByRole('button', { name: 'Save draft' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    const confirm = async (button: string) => {
      await page.getByRole('dialog').getByRole('button', { name: button, exact: true }).click();
    };

    // A draft is changed, then discarded after asking.
    await section.getByRole('button', { name: 'Write a care plan' }).click();
    await writeGoal('Write a care plan', 'Find an apartment near my sister');
    await section.getByRole('button', { name: 'Edit draft' }).click();
    await writeGoal('Edit the draft care plan', 'Find an apartment near my sister in Quincy');
    await expect.poll(() => section.textContent()).toMatch(/near my sister in Quincy/);
    await section.getByRole('button', { name: 'Discard draft' }).click();
    await confirm('Discard draft');
    await section.getByText('No care plan yet.').waitFor();

    // Sent with a clinical review, taken back to draft while nobody has signed, and sent again.
    await section.getByRole('button', { name: 'Write a care plan' }).click();
    await writeGoal('Write a care plan', 'Live on my own again');
    const sendWithReview = async () => {
      await section.getByRole('button', { name: 'Send for signatures' }).click();
      const send = page.getByRole('dialog', { name: 'Send for signatures' });
      await send.getByRole('radio', { name: 'Yes' }).check();
      await send.getByRole('button', { name: 'Send for signatures' }).click();
      await send.waitFor({ state: 'detached' });
      await expect.poll(() => section.textContent()).toMatch(/Awaiting signatures/);
    };
    await sendWithReview();
    await section.getByRole('button', { name: 'Take back to draft' }).click();
    await confirm('Take back to draft');
    await expect.poll(() => section.textContent()).toMatch(/Individualized care plan 1Draft/);
    await sendWithReview();
    const steps = section.getByRole('table', { name: /Sign-off steps/ });
    expect(await steps.textContent()).toMatch(/Clinical review/);

    // Ana's signed page arrives by fax; the PCP approves on the coordinator's screen.
    await section.getByRole('button', { name: 'Record the enrollee’s signature' }).click();
    const fax = page.getByRole('dialog', { name: 'Record the enrollee’s signature' });
    await fax.getByRole('radio', { name: 'A signed page received by fax' }).check();
    await fax.getByRole('textbox', { name: 'Name of the person who signed' }).fill('Ana Pereira');
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      fax.getByRole('button', { name: 'Signed page' }).click(),
    ]);
    await chooser.setFiles({
      name: 'signed-page.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await fax.getByRole('button', { name: 'Record the signature' }).click();
    await fax.waitFor({ state: 'detached' });
    await expect
      .poll(() => steps.textContent())
      .toMatch(/Ana Pereira \(Enrollee\).*Signed page received by fax/);
    await section.getByRole('button', { name: 'Record the PCP’s approval' }).click();
    const pcp = page.getByRole('dialog', { name: 'Record the PCP’s approval' });
    await pcp.getByRole('textbox', { name: 'Your name' }).fill('Amani Okafor, MD');
    await pcp.getByRole('checkbox', { name: 'I have read this care plan and approve it' }).check();
    await pcp.getByRole('button', { name: 'Record the approval' }).click();
    await pcp.waitFor({ state: 'detached' });
    // The coordinator does not sign the clinical review: the nurse does.
    await expect
      .poll(() => steps.textContent())
      .toMatch(/Signed by the care team’s RN or clinical care manager/);
    expect(await section.getByRole('button', { name: 'Sign the clinical review' }).count()).toBe(0);

    const nurseContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const nursePage = await nurseContext.newPage();
    await signIn(nursePage, baseUrl, noraEmail, PASSWORD);
    const nurseSection = await openEnrollee(nursePage, enrolleeId, 'Ana Pereira');
    await nurseSection.getByRole('button', { name: 'Sign the clinical review' }).click();
    const review = nursePage.getByRole('dialog', { name: 'Sign the clinical review' });
    expect(await review.getByRole('textbox', { name: 'Your name' }).inputValue()).toBe('Nora Quinn');
    expect(await review.textContent()).toMatch(/Signing as Registered nurse/);
    await review.getByRole('checkbox', { name: 'I have reviewed this care plan for the care team' }).check();
    await expectAccessible(nursePage, 'the clinical review');
    await review.getByRole('button', { name: 'Sign the clinical review' }).click();
    await review.waitFor({ state: 'detached' });
    await expect.poll(() => nurseSection.textContent()).toMatch(/Signed and locked/);
    await nurseContext.close();

    // The coordinator adds to the signed plan: an addendum, pointing to it.
    await page.reload();
    await expect.poll(() => section.textContent()).toMatch(/Signed and locked/);
    expect(await steps.textContent()).toMatch(/Nora Quinn \(Registered nurse\)/);
    await section.getByRole('button', { name: 'Write an addendum' }).click();
    await writeGoal('Write an addendum to the care plan', 'Get a bus pass');
    await expect.poll(() => section.textContent()).toMatch(/Individualized care plan 2 \(addendum\)Draft/);
    expect(await section.textContent()).toMatch(/Adds to Individualized care plan 1/);
    await expectAccessible(page, 'an addendum drafted beside its signed plan');
    await context.close();
  });
});
