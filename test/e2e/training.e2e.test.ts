import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRow } from '../../src/platform/db/client.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/seed/demo.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { personIdByEmail } from '../support/database-facts.js';
import { addRoleByCode } from '../support/planted-rows.js';
import { expectAccessible, launch, signIn } from './browser.js';

const FIXTURE = readFileSync(
  fileURLToPath(new URL('../fixtures/webinar-participants.csv', import.meta.url)),
  'utf8',
);
const SESSION = 'One Care: Cultural competence (live webinar)';
const SECOND = 'One Care: Cultural competence, second sitting (live webinar)';
/** Today in Boston as the webinar platform writes it (M/D/YYYY): the sessions below are held today. */
const TODAY = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
}).format(new Date());
/** The sample participant report, held today, with the meeting's title given. */
function reportFile(title: string) {
  const file = path.join(os.tmpdir(), `concord-e2e-${process.pid}-${title.length}-participants.csv`);
  writeFileSync(
    file,
    FIXTURE.replaceAll('11/10/2026', TODAY).replace('One Care: Cultural Competence (live webinar)', title),
  );
  return file;
}

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
  await addRoleByCode(t.database.system, {
    orgCode: 'BAYSTATE-OC',
    email: 'maria.santos@bostoncommunityhealth.example',
    role: 'provider_staff',
    startsOn: '2025-01-01',
  });
  // The demo's Cultural competence webinar is still to come; here it began at midnight today (Boston) and
  // runs to the day's last minute, so its report can be imported, it is still listed, and a completion of
  // it is dated today (never a day still to come). A second sitting of it, likewise.
  await t.database.system.execute(
    sql`update training_sessions
        set starts_at = date_trunc('day', now() at time zone time_zone) at time zone time_zone,
          ends_at = (date_trunc('day', now() at time zone time_zone) + interval '1 day' - interval '1 minute')
            at time zone time_zone,
          min_minutes = 90
        where title = ${SESSION}`,
  );
  await t.database.system.execute(
    sql`insert into training_sessions (org_id, topic_id, kind, title, shared, starts_at, ends_at, time_zone,
          capacity, join_url, min_minutes, attestation_token, attestation_closes_at, attestation_statement)
        select org_id, topic_id, kind, ${SECOND}, shared, starts_at, ends_at, time_zone, capacity, join_url,
          min_minutes, 'second-sitting-' || md5(random()::text), attestation_closes_at, attestation_statement
        from training_sessions where title = ${SESSION}`,
  );
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  t.services.jobs.start(200); // the attendance import is a job
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
    acceptDownloads: true,
  });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, DEMO_PASSWORD);
  return page;
}

