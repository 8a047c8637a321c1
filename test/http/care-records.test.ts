import { addDays } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { enrollee, masshealthIdFor } from '../support/factories.js';

// Findings from outside testing of the care records: each test failed before its fix.

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A plan with a provider in its network, the plan's administrator, and a care coordinator at each. */
async function world() {
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2020-01-01',
  });
  const admin = await t.user([{ orgId: plan.id, role: 'org_admin' }]);
  const planClient = await t.signIn(admin.email);
  const keisha = await t.user([{ orgId: plan.id, role: 'clinical_care_manager' }]);
  const maria = await t.user([{ orgId: provider.id, role: 'care_coordinator' }]);
  return { plan, provider, planClient, keisha, maria };
}

type Client = Awaited<ReturnType<typeof world>>['planClient'];

function spoc(client: Client, id: string, personId: string, memberOrgId: string, startsOn: string) {
  return client.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
    personId,
    role: 'care_coordinator',
    memberOrgId,
    startsOn,
  });
}

describe('the single point of contact over time', () => {
  it('refuses moving an ended membership’s end later, which would make two at once', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const keisha = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
      personId: w.keisha.person.id,
      role: 'clinical_care_manager',
      memberOrgId: w.plan.id,
      startsOn: '2026-01-01',
    });
    expect(keisha.statusCode, keisha.body).toBe(201);
    const maria = await spoc(w.planClient, id, w.maria.person.id, w.provider.id, '2026-06-01');
    expect(maria.statusCode, maria.body).toBe(201);
    const ended = (await w.planClient.get(`/api/care/enrollees/${id}`))
      .json()
      .team.find((m: { personId: string }) => m.personId === w.keisha.person.id);
    expect(ended).toMatchObject({ endsOn: '2026-05-31' });

    const later = await w.planClient.post(
      `/api/care/enrollees/${id}/team/${ended.id}/end`,
      { endsOn: '2027-12-31' },
      { 'if-match': String(ended.version) },
    );
    expect(later.statusCode, later.body).toBe(409);
    expect(JSON.stringify(later.json())).toContain('body.endsOn');
    // Bringing it earlier is fine.
    const earlier = await w.planClient.post(
      `/api/care/enrollees/${id}/team/${ended.id}/end`,
      { endsOn: '2026-04-30' },
      { 'if-match': String(ended.version) },
    );
    expect(earlier.statusCode, earlier.body).toBe(200);
  });

  it('is refused by the database itself when two overlapping ones are written directly', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const insert = (personId: string, startsOn: string, endsOn: string | null) =>
      t.database.system.execute(
        sql`insert into care_team_members (org_id, enrollee_id, person_id, role, single_point_of_contact, member_org_id, starts_on, ends_on)
          values (${w.plan.id}, ${id}, ${personId}, 'care_coordinator', true, ${w.plan.id}, ${startsOn}, ${endsOn})`,
      );
    await insert(w.keisha.person.id, '2026-01-01', '2026-05-31');
    await expect(insert(w.maria.person.id, '2026-05-01', null)).rejects.toThrow();
    await insert(w.maria.person.id, '2026-06-01', null);
  });
});

/** An ISO day this many days from today (UTC; far enough from the Massachusetts day not to matter). */
const inDays = (days: number) => addDays(massachusettsToday(), days);

describe('the single point of contact today', () => {
  it('is the one in force today in the list, its filter and the record, not one starting later', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const keisha = await w.planClient.post(`/api/care/enrollees/${id}/team/single-point-of-contact`, {
      personId: w.keisha.person.id,
      role: 'clinical_care_manager',
      memberOrgId: w.plan.id,
      startsOn: '2025-01-01',
    });
    expect(keisha.statusCode, keisha.body).toBe(201);
    const later = await spoc(w.planClient, id, w.maria.person.id, w.provider.id, inDays(30));
    expect(later.statusCode, later.body).toBe(201);

    const listed = (await w.planClient.get('/api/care/enrollees'))
      .json()
      .items.find((e: { id: string }) => e.id === id);
    expect(listed).toMatchObject({ coordinatorId: w.keisha.person.id });
    expect(listed.coordinatorName).toContain(w.keisha.person.familyName);
    const ids = async (personId: string) =>
      (await w.planClient.get(`/api/care/enrollees?coordinatorId=${personId}`))
        .json()
        .items.map((e: { id: string }) => e.id);
    expect(await ids(w.keisha.person.id)).toEqual([id]);
    expect(await ids(w.maria.person.id)).toEqual([]);

    const team = (await w.planClient.get(`/api/care/enrollees/${id}`)).json().team;
    const statusOf = (personId: string) =>
      team.find((m: { personId: string }) => m.personId === personId).status;
    expect(statusOf(w.keisha.person.id)).toBe('current');
    expect(statusOf(w.maria.person.id)).toBe('upcoming');
  });
});

