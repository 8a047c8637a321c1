import { REDISCLOSURE_NOTICE } from '@contract/care/part2.schemas.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { consent, contact, ids, type Part2World, part2World, revoke } from '../support/care-part2.js';
import { REQUEST } from '../support/care-requests.js';
import { validateFhir } from '../support/fhir.js';

// 42 CFR Part 2 (issue 20, decision 060): a record of substance use disorder treatment is seen by the program that
// made it, and elsewhere only under the enrollee's consent naming the reader's organisation; revoking it stops
// access at once; counseling notes need a consent of their own; every disclosure carries the notice.

let t: TestContext;
let w: Part2World;
beforeAll(async () => {
  t = await createTestApp();
  w = await part2World(t);
});
afterAll(() => t.close());

const contactsOf = (client: Part2World['clients']['plan'], id: string) =>
  ids(client, `/api/care/enrollees/${id}/contacts`);

describe('a tagged record', () => {
  it('is seen by its program only, and the others are told something is hidden', async () => {
    const id = await w.enrolleeFor();
    const tagged = await contact(w.clients.cp, id, true);
    const plain = await contact(w.clients.cp, id, false);
    expect(tagged.part2).toBe(true);
    expect(await contactsOf(w.clients.cp, id)).toEqual(expect.arrayContaining([tagged.id, plain.id]));
    for (const reader of [w.clients.plan, w.clients.provider]) {
      expect(await contactsOf(reader, id)).toEqual([plain.id]);
      const status = await reader.get(`/api/care/enrollees/${id}/part2`);
      expect(status.json()).toEqual({
        hidden: true,
        message: expect.stringContaining('42 CFR Part 2'),
        disclosed: false,
        notice: null,
      });
    }
    expect((await w.clients.cp.get(`/api/care/enrollees/${id}/part2`)).json().hidden).toBe(false);
  });

  it('is seen by the recipients of a consent in force, until it is revoked in writing', async () => {
    const id = await w.enrolleeFor();
    const tagged = await contact(w.clients.cp, id, true);
    const c = await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id] });
    expect(await contactsOf(w.clients.plan, id)).toEqual([tagged.id]);
    expect(await contactsOf(w.clients.provider, id)).toEqual([]);
    // Shown under the consent, with the redisclosure notice; the program itself discloses nothing to itself.
    expect((await w.clients.plan.get(`/api/care/enrollees/${id}/part2`)).json()).toMatchObject({
      hidden: false,
      disclosed: true,
      notice: REDISCLOSURE_NOTICE,
    });
    expect((await w.clients.cp.get(`/api/care/enrollees/${id}/part2`)).json().disclosed).toBe(false);

    // A recipient sees the consent but does not revoke it; the program does, once.
    const byPlan = await revoke(w.clients.plan, id, c);
    expect(byPlan.statusCode).toBe(403);
    const stale = await revoke(w.clients.cp, id, { ...c, version: 9 });
    expect(stale.statusCode).toBe(412);
    const revoked = await revoke(w.clients.cp, id, c);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({
      active: false,
      revocation: { channel: 'letter', receivedOn: '2026-01-20' },
    });
    expect(await contactsOf(w.clients.plan, id)).toEqual([]);
    const again = await revoke(w.clients.cp, id, revoked.json());
    expect(again.statusCode).toBe(409);
  });

  it('is not covered by a consent that has not started, has ended, or was given to another program', async () => {
    const id = await w.enrolleeFor();
    await contact(w.clients.cp, id, true);
    await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id], startsOn: '2099-01-01' });
    await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id], endsOn: '2026-01-31' });
    await consent(w.clients.provider, id, { recipientOrgIds: [w.orgs.plan.id] });
    expect(await contactsOf(w.clients.plan, id)).toEqual([]);
  });

  it('refuses a consent naming an unknown organisation, the program itself, or ending before it starts', async () => {
    const id = await w.enrolleeFor();
    const url = `/api/care/enrollees/${id}/part2-consents`;
    const base = { scope: 'tpo', signedOn: '2026-01-02', startsOn: '2026-01-02' };
    const unknown = await w.clients.cp.post(url, {
      ...base,
      recipientOrgIds: [w.orgs.plan.id, '00000000-0000-4000-8000-000000000000'],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues).toEqual([expect.objectContaining({ path: 'body.recipientOrgIds.1' })]);
    const own = await w.clients.cp.post(url, { ...base, recipientOrgIds: [w.orgs.cp.id] });
    expect(own.statusCode).toBe(400);
    expect(JSON.stringify(own.json())).toContain('sees its own records without a consent');
    const backwards = await w.clients.cp.post(url, {
      ...base,
      recipientOrgIds: [w.orgs.plan.id],
      endsOn: '2026-01-01',
    });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json())).toContain('body.endsOn');
  });
});

