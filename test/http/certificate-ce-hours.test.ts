import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { pdfText } from '../support/files.js';

/**
 * A topic can earn continuing-education hours approved by an accrediting body; the certificate of each
 * completion then says so. A topic without hours prints none.
 */
let t: TestContext;
let admin: Client;
let joe: Client;
let joeId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  admin = await t.signIn((await t.user([{ orgId: provider.id, role: 'training_admin' }])).email);
  const j = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
  joeId = j.person.id;
  joe = await t.signIn(j.email);
});
afterAll(() => t.close());

async function certificateOf(topic: Record<string, unknown>) {
  const created = await admin.post('/api/training/topics', topic);
  expect(created.statusCode, created.body).toBe(201);
  const recorded = await admin.post('/api/training/completions', {
    personId: joeId,
    topicId: created.json().id,
    completedOn: '2026-03-02',
  });
  const mine = (await joe.get('/api/training/completions?pageSize=100')).json();
  const completion = mine.items.find((c: { id: string }) => c.id === recorded.json().id);
  const pdf = await joe.get(`/api/training/completions/${completion.id}/certificate.pdf`);
  return { completion, text: (await pdfText(pdf.rawPayload)).text };
}

describe('continuing-education hours', () => {
  it('are kept on the topic and printed on its certificates with the accrediting body', async () => {
    const { completion, text } = await certificateOf({
      code: 'CCM-ADV',
      title: 'Advocacy and appeals',
      ceHours: 1.5,
      ceAccreditor: 'Commission for Case Manager Certification',
    });
    expect(completion).toMatchObject({
      ceHours: 1.5,
      ceAccreditor: 'Commission for Case Manager Certification',
    });
    expect(text).toContain(
      '1.5 continuing-education hours, accredited by Commission for Case Manager Certification',
    );
    const topics = (await admin.get('/api/training/topics?q=CCM-ADV')).json().items;
    expect(topics[0]).toMatchObject({
      ceHours: 1.5,
      ceAccreditor: 'Commission for Case Manager Certification',
    });
  });

  it('are left off a certificate whose topic earns none', async () => {
    const { completion, text } = await certificateOf({ code: 'OC-PCP', title: 'Person-centered planning' });
    expect(completion.ceHours).toBeNull();
    expect(text).not.toContain('continuing-education');
  });

  it('refuses hours that are not a positive number, naming the field', async () => {
    const res = await admin.post('/api/training/topics', { code: 'BAD', title: 'Bad', ceHours: -2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].path).toBe('body.ceHours');
  });
});