async function openSession(page: Page, title = SESSION) {
  await page.getByRole('navigation').getByRole('link', { name: 'Training', exact: true }).click();
  await page.getByRole('heading', { name: 'Training', level: 2 }).waitFor();
  // The sessions list, not "what you owe", which may link the same session as the next chance for a topic.
  await page.getByRole('table', { name: 'Sessions open to you' }).getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: title, level: 2 }).waitFor();
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
    await vendor
      .locator('input[type=file]')
      .setInputFiles(reportFile('One Care: Cultural Competence (live webinar)'));
    await vendor.getByRole('button', { name: 'Import attendance' }).click();
    // The import runs as a job: its progress, then its outcome and result file, then the rows to match.
    await vendor
      .getByRole('status')
      .filter({ hasText: /^Imported 8 rows: 6 matched to 5 people, 2 to match by hand/ })
      .waitFor();
    await vendor.getByRole('link', { name: 'Download the result file' }).waitFor();
    await expect
      .poll(() =>
        vendor
          .getByRole('status')
          .filter({ hasText: /^8 rows:/ })
          .textContent(),
      )
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
    const person = {
      id: await personIdByEmail(t.database.system, 'maria.santos@bostoncommunityhealth.example'),
    };
    await plan.goto(`${baseUrl}/people/${person!.id}`);
    const record = plan.getByRole('table', { name: /Training Maria Santos completed/ });
    await expect
      .poll(() => record.getByRole('row').filter({ hasText: 'Cultural competence' }).count())
      .toBe(1);
    expect(await record.textContent()).toContain('One Care Shared Learning');
    await expectAccessible(plan, 'a person page with training');

    // Anyone can check the certificate by its code, signed in or not.
    const code = /certificate-(.+)\.pdf/.exec(pdf.suggestedFilename())![1]!;
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${baseUrl}/verify/${code}`);
    await visitor.getByRole('heading', { name: 'Valid certificate' }).waitFor();
    expect(await visitor.getByRole('status').textContent()).toContain(
      'Maria Santos completed Cultural competence',
    );
    await expectAccessible(visitor, 'the public verification page');
  });

  it('an attestation held before the report is in is accepted automatically once the report is imported', async () => {
    // Maria registers for the second sitting and attests before the report is in: held, no attendance yet.
    const maria = await signedIn('maria.santos@bostoncommunityhealth.example');
    await openSession(maria, SECOND);
    await maria.getByRole('button', { name: 'Register' }).click();
    await expect.poll(() => maria.getByRole('button', { name: 'Cancel my registration' }).count()).toBe(1);
    const session = await checkedRow(
      t.database.system,
      z.object({ token: z.string() }),
      sql`select attestation_token as token from training_sessions where title = ${SECOND}`,
    );
    await maria.goto(`${baseUrl}/attest/${session!.token}`);
    await maria.getByRole('heading', { name: 'Attest to completion' }).waitFor();
    await maria.getByRole('checkbox').check();
    await maria.getByRole('button', { name: 'Attest' }).click();
    await maria.getByText(/held for the training team to review/).waitFor();

    // The vendor sees it held, then imports the platform's report of the sitting.
    const vendor = await signedIn('training@onecare-learning.example');
    await openSession(vendor, SECOND);
    const review = vendor.getByRole('table', { name: /Attestations/ });
    await expect
      .poll(() => review.getByRole('row', { name: /Maria Santos/ }).textContent())
      .toMatch(/Held for review/);
    await vendor.locator('input[type=file]').setInputFiles(reportFile(SECOND));
    await vendor.getByRole('button', { name: 'Import attendance' }).click();
    await vendor
      .getByRole('status')
      .filter({ hasText: /1 held attestation accepted: the attendance now meets the rule/ })
      .waitFor();
    // Her attestation is accepted, with the note saying why, without anyone deciding it.
    await expect
      .poll(() => review.getByRole('row', { name: /Maria Santos/ }).textContent())
      .toMatch(
        /Accepted.*Accepted automatically when the attendance report was imported: Attended 121 minutes/,
      );
    await expectAccessible(vendor, 'a session page after an import accepted a held attestation');

    // Maria's attestation page now says the topic is completed.
    await maria.reload();
    await maria
      .getByText(/accepted|completed/i)
      .first()
      .waitFor();
  });

  it('the vendor offers a live event in this year’s program and announces it; a provider records training earned elsewhere', async () => {
    // Dana offers a live webinar in this year's program, in Boston time.
    const dana = await signedIn('training@onecare-learning.example');
    await dana.getByRole('navigation').getByRole('link', { name: 'Training', exact: true }).click();
    await dana.getByRole('button', { name: 'Offer a session' }).click();
    const form = dana.getByRole('dialog', { name: 'Offer a session' });
    await form.getByLabel('Topic').click();
    await dana.getByRole('option', { name: 'Wellness principles (OC-WELL)' }).click();
    await form.getByLabel('Title').fill('Wellness in One Care: winter refresher');
    await form.getByLabel('Program year').click();
    await dana.getByRole('option', { name: /^One Care shared learning \d{4}$/ }).click();
    await form.getByLabel('Speaker').fill('Dr. Keisha Langford');
    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await form.getByLabel('Starts').fill(`${day}T12:00`);
    await form.getByLabel('Ends').fill(`${day}T13:00`);
    await expectAccessible(dana, 'the form to offer a session');
    await form.getByRole('button', { name: 'Offer the session' }).click();
    await dana.getByRole('heading', { name: 'Wellness in One Care: winter refresher', level: 2 }).waitFor();
    expect(await dana.getByRole('row', { name: /When/ }).textContent()).toMatch(/12:00 PM – 1:00 PM E[SD]T/);
    await expect
      .poll(() => dana.getByLabel('Newsletter text').inputValue())
      .toContain('Speaker: Dr. Keisha Langford');
    await dana.getByRole('button', { name: 'Announce', exact: true }).click();
    await expect
      .poll(() => dana.getByRole('status').filter({ hasText: 'public events page' }).textContent())
      .toMatch(/2 e-mails queued to the mailbox list/);
    await expectAccessible(dana, 'a live event with its announcement');

    // The public events page lists it, for anyone.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(`${baseUrl}/events`);
    await visitor.getByRole('heading', { name: 'Wellness in One Care: winter refresher' }).waitFor();
    await expectAccessible(visitor, 'the public events page');

    // The year's plan shows it among its events, announced; participation counts are a click away.
    await dana.getByRole('navigation').getByRole('link', { name: 'Training', exact: true }).click();
    await dana.getByRole('link', { name: 'Program years' }).click();
    await dana.getByRole('link', { name: /^One Care shared learning \d{4}$/ }).click();
    const events = dana.getByRole('table', { name: 'The year’s events' });
    await expect
      .poll(() => events.getByRole('row').filter({ hasText: 'winter refresher' }).textContent())
      .toContain('Announced');
    expect(await dana.getByText('Speakers:').locator('..').textContent()).toContain('Dr. Keisha Langford');
    await expectAccessible(dana, 'a program year');
    await dana.goto(`${baseUrl}/training/participation`);
    await dana.getByRole('table', { name: 'Per topic' }).waitFor();
    await expectAccessible(dana, 'the participation counts');

    // Boston Community Health's administrator records Maria's training from elsewhere, with its evidence.
    const marcus = await signedIn('admin@bostoncommunityhealth.example');
    const person = {
      id: await personIdByEmail(t.database.system, 'maria.santos@bostoncommunityhealth.example'),
    };
    await marcus.goto(`${baseUrl}/people/${person!.id}`);
    await marcus.getByRole('button', { name: 'Record a completion' }).click();
    const record = marcus.getByRole('dialog', { name: 'Record a completion earned elsewhere' });
    await record.getByLabel('Topic').click();
    await marcus.getByRole('option', { name: 'Accessibility and accommodations (OC-ACCESS)' }).click();
    await record.getByLabel('Completed on').fill('2026-03-02');
    await record.getByLabel('Where it was earned').fill('UMass Chan live session, 2 March');
    await record.locator('input[type=file]').setInputFiles({
      name: 'umass-sign-in.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4 sign-in sheet'),
    });
    await expectAccessible(marcus, 'the form to record a completion');
    await record.getByRole('button', { name: 'Record completion' }).click();
    const training = marcus.getByRole('table', { name: /Training Maria Santos completed/ });
    const row = training.getByRole('row').filter({ hasText: 'Accessibility and accommodations' });
    await row.getByRole('link', { name: 'umass-sign-in.pdf' }).waitFor();

    await row.getByRole('button', { name: /Correct Accessibility and accommodations/ }).click();
    const correct = marcus.getByRole('dialog', { name: 'Correct a completion' });
    await correct.getByLabel('Completed on').fill('2026-03-03');
    await correct.getByLabel('Reason for the correction').fill('The sign-in sheet is dated 3 March');
    await correct.getByRole('button', { name: 'Correct' }).click();
    await expect
      .poll(() => row.textContent())
      .toContain('Corrected once: The sign-in sheet is dated 3 March');
    expect(await row.textContent()).toContain('2026-03-03');
    await correct.waitFor({ state: 'hidden' });
    await marcus.mouse.move(0, 0); // the pointer was left over a button where the dialog had been
    await expectAccessible(marcus, 'a person page with a corrected completion');
  });
});
