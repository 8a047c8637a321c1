import { addDays, addMonths, longDay } from '@contract/iso-days.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import {
  expandingPlan,
  mailRows,
  nextFirst,
  resident,
  runMailing,
  textSizes,
} from '../support/enrollment-mailing.js';
import { pdfText } from '../support/files.js';

/**
 * Welcome mailings of a service-area expansion (seed 001: Commonwealth Care Alliance's One Care plan into
 * Berkshire and all of Plymouth from 1 January 2021): the cohort and who is eligible, nobody mailed twice, the
 * counties checked against the service area, the letters (English, Spanish, large print) and the mail file read
 * back, and who may see and run what.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The text as read aloud: lines joined, spaces single. */
const words = (text: string) => text.replace(/\s+/g, ' ');

const csvOf = async (
  client: { get(url: string): Promise<{ statusCode: number; rawPayload: Buffer }> },
  id: string,
) => {
  const res = await client.get(`/api/enrollment/mailings/${id}/mail-file`);
  expect(res.statusCode).toBe(200);
  return mailRows(res.rawPayload);
};

describe('a One Care plan expanding into Berkshire and Plymouth', () => {
  it('writes to the eligible residents there, counts them per county, and never writes to one twice', async () => {
    const plan = await expandingPlan(t, { name: 'Commonwealth One Care Test' });
    const { client } = plan;
    // Ana (Berkshire) and Rosa (Plymouth, Spanish, large print) are welcomed; the others are not.
    await resident(client, 'Berkshire', { givenName: 'Ana', familyName: 'Berk' });
    await resident(client, 'Plymouth', {
      givenName: 'Rosa',
      familyName: 'Plym',
      preferredLanguage: 'Spanish',
      accessibleFormats: ['large_print'],
      addressLine2: 'Apt 3, "rear"',
    });
    // Ages are reckoned on the first day of enrollment, the first of next month: Old is 65 then, Young 20.
    const firstDay = nextFirst();
    await resident(client, 'Berkshire', { givenName: 'Old', dateOfBirth: addMonths(firstDay, -65 * 12) });
    await resident(client, 'Berkshire', {
      givenName: 'Young',
      dateOfBirth: addDays(addMonths(firstDay, -21 * 12), 1),
    });
    // Twenty on the effective day of 2021, but of age on the first day of enrollment: welcomed.
    await resident(client, 'Berkshire', {
      givenName: 'Grown',
      familyName: 'Berk',
      dateOfBirth: '2000-06-01',
    });
    // A member of the plan already on the first day needs no welcome; one whose coverage ended does.
    const member = await resident(client, 'Plymouth', { givenName: 'Member' });
    const covered = await client.post(`/api/care/enrollees/${member}/enrollments`, {
      program: 'one_care',
      effectiveOn: '2023-01-01',
    });
    expect(covered.statusCode, covered.body).toBe(201);
    const former = await resident(client, 'Plymouth', { givenName: 'Former', familyName: 'Plym' });
    await client.post(`/api/care/enrollees/${former}/enrollments`, {
      program: 'one_care',
      effectiveOn: '2023-01-01',
      endsOn: '2024-06-30',
    });
    await resident(client, 'Plymouth', { givenName: 'Nombi', mbi: null });
    await resident(client, 'Berkshire', { givenName: 'Noaddress', addressLine1: null });
    await resident(client, 'Suffolk', { givenName: 'Elsewhere' });

    const first = await runMailing(t, client, ['Berkshire', 'Plymouth'], '2021-01-01');
    expect(first).toMatchObject({
      status: 'done',
      counties: ['Berkshire', 'Plymouth'],
      effectiveOn: '2021-01-01',
      firstEnrollmentOn: nextFirst(), // the day has passed: the first of next month
      residents: 4,
      countyCounts: { Berkshire: 2, Plymouth: 2 },
      hasFiles: true,
    });
    expect(first.message).toContain('Ready to mail: 4 letters (Berkshire 2, Plymouth 2)');
    expect(first.message).toContain(
      "2 members outside One Care's ages (21 to 64) on the first day of enrollment",
    );
    expect(first.message).toContain('1 resident covered by you already on the first day of enrollment');
    expect(first.message).toContain('1 member without a Medicare number (MBI)');
    expect(first.message).toContain('1 member without a full mailing address');

    // The mail file: one row per letter, in the letters' order (county, ZIP, name), ZIP codes as written.
    const rows = await csvOf(client, first.id);
    expect(rows.map((r) => r.Name)).toEqual(['Ana Berk', 'Grown Berk', 'Former Plym', 'Rosa Plym']);
    expect(rows).toEqual(
      expect.arrayContaining([
        {
          Name: 'Ana Berk',
          'Address line 1': '12 Wendell Avenue',
          'Address line 2': '',
          City: 'Pittsfield',
          State: 'MA',
          ZIP: '01201',
          Language: 'English',
          Reads: '',
          Format: 'Standard print',
          'Also needs': '',
          County: 'Berkshire',
        },
        {
          Name: 'Rosa Plym',
          'Address line 1': '12 Wendell Avenue',
          'Address line 2': 'Apt 3, "rear"',
          City: 'Brockton',
          State: 'MA',
          ZIP: '02301',
          Language: 'Spanish',
          Reads: '',
          Format: 'Large print',
          'Also needs': '',
          County: 'Plymouth',
        },
      ]),
    );
    const perCounty: Record<string, number> = {};
    for (const r of rows) perCounty[r.County!] = (perCounty[r.County!] ?? 0) + 1;
    expect(perCounty).toEqual(first.countyCounts);

    // The letters: one PDF, each letter from a new page, with the member's name and the first day.
    const letters = await client.get(`/api/enrollment/mailings/${first.id}/letters`);
    expect(letters.statusCode).toBe(200);
    expect(letters.headers['content-type']).toBe('application/pdf');
    const text = words((await pdfText(letters.rawPayload)).text);
    expect(text).toContain('Dear Ana Berk,');
    expect(text).toContain(`The first day you can be enrolled: ${longDay(nextFirst())}`);
    expect(text).toContain('Estimado/a Rosa Plym:');
    expect(text).toContain('Choosing to join, or not to join, does not affect your MassHealth benefits.');

    // Run again: everybody eligible there was welcomed, so nobody is written to.
    const second = await runMailing(t, client, ['Berkshire', 'Plymouth'], '2021-01-01');
    expect(second).toMatchObject({ status: 'done', residents: 0, countyCounts: {}, hasFiles: false });
    expect(second.message).toContain('Nobody to write to');
    expect(second.message).toContain('4 members living there had a welcome letter from an earlier mailing');
    const none = await client.get(`/api/enrollment/mailings/${second.id}/mail-file`);
    expect(none.statusCode).toBe(409);

    // A member who moved to Berkshire since is the only one written to next time.
    await resident(client, 'Berkshire', { givenName: 'Newcomer', familyName: 'Berk' });
    const third = await runMailing(t, client, ['Berkshire'], '2021-01-01');
    expect(third).toMatchObject({ residents: 1, countyCounts: { Berkshire: 1 } });
    expect((await csvOf(client, third.id)).map((r) => r.Name)).toEqual(['Newcomer Berk']);

    const list = (await client.get('/api/enrollment/mailings')).json();
    expect(list.items.map((m: { id: string }) => m.id)).toEqual([third.id, second.id, first.id]);
  });

  it('names the effective day itself when it is still to come', async () => {
    const { client } = await expandingPlan(t, { counties: ['Berkshire'], startsOn: '2031-01-01' });
    await resident(client, 'Berkshire', { givenName: 'Future', dateOfBirth: '1990-01-01' });
    const mailing = await runMailing(t, client, ['Berkshire'], '2031-01-01');
    expect(mailing).toMatchObject({ firstEnrollmentOn: '2031-01-01', residents: 1 });
  });

  it('runs one mailing at a time: a second asked for while the first is prepared is refused', async () => {
    const { client } = await expandingPlan(t);
    await resident(client, 'Berkshire');
    const body = { counties: ['Berkshire'], effectiveOn: '2021-01-01' };
    const first = await client.post('/api/enrollment/mailings', body);
    expect(first.statusCode).toBe(202);
    const second = await client.post('/api/enrollment/mailings', body);
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('MAILING_RUNNING');
    const listed = (await client.get('/api/enrollment/mailings')).json();
    expect(listed.items).toMatchObject([{ id: first.json().id, status: 'running', residents: 0 }]);
    await t.services.jobs.drain();
    expect((await client.get(`/api/enrollment/mailings/${first.json().id}`)).json().status).toBe('done');
  });

  it('refuses a county that is not a service area starting on the day, naming it, and writes nothing', async () => {
    const { client } = await expandingPlan(t, { counties: ['Berkshire'] });
    const essex = await client.post('/api/enrollment/mailings', {
      counties: ['Berkshire', 'Essex'],
      effectiveOn: '2021-01-01',
    });
    expect(essex.statusCode).toBe(422);
    expect(essex.json()).toMatchObject({
      code: 'MAILING_COUNTY_NOT_EXPANDED',
      message: expect.stringMatching(
        /^Essex County is not a service area of .*: add it under the organisation’s service areas first\.$/,
      ),
      issues: [{ path: 'counties.1', message: expect.stringContaining('Essex County') }],
    });
    const otherDay = await client.post('/api/enrollment/mailings', {
      counties: ['Berkshire'],
      effectiveOn: '2021-02-01',
    });
    expect(otherDay.statusCode).toBe(422);
    // The county joined on another day: the message names that day.
    expect(otherDay.json().message).toMatch(
      /^Berkshire County joined .*’s service area on 1 January 2021, not on 1 February 2021: run its mailing for the day it joined\.$/,
    );
    expect((await client.get('/api/enrollment/mailings')).json().total).toBe(0);
  });
});

