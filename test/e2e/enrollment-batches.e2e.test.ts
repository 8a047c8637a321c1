// Enrollment batch files in the browser (issue 21): an ACO's enrollment submitter downloads the template,
// fills it (written here with exceljs), uploads it with one bad row, reads the result file, fixes the row,
// uploads again, and sees the member's enrollment on a phone.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { acoWith, communityPartner, member } from '../support/enrollment.js';
import { tmpFile } from '../support/files.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  baseUrl = await listenLocally(t.app);
  t.services.jobs.start(200); // a batch is a job
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function pageAs(email: string, width: number) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, PASSWORD);
  return page;
}

async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name }).first().click(),
  ]);
  return readFileSync((await file.path())!);
}

/** The template, its examples replaced by `rows` (cells by header). */
async function filled(template: Buffer, rows: Record<string, string>[]) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Batch')!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  // The three example rows go, as the instructions say; the rows are written in their place.
  for (let n = 2; n <= sheet.rowCount; n++) sheet.getRow(n).values = [];
  rows.forEach((r, i) => {
    sheet.getRow(i + 2).values = header.map((h) => r[h] ?? '');
  });
  const file = tmpFile('batch.xlsx');
  await workbook.xlsx.writeFile(file);
  return file;
}

describe('an enrollment batch file', () => {
  it('is sent, refused for one row, corrected, applied, and the member’s enrollment shown', async () => {
    const cp = await communityPartner(t, { confirmed: 10 });
    const aco = await acoWith(t, [cp]);
    const [ana, ben] = [await member(aco.admin), await member(aco.admin)];
    const row = (m: { masshealthId: string; dateOfBirth: string }, extra: Record<string, string> = {}) => ({
      Medicaid_ID: m.masshealthId,
      Member_Name_Last: 'Member',
      Member_Name_First: 'Ana',
      Member_Date_of_Birth: m.dateOfBirth,
      Member_Sex: 'F',
      ACO_MCO_PID: aco.pid,
      ACO_MCO_SL: 'A',
      CP_PID: cp.pid,
      CP_SL: 'A',
      Action: 'E - Enroll',
      Effective_Date: '2026-02-01',
      ...extra,
    });

    const page = await pageAs(aco.submitterEmail, 1366);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'CP enrollment' }).click();
    await page.getByRole('heading', { name: 'Enrollment batch files' }).waitFor();
    await expectAccessible(page, 'the batch files page');
    const template = await download(page, 'Download the template');

    // Ben's row says D (disenroll), but Ben is not enrolled: the batch is refused whole.
    const first = await filled(template, [
      row(ana),
      row(ben, {
        Action: 'D - Disenroll',
        Effective_Date: '2026-02-28',
        Disenrollment_Reason: 'MOVED - Moved out of the service area',
      }),
    ]);
    await page.locator('input[type=file]').setInputFiles(first);
    const current = page.getByText('This batch').locator('..');
    await expect
      .poll(() => current.textContent(), { timeout: 30_000 })
      .toMatch(/Nothing was applied: 1 row of 2 has problems/);
    // The page lists the row to correct (read once the outcome is in).
    await expect
      .poll(() =>
        current.getByRole('cell', { name: 'The member is not enrolled with a Community Partner' }).count(),
      )
      .toBe(1);
    const result = new ExcelJS.Workbook();
    await result.xlsx.load((await download(page, /^Result file for/)) as unknown as ArrayBuffer);
    const rows = result.getWorksheet('Rows')!;
    expect((rows.getRow(3).values as unknown[]).slice(1, 5)).toEqual([
      3,
      'Refused',
      'Action',
      'The member is not enrolled with a Community Partner',
    ]);
    await expectAccessible(page, 'a refused batch');

    // Corrected: both enrolled.
    const second = await filled(template, [row(ana), row(ben)]);
    await page.locator('input[type=file]').setInputFiles(second);
    await expect
      .poll(() => current.textContent(), { timeout: 30_000 })
      .toMatch(/Applied 2 rows: 2 enrollments/);
    await expect
      .poll(() => page.getByRole('link', { name: 'File for the state’s portal' }).count())
      .toBeGreaterThan(0);

    // The member's enrollment, on a phone.
    const phone = await pageAs(aco.submitterEmail, 390);
    await phone.goto(`${baseUrl}/enrollment/members`);
    await phone.getByLabel('MassHealth ID').fill(ben.masshealthId);
    await phone.getByRole('button', { name: 'Show enrollment' }).click();
    await expect.poll(() => phone.getByText('Enrolled with a Community Partner').count()).toBe(1);
    expect(await phone.getByText('1 February 2026').count()).toBeGreaterThan(0);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(phone, 'a member’s enrollment on a phone');
  });
});
