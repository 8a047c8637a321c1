import { massachusettsDate } from '@contract/massachusetts-day.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
let orgA: { id: string };
let orgB: { id: string };
let adminA: Client;
let adminB: Client;
beforeAll(async () => {
  t = await createTestApp();
  orgA = await t.org({ name: 'Boston Community Health Center' });
  orgB = await t.org({ name: 'North Shore Behavioral Health Home' });
  adminA = await t.signIn((await t.user([{ orgId: orgA.id, role: 'org_admin' }])).email);
  adminB = await t.signIn((await t.user([{ orgId: orgB.id, role: 'org_admin' }])).email);
});
afterAll(() => t.close());

const maria = {
  givenName: 'Maria',
  familyName: 'Santos',
  email: 'Maria.Santos@bostoncommunityhealth.example',
  npi: '1234567893',
  roles: [{ role: 'care_coordinator', startsOn: '2024-02-01', team: 'North' }],
};

describe('people', () => {
  it('adds a person with a role, and checks the NPI check digit', async () => {
    const bad = await adminA.post('/api/people', { ...maria, npi: '1234567894' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toMatchObject([
      { path: 'body.npi', message: 'The check digit does not match; look for a mistyped digit' },
    ]);
    const created = await adminA.post('/api/people', maria);
    expect(created.statusCode).toBe(201);
    const person = await adminA.get(`/api/people/${created.json().id}`);
    expect(person.json()).toMatchObject({
      email: 'maria.santos@bostoncommunityhealth.example',
      roles: [{ role: 'care_coordinator', team: 'North' }],
    });
  });

  it('keeps one identity: a second organisation adding the same e-mail links to it and cannot rename it', async () => {
    const res = await adminB.post('/api/people', {
      ...maria,
      givenName: 'Mary',
      roles: [{ role: 'bh_clinician', startsOn: '2025-01-01' }],
    });
    expect(res.json()).toEqual({ id: expect.any(String) });
    const seenByB = (await adminB.get(`/api/people/${res.json().id}`)).json();
    expect(seenByB.givenName).toBe('Maria');
    expect(seenByB.roles.map((r: { role: string }) => r.role)).toEqual(['bh_clinician']);
    const rename = await adminB.patch(
      `/api/people/${res.json().id}`,
      { givenName: 'Mary' },
      { 'if-match': `"${seenByB.version}"` },
    );
    expect(rename.statusCode).toBe(403);
  });

  it("hides another organisation's people: 404, not 403, and absent from lists", async () => {
    const created = await adminA.post('/api/people', {
      givenName: 'Patricia',
      familyName: "O'Neil",
      email: 'poneil@test.example',
      roles: [{ role: 'rn', startsOn: '2023-05-01' }],
    });
    const id = created.json().id;
    const res = await adminB.get(`/api/people/${id}`);
    expect(res.statusCode).toBe(404);
    expect((await adminB.get('/api/people?q=neil')).json().total).toBe(0);
    expect((await adminA.get("/api/people?q=o'neil")).json().total).toBe(1);
    expect((await adminA.get("/api/people?q=Patrícia o'néil")).json().total).toBe(1);
    // Wildcards typed in a search box are characters to find, accents folded or not.
    for (const q of ['%', 'o_neil', 'ó_néil', '\\'])
      expect((await adminA.get(`/api/people?q=${encodeURIComponent(q)}`)).json().total, q).toBe(0);
    expect(
      (await adminB.post(`/api/people/${id}/roles`, { role: 'rn', startsOn: '2024-01-01' })).statusCode,
    ).toBe(404);
  });

  it('audits every read of a person, with who, when and from where', async () => {
    const created = await adminA.post('/api/people', {
      givenName: 'Jean-Baptiste',
      familyName: 'Pierre',
      email: 'jbp@test.example',
      roles: [{ role: 'care_coordinator', startsOn: '2024-01-01' }],
    });
    await adminA.get(`/api/people/${created.json().id}`);
    const log = (await adminA.get(`/api/audit?entityType=person&entityId=${created.json().id}`)).json();
    expect(log.items.map((e: { action: string }) => e.action)).toEqual(['read', 'create']);
    expect(log.items[0]).toMatchObject({ ip: '127.0.0.1', actorName: expect.stringMatching(/^Test User/) });
  });

  it('shows qualifications expiring within N days', async () => {
    const created = await adminA.post('/api/people', {
      givenName: 'Ana Lúcia',
      familyName: 'Ferreira',
      email: 'alf@test.example',
      roles: [{ role: 'care_coordinator', startsOn: '2024-01-01' }],
    });
    const id = created.json().id;
    // Days are Massachusetts days, as the server counts them (after 7 p.m. Eastern the UTC day is a day ahead).
    const inDays = (n: number) => massachusettsDate(new Date(Date.now() + n * 86_400_000));
    await adminA.post(`/api/people/${id}/qualifications`, {
      kind: 'certification',
      name: 'CCM',
      issuer: 'CCMC',
      expiresOn: inDays(20),
    });
    await adminA.post(`/api/people/${id}/qualifications`, {
      kind: 'licence',
      name: 'LICSW',
      issuer: 'Board of Social Workers',
      expiresOn: inDays(400),
    });
    const soon = (await adminA.get('/api/qualifications?expiringWithinDays=30')).json();
    expect(soon.items.map((q: { name: string; daysToExpiry: number }) => [q.name, q.daysToExpiry])).toEqual([
      ['CCM', 20],
    ]);
    expect((await adminA.get('/api/qualifications')).json().total).toBe(2);
  });

  it('ends a role with the version it was read at', async () => {
    const created = await adminA.post('/api/people', {
      givenName: 'Wei',
      familyName: 'Chen',
      email: 'wchen@test.example',
      roles: [{ role: 'provider_staff', startsOn: '2022-01-01' }],
    });
    const person = (await adminA.get(`/api/people/${created.json().id}`)).json();
    const role = person.roles[0];
    const reversed = await adminA.patch(
      `/api/people/${person.id}/roles/${role.id}`,
      { endsOn: '2021-01-01' },
      { 'if-match': '"1"' },
    );
    expect(reversed.statusCode).toBe(400);
    const ended = await adminA.patch(
      `/api/people/${person.id}/roles/${role.id}`,
      { endsOn: '2026-01-01' },
      { 'if-match': '"1"' },
    );
    expect(ended.json()).toMatchObject({ endsOn: '2026-01-01', version: 2 });
    expect((await adminA.get('/api/people?q=chen')).json().total).toBe(0);
    expect((await adminA.get('/api/people?q=chen&includeEnded=true')).json().total).toBe(1);
  });

  it('lists a page of people with their current roles and teams here, the total counting each person once', async () => {
    const org = await t.org({ name: 'Lynn Community Health' });
    const admin = await t.signIn((await t.user([{ orgId: org.id, role: 'org_admin' }])).email);
    for (const [i, family] of ['Abbott', 'Baker', 'Cole', 'Diaz', 'Evans'].entries())
      await admin.post('/api/people', {
        givenName: 'Pat',
        familyName: family,
        email: `pat.${family.toLowerCase()}@lynn.example`,
        ...(i === 3 ? { title: 'Lead coordinator' } : {}),
        roles: [
          { role: 'care_coordinator', startsOn: '2024-01-01', team: i % 2 ? 'North' : 'South' },
          { role: 'rn', startsOn: '2024-01-01', team: 'North' },
          { role: 'provider_staff', startsOn: '2020-01-01', endsOn: '2021-01-01' },
        ],
      });
    const list = async (query: string) => (await admin.get(`/api/people?q=pat&${query}`)).json();
    const first = await list('pageSize=2&sort=familyName&dir=desc');
    expect(first.total).toBe(5);
    expect(first.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Evans', 'Diaz']);
    expect(first.items[1]).toMatchObject({
      roles: ['care_coordinator', 'rn'],
      teams: ['North'],
      title: 'Lead coordinator',
    });
    expect(first.items[0]).toMatchObject({
      roles: ['care_coordinator', 'rn'],
      teams: ['North', 'South'],
      title: null,
    });
    const third = await list('pageSize=2&page=3&sort=familyName&dir=desc');
    expect(third.items.map((p: { familyName: string }) => p.familyName)).toEqual(['Abbott']);
    const southern = await list('team=South');
    expect(southern.total).toBe(3);
    expect(southern.items[0]).toMatchObject({
      familyName: 'Abbott',
      roles: ['care_coordinator'],
      teams: ['South'],
    });
    const ended = await list('role=provider_staff&includeEnded=true');
    expect(ended.total).toBe(5);
    expect(ended.items[0]).toMatchObject({ roles: ['provider_staff'], teams: [] });
    expect((await list('role=provider_staff')).total).toBe(0);
    // What is typed is what is looked for: "%" and "_" are not wildcards.
    const search = async (q: string) =>
      (await admin.get(`/api/people?q=${encodeURIComponent(q)}`)).json().total;
    expect(await search('pat')).toBe(5);
    expect(await search('%')).toBe(0);
    expect(await search('p_t')).toBe(0);
    expect(await search('pat.')).toBe(5);
  });
});
