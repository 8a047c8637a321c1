import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { pdfText, workbookLines } from '../support/files.js';
import { expectAccessiblePdf, expectReadInOrder } from '../support/pdf-tags.js';

/**
 * A learner's transcript: every completion recorded for them, as a PDF to hand over and as a workbook; a
 * revoked completion is listed as revoked and earns no hours. Someone else's is read only by those who may
 * read their completions.
 */
let t: TestContext;
let admin: Client;
let joe: Client;
let stranger: Client;
let joeId: string;

beforeAll(async () => {
  t = await createTestApp();
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  admin = await t.signIn((await t.user([{ orgId: provider.id, role: 'training_admin' }])).email);
  const j = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], {
    givenName: 'Joe',
    familyName: 'Okafor',
  });
  joeId = j.person.id;
  joe = await t.signIn(j.email);
  stranger = await t.signIn((await t.user([{ orgId: (await t.org()).id, role: 'org_admin' }])).email);
  const topics = [
    { code: 'CCM-ADV', title: 'Advocacy and appeals', ceHours: 1.5, ceAccreditor: 'CCMC' },
    { code: 'CCM-ETH', title: 'Ethics in care management', ceHours: 2, ceAccreditor: 'CCMC' },
    { code: 'OC-ORIENT', title: 'One Care orientation' },
  ];
  const ids: string[] = [];
  for (const [i, topic] of topics.entries()) {
    const made = await admin.post('/api/training/topics', topic);
    const recorded = await admin.post('/api/training/completions', {
      personId: joeId,
      topicId: made.json().id,
      completedOn: `2026-0${i + 3}-02`,
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    ids.push(recorded.json().id);
  }
  const revoked = await admin.post(
    `/api/training/completions/${ids[1]}/revoke`,
    { reason: 'Recorded for the wrong person' },
    { 'if-match': '"1"' },
  );
  expect(revoked.statusCode, revoked.body).toBe(204);
});
afterAll(() => t.close());

describe('a transcript', () => {
  it('is a workbook of every completion, newest first, with hours only where still valid', async () => {
    const res = await joe.get('/api/training/transcript?format=xlsx');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toContain('transcript-joe-okafor');
    const lines = await workbookLines(res.rawPayload);
    expect(lines[0]).toMatch(/^Completed on \| Topic \| How \| Continuing-education hours/);
    expect(lines.slice(1).map((l) => l.split(' | ').slice(0, 2))).toEqual([
      ['2026-05-02', 'One Care orientation'],
      ['2026-04-02', 'Ethics in care management'],
      ['2026-03-02', 'Advocacy and appeals'],
    ]);
    expect(lines[2]).toMatch(/Revoked \d{4}-\d\d-\d\d/);
    expect(lines[2]).not.toContain('CCMC');
    expect(lines[3]).toContain('1.5 | CCMC');
    expect(lines[3]).toMatch(/\/verify\/[A-Z0-9-]+$/);
  });

  it('is a PDF that totals the valid hours by accrediting body', async () => {
    const res = await joe.get('/api/training/transcript');
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('Joe Okafor');
    expect(text).toContain('3 completions recorded, 2 valid');
    expect(text).toContain('1.5 continuing-education hours, accredited by CCMC');
    expect(text).toContain('Ethics in care management');
    // Tagged: the hours earned a list, the completions a table whose header names each column.
    const pdf = await expectAccessiblePdf(res.rawPayload, 'Training transcript — Joe Okafor');
    expect(pdf.headings).toEqual([{ level: 1, text: 'Training transcript' }]);
    expect(pdf.elements.filter((e) => e.type === 'LBody').map((e) => e.text)).toEqual([
      '1.5 continuing-education hours, accredited by CCMC.',
    ]);
    const [header, ...completions] = pdf.tables[0]!;
    expect(header!.map((c) => c.text)).toEqual([
      'Completed',
      'Topic',
      'Hours',
      'Recorded by',
      'Certificate',
      'Status',
    ]);
    expect(completions.map((row) => row[1]!.text)).toEqual([
      'One Care orientation',
      'Ethics in care management',
      'Advocacy and appeals',
    ]);
    expectReadInOrder(pdf, [
      'Training transcript',
      'Joe Okafor',
      '3 completions recorded',
      'accredited by CCMC',
      'Completed',
    ]);
  });

  it('of someone else is read by their training administrator, not by another organisation', async () => {
    expect((await admin.get(`/api/training/transcript?personId=${joeId}&format=csv`)).body).toContain(
      'Advocacy and appeals',
    );
    expect((await stranger.get(`/api/training/transcript?personId=${joeId}`)).statusCode).toBe(404);
  });
});
