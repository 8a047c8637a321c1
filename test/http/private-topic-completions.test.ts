import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { multipartFile } from '../support/files.js';
import { rewriteRequirementTopics } from '../support/planted-rows.js';

/**
 * Commonwealth Care Plan (A) keeps its own model-of-care topic, private to it, beside a shared One Care
 * topic. Maria Santos, A's care coordinator, completes both: the model of care through A's online module
 * and again by hand with A's note and file, and the shared topic by hand with A's note and file. North
 * Shore (B), a provider in A's network, hires her and adds her by e-mail. Linking shares her identity and
 * the shared topic done once; A's private topic and everything A attached stay A's and Maria's: B gets
 * them left out of lists and counts, and a 404 on every direct read, as for an id no one has.
 */
let t: TestContext;
let adminA: Client;
let adminB: Client;
let maria: Client;
let mariaId: string;
let sessionId: string;
let topics: { modelOfCare: string; cultural: string };
let ids: { privateByHand: string; privateOnline: string; shared: string };
const MARIA_EMAIL = 'maria.santos@ccp.example';
const NOTE = 'Signed off by Dr. Kowalski after the ride-along';

beforeAll(async () => {
  t = await createTestApp();
  const orgA = await t.org({ kind: 'plan', name: 'Commonwealth Care Plan' });
  const orgB = await t.org({ kind: 'provider', name: 'North Shore Behavioral Health Home' });
  await insertRelationship(t.database.system, {
    orgId: orgA.id,
    otherOrgId: orgB.id,
    kind: 'network_contract',
    startsOn: '2024-01-01',
  });
  adminA = await t.signIn((await t.user([{ orgId: orgA.id, role: 'org_admin' }])).email);
  adminB = await t.signIn((await t.user([{ orgId: orgB.id, role: 'org_admin' }])).email);
  const m = await t.user([{ orgId: orgA.id, role: 'care_coordinator' }], {
    email: MARIA_EMAIL,
    givenName: 'Maria',
    familyName: 'Santos',
  });
  mariaId = m.person.id;
  maria = await t.signIn(m.email);

  const topic = async (code: string, title: string, shared: boolean) => {
    const res = await adminA.post('/api/training/topics', { code, title, shared });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const modelOfCare = await topic('CCP-MOC', 'Commonwealth model of care', false);
  const cultural = await topic('OC-CULT', 'Cultural competence', true);
  topics = { modelOfCare, cultural };

  const session = await adminA.post('/api/training/sessions', {
    topicId: modelOfCare,
    kind: 'self_paced',
    title: 'Model of care (online)',
    content: { pages: [{ title: 'Our model', body: 'The enrollee leads.' }], questions: [] },
  });
  expect(session.statusCode, session.body).toBe(201);
  sessionId = session.json().id;
  await maria.get(`/api/training/sessions/${sessionId}/module`);
  const done = await maria.post(`/api/training/sessions/${sessionId}/module/completion`);
  expect(done.json().complete, done.body).toBe(true);

  const byHand = async (topicId: string, file: string) => {
    const upload = multipartFile(file, '%PDF-1.4 evidence', 'application/pdf');
    const stored = (await adminA.post('/api/training/evidence', upload.payload, upload.headers)).json();
    const res = await adminA.post('/api/training/completions', {
      personId: mariaId,
      topicId,
      completedOn: '2026-03-02',
      evidence: { note: NOTE, fileId: stored.fileId },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  ids = {
    privateOnline: done.json().completionId,
    privateByHand: await byHand(modelOfCare, 'ride-along.pdf'),
    shared: await byHand(cultural, 'sign-in sheet.pdf'),
  };

  const linked = await adminB.post('/api/people', {
    givenName: 'Maria',
    familyName: 'Santos',
    email: MARIA_EMAIL,
    roles: [{ role: 'bh_clinician', startsOn: '2025-01-01' }],
  });
  expect(linked.statusCode, linked.body).toBe(201);
});
afterAll(() => t.close());

describe('a completion of a topic private to another organisation', () => {
  it('is left out of B’s list of her completions and its count; the shared one stays', async () => {
    const list = await adminB.get(`/api/training/completions?personId=${mariaId}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().total).toBe(1);
    expect(list.json().items).toEqual([
      expect.objectContaining({ id: ids.shared, topicTitle: 'Cultural competence', evidence: {} }),
    ]);
    expect(list.body).not.toMatch(/model of care|Kowalski|ride-along|sign-in sheet/i);
    expect(list.json().items[0]).not.toHaveProperty('topicOrgId');
  });

  it('answers B 404 for its certificate, its evidence, revoking and correcting it', async () => {
    for (const id of [ids.privateByHand, ids.privateOnline]) {
      expect((await adminB.get(`/api/training/completions/${id}/certificate.pdf`)).statusCode).toBe(404);
      expect((await adminB.get(`/api/training/completions/${id}/evidence`)).statusCode).toBe(404);
      const revoke = await adminB.post(
        `/api/training/completions/${id}/revoke`,
        { reason: 'Not ours' },
        { 'if-match': '"1"' },
      );
      expect(revoke.statusCode).toBe(404);
      const correct = await adminB.patch(
        `/api/training/completions/${id}`,
        { completedOn: '2026-01-01', reason: 'Not ours' },
        { 'if-match': '"1"' },
      );
      expect(correct.statusCode).toBe(404);
    }
  });

  it('leaves it out of the counts B sees on A’s session', async () => {
    const seenByB = await adminB.get(`/api/training/sessions/${sessionId}`);
    expect(seenByB.statusCode, seenByB.body).toBe(200);
    expect(seenByB.json().counts.completed).toBe(0);
    expect((await adminA.get(`/api/training/sessions/${sessionId}`)).json().counts.completed).toBe(1);
  });

  it('keeps A’s note and file on the shared topic A’s: B sees that it was done, with a certificate', async () => {
    expect((await adminB.get(`/api/training/completions/${ids.shared}/evidence`)).statusCode).toBe(404);
    expect((await adminB.get(`/api/training/completions/${ids.shared}/certificate.pdf`)).statusCode).toBe(
      200,
    );
  });

  it('stays visible to A, which owns the topic and recorded it, and to Maria, with all of the evidence', async () => {
    for (const client of [adminA, maria]) {
      const list = await client.get(`/api/training/completions?personId=${mariaId}`);
      expect(list.json().total).toBe(3);
      const byHand = list.json().items.find((c: { id: string }) => c.id === ids.privateByHand);
      expect(byHand.evidence).toMatchObject({ note: NOTE, fileName: 'ride-along.pdf' });
      for (const id of Object.values(ids))
        expect((await client.get(`/api/training/completions/${id}/certificate.pdf`)).statusCode).toBe(200);
      expect((await client.get(`/api/training/completions/${ids.privateByHand}/evidence`)).statusCode).toBe(
        200,
      );
    }
  });

  it('does not satisfy B’s requirement of A’s topic (one made before such a requirement was refused)', async () => {
    const requirement = async (code: string) => {
      const res = await adminB.post('/api/compliance/requirements', {
        code,
        title: code,
        what: 'topics',
        topicIds: [topics.cultural],
        scope: 'organisation',
        trigger: 'role_start',
        dueWithinDays: 30,
        recurrence: 'once',
        inForceFrom: '2024-01-01',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    await requirement('CULT');
    const moc = await requirement('MOC');
    await rewriteRequirementTopics(t.database.system, moc, topics.modelOfCare);
    // Her completions were recorded today, dated earlier: as corrected since that day, they would count.
    const owed = await adminB.get(`/api/compliance/people/${mariaId}?asOf=2026-06-01&basis=corrected`);
    expect(owed.statusCode, owed.body).toBe(200);
    const status = (code: string) =>
      owed.json().items.find((r: { requirementCode: string }) => r.requirementCode === code);
    expect(status('CULT')).toMatchObject({ status: 'compliant' });
    expect(status('MOC').status).not.toBe('compliant');
    expect(owed.body).not.toMatch(/model of care/i);
  });
});
