import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, massachusettsDate } from '../../src/domains/compliance/index.js';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { plantTopic } from '../support/planted-rows.js';

/**
 * A past day is reported under the requirements as they then stood: Ana, hired at a network provider in
 * 2020, owes the plan a topic; the requirement is changed today and another one comes into force today.
 */
let t: TestContext;
let officer: Client;
let topicId: string;
const TODAY = massachusettsDate(new Date());
const PAST = '2025-06-01';

beforeAll(async () => {
  t = await createTestApp();
  const plan = await t.org({ kind: 'plan' });
  const provider = await t.org({ kind: 'provider' });
  await insertRelationship(t.database.system, {
    orgId: plan.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2020-01-01',
  });
  officer = await t.signIn((await t.user([{ orgId: plan.id, role: 'compliance_officer' }])).email);
  await t.user([{ orgId: provider.id, role: 'care_coordinator' }], { givenName: 'Ana', familyName: 'Reyes' });
  topicId = await plantTopic(t.database.system, {
    orgId: plan.id,
    code: 'ACC',
    title: 'Accessibility',
    shared: false,
  });
});
afterAll(() => t.close());

const anaOn = async (day: string, code: string) =>
  (await officer.get(`/api/compliance/statuses?asOf=${day}&pageSize=100`))
    .json()
    .items.find(
      (r: { name: string; requirementCode: string }) => r.name === 'Ana Reyes' && r.requirementCode === code,
    );

describe('requirement versions', () => {
  it('report a past day under the requirements as they then stood, after a change and a new requirement', async () => {
    const body = {
      code: 'ACC',
      title: 'Accessibility training',
      what: 'topics',
      topicIds: [topicId],
      scope: 'network',
      roles: ['care_coordinator'],
      trigger: 'contract_start',
      dueWithinDays: 90,
      recurrence: 'once',
      inForceFrom: '2024-01-01',
    };
    const created = await officer.post('/api/compliance/requirements', body);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const before = await anaOn(PAST, 'ACC');
    // Hired 2020-01-01, before the requirement's in-force day: due 90 days after that day (decision 028).
    expect(before).toMatchObject({ status: 'overdue', dueOn: '2024-03-31' });

    const stale = await officer.put(
      `/api/compliance/requirements/${id}`,
      { ...body, dueWithinDays: 365 },
      {
        'if-match': '"0"',
      },
    );
    expect(stale.statusCode).toBe(412);
    const saved = await officer.put(
      `/api/compliance/requirements/${id}`,
      { ...body, dueWithinDays: 365 },
      {
        'if-match': '"1"',
      },
    );
    expect(saved.statusCode, saved.body).toBe(204);
    const added = await officer.post('/api/compliance/requirements', {
      ...body,
      code: 'ACC-NEW',
      title: 'Accessibility, from today',
      inForceFrom: TODAY,
    });
    expect(added.statusCode, added.body).toBe(201);

    // The past day is as it was; today has the longer deadline and the new requirement, each counted from
    // today, when they took effect.
    expect(await anaOn(PAST, 'ACC')).toEqual(before);
    expect(await anaOn(PAST, 'ACC-NEW')).toBeUndefined();
    expect(await anaOn(TODAY, 'ACC')).toMatchObject({ status: 'pending', dueOn: addDays(TODAY, 365) });
    expect(await anaOn(TODAY, 'ACC-NEW')).toMatchObject({ status: 'pending', dueOn: addDays(TODAY, 90) });
    const past = (await officer.get(`/api/compliance/dashboard?asOf=${PAST}`)).json();
    expect(past.requirements.map((r: { code: string }) => r.code)).toEqual(['ACC']);
    expect(past.requirements[0].people).toBe(1);
  });
});
