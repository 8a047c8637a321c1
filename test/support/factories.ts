import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { insertOrganisation } from '../../src/domains/organisations/index.js';
import type { RoleKind } from '../../src/domains/people/index.js';
import type { Client, TestContext } from './app.js';

/**
 * What a test needs, made by the test itself (decision 045): each factory makes a new thing with unique
 * codes, through the API where one exists, and fails with the reply's body when the API refuses.
 * Every argument has a working default; a test names only what its assertions depend on.
 */

const short = () => randomUUID().slice(0, 8).toUpperCase();

type OrgValues = Partial<Parameters<typeof insertOrganisation>[1]>;

/** A new organisation and someone signed in there with a role. */
export async function signedIn(t: TestContext, role: RoleKind, org: OrgValues = {}) {
  const made = await t.org(org);
  const user = await t.user([{ orgId: made.id, role }]);
  return { org: made, personId: user.person.id, email: user.email, client: await t.signIn(user.email) };
}

/** A training topic of the signed-in organisation's catalog; its id. */
export async function topic(client: Client, values: Record<string, unknown> = {}) {
  const code = `T-${short()}`;
  const res = await client.post('/api/training/topics', {
    code,
    title: `Topic ${code}`,
    description: 'What every care coordinator should know.',
    ...values,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

const DAY = 86_400_000;
/** An ISO instant `days` from now (negative: ago) at the given UTC hour. */
export const daysFromNow = (days: number, hour = 17) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

/** A live session of a topic, an hour long, `inDays` from now (negative: over); its id. */
export async function liveSession(
  client: Client,
  topicId: string,
  values: Record<string, unknown> & { inDays?: number } = {},
) {
  const { inDays = 20, ...rest } = values;
  const res = await client.post('/api/training/sessions', {
    topicId,
    kind: 'live',
    title: `Session ${short()}`,
    startsAt: daysFromNow(inDays, 17),
    endsAt: daysFromNow(inDays, 18),
    ...rest,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A compliance requirement (by default: the topics given, once, within 90 days of the contract); its id. */
export async function requirement(client: Client, values: Record<string, unknown> = {}) {
  const code = `R-${short()}`;
  const res = await client.post('/api/compliance/requirements', {
    code,
    title: `Requirement ${code}`,
    what: 'topics',
    scope: 'network',
    trigger: 'contract_start',
    dueWithinDays: 90,
    recurrence: 'once',
    inForceFrom: '2024-01-01',
    ...values,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A survey draft (the one-question one unless a definition is given); its id. */
export async function surveyDraft(client: Client, values: Record<string, unknown> = {}) {
  const res = await client.post('/api/surveys', {
    code: `S-${short()}`,
    title: 'After the webinar',
    definition: {
      sections: [{ questions: [{ key: 'useful', type: 'yes_no', text: 'Was it useful?', required: true }] }],
    },
    ...values,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

let masshealthSerial = 0;
/** A MassHealth member ID no other test uses (12 digits). */
export const masshealthIdFor = () =>
  `${process.pid % 1000}`.padStart(3, '0') +
  `${Date.now() % 1_000_000}`.padStart(6, '0') +
  `${masshealthSerial++ % 1000}`.padStart(3, '0');

/** An enrollee held by the signed-in organisation (a plan, ACO or MCO); its id. */
export async function enrollee(client: Client, values: Record<string, unknown> = {}) {
  const res = await client.post('/api/care/enrollees', {
    masshealthId: masshealthIdFor(),
    givenName: 'Rosa',
    familyName: `Enrollee ${short()}`,
    dateOfBirth: '1958-04-12',
    county: 'Suffolk',
    ...values,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Records a signature on a care plan at its current version (If-Match), as the web page does. */
export async function signStep(client: Client, planId: string, body: Record<string, unknown>) {
  const { version } = (await client.get(`/api/care/plans/${planId}`)).json();
  return client.post(`/api/care/plans/${planId}/signatures`, body, { 'if-match': `"${version}"` });
}
