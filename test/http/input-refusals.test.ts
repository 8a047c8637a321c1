import { massachusettsToday } from '@contract/massachusetts-day.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { yesNoSurvey } from '../support/surveys.js';

/**
 * Input that was taken and should not have been: a completion or qualification dated after today, an
 * exemption ending before it starts, a requirement for a role Concord does not know, a survey opened after
 * it closed, a Questionnaire whose condition points at no question. Each is a 400 naming the field.
 */
let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A day `n` days from Massachusetts' today. */
const dayFromToday = (n: number) => {
  const d = new Date(`${massachusettsToday()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** An organisation with a training administrator, a compliance officer and one care coordinator. */
async function organisation() {
  const org = await t.org({ kind: 'provider' });
  const signedIn = async (role: 'training_admin' | 'compliance_officer') =>
    t.signIn((await t.user([{ orgId: org.id, role }])).email);
  const rosa = await t.user([{ orgId: org.id, role: 'care_coordinator' }], { givenName: 'Rosa' });
  return {
    org,
    admin: await signedIn('training_admin'),
    officer: await signedIn('compliance_officer'),
    rosa: rosa.person.id,
  };
}

const topicOf = async (admin: Client, code: string) => {
  const res = await admin.post('/api/training/topics', { code, title: `Topic ${code}`, shared: false });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

const requirement = (topicId: string, extra: Record<string, unknown> = {}) => ({
  code: `R-${Math.random().toString(36).slice(2, 8)}`,
  title: 'Cultural competence',
  what: 'topics',
  topicIds: [topicId],
  scope: 'organisation',
  roles: ['care_coordinator'],
  trigger: 'role_start',
  dueWithinDays: 90,
  recurrence: 'once',
  ...extra,
});

describe('dates after today', () => {
  it('refuses a completion dated tomorrow, so it earns no certificate; today is taken', async () => {
    const { admin, rosa } = await organisation();
    const topicId = await topicOf(admin, 'FUT-1');
    const tomorrow = dayFromToday(1);
    const refused = await admin.post('/api/training/completions', {
      personId: rosa,
      topicId,
      completedOn: tomorrow,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining(`completion date ${tomorrow} is in the future`),
      issues: [{ path: 'body.completedOn', message: expect.stringContaining(`${tomorrow} is after today`) }],
    });
    expect((await admin.get(`/api/training/completions?personId=${rosa}`)).json().total).toBe(0);
    const taken = await admin.post('/api/training/completions', {
      personId: rosa,
      topicId,
      completedOn: massachusettsToday(),
    });
    expect(taken.statusCode, taken.body).toBe(201);
  });

  it('refuses correcting a completion to a day after today', async () => {
    const { admin, rosa } = await organisation();
    const topicId = await topicOf(admin, 'FUT-2');
    const made = await admin.post('/api/training/completions', {
      personId: rosa,
      topicId,
      completedOn: '2026-03-02',
    });
    const moved = await admin.patch(
      `/api/training/completions/${made.json().id}`,
      { completedOn: '2031-01-15', reason: 'Typed the wrong year' },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode).toBe(400);
    expect(moved.json().issues).toMatchObject([
      { path: 'body.completedOn', message: expect.stringContaining('2031-01-15 is after today') },
    ]);
  });

  it('refuses a qualification issued after today, when added and when corrected', async () => {
    const { officer: admin, rosa } = await organisation();
    const qualification = {
      kind: 'certification',
      name: 'CCM',
      issuer: 'CCMC',
      issuedOn: '2030-06-01',
      expiresOn: '2035-06-01',
    };
    const refused = await admin.post(`/api/people/${rosa}/qualifications`, qualification);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      message: expect.stringContaining('issue date 2030-06-01 is in the future'),
      issues: [{ path: 'body.issuedOn', message: expect.stringContaining('2030-06-01 is after today') }],
    });
    const added = await admin.post(`/api/people/${rosa}/qualifications`, {
      ...qualification,
      issuedOn: '2024-06-01',
    });
    expect(added.statusCode, added.body).toBe(201);
    const corrected = await admin.put(
      `/api/people/${rosa}/qualifications/${added.json().id}`,
      qualification,
      { 'if-match': `"${added.json().version}"` },
    );
    expect(corrected.statusCode).toBe(400);
    expect(corrected.json().issues[0].path).toBe('body.issuedOn');
  });
});

describe('an exemption', () => {
  it('that ends before it starts is refused, naming the end date; with no start given, today is its start', async () => {
    const { admin, officer, rosa } = await organisation();
    const created = await officer.post(
      '/api/compliance/requirements',
      requirement(await topicOf(admin, 'EX-1')),
    );
    expect(created.statusCode, created.body).toBe(201);
    const requirementId = created.json().id;
    const backwards = await officer.post('/api/compliance/exemptions', {
      requirementId,
      personId: rosa,
      reason: 'On leave',
      startsOn: dayFromToday(-10),
      until: dayFromToday(-20),
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({
      message: expect.stringContaining('end before it starts'),
      issues: [
        {
          path: 'body.until',
          message: `Ends on ${dayFromToday(-20)}, before it starts on ${dayFromToday(-10)}`,
        },
      ],
    });
    const endedYesterday = await officer.post('/api/compliance/exemptions', {
      requirementId,
      personId: rosa,
      reason: 'On leave',
      until: dayFromToday(-1),
    });
    expect(endedYesterday.statusCode).toBe(400);
    expect(endedYesterday.json().issues[0].message).toBe(
      `Ends on ${dayFromToday(-1)}, before it starts on ${massachusettsToday()} (today)`,
    );
    expect((await officer.get(`/api/compliance/exemptions?personId=${rosa}`)).json()).toEqual([]);
  });
});

describe('roles', () => {
  it('a requirement names only roles Concord knows: a mistyped one is a 400 naming the entry', async () => {
    const { admin, officer } = await organisation();
    const topicId = await topicOf(admin, 'ROLE-1');
    const res = await officer.post(
      '/api/compliance/requirements',
      requirement(topicId, { roles: ['care_coordinator', 'care_cordinator'] }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { code: 'invalid_value', path: 'body.roles.1', message: 'Choose a role from the list' },
    ]);
    expect((await officer.get('/api/compliance/requirements')).json()).toEqual([]);
  });

  it('the statuses are filtered only by a role Concord knows', async () => {
    const { officer } = await organisation();
    const res = await officer.get('/api/compliance/statuses?role=nurse');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { code: 'invalid_value', path: 'querystring.role', message: 'Choose a role from the list' },
    ]);
  });
});

describe('a requirement in force from a later day', () => {
  it('is listed as not yet in force, with its first day', async () => {
    const { admin, officer } = await organisation();
    const topicId = await topicOf(admin, 'LATER-1');
    for (const [code, inForceFrom] of [
      ['NOW', undefined],
      ['LATER', '2030-01-01'],
    ] as const) {
      const res = await officer.post('/api/compliance/requirements', {
        ...requirement(topicId),
        code,
        inForceFrom,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const list = (await officer.get('/api/compliance/requirements')).json();
    expect(list.map((q: Record<string, unknown>) => [q.code, q.active, q.inForceFrom, q.inForceNow])).toEqual(
      [
        ['LATER', true, '2030-01-01', false],
        ['NOW', true, massachusettsToday(), true],
      ],
    );
  });
});

describe('a survey', () => {
  it('whose closing day has passed is not published: a 400 naming the closing day', async () => {
    const { admin } = await organisation();
    const made = await admin.post('/api/surveys', {
      code: 'LATE',
      title: 'Closed before it opened',
      definition: yesNoSurvey,
      roles: ['care_coordinator'],
      closesOn: dayFromToday(-1),
    });
    expect(made.statusCode, made.body).toBe(201); // a draft may be dated anyhow until it is opened
    const refused = await admin.post(`/api/surveys/${made.json().id}/publish`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      message: expect.stringContaining('closing day has passed'),
      issues: [{ path: 'body.closesOn', message: expect.stringContaining(`Closed on ${dayFromToday(-1)}`) }],
    });
    expect((await admin.get(`/api/surveys/${made.json().id}`)).json().publishedVersion).toBeNull();
  });

  it('with a follow-up begun but not finished is refused at the follow-up’s field, in plain words', async () => {
    const { admin } = await organisation();
    const question = {
      key: 'barriers',
      text: 'Do you meet barriers?',
      type: 'yes_no',
      required: true,
    };
    const noAnswers = await admin.post('/api/surveys', {
      code: 'FU-1',
      title: 'Follow-up without its answers',
      definition: {
        sections: [{ questions: [{ ...question, followUp: { text: 'Please describe', when: [] } }] }],
      },
    });
    expect(noAnswers.statusCode).toBe(400);
    expect(noAnswers.json().issues).toMatchObject([
      {
        path: 'body.definition.sections.0.questions.0.followUp.when',
        message: 'Choose the answers that ask the follow-up',
      },
    ]);
    const noText = await admin.post('/api/surveys', {
      code: 'FU-2',
      title: 'Follow-up without its question',
      definition: { sections: [{ questions: [{ ...question, followUp: { text: ' ', when: ['yes'] } }] }] },
    });
    expect(noText.json().issues).toMatchObject([
      {
        path: 'body.definition.sections.0.questions.0.followUp.text',
        message: 'Write the follow-up question, or clear its fields',
      },
    ]);
  });

  it('imported from a Questionnaire whose enableWhen names no question is refused, naming the item and the question', async () => {
    const { admin } = await organisation();
    const questionnaire = (enabledBy: string) => ({
      resourceType: 'Questionnaire',
      status: 'active',
      name: 'BARRIERS',
      item: [
        {
          linkId: 'barriers',
          type: 'boolean',
          text: 'Do you meet barriers?',
          item: [
            {
              linkId: 'barriers.followUp',
              type: 'text',
              text: 'Please describe',
              enableWhen: [{ question: enabledBy, operator: '=', answerBoolean: true }],
            },
          ],
        },
        { linkId: 'other', type: 'boolean', text: 'Anything else?' },
      ],
    });
    const missing = await admin.post('/api/surveys/questionnaire', questionnaire('barrier'));
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      message: expect.stringContaining('“barriers.followUp” is enabled by question “barrier”'),
      issues: [
        {
          path: 'body.item[0].item[0].enableWhen[0].question',
          message:
            'item “barriers.followUp” is enabled by question “barrier”, which is not in this Questionnaire',
        },
      ],
    });
    const elsewhere = await admin.post('/api/surveys/questionnaire', questionnaire('other'));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().issues[0].message).toContain('only on the answer to its own question “barriers”');
    const fine = await admin.post('/api/surveys/questionnaire', questionnaire('barriers'));
    expect(fine.statusCode, fine.body).toBe(201);
  });
});
