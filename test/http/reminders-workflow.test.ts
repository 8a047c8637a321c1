import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { massachusettsDate } from '../../src/domains/compliance/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { checkedRow } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries, failOneMessageTo, outboxMessages } from '../support/database-facts.js';
import { backdateRoles, plantTopic, setSupervisor } from '../support/planted-rows.js';

/**
 * Bay State One Care requires its care coordinators, and the RNs of Lowell Community Health (a provider in
 * its network), to take Cultural competence within 30 days of starting. Ama (the plan's coordinator) started
 * 1,004 days ago and is 974 days late; five more coordinators are 60 days late; none has a supervisor on
 * record. Kwame (an RN at the provider) is 10 days late, and the provider records Sam as his supervisor.
 * Olu is the plan's compliance officer, Ada its administrator.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const today = massachusettsDate(new Date());
const daysAgo = (n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** The story above, made afresh for each test. */
async function scenario({ supervisor = true } = {}) {
  const ids: Record<string, string> = {};
  const emails: Record<string, string> = {};
  const plan = await t.org({ kind: 'plan', name: 'Bay State One Care' });
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  ids.plan = plan.id;
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2020-01-01',
  });
  const olu = await t.user([{ orgId: plan.id, role: 'compliance_officer' }], { givenName: 'Olu' });
  emails.olu = olu.email;
  const clients = {
    officer: await t.signIn(olu.email),
    admin: await t.signIn((await t.user([{ orgId: plan.id, role: 'org_admin' }])).email),
    trainingAdmin: await t.signIn((await t.user([{ orgId: plan.id, role: 'training_admin' }])).email),
    providerAdmin: await t.signIn((await t.user([{ orgId: provider.id, role: 'org_admin' }])).email),
  };
  const db = t.database.system;
  const late = async (
    orgId: string,
    role: 'care_coordinator' | 'rn',
    givenName: string,
    daysLate: number,
  ) => {
    const u = await t.user([{ orgId, role }], { givenName, familyName: 'Late' });
    await backdateRoles(db, u.person.id, { startsOn: daysAgo(daysLate + 30) });
    ids[givenName] = u.person.id;
    emails[givenName] = u.email;
  };
  await late(plan.id, 'care_coordinator', 'Ama', 974);
  for (const n of [1, 2, 3, 4, 5]) await late(plan.id, 'care_coordinator', `Coordinator${n}`, 60);
  await late(provider.id, 'rn', 'Kwame', 10);
  const sam = await t.user([{ orgId: provider.id, role: 'clinical_care_manager' }], { givenName: 'Sam' });
  emails.sam = sam.email;
  if (supervisor) await setSupervisor(db, provider.id, ids.Kwame!, sam.person.id);
  const topic = {
    id: await plantTopic(db, { orgId: plan.id, code: 'OC-CULT', title: 'Cultural competence', shared: true }),
  };
  const created = await clients.officer.post('/api/compliance/requirements', {
    code: 'OC-CULT',
    title: 'Cultural competence',
    what: 'topics',
    topicIds: [topic!.id],
    scope: 'network',
    roles: ['care_coordinator', 'rn'],
    trigger: 'role_start',
    dueWithinDays: 30,
    recurrence: 'once',
    inForceFrom: '2020-01-01',
  });
  expect(created.statusCode, created.body).toBe(201);
  ids.requirement = created.json().id;
  return { ...clients, ids, emails };
}

