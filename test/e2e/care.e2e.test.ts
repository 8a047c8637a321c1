// A plan's care coordinator on a home visit, from a phone: finds the enrollee, logs two calls that did not
// reach them and the visit that did, and sees all three listed; each page fits the screen and passes axe.
// At desktop width, an enrollment that overlaps another is refused on the field that causes it, the details
// change with the version read, and an LTS coordinator is offered and accepted.
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
let coordinatorEmail: string;
const MASSHEALTH_ID = '100200300400';

/** The day `n` days before today in Massachusetts. */
const daysAgo = (n: number) => {
  const [y, m, d] = massachusettsToday().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10);
};

beforeAll(async () => {
  t = await createTestApp({ web: true });
  const plan = await t.org({ kind: 'plan', name: 'Harbor One Care Plan' });
  const coordinator = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Dana',
    familyName: 'Whitfield',
  });
  coordinatorEmail = coordinator.email;
  // An LTS coordinator at the plan, found by name in the team picker.
  await t.user([{ orgId: plan.id, role: 'lts_coordinator' }], { givenName: 'Pat', familyName: 'Oneil' });
  const client = await t.signIn(coordinator.email);
  // A few enrollees, so finding the one visited is a search, not the only row.
  for (const familyName of ['Almeida', 'Brennan', 'Castillo']) await enrollee(client, { familyName });
  const id = await enrollee(client, {
    masshealthId: MASSHEALTH_ID,
    givenName: 'Rosa',
    familyName: 'Delgado',
    town: 'Chelsea',
    county: 'Suffolk',
    phone: '617-555-0142',
    preferredLanguage: 'Spanish',
    accessibleFormats: ['large_print'],
  });
  for (const [path, body] of [
    ['enrollments', { program: 'one_care', effectiveOn: daysAgo(40) }],
    [
      'team/single-point-of-contact',
      {
        personId: coordinator.person.id,
        memberOrgId: plan.id,
        role: 'care_coordinator',
        startsOn: daysAgo(40),
      },
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

/** Fills the contact form and sends it; waits for the list to hold `count` contacts. */
async function logContact(
  page: Page,
  c: { mode: string; reached: boolean; day: string; time: string; notes: string },
  count: number,
) {
  const form = page.getByRole('form', { name: 'Log a contact' });
  await form
    .getByRole('textbox', { name: 'Mode' })
    .or(form.getByRole('combobox', { name: 'Mode' }))
    .click();
  await page.getByRole('option', { name: c.mode, exact: true }).click();
  await form.getByRole('radio', { name: c.reached ? 'Reached' : 'Not reached', exact: true }).check();
  await form.getByLabel('Day').fill(c.day);
  await form.getByLabel('Time').fill(c.time);
  await form.getByLabel('Notes').fill(c.notes);
  await form.getByRole('button', { name: 'Log contact' }).click();
  const rows = page.getByRole('table', { name: /Contacts with the enrollee/ }).locator('tbody tr');
  await expect.poll(() => rows.count()).toBe(count);
}

describe('care coordination in the browser', () => {
  it('a plan coordinator on a phone finds an enrollee, logs two failed calls and a home visit, and sees them listed', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 500) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await signIn(page, baseUrl, coordinatorEmail, PASSWORD);

    // The menu holds the enrollee list; the work queues have their place beside it.
    await page.getByRole('button', { name: 'Menu' }).click();
    const menu = page.getByRole('navigation', { name: 'Main' });
    await menu.getByRole('link', { name: 'Work queues' }).waitFor();
    await menu.getByRole('link', { name: 'Enrollees', exact: true }).click();
    await page.getByRole('heading', { name: 'Enrollees', level: 2 }).waitFor();
    await page.getByText('4 results', { exact: true }).waitFor();
    // Programs today and the single point of contact, each enrollee's own.
    const row = (name: string) => page.locator('tbody tr').filter({ hasText: name });
    expect(await row('Delgado, Rosa').textContent()).toMatch(/One Care.*Dana Whitfield/);
    expect(await row('Almeida').textContent()).not.toMatch(/One Care|Dana Whitfield/);
    await page.getByLabel('Search').fill('1002 0030 0400');
    await page.getByText('1 result', { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await fitsTheScreen(page);
    await expectAccessible(page, 'the enrollee list on a phone');

    await page.getByRole('link', { name: 'Delgado, Rosa' }).click();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 2 }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).toMatch(/No contacts recorded yet/);
    expect(await page.locator('main').textContent()).toMatch(/Speaks Spanish/);
    expect(await page.locator('main').textContent()).toMatch(/Dana Whitfield/);

    // Sent without saying whether the enrollee was reached: the field says so and has the focus.
    const form = page.getByRole('form', { name: 'Log a contact' });
    await form.getByRole('button', { name: 'Log contact' }).click();
    await form.getByText('Choose whether the enrollee was reached').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('yes');
    await fitsTheScreen(page);
    await expectAccessible(page, 'the contact form with an error, on a phone');

    await logContact(
      page,
      { mode: 'Phone', reached: false, day: daysAgo(2), time: '09:15', notes: 'No answer; voicemail full.' },
      1,
    );
    await logContact(
      page,
      { mode: 'Phone', reached: false, day: daysAgo(1), time: '16:40', notes: 'Number rang out.' },
      2,
    );
    await logContact(
      page,
      {
        mode: 'Home visit',
        reached: true,
        day: daysAgo(0),
        time: '00:05',
        notes: 'Met Rosa at home with her daughter.',
      },
      3,
    );

    const rows = page.getByRole('table', { name: /Contacts with the enrollee/ }).locator('tbody tr');
    const listed = await rows.allTextContents();
    // Latest first: the visit, then the two calls.
    expect(listed[0]).toMatch(/Home visit.*Reached.*Dana Whitfield.*Met Rosa at home/);
    expect(listed[1]).toMatch(/Phone.*Not reached.*Number rang out/);
    expect(listed[2]).toMatch(/Phone.*Not reached.*voicemail full/);
    expect(listed[2]).toMatch(/9:15 AM E[SD]T/);
    await page.waitForLoadState('networkidle');
    await fitsTheScreen(page);
    await expectAccessible(page, 'the enrollee page with its contacts, on a phone');
    expect(failed).toEqual([]);
    await context.close();
  });

  it('at desktop width: an enrollee added, an overlapping enrollment refused on its field, details changed, an LTS coordinator offered and accepted', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, coordinatorEmail, PASSWORD);
    await page.goto(`${baseUrl}/care/enrollees`);

    // A new enrollee: a MassHealth ID one digit short is refused on its field, which gets the focus.
    await page.getByRole('button', { name: 'Add enrollee' }).click();
    const adding = page.getByRole('dialog', { name: 'Add an enrollee' });
    await adding.getByLabel('Given name').fill('Tomás');
    await adding.getByLabel('Family name').fill('Oliveira');
    await adding.getByLabel('MassHealth ID').fill('1002 0030 041');
    await adding.getByLabel('Date of birth').fill('1949-07-30');
    await adding.getByRole('button', { name: 'Add enrollee' }).click();
    const masshealth = adding.getByLabel('MassHealth ID');
    await expect.poll(() => masshealth.getAttribute('aria-invalid')).toBe('true');
    expect(await masshealth.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'the new enrollee form refused');
    await masshealth.fill('1002 0030 0411');
    await adding.getByRole('button', { name: 'Add enrollee' }).click();
    await page.getByRole('heading', { name: 'Tomás Oliveira', level: 2 }).waitFor();

    await page.goto(`${baseUrl}/care/enrollees`);
    await page.getByLabel('Search').fill('Delgado');
    await page.getByRole('link', { name: 'Delgado, Rosa' }).click();
    await page.getByRole('heading', { name: 'Rosa Delgado', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add enrollment' }).click();
    const dialog = page.getByRole('dialog');
    const noDialog = () => expect.poll(() => dialog.count()).toBe(0);
    await dialog.getByLabel('Effective on').fill(daysAgo(10));
    await dialog.getByRole('button', { name: 'Add enrollment' }).click();
    const effective = dialog.getByLabel('Effective on');
    await expect.poll(() => effective.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByText(/Overlaps the enrollment .*One Care from/).waitFor();
    expect(await effective.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'the overlap refusal');
    await dialog.getByLabel('Effective on').fill(daysAgo(10));
    await page.keyboard.press('Escape');
    await page
      .getByRole('dialog', { name: 'Close without saving?' })
      .getByRole('button', { name: 'Close', exact: true })
      .click();
    await noDialog();

    // The details change with the version they were read at.
    await page.getByRole('button', { name: 'Edit details' }).click();
    await dialog.getByLabel('Phone').fill('617-555-0199');
    await dialog.getByRole('checkbox', { name: 'Braille' }).check();
    await dialog.getByRole('button', { name: 'Save details' }).click();
    await noDialog();
    await page.getByRole('link', { name: '617-555-0199' }).waitFor();
    await page.getByText('Braille', { exact: true }).first().waitFor();

    // An LTS coordinator joins the team, found among the plan's people who hold that role; the offer and the
    // enrollee's answer are recorded on them.
    await page.getByRole('button', { name: 'Add team member' }).click();
    await dialog.getByRole('combobox', { name: 'Role on the team' }).click();
    await page.getByRole('option', { name: 'LTS coordinator', exact: true }).click();
    await dialog.getByRole('combobox', { name: 'Person' }).fill('Oneil');
    await page.getByRole('option', { name: /^Pat Oneil — Harbor One Care Plan$/ }).click();
    await dialog.getByRole('button', { name: 'Add team member' }).click();
    await noDialog();
    const lts = page.getByRole('table', { name: /LTS coordinators/ });
    await expect.poll(() => lts.textContent()).toMatch(/Not offered yet/);
    await lts.getByRole('button', { name: /Record offer/ }).click();
    await dialog.getByLabel('Offered on').fill(daysAgo(3));
    await dialog.getByRole('button', { name: 'Record offer' }).click();
    await noDialog();
    await lts.getByRole('button', { name: /Record answer/ }).click();
    await dialog.getByRole('button', { name: 'Record answer' }).click();
    await dialog.getByText('Choose whether the enrollee accepted or declined').waitFor();
    await dialog.getByRole('radio', { name: 'Accepted' }).check();
    await dialog.getByLabel('Answered on').fill(daysAgo(1));
    await dialog.getByRole('button', { name: 'Record answer' }).click();
    await noDialog();
    await expect
      .poll(() => lts.textContent())
      .toMatch(new RegExp(`Offered ${formatDate(daysAgo(3))}; accepted ${formatDate(daysAgo(1))}`));
    await expectAccessible(page, 'the enrollee page at desktop width');
    await context.close();
  });
});
