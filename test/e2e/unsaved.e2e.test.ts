import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { launch, listenLocally, signIn } from './browser.js';

/**
 * A training administrator lost a whole module, its pages and questions, by pressing Back in the module
 * editor. Leaving a form with unsaved changes now asks first, in the app's own dialog (decision 039).
 */
let t: TestContext;
let browser: Browser;
let baseUrl: string;
let vendor: Client;
let adminEmail: string;
let sessionId: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  adminEmail = (await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email;
  vendor = await t.signIn(adminEmail);
  const topic = await vendor.post('/api/training/topics', {
    code: 'OC-LTSS',
    title: 'LTSS basics',
    shared: true,
  });
  const session = await vendor.post('/api/training/sessions', {
    topicId: topic.json().id,
    kind: 'self_paced',
    title: 'LTSS basics (online)',
    content: { pages: [{ title: 'What LTSS is', body: 'Long-term services and supports.' }], questions: [] },
  });
  expect(session.statusCode, session.body).toBe(201);
  sessionId = session.json().id;
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  // The browser's own confirm box must never appear: any would fail the test here.
  page.on('dialog', (d) => {
    throw new Error(`the browser's own ${d.type()} dialog appeared: ${d.message()}`);
  });
  await signIn(page, baseUrl, adminEmail, PASSWORD);
  return page;
}

const leaveQuestion = (page: Page) => page.getByRole('dialog', { name: 'Leave without saving?' });

describe('leaving a form with unsaved changes', () => {
  it('asks before Back leaves the module editor: Stay keeps the edits, Leave goes back', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/training/sessions/${sessionId}`);
    await page.getByRole('link', { name: 'Edit the module' }).click();
    await page.getByRole('heading', { name: /^Edit the module/ }).waitFor();
    const title = page.getByLabel('Page 1 title');
    await title.fill('What long-term services and supports are');

    await page.goBack();
    await leaveQuestion(page).waitFor();
    await page.getByRole('button', { name: 'Stay' }).click();
    await leaveQuestion(page).waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe(`/training/sessions/${sessionId}/module/edit`);
    expect(await title.inputValue()).toBe('What long-term services and supports are');

    // A link in the page asks the same way.
    await page.getByRole('link', { name: 'Back to the session' }).click();
    await leaveQuestion(page).waitFor();
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('link', { name: 'Edit the module' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/training/sessions/${sessionId}`);
    // Nothing was saved.
    const content = await vendor.get(`/api/training/sessions/${sessionId}/module/content`);
    expect(content.json().content.pages[0].title).toBe('What LTSS is');
    await page.context().close();
  });

  it('leaves without asking when nothing was changed, and once the module is saved', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/training/sessions/${sessionId}`);
    await page.getByRole('link', { name: 'Edit the module' }).click();
    await page.getByRole('heading', { name: /^Edit the module/ }).waitFor();
    await page.goBack();
    await page.getByRole('link', { name: 'Edit the module' }).waitFor();

    await page.getByRole('link', { name: 'Edit the module' }).click();
    await page.getByLabel('Page 1 text').fill('Help at home with daily living.');
    await page.getByRole('button', { name: 'Save the module' }).click();
    // Saving goes to the session page, unasked.
    await page.getByRole('link', { name: 'Edit the module' }).waitFor();
    expect(await leaveQuestion(page).count()).toBe(0);
    await page.context().close();
  });

  it('asks before signing out with the module half edited', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/training/sessions/${sessionId}/module/edit`);
    await page.getByLabel('Page 1 title').fill('Services at home');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await leaveQuestion(page).waitFor();
    await page.getByRole('button', { name: 'Stay' }).click();
    // Still signed in, the edit in place.
    expect(await page.getByLabel('Page 1 title').inputValue()).toBe('Services at home');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByLabel('E-mail address').waitFor();
    await page.context().close();
  });

  it('asks before Escape closes a dialog holding changes; Keep editing keeps them', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/training`);
    await page.getByRole('button', { name: 'Add a topic' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a topic' });
    await dialog.getByLabel('Title').fill('Cultural humility');

    await page.keyboard.press('Escape');
    const question = page.getByRole('dialog', { name: 'Close without saving?' });
    await question.waitFor();
    await question.getByRole('button', { name: 'Keep editing' }).click();
    await question.waitFor({ state: 'hidden' });
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Cultural humility');

    // The close button asks too; Escape in the question answers the question, not the dialog beneath.
    await dialog.getByRole('button', { name: 'Close' }).click();
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'hidden' });
    expect(await dialog.isVisible()).toBe(true);

    await page.keyboard.press('Escape');
    await question.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.context().close();
  });

  it('closes an untouched dialog at once', async () => {
    const page = await signedIn();
    await page.goto(`${baseUrl}/training`);
    await page.getByRole('button', { name: 'Add a topic' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a topic' });
    await dialog.getByLabel('Title').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.context().close();
  });
});