const count = async (
  table: 'outbox_messages' | 'compliance_flags' | 'compliance_officer_notices',
  orgId: string,
) =>
  (await checkedRow(
    t.database.system,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from ${sql.identifier(table)} where org_id = ${orgId}`,
  ))!.n;

describe('a supervisor', () => {
  it('is set on a person by the organisation that employs them, and must be someone there', async () => {
    const { providerAdmin, ids, emails } = await scenario({ supervisor: false });
    const kwame = (await providerAdmin.get(`/api/people/${ids.Kwame}`)).json();
    const nobody = await providerAdmin.patch(
      `/api/people/${ids.Kwame}`,
      { supervisorEmail: emails.olu }, // Olu is at the plan, not the provider
      { 'if-match': `"${kwame.version}"` },
    );
    expect(nobody.statusCode).toBe(400);
    expect(nobody.json().issues).toMatchObject([
      {
        path: 'body.supervisorEmail',
        message: `No one with a role at this organisation has the address ${emails.olu}`,
      },
    ]);
    const set = await providerAdmin.patch(
      `/api/people/${ids.Kwame}`,
      { supervisorEmail: emails.sam },
      { 'if-match': `"${kwame.version}"` },
    );
    expect(set.statusCode, set.body).toBe(200);
    expect((await providerAdmin.get(`/api/people/${ids.Kwame}`)).json().supervisor).toMatchObject({
      email: emails.sam,
      name: expect.stringMatching(/^Sam User/),
    });
  });
});

describe('the morning run', () => {
  it('in a dry run lists exactly what the real run then sends, writing nothing', async () => {
    const { officer, ids, emails } = await scenario();
    const before = await Promise.all([
      count('outbox_messages', ids.plan!),
      count('compliance_flags', ids.plan!),
      count('compliance_officer_notices', ids.plan!),
    ]);
    const dry = await officer.post('/api/compliance/reminders/run', { dryRun: true });
    expect(dry.statusCode, dry.body).toBe(200);
    const preview = dry.json().preview as { to: string; subject: string; body: string }[];
    expect(dry.json()).toMatchObject({ dryRun: true, queued: 0, flagsRaised: 6, digestLines: 12 });
    expect(
      await Promise.all([
        count('outbox_messages', ids.plan!),
        count('compliance_flags', ids.plan!),
        count('compliance_officer_notices', ids.plan!),
      ]),
    ).toEqual(before);

    // Everyone late hears, Ama too, 974 days on; Sam hears about Kwame; Olu gets one digest, Ada none.
    const to = (who: string) => preview.filter((m) => m.to === emails[who]).map((m) => m.subject);
    expect(to('Ama')).toEqual(['Overdue: Cultural competence']);
    expect(to('Kwame')).toEqual(['Overdue: Cultural competence']);
    expect(to('sam')).toEqual([expect.stringMatching(/^Overdue 10 days: Kwame Late, Cultural competence$/)]);
    expect(to('olu')).toEqual([expect.stringMatching(/: 6 flagged, 6 overdue with no supervisor$/)]);
    const digest = preview.find((m) => m.to === emails.olu)!.body;
    expect(digest).toContain('Ama Late');
    expect(digest).not.toContain('Kwame');
    expect(preview).toHaveLength(9);

    const real = (await officer.post('/api/compliance/reminders/run', {})).json();
    expect(real).toMatchObject({ dryRun: false, queued: 9, flagsRaised: 6 });
    const sent = await outboxMessages(t.database.system, { orgId: ids.plan });
    const key = (m: { to: string; subject: string; body: string }) => `${m.to}|${m.subject}|${m.body}`;
    expect(sent.map(key).sort()).toEqual(preview.map(key).sort());
    expect(real.preview.map(key).sort()).toEqual(preview.map(key).sort());

    // Again the same day: nothing new, and no second digest.
    const again = (await officer.post('/api/compliance/reminders/run', {})).json();
    expect(again).toMatchObject({ queued: 0, flagsRaised: 0, digestLines: 0 });
    expect((await officer.post('/api/compliance/reminders/run', { dryRun: true })).json().preview).toEqual(
      [],
    );
  });

  it('leaves flags to filter and clear, with who cleared them and why', async () => {
    const { officer, trainingAdmin, ids } = await scenario();
    await officer.post('/api/compliance/reminders/run', {});
    const open = (await officer.get('/api/compliance/flags')).json();
    expect(open.total).toBe(6);
    const ama = open.items.find((f: { personId: string }) => f.personId === ids.Ama);
    expect(ama).toMatchObject({
      name: 'Ama Late',
      requirementCode: 'OC-CULT',
      flaggedOn: today,
      clearedAt: null,
    });
    expect((await officer.get(`/api/compliance/flags?personId=${ids.Ama}`)).json().total).toBe(1);

    expect(
      (await trainingAdmin.post(`/api/compliance/flags/${ama.id}/clear`, { reason: 'x' })).statusCode,
    ).toBe(403);
    expect((await officer.post(`/api/compliance/flags/${ama.id}/clear`, { reason: ' ' })).statusCode).toBe(
      400,
    );
    const cleared = await officer.post(`/api/compliance/flags/${ama.id}/clear`, {
      reason: 'Leave of absence',
    });
    expect(cleared.statusCode, cleared.body).toBe(204);
    expect(
      (await officer.post(`/api/compliance/flags/${ama.id}/clear`, { reason: 'again' })).statusCode,
    ).toBe(404);

    expect((await officer.get('/api/compliance/flags')).json().total).toBe(5);
    const done = (await officer.get('/api/compliance/flags?state=cleared')).json();
    expect(done.items).toEqual([
      expect.objectContaining({
        id: ama.id,
        clearedByName: expect.stringMatching(/^Olu User/),
        clearReason: 'Leave of absence',
      }),
    ]);
    const audited = await auditEntries(t.database.system, {
      action: 'clear',
      entityType: 'compliance_flag',
      entityId: ama.id,
    });
    expect(audited).toHaveLength(1);
    // Cleared for this due date, it is not raised again.
    await officer.post('/api/compliance/reminders/run', {});
    expect((await officer.get(`/api/compliance/flags?personId=${ids.Ama}&state=all`)).json().total).toBe(1);
  });
});

describe('the outbox', () => {
  it('sends a failed message again, for administrators and compliance officers only, audited', async () => {
    const { officer, admin, trainingAdmin, providerAdmin, ids, emails } = await scenario();
    await officer.post('/api/compliance/reminders/run', {});
    await t.services.jobs.drain();
    const failed = { id: await failOneMessageTo(t.database.system, emails.sam!, 'Mailbox unavailable') };
    const listed = (await officer.get('/api/outbox?status=failed')).json();
    expect(listed.items).toEqual([
      expect.objectContaining({ id: failed!.id, error: 'Mailbox unavailable', attempts: 1 }),
    ]);
    expect((await trainingAdmin.post(`/api/outbox/${failed!.id}/retry`)).statusCode).toBe(403);
    expect((await admin.post(`/api/outbox/${failed!.id}/retry`)).statusCode).toBe(202);
    expect((await officer.post(`/api/outbox/${failed!.id}/retry`)).statusCode).toBe(404); // queued, not failed
    await t.services.jobs.drain();
    const after = (await officer.get(`/api/outbox?personId=${ids.Kwame}&pageSize=100`)).json();
    expect(after.items.find((m: { id: string }) => m.id === failed!.id)).toMatchObject({
      status: 'sent',
      error: null,
      attempts: 2,
    });
    const audited = await auditEntries(t.database.system, { action: 'retry', entityId: failed.id });
    expect(audited).toHaveLength(1);
    // Another organisation's administrator finds nothing to send again.
    expect((await providerAdmin.post(`/api/outbox/${failed!.id}/retry`)).statusCode).toBe(404);
  });
});
