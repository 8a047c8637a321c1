import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { pdfText } from '../support/files.js';
import { expectAccessiblePdf, expectReadInOrder } from '../support/pdf-tags.js';
import { trainingAgreement } from '../support/surveys.js';

/**
 * A training vendor's live session with a needs assessment before it and an evaluation after it, both
 * addressed to the session's registrants: participation by plan, before and after compared, the PDF
 * findings report and the responses as FHIR QuestionnaireResponses.
 */
let t: TestContext;
let vendor: Client;
const people: Record<string, { client: Client; personId: string }> = {};
const ids: Record<string, string> = {};

const familiarity = {
  key: 'open_ended_familiarity',
  type: 'scale',
  text: 'Please rate your familiarity with the use of open-ended questions when in discussion with a member.',
  options: [
    { value: 'very_familiar', label: 'Very familiar' },
    { value: 'familiar', label: 'Familiar' },
    { value: 'not_familiar', label: 'Not familiar' },
  ],
};
const confidence = {
  key: 'confidence',
  type: 'rating',
  text: 'How confident are you in engaging a member who is hard to reach?',
  min: 1,
  max: 10,
  anchors: [
    { value: 1, label: 'None' },
    { value: 10, label: 'All' },
  ],
};
const recommend = {
  key: 'recommend',
  type: 'yes_no',
  text: 'Would you recommend this session to a colleague?',
  followUp: { when: ['no'], text: 'What would make it better?' },
};

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  // Seven coordinators at Plan A (a1–a7), three at Plan B, five at Plan C.
  for (const [plan, n] of [
    ['A', 7],
    ['B', 3],
    ['C', 5],
  ] as const) {
    const org = await t.org({ kind: 'plan', name: `Plan ${plan}` });
    await trainingAgreement(t, org.id, vendorOrg.id);
    for (let i = 1; i <= n; i++) {
      const u = await t.user([{ orgId: org.id, role: 'care_coordinator' }]);
      people[`${plan.toLowerCase()}${i}`] = { client: await t.signIn(u.email), personId: u.person.id };
    }
  }
  const topic = await vendor.post('/api/training/topics', {
    code: 'PCE',
    title: 'Person-centered engagement',
    shared: true,
  });
  const session = await vendor.post('/api/training/sessions', {
    topicId: topic.json().id,
    kind: 'live',
    title: 'Module 1: person-centered engagement (live)',
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 30 * 86_400_000 + 7_200_000).toISOString(),
    capacity: 30,
    attestationClosesAt: '2099-01-01T00:00:00Z',
  });
  expect(session.statusCode, session.body).toBe(201);
  ids.session = session.json().id;
  // Everyone registers but a7.
  for (const [name, p] of Object.entries(people))
    if (name !== 'a7')
      expect((await p.client.post(`/api/training/sessions/${ids.session}/registrations`)).statusCode).toBe(
        201,
      );

  for (const [code, link, questions] of [
    ['PCE-PRE', 'needs_assessment', [familiarity, confidence]],
    ['PCE-POST', 'evaluation', [familiarity, confidence, recommend]],
  ] as const) {
    const made = await vendor.post('/api/surveys', {
      code,
      title: link === 'evaluation' ? 'Module 1 evaluation' : 'Module 1 needs assessment',
      definition: { sections: [{ title: 'Engagement', questions }] },
      anonymous: true,
      roles: ['care_coordinator'],
      sessionId: ids.session,
      link,
    });
    expect(made.statusCode, made.body).toBe(201);
    ids[code] = made.json().id;
    expect((await vendor.post(`/api/surveys/${made.json().id}/publish`)).statusCode).toBe(200);
  }
});
afterAll(() => t.close());

/** Closes a survey: every answer then counts (while open, only whole fives do: survey-release-in-fives.test.ts). */
const close = (survey: string) =>
  t.database.system.execute(sql`update surveys set closes_on = current_date - 2 where id = ${ids[survey]}`);

const answer = (who: string, survey: string, answers: Record<string, unknown>) =>
  people[who]!.client.post(`/api/surveys/${ids[survey]}/answers`, { answers });

