import { addDays } from '@contract/iso-days.js';
import { massachusettsToday } from '@contract/massachusetts-day.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { newMasshealthId } from '../support/enrollment.js';
import {
  identifications,
  identifyingOrg,
  listCsv,
  listRow,
  onRoster,
  sendList,
} from '../support/enrollment-identification.js';

/**
 * A provider's staff refer a member, on the member's behalf, to an ACO/MCO their organisation contracts with.
 * The ACO/MCO accepts (the member is identified, from this referral) or declines with a reason, once. The
 * provider learns the referral's status and a decline's reason, and nothing else about the member.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let pidSerial = 0;
/** An ACO and a provider with a network contract in force; the provider's care coordinator signed in. */
async function world() {
  const aco = await identifyingOrg(t, `11000${String(500 + pidSerial++).padStart(4, '0')}`);
  const provider = await t.org({ kind: 'provider' });
  const link = await aco.admin.post(`/api/organisations/${aco.org.id}/relationships`, {
    kind: 'network_contract',
    otherOrgId: provider.id,
    startsOn: '2024-01-01',
  });
  expect(link.statusCode, link.body).toBe(201);
  const staff = await t.signIn((await t.user([{ orgId: provider.id, role: 'care_coordinator' }])).email);
  return { aco, provider, staff };
}

const referral = (planOrgId: string, m: { masshealthId: string; dateOfBirth: string }, extra = {}) => ({
  planOrgId,
  masshealthId: m.masshealthId,
  familyName: 'Referred',
  givenName: 'Rosa',
  dateOfBirth: m.dateOfBirth,
  cpType: 'LTSS',
  reason: 'Needs help at home after a fall; her daughter asked us to refer her.',
  ...extra,
});

