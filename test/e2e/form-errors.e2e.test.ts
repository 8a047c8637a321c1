import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

/**
 * A form refused by the server says what to do on the field itself, in plain words, moves the keyboard to
 * that field and announces the summary (role=alert), as every form using the shared submit handler does.
 */
let t: TestContext;
let browser: Browser;
let baseUrl: string;
let email: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  const vendor = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  email = (await t.user([{ orgId: vendor.id, role: 'training_admin' }])).email;
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function topicForm(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  await page.goto(`${baseUrl}/training`);
  await page.getByRole('button', { name: 'Add a topic' }).click();
  await page.getByRole('dialog', { name: 'Add a topic' }).waitFor();
  return page;
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return { label: el?.labels?.[0]?.textContent?.replace(/\s*\*$/, '') ?? null, invalid: el?.ariaInvalid };
  });

describe('a form refused by the server', () => {
  it('shows the plain message on the empty field, focuses it and announces the summary', async () => {
    const page = await topicForm();
    const dialog = page.getByRole('dialog', { name: 'Add a topic' });
    await dialog.getByLabel('Code').fill('E2E-1');
    // The title is left empty and focus is put elsewhere, so moving it is the form's doing.
    await dialog.getByRole('button', { name: 'Add topic' }).click();

    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Correct the field marked below.');
    const title = dialog.getByRole('textbox', { name: 'Title' });
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    // The message is on the field, tied to it for screen readers.
    const describedBy = (await title.getAttribute('aria-describedby')) ?? '';
    const description = await page.evaluate(
      (ids) =>
        ids
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(description).toContain('Enter a title');
    await expect.poll(() => focused(page)).toEqual({ label: 'Title', invalid: 'true' });
    expect(await dialog.textContent()).not.toMatch(/expected|received|Invalid input|Too small|>=/);
    await expectAccessible(page, 'the topic form with an error');

    // Corrected, it saves.
    await title.fill('Person-centered planning');
    await dialog.getByRole('button', { name: 'Add topic' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });
});
