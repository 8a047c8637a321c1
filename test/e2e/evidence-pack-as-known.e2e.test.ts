import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { plantCompletion, plantTopic } from '../support/planted-rows.js';
import { expectAccessible, launch, listenLocally, signIn } from './browser.js';

/**
 * A compliance officer builds the evidence pack for 1 June 2026 in the browser. Ana's model-of-care training
 * was recorded in February; Ben had nothing recorded by then. When Ben's March completion is recorded months
 * later, the pack for 1 June made again as known on that day reads as before; as corrected since, it counts it.
 */
let t: TestContext;
let browser: Browser;
let baseUrl: string;
let trainer: Client;
let officerEmail: string;
const ids: Record<string, string> = {};
const DAY = '2026-06-01';

beforeAll(async () => {
  t = await createTestApp({ web: true });
  const plan = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const officer = await t.user([{ orgId: plan.id, role: 'compliance_officer' }]);
  officerEmail = officer.email;
  trainer = await t.signIn((await t.user([{ orgId: plan.id, role: 'training_admin' }])).email);
  const ana = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Ana',
    familyName: 'Lima',
  });
  const ben = await t.user([{ orgId: plan.id, role: 'care_coordinator' }], {
    givenName: 'Ben',
    familyName: 'Okafor',
  });
  ids.ben = ben.person.id;
  const db = t.database.system;
  const moc = {
    id: await plantTopic(db, {
      orgId: plan.id,
      code: 'BSOC-MOC',
      title: 'Bay State model of care',
      shared: false,
    }),
  };
  ids.moc = moc.id;
  await plantCompletion(
    db,
    {
      orgId: plan.id,
      personId: ana.person.id,
      personName: 'Ana Lima',
      topicId: moc.id,
      completedOn: '2026-02-10',
    },
    { certificateCode: 'E2E-KNOWN-1', createdAt: '2026-02-10 15:00:00-05' },
  );
  const created = await (await t.signIn(officer.email)).post('/api/compliance/requirements', {
    code: 'BSOC-MOC',
    title: 'Bay State model of care',
    what: 'topics',
    topicIds: [moc.id],
    scope: 'organisation',
    roles: ['care_coordinator'],
    trigger: 'role_start',
    dueWithinDays: 30,
    recurrence: 'once',
    inForceFrom: '2024-01-01',
  });
  expect(created.statusCode, created.body).toBe(201);
  t.services.jobs.start(200);
  baseUrl = await listenLocally(t.app);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/**
 * Opens the compliance page as of the day, counting as asked, waits for the figures the dashboard should show,
 * builds the XLSX pack and reads it.
 */
async function buildPack(page: Page, counting: RegExp | null, figures: string) {
  await page.goto(`${baseUrl}/compliance`);
  await page.getByRole('heading', { name: 'Compliance', level: 2 }).waitFor();
  await page.getByLabel('As of').fill(DAY);
  if (counting) {
    await page.getByRole('combobox', { name: 'Counting' }).click();
    await page.getByRole('option', { name: counting }).click();
  }
  const summary = page.getByRole('status').filter({ hasText: `${figures} on track on ${DAY}` });
  await summary.waitFor();
  await page.getByRole('button', { name: 'Build the evidence pack' }).click();
  const link = page.getByRole('link', { name: 'Download the evidence pack' });
  await link.waitFor({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await link.click();
  const file = await download;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await file.path())!);
  const basis = workbook.getWorksheet('Summary')!.getColumn(1).values.indexOf('Basis');
  const lines: unknown[][] = [];
  workbook.getWorksheet('BSOC-MOC')!.eachRow((row) => {
    lines.push((row.values as unknown[]).slice(1));
  });
  return {
    name: file.suggestedFilename(),
    summary: await summary.textContent(),
    basis: String(workbook.getWorksheet('Summary')!.getRow(basis).getCell(2).value),
    lines,
    status: (name: string) => lines.find((l) => String(l[0]).startsWith(name))?.[4],
  };
}

describe('the evidence pack for a past day, in the browser', () => {
  it('is unchanged by a completion recorded later with an earlier date, unless asked as corrected since', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await signIn(page, baseUrl, officerEmail, PASSWORD);

    const first = await buildPack(page, null, '50%');
    expect(first.name).toMatch(new RegExp(`^evidence-pack-.*-${DAY}\\.xlsx$`));
    expect(first.basis).toMatch(/^As known on 2026-06-01: only what had been recorded/);
    expect(first.status('Ana')).toBe('Compliant');
    expect(first.status('Ben')).toBe('Overdue');
    await page.getByText('as known on that day: leaving out what was recorded').waitFor();
    await expectAccessible(page, 'the compliance page for a past day with its evidence pack');

    const recorded = await trainer.post('/api/training/completions', {
      personId: ids.ben,
      topicId: ids.moc,
      completedOn: '2026-03-01',
      evidence: { note: 'Sign-in sheet found in a drawer' },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);

    const again = await buildPack(page, null, '50%');
    expect(again.basis).toBe(first.basis);
    expect(again.lines, 'every line as first made').toEqual(first.lines);
    expect(again.summary).toBe(first.summary);

    const corrected = await buildPack(page, /As corrected since/, '100%');
    expect(corrected.name).toMatch(new RegExp(`-${DAY}-as-corrected\\.xlsx$`));
    expect(corrected.basis).toMatch(/^As corrected since 2026-06-01: everything known now/);
    expect(corrected.status('Ben')).toBe('Compliant');
    expect(corrected.summary).not.toBe(first.summary);
    await context.close();
  });
});