async function send(client: Client, body: object) {
  const res = await client.post('/api/enrollment/referrals', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

describe('a referral', () => {
  it('is sent by the provider, accepted once by the ACO, and identifies the member', async () => {
    const { aco, staff } = await world();
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1948-02-29' };
    await onRoster(aco.admin, [m]);
    expect((await staff.get('/api/enrollment/referral-plans')).json().items).toEqual([
      { orgId: aco.org.id, name: aco.org.name, kind: 'aco' },
    ]);
    const older = await send(staff, referral(aco.org.id, { ...m, masshealthId: newMasshealthId() }));
    const id = await send(
      staff,
      referral(aco.org.id, {
        ...m,
        masshealthId: ` ${m.masshealthId.slice(0, 4)}-${m.masshealthId.slice(4)}`,
      }),
    );

    // The ACO's inbox: pending first, newest first, with who sent each.
    const inbox = (await aco.submitter.get('/api/enrollment/referrals')).json();
    expect(inbox.direction).toBe('received');
    expect(inbox.items.map((r: { id: string }) => r.id)).toEqual([id, older]);
    expect(inbox.items[0]).toMatchObject({ status: 'pending', masshealthId: m.masshealthId, version: 1 });

    const stale = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/accept`,
      {},
      { 'if-match': '"7"' },
    );
    expect(stale.statusCode).toBe(412);
    const accepted = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/accept`,
      {},
      { 'if-match': '"1"' },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ id, status: 'accepted' });
    const listed = await identifications(aco.submitter, '&source=referral');
    expect(listed.items).toMatchObject([
      { masshealthId: m.masshealthId, cpType: 'LTSS', stage: 'identified' },
    ]);

    // Recorded once: a second acceptance, or a decline after it, is refused and says who decided.
    for (const second of [
      aco.submitter.post(`/api/enrollment/referrals/${id}/accept`, {}, { 'if-match': '"1"' }),
      aco.admin.post(
        `/api/enrollment/referrals/${id}/decline`,
        { reason: 'not_eligible' },
        { 'if-match': '"2"' },
      ),
    ]) {
      const res = await second;
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/^This referral was already accepted by Test User .* on /);
    }
    const decided = (await aco.submitter.get('/api/enrollment/referrals?status=accepted')).json().items[0];
    expect(decided).toMatchObject({ id, status: 'accepted', version: 2 });
    expect(decided.decidedByName).toMatch(/^Test User/);
    expect(decided.decidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('of someone not a member must be declined, and the provider sees only the status and the reason', async () => {
    const { aco, staff } = await world();
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1950-01-01' };
    await onRoster(aco.admin, [m]);
    // The right ID with another date of birth is not the member.
    const id = await send(staff, referral(aco.org.id, { ...m, dateOfBirth: '1950-01-02' }));
    // While it waits, the same member is not referred to the same ACO again.
    const again = await staff.post('/api/enrollment/referrals', referral(aco.org.id, m));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'REFERRAL_PENDING', issues: [{ path: 'masshealthId' }] });
    const accept = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/accept`,
      {},
      { 'if-match': '"1"' },
    );
    expect(accept.statusCode).toBe(409);
    expect(accept.json().code).toBe('REFERRAL_NOT_MEMBER');
    const bad = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/decline`,
      { reason: 'gone' },
      { 'if-match': '"1"' },
    );
    expect(bad.statusCode).toBe(400);
    const declined = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/decline`,
      { reason: 'not_member', note: 'Her MassHealth ID is ours, but for a member born 1950-01-01.' },
      { 'if-match': '"1"' },
    );
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', reason: 'Not a member of this ACO/MCO' });

    const sent = await staff.get('/api/enrollment/referrals?direction=sent');
    expect(sent.statusCode).toBe(200);
    const item = sent.json().items[0];
    expect(item).toMatchObject({
      id,
      status: 'declined',
      declineReason: 'not_member',
      planName: aco.org.name,
    });
    for (const hidden of ['decisionNote', 'enrolleeId', 'decidedByName', 'version', 'fromOrgName'])
      expect(item).not.toHaveProperty(hidden);
    expect(sent.body).not.toContain('1950-01-01');
    expect((await identifications(aco.submitter)).total).toBe(0);
    // Once decided, the provider may refer the member again, with the right date of birth.
    await send(staff, referral(aco.org.id, m));
  });

  it('is withdrawn by the provider while it waits, and then neither decided nor withdrawn again', async () => {
    const { aco, staff } = await world();
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1955-05-05' };
    await onRoster(aco.admin, [m]);
    const id = await send(staff, referral(aco.org.id, m));
    const other = await world();
    expect((await other.staff.post(`/api/enrollment/referrals/${id}/withdrawal`)).statusCode).toBe(404);
    expect((await aco.submitter.post(`/api/enrollment/referrals/${id}/withdrawal`)).statusCode).toBe(403);
    const withdrawn = await staff.post(`/api/enrollment/referrals/${id}/withdrawal`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toEqual({ id, status: 'withdrawn' });
    const again = await staff.post(`/api/enrollment/referrals/${id}/withdrawal`);
    expect(again.statusCode).toBe(409);
    const accept = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/accept`,
      {},
      { 'if-match': '"2"' },
    );
    expect(accept.statusCode).toBe(409);
    expect(accept.json().message).toMatch(/^This referral was already withdrawn by Test User/);
    const received = (await aco.submitter.get('/api/enrollment/referrals')).json().items;
    expect(received.find((r: { id: string }) => r.id === id)).toMatchObject({ status: 'withdrawn' });
    // Withdrawn, the member may be referred again.
    await send(staff, referral(aco.org.id, m));
  });

  it('accepted for a member identified already marks that identification as from the referral', async () => {
    const { aco, staff } = await world();
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1966-06-06' };
    await onRoster(aco.admin, [m]);
    const sent = await sendList(
      t,
      aco.submitter,
      'q.csv',
      listCsv([listRow(m, aco.pid, { EOEA_Flag: 'Y' })]),
    );
    expect(sent.result.outcome).toBe('applied');
    const id = await send(staff, referral(aco.org.id, m, { cpType: null }));
    const accepted = await aco.submitter.post(
      `/api/enrollment/referrals/${id}/accept`,
      {},
      { 'if-match': '1' },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const listed = await identifications(aco.submitter);
    expect(listed.total).toBe(1);
    expect(listed.items[0]).toMatchObject({
      source: 'referral',
      cpType: 'BH',
      agencyFlags: ['EOEA'],
      identifiedOn: '2026-02-01',
      recordUpdatedOn: massachusettsToday(),
    });
    // The list sent again, with its earlier record, changes nothing the acceptance recorded.
    const again = await sendList(
      t,
      aco.submitter,
      'q.csv',
      listCsv([listRow(m, aco.pid, { CP_Type: 'LTSS' })]),
    );
    expect(again.result).toMatchObject({ outcome: 'applied', counts: { kept: 1, updated: 0 } });
    expect((await identifications(aco.submitter)).items[0]).toMatchObject({
      source: 'referral',
      cpType: 'BH',
    });
  });
});

