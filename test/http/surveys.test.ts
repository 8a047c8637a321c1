import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { insertRelationship } from '../../src/domains/organisations/index.js';
import { MODULE_1_NEEDS_ASSESSMENT } from '../../src/domains/surveys/index.js';
import { checkedRows } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';
import { outboxMessages } from '../support/database-facts.js';
import { surveyDraft } from '../support/factories.js';
import { pdfText } from '../support/files.js';
import { expectAccessiblePdf } from '../support/pdf-tags.js';
import { trainingAgreement } from '../support/surveys.js';

/**
 * The training vendor builds Module 1's needs assessment, anonymous, for care coordinators; coordinators at
 * two plans' networks answer it (save, come back, submit once); the vendor reads the counts, with the plan
 * that has too few respondents suppressed.
 */
let t: TestContext;

/** A full, valid set of answers to Module 1. */
const answers = (familiarity = 'familiar') => ({
  cer_access: { value: 'most_of_the_time' },
  helpful_information: { value: ['current_and_previous_medications', 'prior_authorizations'] },
  time_to_review: { value: 'depends_on_my_schedule' },
  open_ended_familiarity: { value: familiarity },
  explaining_terminology: { value: 'sometimes' },
  repeat_back_familiarity: { value: 'some_knowledge' },
  sharing_technique: { value: 'yes', followUp: 'I ask what a good day looks like' },
  policy_barriers: { value: 7, followUp: 'Prior authorisations; waiting lists' },
  policy_opportunities: { value: 4 },
  learning_belief: { value: 9 },
  accommodations: { value: 'no' },
});

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** The vendor; six coordinators under Plan A (half at its provider) and two at Plan B; an RN at Plan B. */
async function world() {
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  const planA = await t.org({ kind: 'plan', name: 'Plan A' });
  const provider = await t.org({ kind: 'provider', name: 'Provider under A' });
  const planBOrg = await t.org({ kind: 'plan', name: 'Plan B' });
  await insertRelationship(t.database.system, {
    orgId: planA.id,
    otherOrgId: provider.id,
    kind: 'network_contract',
    startsOn: '2020-01-01',
  });
  // Each of them has a training agreement with the vendor, which lets its surveys reach their staff.
  for (const org of [planA, provider, planBOrg]) await trainingAgreement(t, org.id, vendorOrg.id);
  const vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const coordinators: { client: Client; personId: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const org = i < 6 ? (i % 2 ? planA.id : provider.id) : planBOrg.id;
    const u = await t.user([{ orgId: org, role: 'care_coordinator' }]);
    coordinators.push({ client: await t.signIn(u.email), personId: u.person.id });
  }
  const planB = await t.signIn((await t.user([{ orgId: planBOrg.id, role: 'rn' }])).email);
  return { vendor, coordinators, planB, planAId: planA.id };
}
type World = Awaited<ReturnType<typeof world>>;

const STAGES = ['published', 'answered', 'closed', 'changed'] as const;
/**
 * Module 1's needs assessment as far along as a test needs it: published as version 1; answered by all
 * eight coordinators (the first "familiar", the rest "very familiar"); closed two days ago; changed to a
 * version 2 and closed again. Its id.
 */
async function m1Survey(w: World, stage: (typeof STAGES)[number]) {
  const reached = (s: (typeof STAGES)[number]) => STAGES.indexOf(stage) >= STAGES.indexOf(s);
  const id = await surveyDraft(w.vendor, {
    code: 'M1-NA',
    title: 'Module 1 needs assessment',
    definition: MODULE_1_NEEDS_ASSESSMENT,
    anonymous: true,
    roles: ['care_coordinator'],
  });
  expect((await w.vendor.post(`/api/surveys/${id}/publish`)).json()).toEqual({ version: 1 });
  if (reached('answered'))
    for (const [i, c] of w.coordinators.entries()) {
      const familiarity = i === 0 ? 'familiar' : 'very_familiar';
      const res = await c.client.post(`/api/surveys/${id}/answers`, { answers: answers(familiarity) });
      expect(res.statusCode, res.body).toBe(204);
    }
  if (reached('closed')) await closed(id);
  if (reached('changed')) await changedToVersion2(w, id);
  return id;
}