describe('contacts', () => {
  it('refuses a contact dated in the future, allowing a few minutes of clock skew', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const at = (occurredAt: string) =>
      w.planClient.post(`/api/care/enrollees/${id}/contacts`, { mode: 'phone', reached: false, occurredAt });
    for (const occurredAt of [
      '2199-01-01T12:00:00Z',
      new Date(Date.now() + 60 * 86_400_000).toISOString(),
      new Date(Date.now() + 3_600_000).toISOString(),
    ]) {
      const res = await at(occurredAt);
      expect(res.statusCode, occurredAt).toBe(400);
      expect(JSON.stringify(res.json())).toContain('body.occurredAt');
    }
    expect((await at(new Date(Date.now() + 2 * 60_000).toISOString())).statusCode).toBe(201);
    expect((await at(new Date(Date.now() - 86_400_000).toISOString())).statusCode).toBe(201);
  });
});

describe('who records a contact', () => {
  it('is the plan, or a person on the care team: another organisation’s administrator sees but does not record', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    expect((await spoc(w.planClient, id, w.maria.person.id, w.provider.id, '2025-01-01')).statusCode).toBe(
      201,
    );
    const providerAdmin = await t.signIn((await t.user([{ orgId: w.provider.id, role: 'org_admin' }])).email);
    const colleague = await t.signIn(
      (await t.user([{ orgId: w.provider.id, role: 'care_coordinator' }])).email,
    );
    const contact = { mode: 'phone', reached: false, occurredAt: new Date().toISOString() };
    expect((await providerAdmin.get(`/api/care/enrollees/${id}`)).statusCode).toBe(200);
    for (const outsider of [providerAdmin, colleague]) {
      const refused = await outsider.post(`/api/care/enrollees/${id}/contacts`, contact);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().message).toContain('care team members');
    }
    const maria = await t.signIn(w.maria.email);
    expect((await maria.post(`/api/care/enrollees/${id}/contacts`, contact)).statusCode).toBe(201);
    expect((await w.planClient.post(`/api/care/enrollees/${id}/contacts`, contact)).statusCode).toBe(201);
    const listed = (await w.planClient.get(`/api/care/enrollees/${id}/contacts`)).json();
    expect(listed.total).toBe(2);
  });
});

describe('an enrollee’s details', () => {
  it('refuses a date of birth in the future on create and change, as the roster import does', async () => {
    const w = await world();
    const future = inDays(3);
    const created = await w.planClient.post('/api/care/enrollees', {
      masshealthId: masshealthIdFor(),
      givenName: 'Ana',
      familyName: 'Silva',
      dateOfBirth: future,
    });
    expect(created.statusCode).toBe(400);
    expect(JSON.stringify(created.json())).toContain('body.dateOfBirth');
    expect(JSON.stringify(created.json())).toContain(`${future} is in the future`);
    const id = await enrollee(w.planClient);
    const changed = await w.planClient.patch(
      `/api/care/enrollees/${id}`,
      { dateOfBirth: future },
      { 'if-match': '1' },
    );
    expect(changed.statusCode).toBe(400);
    expect(JSON.stringify(changed.json())).toContain(`${future} is in the future`);
  });
});

