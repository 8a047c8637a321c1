import { addDays } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import type { RoleKind } from '../../src/domains/people/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { enrollee, masshealthIdFor } from '../support/factories.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A plan with a provider in its network and one outside it, and a care coordinator at the provider. */
async function world() {
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  const outsider = await t.org({ kind: 'provider' });
  const vendor = await t.org({ kind: 'training_vendor' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2020-01-01',
  });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'training_agreement',
    otherOrgId: vendor.id,
    startsOn: '2020-01-01',
  });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
  const planClient = await t.signIn(admin.email);
  const coordinator = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
  return { plan, provider, outsider, vendor, planClient, coordinator };
}

async function as(orgId: string, role: RoleKind) {
  const user = await t.user([{ orgId, role }]);
  return t.signIn(user.email);
}

const today = massachusettsToday;

describe('enrollees: who sees and keeps them', () => {
  it('lets the plan see its own enrollees and keeps them from other organisations', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const otherPlan = await t.org({ kind: 'plan' });
    for (const [orgId, role, status] of [
      [w.plan.id, 'care_coordinator', 200],
      [w.plan.id, 'clinical_care_manager', 200],
      [w.plan.id, 'enrollment_submitter', 200],
      [w.plan.id, 'auditor', 200],
      [w.plan.id, 'training_admin', 404],
      [otherPlan.id, 'org_admin', 404],
      [w.provider.id, 'care_coordinator', 404],
      [w.vendor.id, 'org_admin', 404],
    ] as const) {
      const client = await as(orgId, role);
      const res = await client.get(`/api/care/enrollees/${id}`);
      expect(res.statusCode, `${role} at ${orgId === w.plan.id ? 'the plan' : 'another organisation'}`).toBe(
        status,
      );
      const list = await client.get('/api/care/enrollees');
      if (status === 200) expect(list.json().items.map((e: { id: string }) => e.id)).toContain(id);
      else if (list.statusCode === 200)
        expect(list.json().items.map((e: { id: string }) => e.id)).not.toContain(id);
    }
  });

  it('lets only the plan’s record keepers create and change, and auditors only read', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    for (const [role, allowed] of [
      ['org_admin', true],
      ['care_coordinator', true],
      ['clinical_care_manager', true],
      ['enrollment_submitter', true],
      ['auditor', false],
      ['rn', false],
      ['training_admin', false],
    ] as const) {
      const client = await as(w.plan.id, role);
      const created = await client.post('/api/care/enrollees', {
        masshealthId: masshealthIdFor(),
        givenName: 'Ana',
        familyName: 'Silva',
        dateOfBirth: '1960-01-01',
      });
      expect(created.statusCode, role).toBe(allowed ? 201 : 403);
      const got = await w.planClient.get(`/api/care/enrollees/${id}`);
      const changed = await client.patch(
        `/api/care/enrollees/${id}`,
        { town: `Town ${role}` },
        { 'if-match': got.headers.etag as string },
      );
      expect(changed.statusCode, role).toBe(allowed ? 200 : role === 'training_admin' ? 404 : 403);
    }
    // A provider's administrator cannot hold enrollees.
    const providerAdmin = await as(w.provider.id, 'org_admin');
    const refused = await providerAdmin.post('/api/care/enrollees', {
      masshealthId: masshealthIdFor(),
      givenName: 'Ana',
      familyName: 'Silva',
      dateOfBirth: '1960-01-01',
    });
    expect(refused.statusCode).toBe(403);
  });

  it('shows a provider the enrollee only while it is on the care team, and never lets it change the record', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const providerClient = await t.signIn(w.coordinator.email);
    expect((await providerClient.get(`/api/care/enrollees/${id}`)).statusCode).toBe(404);

    const added = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
      personId: w.coordinator.person.id,
      role: 'care_coordinator',
      memberOrgId: w.provider.id,
      startsOn: '2024-01-01',
    });
    expect(added.statusCode, added.body).toBe(201);
    const seen = await providerClient.get(`/api/care/enrollees/${id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().team).toHaveLength(1);
    expect(seen.json().team[0]).toMatchObject({ singlePointOfContact: true, memberOrgName: w.provider.name });
    const listed = await providerClient.get(`/api/care/enrollees?coordinatorId=${w.coordinator.person.id}`);
    expect(listed.json().items.map((e: { id: string }) => e.id)).toEqual([id]);
    // On the team, but the record is the plan's.
    const change = await providerClient.patch(
      `/api/care/enrollees/${id}`,
      { town: 'Lowell' },
      { 'if-match': seen.headers.etag as string },
    );
    expect(change.statusCode).toBe(403);
    // A contact it makes is recorded on the plan's record.
    const contact = await providerClient.post(`/api/care/enrollees/${id}/contacts`, {
      mode: 'phone',
      reached: false,
      occurredAt: new Date().toISOString(),
    });
    expect(contact.statusCode, contact.body).toBe(201);
    expect((await w.planClient.get(`/api/care/enrollees/${id}/contacts`)).json().items).toHaveLength(1);
    // Another provider not on the team sees nothing.
    const outsider = await as(w.outsider.id, 'care_coordinator');
    expect((await outsider.get(`/api/care/enrollees/${id}`)).statusCode).toBe(404);
    expect((await outsider.get(`/api/care/enrollees/${id}/contacts`)).statusCode).toBe(404);

    // The membership ends yesterday: the provider no longer sees the enrollee.
    const member = seen.json().team[0];
    const yesterday = addDays(massachusettsToday(), -2);
    const ended = await w.planClient.post(
      `/api/care/enrollees/${id}/team/${member.id}/end`,
      { endsOn: yesterday },
      { 'if-match': String(member.version) },
    );
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await providerClient.get(`/api/care/enrollees/${id}`)).statusCode).toBe(404);
    expect((await providerClient.get('/api/care/enrollees')).json().items).toEqual([]);
  });

  it('shows a training vendor no enrollee, even one it is wrongly put on the team of', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const trainer = await t.user([{ orgId: w.vendor.id, role: 'care_coordinator' }]);
    const refused = await w.planClient.post(`/api/care/enrollees/${id}/team`, {
      personId: trainer.person.id,
      role: 'other',
      memberOrgId: w.vendor.id,
      startsOn: '2024-01-01',
    });
    expect(refused.statusCode).toBe(422);
    const vendorClient = await t.signIn(trainer.email);
    expect((await vendorClient.get('/api/care/enrollees')).statusCode).toBe(403);
    expect((await vendorClient.get(`/api/care/enrollees/${id}`)).statusCode).toBe(404);
  });

  it('audits every read of an enrollee as PHI', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    expect((await w.planClient.get(`/api/care/enrollees/${id}`)).statusCode).toBe(200);
    await t.services.audit.flush();
    const log = await w.planClient.get(`/api/audit?entityType=care_enrollee&entityId=${id}`);
    expect(log.statusCode, log.body).toBe(200);
    const reads = log.json().items.filter((r: { action: string }) => r.action === 'read');
    expect(reads).toHaveLength(1);
    expect(reads[0].details).toMatchObject({ phi: true });
  });

  it('records a refused request about an enrollee in the holder’s audit trail and the caller’s, telling the caller nothing', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const otherPlan = await t.org({ kind: 'plan' });
    const prober = await as(otherPlan.id, 'org_admin');
    const refused = [
      await prober.get(`/api/care/enrollees/${id}`),
      await prober.get(`/api/care/enrollees/${id}/clocks`),
      await prober.get(`/fhir/R4/Patient/${id}`),
    ];
    const nobody = crypto.randomUUID();
    const missing = await prober.get(`/api/care/enrollees/${nobody}`);
    // The same answer for a record held elsewhere as for none at all.
    expect(refused.map((r) => r.statusCode)).toEqual([404, 404, 404]);
    expect(refused[0]!.json()).toEqual(missing.json());
    const seen = async (client: typeof prober, entityId: string) => {
      await t.services.audit.flush();
      return (await client.get(`/api/audit?action=refused&entityId=${entityId}`)).json().items as {
        details: { route: string; status: number; actorOrgId?: string };
      }[];
    };
    // Recorded once each answer has gone.
    await vi.waitFor(async () => expect(await seen(prober, nobody)).toHaveLength(1));
    await vi.waitFor(async () => expect(await seen(w.planClient, id)).toHaveLength(3));
    const atHolder = await seen(w.planClient, id);
    expect(atHolder.map((e) => e.details.route).sort()).toEqual([
      'GET /api/care/enrollees/:id',
      'GET /api/care/enrollees/:id/clocks',
      'GET /fhir/R4/Patient/:id',
    ]);
    expect(atHolder.every((e) => e.details.actorOrgId === otherPlan.id && e.details.status === 404)).toBe(
      true,
    );
    expect(await seen(prober, id)).toHaveLength(3);
    // The holder's own readers leave no such row.
    expect((await w.planClient.get(`/api/care/enrollees/${id}`)).statusCode).toBe(200);
    expect(await seen(w.planClient, id)).toHaveLength(3);
  });

  it('finds the list reads that showed an enrollee when the audit trail is searched for that enrollee', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const other = await enrollee(w.planClient);
    const family = (await w.planClient.get(`/api/care/enrollees/${id}`)).json().familyName;
    expect((await w.planClient.get(`/api/care/enrollees?q=${encodeURIComponent(family)}`)).json().total).toBe(
      1,
    );
    await t.services.audit.flush();
    const actions = async (enrolleeId: string) =>
      (await w.planClient.get(`/api/audit?entityType=care_enrollee&entityId=${enrolleeId.toUpperCase()}`))
        .json()
        .items.map((r: { action: string }) => r.action)
        .sort();
    expect(await actions(id)).toEqual(['create', 'list', 'read']);
    expect(await actions(other)).toEqual(['create']);
  });
});

describe('enrollments', () => {
  it('refuses an enrollment overlapping another in the same program, naming it', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const first = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
      program: 'one_care',
      effectiveOn: '2024-01-01',
      endsOn: '2024-12-31',
    });
    expect(first.statusCode, first.body).toBe(201);
    const overlapping = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
      program: 'one_care',
      effectiveOn: '2024-12-31',
    });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json().message).toContain('One Care from 1 January 2024 to 31 December 2024');
    expect(JSON.stringify(overlapping.json())).toContain(first.json().id);
    // The next day, and Community Partners the same days, are fine.
    const next = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
      program: 'one_care',
      effectiveOn: '2025-01-01',
    });
    expect(next.statusCode).toBe(201);
    expect(
      (
        await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
          program: 'cp',
          effectiveOn: '2024-06-01',
        })
      ).statusCode,
    ).toBe(201);
    // Ending is refused when the end is before the start.
    const end = await w.planClient.post(
      `/api/care/enrollees/${id}/enrollments/${next.json().id}/end`,
      { endsOn: '2024-06-01' },
      { 'if-match': '1' },
    );
    expect(end.statusCode).toBe(422);
    const beforeBirth = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
      program: 'cp',
      effectiveOn: '1901-01-01',
      endsOn: '1901-01-31',
    });
    expect(beforeBirth.statusCode, beforeBirth.body).toBe(422);
    expect(beforeBirth.json().message).toMatch(/before the enrollee was born/);
    const ok = await w.planClient.post(
      `/api/care/enrollees/${id}/enrollments/${next.json().id}/end`,
      { endsOn: '2025-06-30' },
      { 'if-match': '1' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ endsOn: '2025-06-30', version: 2 });
  });

  it('lists each enrollee with the programs they are enrolled in today, and only theirs', async () => {
    const w = await world();
    const enrolled = await enrollee(w.planClient);
    const other = await enrollee(w.planClient);
    for (const [program, effectiveOn, endsOn] of [
      ['one_care', '2024-01-01', null],
      ['cp', '2024-01-01', null],
      ['mco', '2020-01-01', '2020-12-31'],
    ] as const)
      expect(
        (
          await w.planClient.post(`/api/care/enrollees/${enrolled}/enrollments`, {
            program,
            effectiveOn,
            endsOn,
          })
        ).statusCode,
      ).toBe(201);
    const items: { id: string; programs: string[] }[] = (await w.planClient.get('/api/care/enrollees')).json()
      .items;
    expect(items.find((e) => e.id === enrolled)?.programs.sort()).toEqual(['cp', 'one_care']);
    expect(items.find((e) => e.id === other)?.programs).toEqual([]);
  });

  it('finds an enrollee by name in either order, with or without a comma or accents', async () => {
    const w = await world();
    const family = `Quintero${Date.now() % 100000}`;
    const id = await enrollee(w.planClient, { givenName: 'Maribél', familyName: family });
    await enrollee(w.planClient, { givenName: 'Maribel', familyName: 'Someone Else' });
    for (const q of [
      `Maribel ${family}`,
      `${family} Maribél`,
      `${family}, MARIBEL`,
      `mari ${family.slice(0, 6)}`,
      `márí ${family.slice(0, 6).replace('u', 'ü')}`,
    ]) {
      const found = (await w.planClient.get(`/api/care/enrollees?q=${encodeURIComponent(q)}`)).json();
      expect(
        found.items.map((e: { id: string }) => e.id),
        q,
      ).toEqual([id]);
    }
    expect(
      (await w.planClient.get(`/api/care/enrollees?q=${encodeURIComponent(`Rosa ${family}`)}`)).json().total,
    ).toBe(0);
    // A name written with Vietnamese tone marks, found as typed on an English keyboard.
    const nguyen = await enrollee(w.planClient, { givenName: 'Thị Lan', familyName: `Nguyễn${family}` });
    for (const q of [`nguyen${family} thi`, `Nguyễn${family}`, `lan, NGUYEN${family}`]) {
      const found = (await w.planClient.get(`/api/care/enrollees?q=${encodeURIComponent(q)}`)).json();
      expect(
        found.items.map((e: { id: string }) => e.id),
        q,
      ).toEqual([nguyen]);
    }
  });

  it('is refused by the database itself when two overlapping enrollments are written directly', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const { sql } = await import('drizzle-orm');
    await t.database.system.execute(
      sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on) values (${w.plan.id}, ${id}, 'mco', '2024-01-01')`,
    );
    await expect(
      t.database.system.execute(
        sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on, ends_on) values (${w.plan.id}, ${id}, 'mco', '2023-01-01', '2024-01-01')`,
      ),
    ).rejects.toThrow();
  });
});

describe('the single point of contact', () => {
  it('is one at a time, with the history kept when it changes', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const planCoordinator = await t.user([{ orgId: w.plan.id, role: 'clinical_care_manager' }]);
    const first = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
      personId: w.coordinator.person.id,
      role: 'care_coordinator',
      memberOrgId: w.provider.id,
      startsOn: '2024-01-01',
    });
    expect(first.statusCode, first.body).toBe(201);
    const second = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
      personId: planCoordinator.person.id,
      role: 'clinical_care_manager',
      memberOrgId: w.plan.id,
      startsOn: '2025-03-01',
    });
    expect(second.statusCode, second.body).toBe(201);
    const team = (await w.planClient.get(`/api/care/enrollees/${id}`)).json().team as {
      personId: string;
      singlePointOfContact: boolean;
      startsOn: string;
      endsOn: string | null;
    }[];
    const spocs = team.filter((m) => m.singlePointOfContact);
    expect(spocs.map((m) => [m.personId, m.startsOn, m.endsOn])).toEqual(
      expect.arrayContaining([
        [w.coordinator.person.id, '2024-01-01', '2025-02-28'],
        [planCoordinator.person.id, '2025-03-01', null],
      ]),
    );
    expect(spocs.filter((m) => m.endsOn === null)).toHaveLength(1);
    // A change dated on or before the current one's start is refused.
    const early = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
      personId: w.coordinator.person.id,
      role: 'care_coordinator',
      memberOrgId: w.provider.id,
      startsOn: '2025-03-01',
    });
    expect(early.statusCode).toBe(409);
  });

  it('must be a care coordinator or clinical care manager at the plan or in its network', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const nurse = await t.user([{ orgId: w.provider.id, role: 'rn' }]);
    const outsiderCoordinator = await t.user([{ orgId: w.outsider.id, role: 'care_coordinator' }]);
    for (const [personId, memberOrgId] of [
      [nurse.person.id, w.provider.id],
      [outsiderCoordinator.person.id, w.outsider.id],
      [w.coordinator.person.id, w.outsider.id],
    ]) {
      const res = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
        personId,
        role: 'care_coordinator',
        memberOrgId,
        startsOn: '2024-01-01',
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().issues?.[0]?.path ?? res.body).toContain('personId');
    }
  });

  it('records an LTS coordinator offered and the answer', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const lts = await t.user([{ orgId: w.provider.id, role: 'lts_coordinator' }]);
    const added = await w.planClient.post(`/api/care/enrollees/${id}/team`, {
      personId: lts.person.id,
      role: 'lts_coordinator',
      memberOrgId: w.provider.id,
      startsOn: today(),
    });
    expect(added.statusCode, added.body).toBe(201);
    const member = added.json();
    const early = await w.planClient.post(
      `/api/care/enrollees/${id}/team/${member.id}/lts-response`,
      { response: 'accepted', respondedOn: '2024-02-01' },
      { 'if-match': '1' },
    );
    expect(early.statusCode).toBe(409);
    const offered = await w.planClient.post(
      `/api/care/enrollees/${id}/team/${member.id}/lts-offer`,
      { offeredOn: '2024-01-15' },
      { 'if-match': '1' },
    );
    expect(offered.json()).toMatchObject({ ltsOfferedOn: '2024-01-15', ltsResponse: 'pending' });
    const answered = await w.planClient.post(
      `/api/care/enrollees/${id}/team/${member.id}/lts-response`,
      { response: 'declined', respondedOn: '2024-02-01' },
      { 'if-match': '2' },
    );
    expect(answered.json()).toMatchObject({
      ltsResponse: 'declined',
      ltsRespondedOn: '2024-02-01',
      version: 3,
    });
  });
});

describe('identifiers', () => {
  it('refuses a wrong MassHealth ID or MBI, naming the field, and stores them normalised', async () => {
    const w = await world();
    const base = { givenName: 'Ana', familyName: 'Silva', dateOfBirth: '1960-01-01' };
    const badId = await w.planClient.post('/api/care/enrollees', { ...base, masshealthId: '12345' });
    expect(badId.statusCode).toBe(400);
    expect(JSON.stringify(badId.json())).toContain('masshealthId');
    expect(JSON.stringify(badId.json())).toContain('12 digits');
    const badMbi = await w.planClient.post('/api/care/enrollees', {
      ...base,
      masshealthId: masshealthIdFor(),
      mbi: '1SG4-TE5-MK73',
    });
    expect(badMbi.statusCode).toBe(400);
    expect(JSON.stringify(badMbi.json())).toContain('mbi');
    expect(JSON.stringify(badMbi.json())).toContain('never uses the letters');
    const masshealthId = masshealthIdFor();
    const good = await w.planClient.post('/api/care/enrollees', {
      ...base,
      masshealthId: `${masshealthId.slice(0, 6)}-${masshealthId.slice(6)}`,
      mbi: '1eg4-te5-mk73',
    });
    expect(good.statusCode, good.body).toBe(201);
    const got = (await w.planClient.get(`/api/care/enrollees/${good.json().id}`)).json();
    expect(got).toMatchObject({ masshealthId, mbi: '1EG4TE5MK73' });
    const again = await w.planClient.post('/api/care/enrollees', { ...base, masshealthId });
    expect(again.statusCode).toBe(409);
  });
});
