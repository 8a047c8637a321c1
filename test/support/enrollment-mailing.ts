import { addMonths } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import type { Client, TestContext } from './app.js';
import { enrollee } from './factories.js';

let serial = 0;
/** A Medicare number (MBI) no other member of the organisation holds. */
export const newMbi = () => {
  const n = serial++;
  return `${1 + (n % 9)}EG4TE5MK${String(Math.floor(n / 9) % 100).padStart(2, '0')}`;
};

/**
 * A plan (One Care), ACO or MCO with an administrator, a phone number, and service areas gained on `startsOn`
 * (Berkshire and Plymouth unless said), as seed 001's expansion.
 */
export async function expandingPlan(
  t: TestContext,
  opts: { kind?: 'plan' | 'aco' | 'mco'; counties?: string[]; startsOn?: string; name?: string } = {},
) {
  const org = await t.org({
    kind: opts.kind ?? 'plan',
    phone: '617-555-0142',
    ...(opts.name ? { name: opts.name } : {}),
  });
  const admin = await t.user([{ orgId: org.id, role: 'org_admin' }]);
  const client = await t.signIn(admin.email);
  for (const county of opts.counties ?? ['Berkshire', 'Plymouth']) {
    const area = await client.post(`/api/organisations/${org.id}/service-areas`, {
      county,
      startsOn: opts.startsOn ?? '2021-01-01',
    });
    expect(area.statusCode, area.body).toBe(201);
  }
  return { org, client, email: admin.email };
}

/** A member of the signed-in organisation living at an address in `county`, aged 40 in 2021, with an MBI. */
export async function resident(client: Client, county: string, values: Record<string, unknown> = {}) {
  const id = await enrollee(client, {
    county,
    dateOfBirth: '1980-06-15',
    mbi: newMbi(),
    addressLine1: '12 Wendell Avenue',
    town: county === 'Berkshire' ? 'Pittsfield' : 'Brockton',
    postalCode: county === 'Berkshire' ? '01201' : '02301',
    preferredLanguage: 'English',
    ...values,
  });
  return id;
}

/** Runs a mailing, its job to the end, and returns the mailing as the API reads it. */
export async function runMailing(t: TestContext, client: Client, counties: string[], effectiveOn: string) {
  const started = await client.post('/api/enrollment/mailings', { counties, effectiveOn });
  expect(started.statusCode, started.body).toBe(202);
  await t.services.jobs.drain();
  const id = started.json().id as string;
  const job = (await client.get(`/api/jobs/${id}`)).json();
  expect(job.status, job.message).toBe('succeeded');
  const mailing = await client.get(`/api/enrollment/mailings/${id}`);
  expect(mailing.statusCode, mailing.body).toBe(200);
  return mailing.json();
}

/** The mail file's rows, by header. */
export function mailRows(bytes: Buffer): Record<string, string>[] {
  return parse(bytes, { bom: true, columns: true, record_delimiter: '\r\n' });
}

/** The first day the letters name for a county that joined on a day gone by: the 1st of next month. */
export const nextFirst = () => addMonths(`${massachusettsToday().slice(0, 7)}-01`, 1);

/** The sizes (points) of the text on each page of a PDF, as pdf.js reads it. */
export async function textSizes(bytes: Uint8Array) {
  const { getDocumentProxy } = await import('unpdf');
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const sizes: number[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items)
      if ('str' in item && item.str.trim())
        sizes.push(Math.round(Math.hypot(item.transform[0], item.transform[1])));
  }
  return sizes;
}
