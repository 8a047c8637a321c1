import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import type { RoleKind } from '../../src/domains/people/index.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { publishedSurvey, staffOf, yesNoSurvey } from '../support/surveys.js';

/**
 * Whom a survey reaches: people who hold a role at its organisation or at one in its network (decision 021),
 * never the whole platform; reminders, the outbox and the invited count likewise.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const staff = (orgId: string, n: number, role?: RoleKind) => staffOf(t, orgId, n, role);
const definition = yesNoSurvey;

describe('whom a survey reaches', () => {
  it('reaches the organisation’s own people and its network’s, never an organisation it has nothing to do with', async () => {
    // Harbor Health works under Plan North's network contract; Far Away Care has no relationship with either.
    const home = await t.org({ kind: 'provider', name: 'Harbor Health' });
    const plan = await t.org({ kind: 'plan', name: 'Plan North' });
    const far = await t.org({ kind: 'provider', name: 'Far Away Care' });
    await insertRelationship(t.database.system, {
      orgId: plan.id,
      otherOrgId: home.id,
      kind: 'network_contract',
      startsOn: '2020-01-01',
    });
    const builder = await t.signIn((await t.user([{ orgId: home.id, role: 'org_admin' }])).email);
    const own = await staff(home.id, 3);
    const network = await staff(plan.id, 2);
    const strangers = await staff(far.id, 5);

    const id = await publishedSurvey(builder, { roles: ['care_coordinator'] });
    // A reminder goes to the five care coordinators at Harbor Health and Plan North, not to Far Away Care's.
    expect((await builder.post(`/api/surveys/${id}/reminders`)).json()).toEqual({
      queued: 5,
      alreadySent: 0,
    });
    const outbox = (await builder.get(`/api/outbox?entityId=${id}&pageSize=100`)).json();
    expect(outbox.items.map((m: { to: string }) => m.to).sort()).toEqual(
      [...own, ...network].map((p) => p.email).sort(),
    );
    // Invited: the five, not ten.
    const results = (await builder.get(`/api/surveys/${id}/results?by=organisation`)).json();
    expect(results.participation.overall).toMatchObject({ invited: 5, suppressed: false });
    expect(JSON.stringify(results)).not.toContain('Far Away Care');

    // Far Away Care's coordinators do not see it, and cannot open or answer it.
    const stranger = strangers[0]!.client;
    expect((await stranger.get('/api/surveys/mine')).json()).toEqual([]);
    expect((await stranger.get(`/api/surveys/${id}/form`)).statusCode).toBe(404);
    expect(
      (await stranger.post(`/api/surveys/${id}/answers`, { answers: { useful: { value: 'yes' } } }))
        .statusCode,
    ).toBe(404);
    expect((await own[0]!.client.get(`/api/surveys/${id}/form`)).statusCode).toBe(200);
    expect((await network[0]!.client.get(`/api/surveys/${id}/form`)).statusCode).toBe(200);
  });

  it('refuses an organisation outside the network, and an audience of organisations reaches only those', async () => {
    const home = await t.org({ kind: 'provider' });
    const far = await t.org({ kind: 'provider' });
    const builder = await t.signIn((await t.user([{ orgId: home.id, role: 'training_admin' }])).email);
    await staff(far.id, 2);
    const refused = await builder.post('/api/surveys', {
      code: 'FAR',
      title: 'For someone else’s staff',
      definition,
      organisationIds: [home.id, far.id],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().issues).toMatchObject([
      {
        path: 'body.organisationIds.1',
        message: 'Not your organisation or one in its network (a network contract or partnership)',
      },
    ]);
    const own = await staff(home.id, 1, 'rn');
    const id = await publishedSurvey(builder, { organisationIds: [home.id] });
    // Everyone at the organisation, whatever their role: the builder and the nurse.
    expect((await builder.post(`/api/surveys/${id}/reminders`)).json()).toMatchObject({ queued: 2 });
    expect((await own[0]!.client.get('/api/surveys/mine')).json()).toHaveLength(1);
  });

  it('lets a training vendor reach the organisations that have a training agreement with it', async () => {
    const vendor = await t.org({ kind: 'training_vendor', name: 'Shared Learning Co' });
    const plan = await t.org({ kind: 'plan' });
    const other = await t.org({ kind: 'plan' });
    const planAdmin = await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email);
    const agreed = await planAdmin.post(`/api/organisations/${plan.id}/relationships`, {
      kind: 'training_agreement',
      otherOrgId: vendor.id,
      startsOn: '2020-01-01',
    });
    expect(agreed.statusCode, agreed.body).toBe(201);
    const builder = await t.signIn((await t.user([{ orgId: vendor.id, role: 'training_admin' }])).email);
    const planStaff = await staff(plan.id, 2);
    const otherStaff = await staff(other.id, 2);
    const id = await publishedSurvey(builder, { roles: ['care_coordinator'] });
    expect((await builder.post(`/api/surveys/${id}/reminders`)).json()).toEqual({
      queued: 2,
      alreadySent: 0,
    });
    expect((await planStaff[0]!.client.get('/api/surveys/mine')).json()).toHaveLength(1);
    expect((await otherStaff[0]!.client.get('/api/surveys/mine')).json()).toEqual([]);
    // The other plan's staff do not see the vendor's survey among those shared with plans either.
    const otherReader = await t.signIn((await t.user([{ orgId: other.id, role: 'training_admin' }])).email);
    expect((await otherReader.get('/api/surveys/shared')).json()).toEqual([]);
    expect((await otherReader.get(`/api/surveys/${id}/plan-results`)).statusCode).toBe(404);
    const planReader = await t.signIn((await t.user([{ orgId: plan.id, role: 'training_admin' }])).email);
    expect((await planReader.get('/api/surveys/shared')).json()).toEqual([
      expect.objectContaining({ id, organisation: 'Shared Learning Co' }),
    ]);
  });

  it('lists in the outbox only what the organisation itself sent', async () => {
    const a = await t.org({ kind: 'provider' });
    const b = await t.org({ kind: 'provider' });
    const builderA = await t.signIn((await t.user([{ orgId: a.id, role: 'org_admin' }])).email);
    const builderB = await t.signIn((await t.user([{ orgId: b.id, role: 'org_admin' }])).email);
    await staff(a.id, 1);
    const theirs = await staff(b.id, 1);
    const idB = await publishedSurvey(builderB, { roles: ['care_coordinator'] });
    expect((await builderB.post(`/api/surveys/${idB}/reminders`)).json()).toMatchObject({ queued: 1 });
    const listed = (await builderA.get(`/api/outbox?entityId=${idB}`)).json();
    expect(listed).toMatchObject({ total: 0, items: [] });
    expect((await builderA.get('/api/outbox?pageSize=100')).body).not.toContain(theirs[0]!.email);
  });
});