describe('identifiers held once', () => {
  it('refuses an MBI another enrollee here holds, naming its MassHealth ID, on create and change', async () => {
    const w = await world();
    const first = masshealthIdFor();
    await enrollee(w.planClient, { masshealthId: first, mbi: '1EG4TE5MK73' });
    const again = await w.planClient.post('/api/care/enrollees', {
      masshealthId: masshealthIdFor(),
      mbi: '1eg4-te5-mk73',
      givenName: 'Ana',
      familyName: 'Silva',
      dateOfBirth: '1960-01-01',
    });
    expect(again.statusCode).toBe(409);
    expect(JSON.stringify(again.json())).toContain(
      `This MBI is recorded for another enrollee here, MassHealth ID ${first}`,
    );
    expect(JSON.stringify(again.json())).toContain('body.mbi');
    const other = await enrollee(w.planClient);
    const changed = await w.planClient.patch(
      `/api/care/enrollees/${other}`,
      { mbi: '1EG4TE5MK73' },
      { 'if-match': '1' },
    );
    expect(changed.statusCode).toBe(409);
    // Another plan may hold the same member.
    const otherPlan = await t.org({ kind: 'plan' });
    const otherAdmin = await t.user([{ orgId: otherPlan.id, role: 'org_admin' }]);
    await enrollee(await t.signIn(otherAdmin.email), { mbi: '1EG4TE5MK73' });
  });

  it('is refused by the database itself when two enrollees here are written with one MBI', async () => {
    const w = await world();
    const insert = () =>
      t.database.system.execute(
        sql`insert into care_enrollees (org_id, masshealth_id, mbi, given_name, family_name, date_of_birth)
          values (${w.plan.id}, ${masshealthIdFor()}, '2EG4TE5MK73', 'Ana', 'Silva', '1960-01-01')`,
      );
    await insert();
    await expect(insert()).rejects.toThrow();
  });
});

describe('care team members', () => {
  it('must hold the role they take on the team, at their organisation on the day they start', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const officer = await t.user([{ orgId: w.provider.id, role: 'compliance_officer' }]);
    const nurse = await t.user([{ orgId: w.provider.id, role: 'rn' }]);
    const add = (personId: string, role: string, startsOn = '2025-01-01') =>
      w.planClient.post(`/api/care/enrollees/${id}/team`, {
        personId,
        role,
        memberOrgId: w.provider.id,
        startsOn,
      });
    for (const role of ['pcp', 'care_coordinator', 'clinical_care_manager', 'lts_coordinator', 'rn']) {
      const refused = await add(officer.person.id, role);
      expect(refused.statusCode, role).toBe(422);
      expect(JSON.stringify(refused.json())).toContain('body.personId');
    }
    // Before the role began (every test role starts in 2020), refused too.
    expect((await add(nurse.person.id, 'rn', '2019-06-01')).statusCode).toBe(422);
    expect((await add(nurse.person.id, 'rn')).statusCode).toBe(201);
    // "Other" asks only for some role at the organisation.
    expect((await add(officer.person.id, 'other')).statusCode).toBe(201);
  });

  it('refuses the same person twice in the same role for overlapping dates', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const nurse = await t.user([{ orgId: w.provider.id, role: 'rn' }]);
    const add = (startsOn: string, endsOn: string | null = null) =>
      w.planClient.post(`/api/care/enrollees/${id}/team`, {
        personId: nurse.person.id,
        role: 'rn',
        memberOrgId: w.provider.id,
        startsOn,
        endsOn,
      });
    const first = await add('2025-01-01', '2025-06-30');
    expect(first.statusCode, first.body).toBe(201);
    const twice = await add('2025-06-30');
    expect(twice.statusCode).toBe(409);
    expect(JSON.stringify(twice.json())).toContain(first.json().id);
    expect((await add('2025-07-01')).statusCode).toBe(201);
  });
});

