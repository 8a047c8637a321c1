// Every page of the app on a phone (390 × 844) and at 200 % zoom: nothing scrolls sideways, no badge is
// cut short, and each page passes the WCAG 2.1 AA rules as it does on a desktop. Each demo role visits the
// pages it uses, with real ids from the demo data; every failing page is listed at once, not only the first.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { enrolleeOf, onePerPage } from '../support/demo-records.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;
const ids = {} as Record<
  | 'person'
  | 'org'
  | 'liveSession'
  | 'moduleSession'
  | 'topic'
  | 'year'
  | 'survey'
  | 'token'
  | 'certificate'
  | 'enrollee',
  string
>;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 };
// 200 % zoom on a 1280 × 900 window: Chromium lays the page out in a 640 × 450 CSS-pixel viewport at two
// device pixels per CSS pixel, which is what this context gives.
const ZOOMED = { viewport: { width: 640, height: 450 }, deviceScaleFactor: 2 };

beforeAll(async () => {
  t = await createTestApp({ web: true });
  await seedDemo(
    { database: t.database, auth: t.services.auth, audit: t.services.audit },
    { people: 300, seed: 5 },
  );
  Object.assign(ids, await onePerPage(t.database.system));
  ids.enrollee = await enrolleeOf(t.database.system, 'maria.santos@bostoncommunityhealth.example');
  // The demo offers no self-paced module; the vendor offers one, as a training team would.
  const vendor = await t.signIn('training@onecare-learning.example', DEMO_PASSWORD);
  const offered = await vendor.post('/api/training/sessions', {
    topicId: ids.topic,
    kind: 'self_paced',
    title: 'Person-centered planning: the self-paced module',
    content: {
      pages: [{ title: 'Why it matters', body: 'The person leads their own plan.' }],
      questions: [{ prompt: 'Who leads the care plan?', options: ['The plan', 'The person'], answer: 1 }],
    },
  });
  expect(offered.statusCode, offered.body).toBe(201);
  ids.moduleSession = offered.json().id;
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** What is wrong with the page as it is now at this width: sideways scroll and badges cut short. */
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const { scrollWidth } = document.documentElement;
    if (scrollWidth > window.innerWidth)
      problems.push(`scrolls sideways: ${scrollWidth} px wide in a ${window.innerWidth} px window`);
    const cut = [...document.querySelectorAll('.mantine-Badge-label, .mantine-Button-label')]
      .filter((label) => label.scrollWidth > label.clientWidth + 1)
      .map((label) => label.textContent);
    if (cut.length) problems.push(`cut short: ${cut.join(', ')}`);
    return problems;
  });
}

/** Visits each page in turn and returns every problem found, page by page, rather than stopping. */
async function visitAll(page: Page, paths: string[], options: { axe: boolean }) {
  const failures: string[] = [];
  for (const path of paths) {
    await page.goto(`${baseUrl}${path}`);
    await page.waitForLoadState('networkidle');
    await page.locator('main, form').first().waitFor();
    for (const problem of await layoutProblems(page)) failures.push(`${path}: ${problem}`);
    if (options.axe) {
      try {
        await expectAccessible(page, path);
      } catch (error) {
        // The assertion's own list of violations, not its diff.
        const { actual, message } = error as { actual?: unknown; message: string };
        failures.push(`${path}: ${actual ? JSON.stringify(actual) : message}`);
      }
    }
  }
  return failures;
}

async function signedIn(email: string, options = PHONE): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await signIn(page, baseUrl, email, DEMO_PASSWORD);
  return { context, page };
}

