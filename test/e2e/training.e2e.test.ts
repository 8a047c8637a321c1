import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/platform/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { expectAccessible, launch, signIn } from './browser.js';

const REPORT = fileURLToPath(new URL('../fixtures/webinar-participants.csv', import.meta.url));
const SESSION = 'One Care: Cultural competence (live webinar)';

let t: TestContext;
let browser: Browser;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp({ web: true });
  await seedDemo(
    { database: t.database, auth: t.services.auth, audit: t.services.audit },
    { people: 100, seed: 11 },
  );
  // Maria is also on Bay State One Care's roster, so that plan keeps her training record too.
  await t.database.system.execute(
    sql`insert into person_roles (org_id, person_id, role, starts_on)
        select o.id, p.id, 'provider_staff', '2025-01-01' from organisations o, people p
        where o.code = 'BAYSTATE-OC' and p.email = 'maria.santos@bostoncommunityhealth.example'`,
  );
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(email: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    bypassCSP: true,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, DEMO_PASSWORD);
  return page;
}

async function openSession(page: Page) {
  await page.getByRole('navigation').getByRole('link', { name: 'Training', exact: true }).click();
  await page.getByRole('heading', { name: 'Training', level: 2 }).waitFor();
  await page.getByRole('link', { name: SESSION }).click();
  await page.getByRole('heading', { name: SESSION, level: 2 }).waitFor();
}

describe('training in the browser', () => {
  it('a provider registers, attends, attests through the link, downloads the certificate; a second plan sees it done', async () => {
    // Maria registers for the vendor's live webinar.
    const maria = await signedIn('maria.santos@bostoncommunityhealth.example');
    await maria.getByRole('navigation').getByRole('link', { name: 'Training', exact: true }).click();
    await maria.getByRole('heading', { name: 'Training', level: 2 }).waitFor();
    await maria.waitForLoadState('networkidle');
    await expectAccessible(maria, 'the training page');
    await openSession(maria);
    await maria.getByRole('button', { name: 'Register' }).click();
    await maria.getByText('Registered', { exact: true }).first().waitFor();
    await expect.poll(() => maria.getByRole('button', { name: 'Cancel my registration' }).count()).toBe(1);
    await expectAccessible(maria, 'a session page');

    // The training vendor imports the webinar platform's participant report.
    const vendor = await signedIn('training@onecare-learning.example');
    await openSession(vendor);
    await vendor.locator('input[type=file]').setInputFiles(REPORT);
    await vendor.getByRole('button', { name: 'Import attendance' }).click();
    await expect
      .poll(() => vendor.getByRole('status').filter({ hasText: 'rows:' }).textContent())
      .toMatch(/8 rows: 6 matched to 5 people, 2 to match by hand/);
    await expectAccessible(vendor, 'a session page for the team running it');
    const link = (await vendor.locator('code').textContent())!;
    expect(link).toMatch(/\/attest\/[\w-]{20,}$/);

    // Maria follows the attestation link and attests.
    await maria.goto(`${baseUrl}${new URL(link).pathname}`);
    await maria.getByRole('heading', { name: 'Attest to completion' }).waitFor();
    await expect.poll(() => maria.getByText(/Your record shows \d+ minutes attended/).count()).toBe(1);
    await expectAccessible(maria, 'the attestation page');
    await maria.getByRole('button', { name: 'Attest' }).click();
    await expect.poll(() => maria.getByRole('alert').count()).toBe(1); // the statement is not ticked yet
    await maria.getByRole('checkbox').check();
    await maria.getByRole('button', { name: 'Attest' }).click();
    await maria.getByText(/the topic is completed/).waitFor();

    // Her certificate, from her completions.
    await maria.getByRole('link', { name: 'See your completions' }).click();
    const download = maria.waitForEvent('download');
    await maria.getByRole('link', { name: 'Download the certificate for Cultural competence (PDF)' }).click();
    const pdf = await download;
    expect(pdf.suggestedFilename()).toMatch(/^certificate-[0-9A-Z]{5}-[0-9A-Z]{5}\.pdf$/);
    expect(
      readFileSync((await pdf.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // Bay State One Care's compliance officer sees the shared topic done on Maria's record.
    const plan = await signedIn('compliance@baystateonecare.example');
    const [person] = await rows<{ id: string }>(
      t.database.system,
      sql`select id from people where email = 'maria.santos@bostoncommunityhealth.example'`,
    );
    await plan.goto(`${baseUrl}/people/${person!.id}`);
    const record = plan.getByRole('table', { name: /Training Maria Santos completed/ });
    await expect
      .poll(() => record.getByRole('row').filter({ hasText: 'Cultural competence' }).count())
      .toBe(1);
    expect(await record.textContent()).toContain('One Care Shared Learning');
    await expectAccessible(plan, 'a person page with training');

    // Anyone can check the certificate by its code, signed in or not.
    const code = /certificate-(.+)\.pdf/.exec(pdf.suggestedFilename())![1]!;
    const visitor = await (await browser.newContext({ bypassCSP: true })).newPage();
    await visitor.goto(`${baseUrl}/verify/${code}`);
    await visitor.getByRole('heading', { name: 'Valid certificate' }).waitFor();
    expect(await visitor.getByRole('status').textContent()).toContain(
      'Maria Santos completed Cultural competence',
    );
    await expectAccessible(visitor, 'the public verification page');
  });
});