// Once it has closed every answer counts; while open, only whole fives do (survey-release-in-fives.test.ts).
const closed = (surveyId: string) =>
  t.database.system.execute(sql`update surveys set closes_on = current_date - 2 where id = ${surveyId}`);

/** Version 2 keeps the first three questions; published, then closed again. */
async function changedToVersion2({ vendor }: World, surveyId: string) {
  const current = (await vendor.get(`/api/surveys/${surveyId}`)).json();
  const changed = {
    code: current.code,
    title: current.title,
    anonymous: true,
    roles: ['care_coordinator'],
    // Its closing day has passed, and a survey is not published closed: it reopens to publish.
    definition: {
      sections: [
        {
          ...MODULE_1_NEEDS_ASSESSMENT.sections[0],
          questions: MODULE_1_NEEDS_ASSESSMENT.sections[0]!.questions.slice(0, 3),
        },
      ],
    },
  };
  expect(
    (await vendor.put(`/api/surveys/${surveyId}`, changed, { 'if-match': `"${current.version}"` }))
      .statusCode,
  ).toBe(204);
  expect((await vendor.post(`/api/surveys/${surveyId}/publish`)).json()).toEqual({ version: 2 });
  await closed(surveyId);
}

describe('building a survey', () => {
  it('names what is wrong in a definition, then takes the seed survey and publishes it as version 1', async () => {
    const { vendor, coordinators } = await world();
    const bad = await vendor.post('/api/surveys', {
      code: 'M1-NA',
      title: 'Module 1 needs assessment',
      definition: {
        sections: [{ questions: [{ key: 'x', type: 'rating', text: 'Rate', min: 1, max: 20 }] }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toMatchObject([
      expect.objectContaining({ path: 'body.definition.sections.0.questions.0.max' }),
    ]);
    const made = await vendor.post('/api/surveys', {
      code: 'M1-NA',
      title: 'Module 1 needs assessment',
      definition: MODULE_1_NEEDS_ASSESSMENT,
      anonymous: true,
      roles: ['care_coordinator'],
    });
    expect(made.statusCode, made.body).toBe(201);
    const surveyId = made.json().id;
    expect((await coordinators[0]!.client.get(`/api/surveys/${surveyId}/form`)).json().code).toBe(
      'NOT_PUBLISHED',
    );
    expect((await vendor.post(`/api/surveys/${surveyId}/publish`)).json()).toEqual({ version: 1 });
    const fhir = (await vendor.get(`/api/surveys/${surveyId}/questionnaire`)).json();
    expect(fhir).toMatchObject({
      resourceType: 'Questionnaire',
      status: 'active',
      version: '1',
      name: 'M1-NA',
    });
    expect(fhir.item[0].item).toHaveLength(12);
  });
});

describe('answering', () => {
  it('saves answers to come back to, names a missing answer on submitting, and takes one submission', async () => {
    const w = await world();
    const { vendor, coordinators, planB } = w;
    const surveyId = await m1Survey(w, 'published');
    const me = coordinators[0]!.client;
    expect((await me.get('/api/surveys/mine')).json()).toEqual([
      expect.objectContaining({
        id: surveyId,
        organisation: 'One Care Learning',
        answered: false,
        started: false,
      }),
    ]);
    expect((await planB.get('/api/surveys/mine')).json()).toEqual([]); // an RN: not addressed to them
    const form = (await me.get(`/api/surveys/${surveyId}/form`)).json();
    expect(form).toMatchObject({ version: 1, anonymous: true, savedAnswers: null });
    expect(form.definition.sections[0].questions[4].help).toMatch(/open-ended question/);

    const partial = { cer_access: { value: 'all_of_the_time' } };
    expect((await me.put(`/api/surveys/${surveyId}/answers`, { answers: partial })).statusCode).toBe(204);
    expect((await me.get(`/api/surveys/${surveyId}/form`)).json().savedAnswers).toEqual(partial);

    const missing = await me.post(`/api/surveys/${surveyId}/answers`, { answers: partial });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues).toContainEqual({
      code: 'custom',
      path: 'body.answers.learning_belief',
      message: 'Answer this question',
    });
    const offScale = await me.post(`/api/surveys/${surveyId}/answers`, {
      answers: { ...answers(), learning_belief: { value: 11 } },
    });
    expect(offScale.json().issues).toMatchObject([
      { path: 'body.answers.learning_belief', message: 'A whole number from 1 to 10' },
    ]);

    expect((await me.post(`/api/surveys/${surveyId}/answers`, { answers: answers() })).statusCode).toBe(204);
    const again = await me.get(`/api/surveys/${surveyId}/form`);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'ALREADY_ANSWERED',
      message: expect.stringMatching(/already answered/),
    });
    expect((await me.get('/api/surveys/mine')).json()[0]).toMatchObject({ answered: true, started: false });

    // A reminder goes to the seven care coordinators who have not answered, once a day however often asked.
    expect((await vendor.post(`/api/surveys/${surveyId}/reminders`)).json()).toEqual({
      queued: 7,
      alreadySent: 0,
    });
    expect((await vendor.post(`/api/surveys/${surveyId}/reminders`)).json()).toEqual({
      queued: 0,
      alreadySent: 7,
    });
    const [mail] = await outboxMessages(t.database.system, { entityType: 'survey', entityId: surveyId });
    expect(mail!.subject).toBe('Reminder: Module 1 needs assessment');
    expect(mail!.body).toContain(`/surveys/${surveyId}/answer`);
    expect(mail!.body).toContain('kept without your name');
  });

  it('keeps no link between an anonymous response and the person anywhere in the database', async () => {
    const w = await world();
    const { coordinators } = w;
    const surveyId = await m1Survey(w, 'published');
    // The first coordinator has answered already.
    expect(
      (await coordinators[0]!.client.post(`/api/surveys/${surveyId}/answers`, { answers: answers() }))
        .statusCode,
    ).toBe(204);
    for (const c of coordinators.slice(1))
      expect(
        (await c.client.post(`/api/surveys/${surveyId}/answers`, { answers: answers('very_familiar') }))
          .statusCode,
      ).toBe(204);
    // Whole rows, every column kept: what is checked is that none of them holds who answered.
    const released = await checkedRows(
      t.database.system,
      z.looseObject({ id: z.string(), xid: z.string() }),
      sql`select *, xmin::text as xid from survey_responses where survey_id = ${surveyId}`,
    );
    const held = await checkedRows(
      t.database.system,
      z.looseObject({ id: z.string() }),
      sql`select * from survey_responses_held where survey_id = ${surveyId}`,
    );
    // The first five were mixed and moved together, in a transaction of their own; three wait for two more.
    expect(released).toHaveLength(5);
    expect(held).toHaveLength(3);
    expect(new Set(released.map((r) => r.xid)).size).toBe(1);
    const responses = [...released, ...held];
    const people = coordinators.map((c) => c.personId);
    for (const r of responses) {
      expect(r.person_id ?? null).toBeNull(); // held rows have no such column at all
      const text = JSON.stringify(r);
      for (const p of people) expect(text).not.toContain(p);
    }
    // The participant rows say only who has answered, holding nothing of the response.
    const participants = await checkedRows(
      t.database.system,
      z.looseObject({
        submitted: z.boolean(),
        saved_answers: z.unknown(),
        xid: z.string(),
        dayOnly: z.boolean(),
      }),
      sql`select *, xmin::text as xid, updated_at = date_trunc('day', updated_at) as "dayOnly"
        from survey_participants where survey_id = ${surveyId}`,
    );
    expect(participants.every((p) => p.submitted === true && p.saved_answers === null)).toBe(true);
    expect(participants.every((p) => p.dayOnly === true)).toBe(true); // when they answered: the day only
    for (const p of participants) expect(released.map((r) => r.xid)).not.toContain(p.xid);
    for (const p of participants)
      for (const r of responses) expect(JSON.stringify(p)).not.toContain(String(r.id));
  });

  it('says so when the survey has closed, and is not found by someone it is not addressed to', async () => {
    const w = await world();
    const { coordinators, planB } = w;
    const surveyId = await m1Survey(w, 'answered');
    expect((await planB.get(`/api/surveys/${surveyId}/form`)).statusCode).toBe(404);
    await t.database.system.execute(
      sql`update surveys set closes_on = current_date - 2 where id = ${surveyId}`,
    );
    expect((await planB.get(`/api/surveys/${surveyId}/form`)).statusCode).toBe(404);
    const closed = await coordinators[1]!.client.get(`/api/surveys/${surveyId}/form`);
    expect(closed.json()).toMatchObject({ code: 'SURVEY_CLOSED', message: expect.stringMatching(/closed/) });
    await t.database.system.execute(sql`update surveys set closes_on = null where id = ${surveyId}`);
  });
});

describe('results', () => {
  it('count each answer, and suppress a plan with fewer than five respondents', async () => {
    const w = await world();
    const { vendor } = w;
    const surveyId = await m1Survey(w, 'closed');
    const r = (await vendor.get(`/api/surveys/${surveyId}/results?by=plan`)).json();
    expect(r.overall).toMatchObject({ respondents: 8, suppressed: false });
    const familiarity = r.overall.questions.find((q: { key: string }) => q.key === 'open_ended_familiarity');
    expect(familiarity.counts).toMatchObject({ familiar: 1, very_familiar: 7, not_familiar: 0 });
    const barriers = r.overall.questions.find((q: { key: string }) => q.key === 'policy_barriers');
    expect(barriers.mean).toBe(7);
    expect(
      r.breakdown.map((g: { group: string; respondents: number | null; suppressed: boolean }) => [
        g.group,
        g.respondents,
        g.suppressed,
      ]),
    ).toEqual([
      ['Plan A', null, true],
      ['Plan B', null, true],
    ]);
  });

  it('keeps a response on the version it answered after the survey changes', async () => {
    const w = await world();
    const { vendor } = w;
    const surveyId = await m1Survey(w, 'closed');
    await changedToVersion2(w, surveyId);
    const v1 = (await vendor.get(`/api/surveys/${surveyId}/results?version=1`)).json();
    expect(v1.overall.respondents).toBe(8);
    expect(v1.overall.questions).toHaveLength(12);
    const v2 = (await vendor.get(`/api/surveys/${surveyId}/results`)).json();
    expect(v2).toMatchObject({
      version: 2,
      overall: { suppressed: true, respondents: null, questions: null },
    });
  });
});

describe('a plan’s view of a vendor’s survey', () => {
  it('shows every plan together and the plan itself beside it, withheld when too small, and nothing of other plans', async () => {
    const w = await world();
    const { vendor } = w;
    const surveyId = await m1Survey(w, 'changed');
    const planA = await t.signIn((await t.user([{ orgId: w.planAId, role: 'training_admin' }])).email);
    expect((await planA.get('/api/surveys/shared')).json()).toEqual([
      expect.objectContaining({ id: surveyId, organisation: 'One Care Learning', publishedVersion: 2 }),
    ]);
    const view = await planA.get(`/api/surveys/${surveyId}/plan-results?version=1`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      plan: 'Plan A',
      overall: { respondents: 8, suppressed: false },
      // Plan A has six, but Plan B's two would be the total less Plan A: both are withheld.
      mine: { group: 'Plan A', suppressed: true, respondents: null, questions: null },
    });
    expect(view.body).not.toContain('Plan B');
    const report = await planA.get(`/api/surveys/${surveyId}/plan-findings?version=1`);
    expect(report.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(report.rawPayload);
    expect(text).toContain('Findings: Module 1 needs assessment — for Plan A');
    expect(text).toMatch(/Plan A is not shown on its own: it had fewer than five respondents/);
    expect(text).toContain('8 respondents');
    expect(text).not.toContain('Plan B');
    const pdf = await expectAccessiblePdf(report.rawPayload, /^Findings — /);
    expect(pdf.reading.join('\n')).not.toContain('Plan B');
    expect((await vendor.get(`/api/surveys/${surveyId}/plan-results`)).statusCode).toBe(404); // a vendor, not a plan
  });
});

describe('exports and FHIR', () => {
  it('write responses and a summary, with small groups hidden and formulas escaped', async () => {
    const w = await world();
    const { vendor } = w;
    const surveyId = await m1Survey(w, 'changed');
    await t.database.system.execute(
      sql`insert into survey_responses (org_id, survey_id, version_number, answers, groups, submitted_on)
        select org_id, id, 1, ${JSON.stringify({ ...answers(), sharing_technique: { value: 'yes', followUp: '=HYPERLINK("http://x","y")' } })}::jsonb,
          '{"plan":"Plan A","organisation":"Provider under A","role":"care_coordinator"}', current_date
        from surveys where id = ${surveyId}`,
    );
    const csv = await vendor.get(`/api/surveys/${surveyId}/export?format=csv&version=1`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('survey-M1-NA-v1.csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(10); // the header and nine responses
    expect(lines[0]).toContain('Do you have a reliable technique');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    // Plan B has two responses, so Plan A's seven are withheld with them: the total less Plan A would be Plan B.
    expect(csv.body).not.toContain('Plan B');
    expect(csv.body).not.toContain('Plan A');
    expect(csv.body).toContain('Hidden: fewer than 5, or would reveal a smaller group');

    const xlsx = await vendor.get(`/api/surveys/${surveyId}/export?version=1`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Responses', 'Summary']);
    // Text in an XLSX cell is never run as a formula: kept exactly, with no apostrophe added.
    const cells = book.getWorksheet('Responses')!.getSheetValues().flat();
    expect(cells).toContain('=HYPERLINK("http://x","y")');
    const summary = book.getWorksheet('Summary')!;
    const mean = summary
      .getSheetValues()
      .find((r) => Array.isArray(r) && String(r[1]).startsWith('Please rate your belief') && r[2] === 'Mean');
    expect(mean).toBeDefined();

    // Version 2 has one response at most: nothing is written.
    const v2 = await vendor.get(`/api/surveys/${surveyId}/export?format=csv`);
    expect(
      v2.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n'),
    ).toHaveLength(1);
  });

  it('import a Questionnaire as a new draft survey, and name the item it cannot take', async () => {
    const w = await world();
    const { vendor } = w;
    const surveyId = await m1Survey(w, 'published');
    const exported = (await vendor.get(`/api/surveys/${surveyId}/questionnaire`)).json();
    const made = await vendor.post('/api/surveys/questionnaire?code=M1-COPY', exported);
    expect(made.statusCode, made.body).toBe(201);
    const copy = (await vendor.get(`/api/surveys/${made.json().id}`)).json();
    const original = (await vendor.get(`/api/surveys/${surveyId}`)).json();
    expect(copy).toMatchObject({ code: 'M1-COPY', publishedVersion: null, definition: original.definition });

    const bad = await vendor.post('/api/surveys/questionnaire', {
      resourceType: 'Questionnaire',
      status: 'active',
      item: [
        { linkId: 'g', type: 'group', item: [{ linkId: 'photo', type: 'attachment', text: 'A photo' }] },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues).toMatchObject([
      { path: 'body.item[0].item[0]', message: 'item type “attachment” is not one Concord asks' },
    ]);
  });
});