describe('a letter', () => {
  it('in large print is set at 18 pt or more; in standard print the body is 11 pt', async () => {
    const { client } = await expandingPlan(t);
    const big = await resident(client, 'Berkshire', {
      givenName: 'Big',
      familyName: 'Alpha',
      accessibleFormats: ['large_print'],
    });
    const small = await resident(client, 'Plymouth', { givenName: 'Small', familyName: 'Beta' });
    const mailing = await runMailing(t, client, ['Berkshire', 'Plymouth'], '2021-01-01');
    const letterOf = async (id: string) => {
      const res = await client.get(`/api/enrollment/mailings/${mailing.id}/residents/${id}/letter`);
      expect(res.statusCode, res.body).toBe(200);
      return new Uint8Array(res.rawPayload);
    };
    const large = await textSizes(await letterOf(big));
    expect(Math.min(...large)).toBeGreaterThanOrEqual(18);
    const standard = await textSizes(await letterOf(small));
    expect(Math.min(...standard)).toBe(11);
    const residents = (await client.get(`/api/enrollment/mailings/${mailing.id}/residents`)).json();
    expect(
      residents.items.map((r: { givenName: string; format: string }) => [r.givenName, r.format]),
    ).toEqual([
      ['Big', 'large_print'],
      ['Small', 'standard'],
    ]);
  });

  it('is in Spanish for a Spanish reader, and in English (said so) where there is no template', async () => {
    const { client } = await expandingPlan(t);
    const spanish = await resident(client, 'Berkshire', { givenName: 'Lucía', preferredLanguage: 'es' });
    await resident(client, 'Plymouth', {
      givenName: 'João',
      preferredLanguage: 'Portuguese',
      accessibleFormats: ['braille'],
    });
    const mailing = await runMailing(t, client, ['Berkshire', 'Plymouth'], '2021-01-01');
    expect(mailing.message).toContain(
      'Letters in English for members who read Portuguese (1): there is no letter in their language yet',
    );
    const letter = await client.get(`/api/enrollment/mailings/${mailing.id}/residents/${spanish}/letter`);
    const text = words((await pdfText(letter.rawPayload)).text);
    expect(text).toContain('Estimado/a Lucía');
    expect(text).toContain(
      `El primer día en que puede inscribirse: ${nextFirst().slice(8, 10).replace(/^0/, '')} de`,
    );
    expect(text).toContain('no afecta sus beneficios de MassHealth');
    const rows = await csvOf(client, mailing.id);
    // The print vendor's file names who reads another language than their letter's, and who needs more than print.
    expect(rows.map((r) => [r.Name!.split(' ')[0], r.Language, r.Reads, r['Also needs']])).toEqual([
      ['Lucía', 'Spanish', '', ''],
      ['João', 'English', 'Portuguese', 'Braille'],
    ]);
  });
});

