import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

/** A self-paced module taken the natural way in the browser: read, Next, answer, Submit (decision 023). */
let t: TestContext;
let browser: Browser;
let baseUrl: string;
let vendor: Client;
let topicId: string;
let providerId: string;

const PAGES = [
  { title: 'What person-centered planning is', body: 'The person leads; the team listens.' },
  { title: 'Planning together', body: 'Goals in the person’s own words.' },
  { title: 'Reviewing the plan', body: 'At least once a year, and after any big change.' },
];
const QUESTIONS = [
  { prompt: 'Who leads the care plan?', options: ['The plan', 'The person', 'The PCP'], answer: 1 },
  { prompt: 'How often is the plan reviewed?', options: ['Every five years', 'At least yearly'], answer: 1 },
];

beforeAll(async () => {
  t = await createTestApp({ web: true });
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  providerId = (await t.org({ kind: 'provider', name: 'Lowell Community Health' })).id;
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const topic = await vendor.post('/api/training/topics', {
    code: 'OC-PCP',
    title: 'Person-centered planning',
    shared: true,
  });
  topicId = topic.json().id;
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function offer(title: string, content: object) {
  const res = await vendor.post('/api/training/sessions', { topicId, kind: 'self_paced', title, content });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A new care coordinator, signed in at 1366 px, on the module's session page, who opens the module. */
async function openModule(sessionId: string, title: string): Promise<{ page: Page; learner: Client }> {
  const { email } = await t.user([{ orgId: providerId, role: 'care_coordinator' }]);
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  await page.goto(`${baseUrl}/training/sessions/${sessionId}`);
  await page.getByRole('link', { name: 'Open the module' }).click();
  await page.getByRole('heading', { name: title, level: 2 }).waitFor();
  return { page, learner: await t.signIn(email) };
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('a self-paced module in the browser', () => {
  it('completes by the natural path at 1366 px: read page 1, Next, Next, answer, Submit', async () => {
    const id = await offer('Person-centered planning (online)', { pages: PAGES, questions: QUESTIONS });
    const { page, learner } = await openModule(id, 'Person-centered planning (online)');
    const progress = page.getByRole('status').first();

    await page.getByRole('heading', { name: PAGES[0]!.title }).waitFor();
    await expectAccessible(page, 'a module page');
    for (const next of PAGES.slice(1)) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('heading', { name: next.title }).waitFor();
      // The keyboard follows to the page shown.
      expect(await focusedText(page)).toBe(next.title);
    }
    await expect.poll(() => progress.textContent()).toBe('The knowledge check has not been taken');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'Knowledge check' }).waitFor();

    // One wrong: the result says which, takes the focus, and marks the question; the right answer stays unsaid.
    await page.getByRole('radio', { name: 'The person' }).check();
    await page.getByRole('radio', { name: 'Every five years' }).check();
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await expect
      .poll(() => focusedText(page))
      .toBe('You scored 50%; the pass mark is 80%. Question 2 was answered wrong.');
    await page.getByText('This answer was wrong').waitFor();
    expect(await page.getByText('This answer was wrong').count()).toBe(1);
    await expectAccessible(page, 'a failed knowledge check');

    await page.getByRole('radio', { name: 'At least yearly' }).check();
    expect(await page.getByText('This answer was wrong').count()).toBe(0);
    await page.getByRole('button', { name: 'Submit answers' }).click();
    await expect
      .poll(() => focusedText(page))
      .toBe('You passed with 100% (pass mark 80%). The module is complete.');
    await expect
      .poll(() => progress.textContent())
      .toMatch(/^Completed\. Passed the knowledge check with 100%/);
    expect(await page.getByRole('button', { name: 'Submit answers' }).isDisabled()).toBe(true);

    const mine = (await learner.get('/api/training/completions')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({ method: 'self_paced', topicTitle: 'Person-centered planning' }),
    ]);
  });

  it('finishes a one-page module without questions with Mark as complete', async () => {
    const id = await offer('Our model of care (online)', {
      pages: [{ title: 'Our model', body: 'The enrollee leads.' }],
      questions: [],
    });
    const { page, learner } = await openModule(id, 'Our model of care (online)');
    await page.getByRole('heading', { name: 'Our model', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Mark as complete' }).click();
    await expect.poll(() => focusedText(page)).toBe('Completed. Viewed the page and marked it complete.');
    expect(await page.getByRole('button', { name: 'Mark as complete' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'a completed module');
    expect((await learner.get('/api/training/completions')).json().items).toHaveLength(1);
  });
});
