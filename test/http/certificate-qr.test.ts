import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { qrCodeOnPage } from '../support/pdf-image.js';

/**
 * Joe's certificate is checked the way a reviewer checks it: the PDF page is rendered to a picture, the QR
 * code is read from the picture, and the address it holds must be the public check of that certificate.
 * The server's public address is configured with a trailing slash, as people often write it.
 */
let t: TestContext;
let admin: Client;
let joe: Client;
let joeId: string;
let topicId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { CONCORD_BASE_URL: 'https://training.onecare.example/' } });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  admin = await t.signIn((await t.user([{ orgId: provider.id, role: 'training_admin' }])).email);
  const j = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
    givenName: 'Joe',
    familyName: 'Nguyễn',
  });
  joeId = j.person.id;
  joe = await t.signIn(j.email);
  topicId = (
    await admin.post('/api/training/topics', { code: 'OC-PCP', title: 'Person-centered planning' })
  ).json().id;
});
afterAll(() => t.close());

async function joesCertificate() {
  const recorded = await admin.post('/api/training/completions', {
    personId: joeId,
    topicId,
    completedOn: '2026-03-02',
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
  const mine = (await joe.get('/api/training/completions')).json();
  const completion = mine.items.find((c: { id: string }) => c.id === recorded.json().id);
  const pdf = await joe.get(`/api/training/completions/${completion.id}/certificate.pdf`);
  expect(pdf.statusCode).toBe(200);
  return { completion, pdf: pdf.rawPayload };
}

describe('the QR code on a certificate', () => {
  it('reads, from the rendered page, as the public check of that certificate', async () => {
    const { completion, pdf } = await joesCertificate();
    const read = await qrCodeOnPage(pdf, 1, 2);
    expect(read).toBe(`https://training.onecare.example/verify/${completion.certificateCode}`);
    // The address opens the web app's public check page (/verify/CODE), which asks the API for that code.
    const code = new URL(read!).pathname.match(/^\/verify\/([^/]+)$/)?.[1];
    const check = await t.app.inject({ method: 'GET', url: `/api/certificates/${code}` });
    expect(check.json()).toMatchObject({
      status: 'valid',
      name: 'Joe Nguyễn',
      topic: 'Person-centered planning',
    });
  });

  it('still reads at screen resolution (72 dots per inch)', async () => {
    const { completion, pdf } = await joesCertificate();
    expect(await qrCodeOnPage(pdf, 1, 1)).toBe(
      `https://training.onecare.example/verify/${completion.certificateCode}`,
    );
  });
});