describe('who may refer, and to whom', () => {
  it('refuses a plan without a contract in force, a Community Partner, and staff without a clinical or care role', async () => {
    const { aco, provider, staff } = await world();
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1970-01-01' };
    const other = await identifyingOrg(t, '110000999', 'A', 'mco');
    const noContract = await staff.post('/api/enrollment/referrals', referral(other.org.id, m));
    expect(noContract.statusCode).toBe(422);
    expect(noContract.json().code).toBe('REFERRAL_NO_CONTRACT');
    // A contract that has ended is not in force.
    const ended = await other.admin.post(`/api/organisations/${other.org.id}/relationships`, {
      kind: 'network_contract',
      otherOrgId: provider.id,
      startsOn: '2020-01-01',
      endsOn: '2021-12-31',
    });
    expect(ended.statusCode, ended.body).toBe(201);
    expect((await staff.post('/api/enrollment/referrals', referral(other.org.id, m))).statusCode).toBe(422);
    const cp = await t.org({ kind: 'cp_bh' });
    const toCp = await staff.post('/api/enrollment/referrals', referral(cp.id, m));
    expect(toCp.json().code).toBe('REFERRAL_PLAN_UNKNOWN');
    const badId = await staff.post(
      '/api/enrollment/referrals',
      referral(aco.org.id, { ...m, masshealthId: '12345' }),
    );
    expect(badId.statusCode).toBe(400);
    const unborn = await staff.post(
      '/api/enrollment/referrals',
      referral(aco.org.id, { ...m, dateOfBirth: addDays(massachusettsToday(), 1) }),
    );
    expect(unborn.statusCode).toBe(400);
    expect(unborn.json().issues).toEqual([
      expect.objectContaining({
        path: 'body.dateOfBirth',
        message: expect.stringMatching(/is in the future$/),
      }),
    ]);

    const frontDesk = await t.signIn((await t.user([{ orgId: provider.id, role: 'provider_staff' }])).email);
    expect((await frontDesk.post('/api/enrollment/referrals', referral(aco.org.id, m))).statusCode).toBe(403);
    expect((await frontDesk.get('/api/enrollment/referrals')).statusCode).toBe(403);
    // The ACO does not refer; the provider does not decide.
    expect((await aco.submitter.post('/api/enrollment/referrals', referral(aco.org.id, m))).statusCode).toBe(
      403,
    );
    const id = await send(staff, referral(aco.org.id, m));
    expect(
      (
        await staff.post(
          `/api/enrollment/referrals/${id}/decline`,
          { reason: 'incomplete' },
          { 'if-match': '1' },
        )
      ).statusCode,
    ).toBe(403);
  });

  it('another organisation’s referral is not found, and no one else’s list shows it', async () => {
    const mine = await world();
    const theirs = await world();
    const m = { masshealthId: newMasshealthId(), dateOfBirth: '1971-07-07' };
    const id = await send(mine.staff, referral(mine.aco.org.id, m));
    for (const path of ['accept', 'decline'])
      expect(
        (
          await theirs.aco.submitter.post(
            `/api/enrollment/referrals/${id}/${path}`,
            { reason: 'not_member' },
            { 'if-match': '1' },
          )
        ).statusCode,
      ).toBe(404);
    for (const client of [theirs.aco.submitter, theirs.staff])
      expect((await client.get('/api/enrollment/referrals')).json().items).toEqual([]);
    expect((await theirs.staff.get('/api/enrollment/referrals?direction=received')).json().items).toEqual([]);
    // A state agency reads every referral; the ACO's log shows that it did.
    const state = await t.org({ kind: 'state_agency' });
    const reader = await t.signIn((await t.user([{ orgId: state.id, role: 'auditor' }])).email);
    const all = (await reader.get('/api/enrollment/referrals?pageSize=200')).json();
    expect(all.direction).toBe('all');
    expect(all.items.map((r: { id: string }) => r.id)).toContain(id);
    const log = (await mine.aco.admin.get('/api/audit?entityType=enrollment_referral')).json();
    expect(JSON.stringify(log)).toContain(state.id);
  });
});
