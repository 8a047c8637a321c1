import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import type { RoleKind } from '../../src/domains/people/index.js';
import type { Client, TestContext } from './app.js';

/** A one-question survey definition. */
export const yesNoSurvey = {
  sections: [{ questions: [{ key: 'useful', type: 'yes_no', text: 'Was it useful?', required: true }] }],
};

/** `n` people with a role at an organisation, each signed in. */
export async function staffOf(t: TestContext, orgId: string, n: number, role: RoleKind = 'care_coordinator') {
  const made: { client: Client; email: string; personId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const u = await t.user([{ orgId, role }]);
    made.push({ client: await t.signIn(u.email), email: u.email, personId: u.person.id });
  }
  return made;
}

/** Builds and publishes a survey (the one-question one unless given) with the audience given; its id. */
export async function publishedSurvey(builder: Client, audience: Record<string, unknown>) {
  const made = await builder.post('/api/surveys', {
    code: `S-${randomUUID().slice(0, 8)}`,
    title: 'After the webinar',
    definition: yesNoSurvey,
    ...audience,
  });
  expect(made.statusCode, made.body).toBe(201);
  const id = made.json().id as string;
  const published = await builder.post(`/api/surveys/${id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return id;
}

/** A training agreement, in force since 2020, between an organisation and a training vendor. */
export const trainingAgreement = (t: TestContext, orgId: string, vendorId: string) =>
  insertRelationship(t.database.system, {
    orgId,
    otherOrgId: vendorId,
    kind: 'training_agreement',
    startsOn: '2020-01-01',
  });