describe('a survey linked to a session', () => {
  it('is addressed to the session’s registrants only', async () => {
    expect((await people.a7!.client.get('/api/surveys/mine')).json()).toEqual([]);
    expect((await people.a7!.client.get(`/api/surveys/${ids['PCE-PRE']}/form`)).json().code).toBe(
      'NOT_FOUND',
    );
    const mine = (await people.a1!.client.get('/api/surveys/mine')).json();
    expect(mine.map((s: { title: string }) => s.title).sort()).toEqual([
      'Module 1 evaluation',
      'Module 1 needs assessment',
    ]);
    const before = { open_ended_familiarity: { value: 'not_familiar' }, confidence: { value: 3 } };
    for (const who of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'])
      expect((await answer(who, 'PCE-PRE', before)).statusCode).toBe(204);
    expect(
      (await answer('b1', 'PCE-PRE', { ...before, open_ended_familiarity: { value: 'familiar' } }))
        .statusCode,
    ).toBe(204);
    // b2 saves to come back and does not submit.
    expect(
      (await people.b2!.client.put(`/api/surveys/${ids['PCE-PRE']}/answers`, { answers: before })).statusCode,
    ).toBe(204);
    // Reminders go to the registrants who have not submitted: b2, b3 and the five at Plan C.
    expect((await vendor.post(`/api/surveys/${ids['PCE-PRE']}/reminders`)).json()).toEqual({
      queued: 7,
      alreadySent: 0,
    });
  });
});

describe('participation', () => {
  beforeAll(() => close('PCE-PRE'));

  it('counts invited, started and completed by plan, withholding a plan of fewer than five and the next smallest', async () => {
    const r = (await vendor.get(`/api/surveys/${ids['PCE-PRE']}/results?by=plan`)).json();
    expect(r.participation.overall).toEqual({
      group: 'All',
      invited: 14,
      started: 8,
      completed: 7,
      suppressed: false,
    });
    expect(
      r.participation.groups.map((g: Record<string, unknown>) => [
        g.group,
        g.invited,
        g.completed,
        g.suppressed,
      ]),
    ).toEqual([
      ['Plan A', 6, 6, false],
      ['Plan C', null, null, true],
      ['Plan B', null, null, true],
    ]);
  });
});

describe('before and after', () => {
  it('compares the evaluation with the needs assessment on the questions both ask', async () => {
    const after = { open_ended_familiarity: { value: 'very_familiar' }, confidence: { value: 8 } };
    for (const who of ['a1', 'a2', 'a3', 'a4', 'a5', 'b1'])
      expect((await answer(who, 'PCE-POST', { ...after, recommend: { value: 'yes' } })).statusCode).toBe(204);
    expect(
      (
        await answer('b2', 'PCE-POST', {
          ...after,
          recommend: { value: 'no', followUp: 'More time for questions' },
        })
      ).statusCode,
    ).toBe(204);
    await close('PCE-POST');
    for (const id of [ids['PCE-POST'], ids['PCE-PRE']]) {
      const { comparison } = (await vendor.get(`/api/surveys/${id}/comparison`)).json();
      expect(comparison.before).toMatchObject({ title: 'Module 1 needs assessment', respondents: 7 });
      expect(comparison.after).toMatchObject({ title: 'Module 1 evaluation', respondents: 7 });
      expect(comparison.changes.map((c: { key: string }) => c.key)).toEqual([
        'open_ended_familiarity',
        'confidence',
      ]);
      expect(comparison.changes[0].shares).toContainEqual({
        value: 'very_familiar',
        pre: 0,
        post: 100,
        change: 100,
      });
      expect(comparison.changes[1].mean).toEqual({ pre: 3, post: 8, change: 5 });
    }
  });

  it('links only to a session the organisation runs, or a module it may see', async () => {
    const res = await vendor.post('/api/surveys', {
      code: 'ELSEWHERE',
      title: 'Linked to what does not exist',
      definition: { sections: [{ questions: [confidence] }] },
      sessionId: '00000000-0000-4000-8000-000000000000',
      moduleId: '00000000-0000-4000-8000-000000000001',
      link: 'evaluation',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { path: 'body.sessionId', message: 'Not a session your organisation runs' },
      { path: 'body.moduleId', message: 'No such module' },
    ]);
  });

  it('is empty for a survey with nothing to compare with', async () => {
    const made = await vendor.post('/api/surveys', {
      code: 'LONE',
      title: 'A survey on its own',
      definition: { sections: [{ questions: [confidence] }] },
      roles: ['care_coordinator'],
    });
    await vendor.post(`/api/surveys/${made.json().id}/publish`);
    expect((await vendor.get(`/api/surveys/${made.json().id}/comparison`)).json().comparison).toBeNull();
  });
});

describe('the findings report and FHIR responses', () => {
  it('writes participation, a chart of every question and the change before and after, with small groups withheld', async () => {
    const res = await vendor.get(`/api/surveys/${ids['PCE-POST']}/export?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain('survey-PCE-POST-v1-findings.pdf');
    const { text } = await pdfText(res.rawPayload);
    expect(text).toContain('Findings: Module 1 evaluation');
    expect(text).toContain('One Care Learning · PCE-POST version 1 · 7 respondents');
    expect(text).toMatch(/Plan A 6 5 5 83%/);
    expect(text).toMatch(/Plan B Hidden: a small group/);
    expect(text).toContain('How confident are you in engaging a member who is hard to reach?');
    expect(text).toContain('7 answered; mean 8');
    expect(text).toContain('Before and after');
    expect(text).toContain('Mean before 3, after 8 (+5)');
    expect(text).toContain('100.0% after (+100.0)');
    const pdf = await expectAccessiblePdf(res.rawPayload, 'Findings — Module 1 evaluation (version 1)');
    expect(pdf.headings.map((h) => `H${h.level} ${h.text}`)).toEqual([
      'H1 Findings: Module 1 evaluation',
      'H2 Who took part',
      'H2 Engagement',
      'H3 Please rate your familiarity with the use of open-ended questions when in discussion with a member.',
      'H3 How confident are you in engaging a member who is hard to reach?',
      'H3 Would you recommend this session to a colleague?',
      'H2 Before and after',
      'H3 Please rate your familiarity with the use of open-ended questions when in discussion with a member.',
      'H3 How confident are you in engaging a member who is hard to reach?',
    ]);
    // A withheld group's row says so across the columns its numbers would fill.
    expect(pdf.tables[0]!.find((row) => row[0]!.text === 'Plan B')).toEqual([
      { type: 'TD', text: 'Plan B', scope: null, span: 1 },
      { type: 'TD', text: 'Hidden: a small group (see above)', scope: null, span: 4 },
    ]);
    // Each chart is read as words holding every number printed beside its bars, under its question.
    expectReadInOrder(pdf, [
      'How confident are you in engaging a member who is hard to reach?',
      '[Figure] Bar chart of answers: 1 – None, 0 (0%); 2, 0 (0%)',
      '8, 7 (100%)',
      '7 answered; mean 8',
      'Would you recommend this session to a colleague?',
      '[Figure] Bar chart of answers: Yes, 6 (86%); No, 1 (14%).',
      'Before and after',
      'Mean before 3, after 8 (+5)',
      '[Figure] Bar chart of shares before and after: 3, 100.0% before, 0.0% after (-100.0); 8, 0.0% before, 100.0% after (+100.0).',
    ]);
    const audit = await auditEntries(t.database.system, { entityId: ids['PCE-POST'], action: 'export' });
    expect(audit).toHaveLength(1);
  });

  it('exports the responses as QuestionnaireResponses that name no one, a follow-up under its answer', async () => {
    const res = await vendor.get(`/api/surveys/${ids['PCE-POST']}/export?format=fhir-responses`);
    expect(res.headers['content-type']).toMatch(/application\/fhir\+json/);
    const bundle = res.json();
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(bundle.entry).toHaveLength(7);
    const questionnaire = (await vendor.get(`/api/surveys/${ids['PCE-POST']}/questionnaire`)).json();
    for (const { resource } of bundle.entry) {
      expect(resource.questionnaire).toBe(`${questionnaire.url}|1`);
      expect(resource).not.toHaveProperty('subject');
      expect(resource).not.toHaveProperty('author');
    }
    for (const p of Object.values(people)) expect(res.body).not.toContain(p.personId);
    const items = bundle.entry.map(
      (e: { resource: { item: { item: { linkId: string; answer: unknown[] }[] }[] } }) =>
        e.resource.item[0]!.item,
    );
    expect(items[0]).toContainEqual({
      linkId: 'open_ended_familiarity',
      text: familiarity.text,
      answer: [{ valueCoding: { code: 'very_familiar', display: 'Very familiar' } }],
    });
    const declined = items
      .flat()
      .find(
        (i: { linkId: string; answer: { valueBoolean?: boolean }[] }) =>
          i.linkId === 'recommend' && i.answer[0]!.valueBoolean === false,
      );
    expect(declined.answer[0].item).toEqual([
      {
        linkId: 'recommend.followUp',
        text: 'What would make it better?',
        answer: [{ valueString: 'More time for questions' }],
      },
    ]);
  });
});