describe('enrollments as coverage', () => {
  it('keeps One Care, ACO and MCO one at a time, with Community Partners beside them', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const enroll = (program: string, effectiveOn: string, endsOn: string | null = null) =>
      w.planClient.post(`/api/care/enrollees/${id}/enrollments`, { program, effectiveOn, endsOn });
    const oneCare = await enroll('one_care', '2024-01-01', '2024-12-31');
    expect(oneCare.statusCode, oneCare.body).toBe(201);
    for (const program of ['aco', 'mco']) {
      const refused = await enroll(program, '2024-06-01');
      expect(refused.statusCode, program).toBe(409);
      expect(refused.json().message).toContain('One Care from 1 January 2024 to 31 December 2024');
      expect(JSON.stringify(refused.json())).toContain(oneCare.json().id);
    }
    expect((await enroll('cp', '2024-06-01')).statusCode).toBe(201);
    const aco = await enroll('aco', '2025-01-01');
    expect(aco.statusCode, aco.body).toBe(201);
    // Ending One Care later would overlap the ACO enrollment.
    const later = await w.planClient.post(
      `/api/care/enrollees/${id}/enrollments/${oneCare.json().id}/end`,
      { endsOn: '2025-03-31' },
      { 'if-match': '1' },
    );
    expect(later.statusCode).toBe(409);
    expect(later.json().message).toContain('ACO from 1 January 2025');
  });

  it('is refused by the database itself when One Care and MCO are written for the same days', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const insert = (program: string, effectiveOn: string) =>
      t.database.system.execute(
        sql`insert into care_enrollments (org_id, enrollee_id, program, effective_on) values (${w.plan.id}, ${id}, ${program}, ${effectiveOn})`,
      );
    await insert('one_care', '2024-01-01');
    await insert('cp', '2024-01-01');
    await expect(insert('mco', '2025-01-01')).rejects.toThrow();
  });

  it('refuses an effective date more than a year ahead', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    const far = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
      program: 'one_care',
      effectiveOn: inDays(400),
    });
    expect(far.statusCode).toBe(400);
    expect(JSON.stringify(far.json())).toContain('body.effectiveOn');
    const near = await w.planClient.post(`/api/care/enrollees/${id}/enrollments`, {
      program: 'one_care',
      effectiveOn: inDays(300),
    });
    expect(near.statusCode, near.body).toBe(201);
  });
});