describe('an ACO expanding', () => {
  it('welcomes every member living there, whatever their age or Medicare', async () => {
    const { client } = await expandingPlan(t, { kind: 'aco', counties: ['Hampden'] });
    await resident(client, 'Hampden', { givenName: 'Senior', dateOfBirth: '1940-01-01', mbi: null });
    const mailing = await runMailing(t, client, ['Hampden'], '2021-01-01');
    expect(mailing).toMatchObject({ residents: 1, countyCounts: { Hampden: 1 } });
  });
});

describe('who may see and run mailings', () => {
  it('another organisation finds none of a plan’s; the state agency reads them but runs none', async () => {
    const plan = await expandingPlan(t);
    const ana = await resident(plan.client, 'Berkshire');
    const mailing = await runMailing(t, plan.client, ['Berkshire'], '2021-01-01');

    const other = await expandingPlan(t);
    for (const path of ['', '/letters', '/mail-file', '/residents', `/residents/${ana}/letter`]) {
      const res = await other.client.get(`/api/enrollment/mailings/${mailing.id}${path}`);
      expect(res.statusCode, path).toBe(404);
    }
    expect((await other.client.get('/api/enrollment/mailings')).json().total).toBe(0);

    const state = await t.org({ kind: 'state_agency' });
    const staff = await t.signIn((await t.user([{ orgId: state.id, role: 'org_admin' }])).email);
    const seen = (await staff.get('/api/enrollment/mailings?pageSize=500')).json();
    expect(seen.items.map((m: { id: string }) => m.id)).toContain(mailing.id);
    expect((await staff.get(`/api/enrollment/mailings/${mailing.id}/mail-file`)).statusCode).toBe(200);
    const run = await staff.post('/api/enrollment/mailings', {
      counties: ['Berkshire'],
      effectiveOn: '2021-01-01',
    });
    expect(run.statusCode).toBe(403);

    // Every download is a read of members' details, in the plan's audit log.
    await t.services.audit.flush();
    const log = JSON.stringify((await plan.client.get('/api/audit?entityType=enrollment_mailing')).json());
    expect(log).toContain('mail file');
    expect(log).toContain('"phi":true');
  });

  it('a plan’s staff without an enrollment role may not run one', async () => {
    const plan = await expandingPlan(t);
    const coordinator = await t.user([{ orgId: plan.org.id, role: 'care_coordinator' }]);
    const client = await t.signIn(coordinator.email);
    const res = await client.post('/api/enrollment/mailings', {
      counties: ['Berkshire'],
      effectiveOn: '2021-01-01',
    });
    expect(res.statusCode).toBe(403);
  });
});
