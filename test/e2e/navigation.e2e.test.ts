import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.js';
import type { TestContext } from '../support/app.js';
import { expectAccessible, signIn, startDemo } from './browser.js';

/**
 * Each demo role signs in and opens every page its navigation offers: each must open with its heading, say
 * nothing about permission and have no API call refused or failed. Each lands on a home that answers its
 * first question, and a coordinator owes each topic once, however many plans require it.
 */
let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  ({ t, baseUrl, browser } = await startDemo({ seed: 7 }));
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The heading each nav link's page opens with. */
const HEADINGS: Record<string, RegExp> = {
  Home: /^Welcome, /,
  Enrollees: /^Enrollees$/,
  Training: /^Training$/,
  Compliance: /^Compliance$/,
  Surveys: /^Surveys$/,
  People: /^People$/,
  Qualifications: /^Qualifications$/,
  Organisations: /^Organisations$/,
  Imports: /^Import people and roles$/,
  'E-mail': /^E-mail$/,
  'Audit log': /^Audit log$/,
  'API clients': /^API clients$/,
  'Learning record store': /^Learning record store$/,
  'Work queues': /^My queue$/,
  'Team queues': /^Team queues$/,
  'Roster imports': /^Import the enrollee roster$/,
  // A Community Partner's staff, who send no batch files, open it on the members assigned to them.
  'CP enrollment': /^(Enrollment batch files|Assignments to Community Partners)$/,
  'CP identification': /^Identified members$/,
  'CP referrals': /^Referrals for Community Partner supports$/,
};

async function signedIn(email: string) {
  // No bypassCSP: axe runs through the DevTools protocol, so the app's own policy stays in force.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, DEMO_PASSWORD);
  // From here on, no API call may be refused or fail.
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { page, failed };
}

async function navLinks(page: Page) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
}

/** Opens every link the navigation offers; each page's heading shows and nothing says "permission". */
async function visitEveryLink(page: Page, failed: string[], who: string) {
  const links = await navLinks(page);
  for (const link of links) {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: link, exact: true })
      .click();
    const heading = HEADINGS[link];
    expect(heading, `a heading known for ${link}`).toBeDefined();
    await page.getByRole('heading', { name: heading!, level: 2 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('main').textContent(), `${who}: ${link}`).not.toMatch(/permission/i);
    expect(failed, `${who}: API calls on ${link}`).toEqual([]);
  }
  return links;
}

async function homeSections(page: Page) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Home', exact: true })
    .click();
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, 'the home page');
  return page.locator('main section h3').allTextContents();
}

describe('each role sees its own app', () => {
  it('a care coordinator: their training and surveys, what they owe once per topic, and nothing of others', async () => {
    const { page, failed } = await signedIn('maria.santos@bostoncommunityhealth.example');
    // A care coordinator's caseload comes first: what is due and overdue, with a link to their queue.
    expect(await homeSections(page)).toEqual(['Your caseload', 'What you owe', 'Your next sessions']);
    // Every plan contracting with Boston Community Health requires the five shared topics: one row each,
    // required by the plans together.
    const rows = page.getByTestId('what-you-owe').locator('tbody tr');
    const titles = await rows.locator('td:first-child p:first-child').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
    const cultural = rows.filter({ hasText: 'Cultural competence' });
    await expect.poll(() => cultural.count()).toBe(1);
    expect(await cultural.textContent()).toMatch(/Required by .+ and .+/);
    // It leads to the next session of the topic.
    await cultural.getByRole('link').click();
    await page.getByRole('heading', { name: /Cultural competence/, level: 2 }).waitFor();
    await page.goBack();
    const links = await visitEveryLink(page, failed, 'coordinator');
    expect(links).toEqual([
      'Home',
      'Enrollees',
      'Work queues',
      'CP referrals',
      'Training',
      'Surveys',
      'Organisations',
    ]);
    // The training page has the same list, and none of the team's buttons.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training' }).click();
    await page.getByTestId('what-you-owe').waitFor();
    for (const button of ['Offer a session', 'Add a topic', 'Import completions', 'Participation'])
      expect(
        await page
          .getByRole('link', { name: button })
          .or(page.getByRole('button', { name: button }))
          .count(),
      ).toBe(0);
  });

  it('a provider administrator: their people’s compliance and imports, and every workforce page', async () => {
    const { page, failed } = await signedIn('admin@bostoncommunityhealth.example');
    expect(await homeSections(page)).toEqual(["Your people's compliance", 'Recent imports']);
    const links = await visitEveryLink(page, failed, 'provider administrator');
    // An administrator holds no caseload: the team's queues in place of an empty queue of their own.
    expect(links).toEqual([
      'Home',
      'Enrollees',
      'Team queues',
      'CP referrals',
      'Training',
      'Compliance',
      'Surveys',
      'People',
      'Qualifications',
      'Organisations',
      'Imports',
      'E-mail',
      'Audit log',
      'API clients',
      'Learning record store',
    ]);
  });

  it('a plan compliance officer: the network’s status and what changed', async () => {
    const { page, failed } = await signedIn('compliance@baystateonecare.example');
    expect(await homeSections(page)).toEqual(["The network's status", 'What changed recently']);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/people under your requirements/);
    const links = await visitEveryLink(page, failed, 'compliance officer');
    expect(links).not.toContain('Imports');
    expect(links).toContain('Compliance');
    // A compliance officer sees no enrollee (decision 050), so no work queue either.
    expect(links).not.toContain('Enrollees');
    expect(links).not.toContain('Work queues');
  });

  it('a training administrator: sessions this week and held attestations', async () => {
    const { page, failed } = await signedIn('training@onecare-learning.example');
    expect(await homeSections(page)).toEqual(['Sessions this week', 'Attestations held for review']);
    const links = await visitEveryLink(page, failed, 'training administrator');
    expect(links).not.toContain('Imports');
    expect(links).not.toContain('Audit log');
  });

  it('a Community Partner’s LTS coordinator: CP enrollment opens on the members assigned to it', async () => {
    const { page, failed } = await signedIn('poneil@springfield-ltss.example');
    const links = await visitEveryLink(page, failed, 'LTS coordinator');
    expect(links).toContain('CP enrollment');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CP enrollment' }).click();
    await page.getByRole('heading', { name: 'Assignments to Community Partners', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/enrollment/assignments');
  });

  it('after signing out, the next person starts at Home, not on the last page with its filters', async () => {
    const { page } = await signedIn('maria.santos@bostoncommunityhealth.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Enrollees' }).click();
    await page.getByRole('heading', { name: 'Enrollees', level: 2 }).waitFor();
    await page.getByRole('searchbox').or(page.getByRole('textbox')).first().fill('Carter');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('E-mail address').fill('poneil@springfield-ltss.example');
    await page.getByRole('textbox', { name: 'Password' }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).search).toBe('');
  });

  it('the platform administrator, at the organisations they switch to', async () => {
    const { page, failed } = await signedIn('admin@concord.example');
    expect(await homeSections(page)).toContain('The platform');
    await visitEveryLink(page, failed, 'platform administrator');
    await page.getByRole('combobox', { name: 'Acting for' }).click();
    await page.getByRole('option', { name: /Lowell Community Partners/ }).click();
    await page.getByText('Now acting for Lowell Community Partners').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await homeSections(page)).toContain('The platform');
    await visitEveryLink(page, failed, 'platform administrator at Lowell');
  });
});