describe('the FHIR Patient’s language and phone', () => {
  it('codes only a language Concord knows, and sends anything else as text', async () => {
    const w = await world();
    const communication = async (preferredLanguage: string) => {
      const id = await enrollee(w.planClient, { preferredLanguage });
      const res = await w.planClient.get(`/fhir/R4/Patient/${id}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().communication[0].language;
    };
    expect(await communication('klingon; DROP TABLE')).toEqual({ text: 'klingon; DROP TABLE' });
    expect(await communication('Portuguese')).toEqual({
      coding: [{ system: 'urn:ietf:bcp:47', code: 'pt', display: 'Portuguese' }],
      text: 'Portuguese',
    });
    expect((await communication('haitian creole')).coding[0].code).toBe('ht');
  });

  it('takes only phone numbers that look like one, and sends only those', async () => {
    const w = await world();
    const create = (phone: string) =>
      w.planClient.post('/api/care/enrollees', {
        masshealthId: masshealthIdFor(),
        givenName: 'Ana',
        familyName: 'Silva',
        dateOfBirth: '1960-01-01',
        phone,
      });
    for (const phone of ['call me maybe', '555-01', '617-555-0142; DROP TABLE', '617 555 0142 ext']) {
      const res = await create(phone);
      expect(res.statusCode, phone).toBe(400);
      expect(JSON.stringify(res.json())).toContain('body.phone');
    }
    for (const phone of ['617-555-0142', '+1 (617) 555.0142 x3', '(978) 555-0142 ext. 1234', '5550142'])
      expect((await create(phone)).statusCode, phone).toBe(201);
    // A number recorded before phones were checked stays out of the Patient.
    const id = await enrollee(w.planClient, { phone: '617-555-0142' });
    await t.database.system.execute(
      sql`update care_enrollees set phone = 'ask the neighbour' where id = ${id}`,
    );
    const patient = (await w.planClient.get(`/fhir/R4/Patient/${id}`)).json();
    expect(patient.telecom ?? []).toEqual([]);
  });
});

describe('the enrollee’s contacts and record', () => {
  it('pages contacts with a total, filters them by their notes and sorts them either way', async () => {
    const w = await world();
    const id = await enrollee(w.planClient);
    for (const [day, notes] of [
      ['2026-01-05', 'Left a voicemail'],
      ['2026-01-06', 'Spoke with her daughter'],
      ['2026-01-07', 'Another voicemail'],
    ])
      expect(
        (
          await w.planClient.post(`/api/care/enrollees/${id}/contacts`, {
            mode: 'phone',
            reached: false,
            occurredAt: `${day}T15:00:00Z`,
            notes,
          })
        ).statusCode,
      ).toBe(201);
    const page = (await w.planClient.get(`/api/care/enrollees/${id}/contacts?pageSize=2&page=2`)).json();
    expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page.items.map((c: { notes: string }) => c.notes)).toEqual(['Left a voicemail']);
    const found = (await w.planClient.get(`/api/care/enrollees/${id}/contacts?q=voicemail`)).json();
    expect(found.total).toBe(2);
    expect(found.items.map((c: { notes: string }) => c.notes)).toEqual([
      'Another voicemail',
      'Left a voicemail',
    ]);
    const oldest = (
      await w.planClient.get(`/api/care/enrollees/${id}/contacts?sort=occurredAt&dir=asc`)
    ).json();
    expect(oldest.items[0].notes).toBe('Left a voicemail');
  });

  it('keeps the version when a change changes nothing, and each accessible format once', async () => {
    const w = await world();
    const id = await enrollee(w.planClient, { accessibleFormats: ['braille', 'large_print', 'braille'] });
    const got = await w.planClient.get(`/api/care/enrollees/${id}`);
    expect(got.json().accessibleFormats).toEqual(['braille', 'large_print']);
    const nothing = await w.planClient.patch(`/api/care/enrollees/${id}`, {}, { 'if-match': '1' });
    expect(nothing.statusCode, nothing.body).toBe(200);
    expect(nothing.json().version).toBe(1);
    const same = await w.planClient.patch(
      `/api/care/enrollees/${id}`,
      { county: 'Suffolk' },
      { 'if-match': '1' },
    );
    expect(same.json().version).toBe(1);
    const changed = await w.planClient.patch(
      `/api/care/enrollees/${id}`,
      { accessibleFormats: ['audio', 'audio'] },
      { 'if-match': '1' },
    );
    expect(changed.json().version).toBe(2);
    expect((await w.planClient.get(`/api/care/enrollees/${id}`)).json().accessibleFormats).toEqual(['audio']);
    // A stale version is still refused, even for a change that changes nothing.
    expect((await w.planClient.patch(`/api/care/enrollees/${id}`, {}, { 'if-match': '1' })).statusCode).toBe(
      412,
    );
  });
});

describe('the plan’s audit log', () => {
  it('shows a care team provider’s reads of its enrollee and the contacts it records', async () => {
    // Maria works at a provider on the care team of the plan's enrollee: what she reads and records there is
    // written in her organisation's audit chain and in the plan's, naming her organisation.
    const w = await world();
    const id = await enrollee(w.planClient);
    const made = await spoc(w.planClient, id, w.maria.person.id, w.provider.id, '2025-01-01');
    expect(made.statusCode, made.body).toBe(201);
    const maria = await t.signIn(w.maria.email);
    expect((await maria.get(`/api/care/enrollees/${id}`)).statusCode).toBe(200);
    expect((await maria.get('/api/care/enrollees')).statusCode).toBe(200);
    const contact = await maria.post(`/api/care/enrollees/${id}/contacts`, {
      mode: 'home_visit',
      reached: true,
      occurredAt: new Date().toISOString(),
    });
    expect(contact.statusCode, contact.body).toBe(201);
    await t.services.audit.flush();

    const planLog = (await w.planClient.get('/api/audit?entityType=care_enrollee&pageSize=100')).json()
      .items as {
      action: string;
      entityId: string | null;
      actorName: string;
      details: Record<string, unknown>;
    }[];
    const read = planLog.find((r) => r.action === 'read' && r.entityId === id);
    expect(read?.details).toMatchObject({ phi: true, actorOrgId: w.provider.id });
    const listed = planLog.find((r) => r.action === 'list' && r.details.actorOrgId === w.provider.id);
    expect(listed?.details.ids).toEqual([id]);
    const contacts = (await w.planClient.get('/api/audit?entityType=care_contact')).json().items;
    expect(contacts).toEqual([
      expect.objectContaining({
        entityId: contact.json().id,
        details: expect.objectContaining({ actorOrgId: w.provider.id }),
      }),
    ]);
    // The plan's own reads are written once, in its own chain.
    expect((await w.planClient.get(`/api/care/enrollees/${id}`)).statusCode).toBe(200);
    await t.services.audit.flush();
    const reads = (
      await w.planClient.get(`/api/audit?entityType=care_enrollee&entityId=${id}&action=read`)
    ).json().items;
    expect(reads).toHaveLength(2);
  });
});