describe('service requests, the queue, the report and FHIR', () => {
  it('hide a tagged request from the plan until a consent covers it, then label what they disclose', async () => {
    const id = await w.enrolleeFor();
    const res = await w.clients.cp.post(`/api/care/enrollees/${id}/requests`, {
      ...REQUEST,
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      requestedBy: 'care_team',
      part2: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    const queued = async () =>
      (
        (await w.clients.plan.get('/api/care/requests/queue?limit=200')).json().items as {
          requestId: string;
        }[]
      ).map((i) => i.requestId);
    expect(await ids(w.clients.plan, `/api/care/enrollees/${id}/requests`)).toEqual([]);
    expect(await queued()).not.toContain(r.id);
    expect((await w.clients.plan.get(`/fhir/R4/ServiceRequest/${r.id}`)).statusCode).toBe(404);

    await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id] });
    expect(await ids(w.clients.plan, `/api/care/enrollees/${id}/requests`)).toEqual([r.id]);
    expect(await queued()).toContain(r.id);
    const fhir = (await w.clients.plan.get(`/fhir/R4/ServiceRequest/${r.id}`)).json();
    validateFhir(fhir);
    expect(fhir.meta.security).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: '42CFRPart2' })]),
    );
    const bundle = (await w.clients.plan.get(`/fhir/R4/ServiceRequest?patient=Patient/${id}`)).json();
    validateFhir(bundle);
    expect(bundle.total).toBe(1);
    expect(bundle.meta.security).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'NORDSCLCD' })]),
    );
    // The provider, not named, still sees nothing of it.
    expect(await ids(w.clients.provider, `/fhir/R4/ServiceRequest?patient=Patient/${id}`)).toEqual([]);
  });

  it('puts the redisclosure notice on the monthly report when a tagged decision is in it', async () => {
    const id = await w.enrolleeFor();
    const res = await w.clients.cp.post(`/api/care/enrollees/${id}/requests`, {
      ...REQUEST,
      receivedAt: '2026-01-05T15:00:00Z',
      requestedBy: 'care_team',
      part2: true,
    });
    await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id] });
    const r = res.json();
    const decided = await w.clients.plan.post(
      `/api/care/requests/${r.id}/decision`,
      { decision: 'approved', decidedAt: '2026-01-07T15:00:00Z' },
      { 'if-match': `"${r.version}"` },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    const csv = await w.clients.plan.get('/api/care/requests/report/export?month=2026-01&format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain('42 CFR Part 2');
    expect(csv.body).toContain(REDISCLOSURE_NOTICE.slice(0, 60));
  });

  it('reads a consent as a FHIR R4 Consent for the program and a recipient, and nobody else', async () => {
    const id = await w.enrolleeFor();
    const c = await consent(w.clients.cp, id, {
      recipientOrgIds: [w.orgs.plan.id],
      note: 'Signed at intake.',
    });
    for (const reader of [w.clients.cp, w.clients.plan]) {
      const read = await reader.get(`/fhir/R4/Consent/${c.id}`);
      expect(read.statusCode, read.body).toBe(200);
      const resource = validateFhir(read.json()) as { status: string; provision: { actor: unknown[] } };
      expect(resource.status).toBe('active');
      expect(resource.provision.actor).toHaveLength(1);
    }
    expect((await w.clients.provider.get(`/fhir/R4/Consent/${c.id}`)).statusCode).toBe(404);
    expect(await ids(w.clients.provider, `/api/care/enrollees/${id}/part2-consents`)).toEqual([]);
    const search = (await w.clients.plan.get(`/fhir/R4/Consent?patient=${id}`)).json();
    validateFhir(search);
    expect(search.total).toBe(1);
  });
});

