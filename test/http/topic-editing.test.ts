import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { plantModule } from '../support/planted-rows.js';

/**
 * A topic's page and its editing (decision 032). The vendor keeps its topics; the provider sees the shared
 * one but may not change it; a private topic may be shared, and its sessions reach everyone with it; a
 * shared topic stays shared. Every edit is audited and sends the version it changes.
 */
let t: TestContext;
let vendor: Client;
let provider: Client;
let vendorOrg: string;
let competencyIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  vendorOrg = (await t.org({ kind: 'training_vendor', name: 'One Care Learning' })).id;
  const providerOrg = (await t.org({ kind: 'provider', name: 'Lowell Community Health' })).id;
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg, role: 'training_admin' }])).email);
  provider = await t.signIn((await t.user([{ orgId: providerOrg, role: 'training_admin' }])).email);
  const frameworks = (await vendor.get('/api/training/frameworks')).json();
  competencyIds = frameworks[0].competencies.map((c: { id: string }) => c.id);
});
afterAll(() => t.close());

async function topic(values: Record<string, unknown> = {}) {
  const res = await vendor.post('/api/training/topics', {
    code: `T-${Math.random().toString(36).slice(2, 8)}`,
    title: 'Cultural competence',
    ...values,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const auditOf = async (id: string) =>
  (await auditEntries(t.database.system, { entityType: 'training_topic', entityId: id })).map(
    ({ action, details }) => ({ action, details }),
  );

describe('a topic’s page', () => {
  it('shows its competencies, objectives and the modules that include it, with its version', async () => {
    const id = await topic({
      description: 'Working with people of every culture.',
      objectives: ['Name three barriers'],
      competencyIds: competencyIds.slice(0, 2),
    });
    await plantModule(t.database.system, {
      orgId: vendorOrg,
      title: 'Module 3: Culture',
      topicIds: [id],
      position: 3,
    });
    const res = await vendor.get(`/api/training/topics/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toMatchObject({
      id,
      title: 'Cultural competence',
      objectives: ['Name three barriers'],
      competencyIds: competencyIds.slice(0, 2),
      competencies: [expect.objectContaining({ code: expect.any(String) }), expect.anything()],
      modules: [expect.objectContaining({ title: 'Module 3: Culture', position: 3 })],
      mayEdit: true,
      version: 1,
    });
  });
});

describe('editing a topic', () => {
  it('replaces its title, description, objectives and competencies, audited, and moves its version on', async () => {
    const id = await topic({ objectives: ['Old objective'] });
    const res = await vendor.put(
      `/api/training/topics/${id}`,
      {
        title: 'Cultural competence and humility',
        description: 'Updated for 2027.',
        objectives: ['Name three barriers', 'Ask about preferences'],
        competencyIds: competencyIds.slice(0, 1),
      },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(204);
    expect(res.headers.etag).toBe('"2"');
    const after = (await vendor.get(`/api/training/topics/${id}`)).json();
    expect(after).toMatchObject({
      title: 'Cultural competence and humility',
      description: 'Updated for 2027.',
      objectives: ['Name three barriers', 'Ask about preferences'],
      competencyIds: competencyIds.slice(0, 1),
      shared: false,
      version: 2,
    });
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: 'update',
      details: {
        changed: ['title', 'description', 'objectives', 'competencyIds'],
        title: { from: 'Cultural competence', to: 'Cultural competence and humility' },
      },
    });
  });

  it('refuses a stale version (412) and a missing one (428)', async () => {
    const id = await topic();
    const body = { title: 'First edit' };
    expect((await vendor.put(`/api/training/topics/${id}`, body, { 'if-match': '"1"' })).statusCode).toBe(
      204,
    );
    const stale = await vendor.put(`/api/training/topics/${id}`, { title: 'Second' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    expect((await vendor.put(`/api/training/topics/${id}`, body)).statusCode).toBe(428);
  });

  it('takes the version as "N", W/"N" or N, and refuses any other spelling as missing (428), never 500', async () => {
    const id = await topic();
    const edit = (ifMatch: string) =>
      vendor.put(`/api/training/topics/${id}`, { title: ifMatch }, { 'if-match': ifMatch });
    for (const [i, ifMatch] of ['"1"', 'W/"2"', '3'].entries())
      expect((await edit(ifMatch)).headers.etag, ifMatch).toBe(`"${i + 2}"`);
    for (const ifMatch of ['"4', 'W/4', '*', '"4", "5"', '"99999999999"'])
      expect({ ifMatch, status: (await edit(ifMatch)).statusCode }).toEqual({ ifMatch, status: 428 });
    expect((await edit('"4"')).statusCode).toBe(204);
  });

  it('keeps its continuing-education hours when they are left out, and changes or clears them when given', async () => {
    const id = await topic({ ceHours: 1.5, ceAccreditor: 'MA Board of Social Work' });
    const at = async () => (await vendor.get(`/api/training/topics/${id}`)).json();
    expect(await at()).toMatchObject({ ceHours: 1.5, ceAccreditor: 'MA Board of Social Work' });
    await vendor.put(`/api/training/topics/${id}`, { title: 'Renamed' }, { 'if-match': '"1"' });
    expect(await at()).toMatchObject({
      title: 'Renamed',
      ceHours: 1.5,
      ceAccreditor: 'MA Board of Social Work',
    });
    await vendor.put(
      `/api/training/topics/${id}`,
      { title: 'Renamed', ceHours: 2, ceAccreditor: 'NASW' },
      { 'if-match': '"2"' },
    );
    expect(await at()).toMatchObject({ ceHours: 2, ceAccreditor: 'NASW' });
    await vendor.put(
      `/api/training/topics/${id}`,
      { title: 'Renamed', ceHours: null },
      { 'if-match': '"3"' },
    );
    expect(await at()).toMatchObject({ ceHours: null, ceAccreditor: null });
    expect((await auditOf(id)).at(-1)?.details).toMatchObject({ changed: ['ceHours', 'ceAccreditor'] });
  });

  it('names an unknown competency by its place in the list', async () => {
    const id = await topic();
    const res = await vendor.put(
      `/api/training/topics/${id}`,
      { title: 'X', competencyIds: [competencyIds[0], '00000000-0000-4000-8000-000000000000'] },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { path: 'body.competencyIds.1', message: 'Not a competency of any framework' },
    ]);
  });

  it('is only for the organisation that keeps it', async () => {
    const id = await topic({ shared: true });
    const seen = (await provider.get(`/api/training/topics/${id}`)).json();
    expect(seen).toMatchObject({ id, mayEdit: false });
    const res = await provider.put(
      `/api/training/topics/${id}`,
      { title: 'Ours now' },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TOPIC_KEPT_ELSEWHERE');
    expect((await vendor.get(`/api/training/topics/${id}`)).json().title).toBe('Cultural competence');
  });

  it('shares a private topic, and its sessions reach every organisation with it', async () => {
    const id = await topic({ shared: false });
    const session = (
      await vendor.post('/api/training/sessions', {
        topicId: id,
        kind: 'recorded',
        title: 'Culture, recorded',
        videoUrl: 'https://learning.example/culture',
        durationMinutes: 30,
      })
    ).json().id;
    expect((await provider.get(`/api/training/sessions/${session}`)).statusCode).toBe(404);
    const res = await vendor.put(
      `/api/training/topics/${id}`,
      { title: 'Cultural competence', shared: true },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(204);
    expect((await provider.get(`/api/training/topics/${id}`)).json().shared).toBe(true);
    expect((await provider.get(`/api/training/sessions/${session}`)).statusCode).toBe(200);
    expect((await auditOf(id)).at(-1)?.details).toMatchObject({
      changed: ['shared'],
      shared: { from: false, to: true },
    });
  });

  it('keeps a shared topic shared, and leaves it as it was when the flag is left out', async () => {
    const id = await topic({ shared: true });
    const res = await vendor.put(
      `/api/training/topics/${id}`,
      { title: 'Cultural competence', shared: false },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('SHARED_TOPIC_STAYS_SHARED');
    const kept = await vendor.put(`/api/training/topics/${id}`, { title: 'Renamed' }, { 'if-match': '"1"' });
    expect(kept.statusCode).toBe(204);
    expect((await vendor.get(`/api/training/topics/${id}`)).json()).toMatchObject({
      title: 'Renamed',
      shared: true,
    });
  });
});
