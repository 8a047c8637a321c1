import { massachusettsToday } from '@contract/massachusetts-day.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { plantQualification } from '../support/planted-rows.js';

/**
 * Exports are read by people in a spreadsheet: every code (a role, a status, a kind) is written by its
 * name, "Care coordinator" and never `care_coordinator` (decision 039). Grace, a care coordinator and a
 * registered nurse at Lowell Community Health, owes her organisation's orientation and has not done it.
 */
let t: TestContext;
let admin: Client;
let officer: Client;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  ids.org = org.id;
  admin = await t.signIn((await t.user([{ orgId: org.id, role: 'org_admin' }])).email);
  officer = await t.signIn((await t.user([{ orgId: org.id, role: 'compliance_officer' }])).email);
  const grace = await t.user(
    [
      { orgId: org.id, role: 'care_coordinator' },
      { orgId: org.id, role: 'rn' },
    ],
    { givenName: 'Grace', familyName: 'Okoye' },
  );
  ids.grace = grace.person.id;
  await plantQualification(t.database.system, {
    orgId: org.id,
    personId: grace.person.id,
    kind: 'licence',
    name: 'Registered nurse licence',
    issuer: 'Board of Registration in Nursing',
    issuedOn: '2021-05-01',
  });
  const topic = await admin.post('/api/training/topics', { code: 'LCH-ORIENT', title: 'Orientation' });
  expect(topic.statusCode, topic.body).toBe(201);
  const requirement = await officer.post('/api/compliance/requirements', {
    code: 'LCH-ORIENT',
    title: 'New staff orientation',
    what: 'topics',
    topicIds: [topic.json().id],
    scope: 'organisation',
    roles: ['care_coordinator'],
    trigger: 'role_start',
    dueWithinDays: 30,
    recurrence: 'once',
    inForceFrom: '2024-01-01',
  });
  expect(requirement.statusCode, requirement.body).toBe(201);
  ids.requirement = requirement.json().id;
});
afterAll(() => t.close());

/** The CSV's rows after the header, each split on commas outside quotes (good enough for these cells). */
const csv = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\n');

describe('exports write labels, not codes', () => {
  it('names roles in the people export', async () => {
    const res = await admin.get('/api/people/export?format=csv&q=okoye');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('Care coordinator; Registered nurse');
    expect(res.body).not.toMatch(/care_coordinator|\brn\b/);
  });

  it('names roles and statuses in the compliance statuses export', async () => {
    const res = await officer.get(
      `/api/compliance/statuses/export?format=csv&asOf=${massachusettsToday()}&personId=${ids.grace}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const [header, ...lines] = csv(res.body);
    expect(header).toContain('Roles');
    const grace = lines.find((l) => l.includes('Grace Okoye'));
    expect(grace).toContain('Care coordinator');
    expect(grace).toContain('Overdue');
    expect(res.body).not.toMatch(/care_coordinator|,overdue,/);
  });

  it('names the kind of a qualification and of an organisation', async () => {
    const qualifications = await admin.get('/api/qualifications/export?format=csv');
    expect(qualifications.statusCode, qualifications.body).toBe(200);
    expect(qualifications.body).toContain(',Licence,');
    expect(qualifications.body).not.toContain(',licence,');
    const organisations = await admin.get('/api/organisations/export?format=csv&q=lowell');
    expect(organisations.body).toContain('Provider organisation');
    expect(organisations.body).not.toContain(',provider,');
  });

  it('names the state of an e-mail in the outbox export', async () => {
    const sent = await officer.post('/api/compliance/reminders', {
      personId: ids.grace,
      requirementId: ids.requirement,
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const res = await officer.get('/api/outbox/export?format=csv');
    expect(res.statusCode, res.body).toBe(200);
    const [, ...lines] = csv(res.body);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/,(Waiting|Sent|Failed),/);
  });
});