describe('SUD counseling notes', () => {
  it('are kept apart: a treatment consent does not reach them, a counseling-notes consent does', async () => {
    const id = await w.enrolleeFor();
    const url = `/api/care/enrollees/${id}/counseling-notes`;
    const written = await w.clients.cp.post(url, { body: 'Session 4: relapse prevention plan reviewed.' });
    expect(written.statusCode, written.body).toBe(201);
    expect(await ids(w.clients.cp, url)).toEqual([written.json().id]);
    await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id] });
    expect(await ids(w.clients.plan, url)).toEqual([]);
    // Nor is a note ever a contact, or something the page says is hidden.
    expect(await contactsOf(w.clients.plan, id)).toEqual([]);
    expect((await w.clients.plan.get(`/api/care/enrollees/${id}/part2`)).json().hidden).toBe(false);
    await consent(w.clients.cp, id, { scope: 'counseling_notes', recipientOrgIds: [w.orgs.plan.id] });
    expect(await ids(w.clients.plan, url)).toEqual([written.json().id]);
    expect(await ids(w.clients.provider, url)).toEqual([]);
  });

  it('are written only by a treating professional', async () => {
    const id = await w.enrolleeFor();
    const coordinator = await t.user([{ orgId: w.orgs.cp.id, role: 'care_coordinator' }]);
    const client = await t.signIn(coordinator.email);
    const res = await client.post(`/api/care/enrollees/${id}/counseling-notes`, { body: 'A note.' });
    expect(res.statusCode).toBe(403);
  });
});

describe('what else could tell another organisation a tagged record exists', () => {
  it('counts toward no clock, so the shared work queue never moves with one', async () => {
    const id = await w.enrolleeFor();
    const clocks = (client: Part2World['clients']['plan']) =>
      client.get(`/api/care/enrollees/${id}/clocks`).then((r) => r.json());
    const before = await clocks(w.clients.cp);
    await contact(w.clients.cp, id, true);
    expect(await clocks(w.clients.cp)).toEqual(before);
  });

  it('is never copied to the holder’s audit log, though an untagged one is', async () => {
    const id = await w.enrolleeFor();
    const admin = await t.user([{ orgId: w.orgs.plan.id, role: 'org_admin' }]);
    const planAdmin = await t.signIn(admin.email);
    const tagged = await contact(w.clients.cp, id, true);
    const plain = await contact(w.clients.cp, id, false);
    const logged = async (entityId: string) =>
      (await planAdmin.get(`/api/audit?entityId=${entityId}&pageSize=100`)).json().items.length;
    expect(await logged(plain.id)).toBeGreaterThan(0);
    expect(await logged(tagged.id)).toBe(0);
  });

  it('puts the short notice beside each tagged row of the request queue’s export', async () => {
    const id = await w.enrolleeFor();
    const res = await w.clients.cp.post(`/api/care/enrollees/${id}/requests`, {
      ...REQUEST,
      service: 'Residential treatment, tagged',
      receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
      requestedBy: 'care_team',
      part2: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    await consent(w.clients.cp, id, { recipientOrgIds: [w.orgs.plan.id] });
    const csv = await w.clients.plan.get(
      `/api/care/requests/queue/export?format=csv&q=${encodeURIComponent('Residential treatment, tagged')}`,
    );
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).toContain('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
  });

  it('refuses a consent naming a training vendor', async () => {
    const id = await w.enrolleeFor();
    const vendor = await t.org({ kind: 'training_vendor' });
    const res = await w.clients.cp.post(`/api/care/enrollees/${id}/part2-consents`, {
      scope: 'tpo',
      signedOn: '2026-01-02',
      startsOn: '2026-01-02',
      recipientOrgIds: [w.orgs.plan.id, vendor.id.toUpperCase()],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({
        path: 'body.recipientOrgIds.1',
        message: expect.stringContaining('training vendor'),
      }),
    ]);
  });
});