/** On a phone the header has room for neither: they are in the menu behind the menu button. */
async function expectAccountInMenu(page: Page) {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Menu' }).waitFor();
  expect(await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).isVisible()).toBe(false);
  await page.getByRole('button', { name: 'Menu' }).click();
  const menu = page.getByRole('navigation', { name: 'Main' });
  await menu.getByRole('button', { name: 'Sign out' }).waitFor();
  // The menu slides in; measure where it comes to rest.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  for (const control of [
    menu.getByRole('button', { name: 'Sign out' }),
    menu.getByRole('combobox', { name: 'Acting for' }),
  ]) {
    const box = (await control.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  await expectAccessible(page, 'the menu open on a phone');
}

const pages = {
  providerAdmin: () => [
    '/',
    '/organisations',
    `/organisations/${ids.org}`,
    '/people',
    `/people/${ids.person}`,
    '/qualifications',
    '/imports',
    '/audit',
    '/outbox',
    '/compliance',
    `/compliance/people/${ids.person}`,
    '/compliance/requirements',
    '/care/enrollees',
    '/care/queue/team',
    `/care/queue?coordinatorId=${ids.person}&all=true`,
  ],
  coordinator: () => [
    '/',
    '/training',
    `/training/topics/${ids.topic}`,
    `/training/sessions/${ids.liveSession}`,
    `/training/sessions/${ids.moduleSession}`,
    `/training/sessions/${ids.moduleSession}/module`,
    `/attest/${ids.token}`,
    '/surveys',
    `/surveys/${ids.survey}/answer`,
    '/care/enrollees',
    `/care/enrollees/${ids.enrollee}`,
    '/care/queue',
    '/enrollment',
  ],
  officer: () => [
    '/',
    '/compliance',
    `/compliance/people/${ids.person}`,
    '/compliance/requirements',
    '/training/participation',
    '/surveys',
    `/surveys/${ids.survey}/plan-results`,
  ],
  trainingAdmin: () => [
    '/',
    '/training',
    '/training/imports',
    '/training/years',
    `/training/years/${ids.year}`,
    '/training/participation',
    `/training/sessions/${ids.liveSession}`,
    `/training/sessions/${ids.moduleSession}/module/edit`,
    '/outbox',
    '/surveys',
    '/surveys/new',
    `/surveys/${ids.survey}/edit`,
    `/surveys/${ids.survey}/results`,
  ],
  platformAdmin: () => ['/', '/organisations'],
};

describe('at phone width (390 px)', () => {
  it('the public pages: sign-in, events and certificate checks', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const failures = await visitAll(page, ['/', '/events', '/verify', `/verify/${ids.certificate}`], {
      axe: true,
    });
    await context.close();
    expect(failures).toEqual([]);
  });

  for (const [role, email, paths] of [
    ['a provider administrator', 'admin@bostoncommunityhealth.example', pages.providerAdmin],
    ['a care coordinator', 'maria.santos@bostoncommunityhealth.example', pages.coordinator],
    ['a plan compliance officer', 'compliance@baystateonecare.example', pages.officer],
    ['a training administrator at a vendor', 'training@onecare-learning.example', pages.trainingAdmin],
    ['a platform administrator', 'admin@concord.example', pages.platformAdmin],
  ] as const) {
    it(`${role}: sign-out and "Acting for" are in the menu, and every page fits and passes axe`, async () => {
      const { context, page } = await signedIn(email);
      await expectAccountInMenu(page);
      const failures = await visitAll(page, paths(), { axe: true });
      await context.close();
      expect(failures).toEqual([]);
    });
  }
});

describe('at 200 % zoom on a 1280 px window', () => {
  it('the key pages fit without sideways scroll', async () => {
    const failures: string[] = [];
    for (const [email, paths] of [
      [
        'maria.santos@bostoncommunityhealth.example',
        ['/', '/training', `/training/sessions/${ids.liveSession}`, '/care/enrollees', '/care/queue'],
      ],
      ['compliance@baystateonecare.example', ['/compliance', `/compliance/people/${ids.person}`]],
      [
        'training@onecare-learning.example',
        [`/training/years/${ids.year}`, `/surveys/${ids.survey}/results`],
      ],
    ] as const) {
      const { context, page } = await signedIn(email, ZOOMED);
      failures.push(...(await visitAll(page, [...paths], { axe: false })).map((f) => `${email} ${f}`));
      await context.close();
    }
    expect(failures).toEqual([]);
  });
});
