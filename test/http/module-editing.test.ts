import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * A self-paced module written and edited by its training team (decision 032): its pages, its knowledge
 * check with each question's right answer, the pass mark, and whether wrong answers are named (decision
 * 023). The content is checked on the server, each message naming the page, question or option.
 */
let t: TestContext;
let vendor: Client;
let topicId: string;
let providerId: string;

const PAGES = [
  { title: 'Independent living', body: 'The person directs their own services.' },
  { title: 'Recovery', body: 'Recovery is a process, not an event.' },
];
const QUESTIONS = [{ prompt: 'Who directs services?', options: ['The plan', 'The person'], answer: 1 }];

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = (await t.org({ kind: 'training_vendor', name: 'One Care Learning' })).id;
  providerId = (await t.org({ kind: 'provider', name: 'Lowell Community Health' })).id;
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg, role: 'training_admin' }])).email);
  topicId = (
    await vendor.post('/api/training/topics', { code: 'OC-IL', title: 'Independent living', shared: true })
  ).json().id;
});
afterAll(() => t.close());

async function module(content: Record<string, unknown> = { pages: PAGES }) {
  const res = await vendor.post('/api/training/sessions', {
    topicId,
    kind: 'self_paced',
    title: 'Independent living (online)',
    content,
  });
  expect(res.statusCode, res.body).toBe(201);
  return `/api/training/sessions/${res.json().id}/module`;
}

describe('the module’s content, to edit', () => {
  it('is read with its answers by the team running it, and by no one else', async () => {
    const url = await module({ pages: PAGES, questions: QUESTIONS });
    const res = await vendor.get(`${url}/content`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe('"1"');
    expect(res.json()).toMatchObject({
      content: { pages: PAGES, questions: QUESTIONS, showWrongAnswers: true },
      passMark: 80,
      maxAttempts: null,
      learners: 0,
      version: 1,
    });
    const learner = await t.signIn((await t.user([{ orgId: providerId, role: 'care_coordinator' }])).email);
    expect((await learner.get(`${url}/content`)).statusCode).toBe(403);
  });
});

describe('editing a module', () => {
  it('replaces its pages, adds a knowledge check with a pass mark, and the learner takes the new one', async () => {
    const url = await module();
    const res = await vendor.put(
      `${url}/content`,
      {
        content: {
          pages: [...PAGES, { title: 'Wellness', body: 'Whole health.' }],
          questions: QUESTIONS,
          showWrongAnswers: false,
        },
        passMark: 100,
        maxAttempts: 2,
      },
      { 'if-match': '"1"' },
    );
    expect(res.statusCode, res.body).toBe(204);
    expect(res.headers.etag).toBe('"2"');
    const rosa = await t.signIn((await t.user([{ orgId: providerId, role: 'care_coordinator' }])).email);
    const opened = (await rosa.get(url)).json();
    expect(opened).toMatchObject({ passMark: 100, maxAttempts: 2, showWrongAnswers: false });
    expect(opened.pages).toHaveLength(3);
    expect(JSON.stringify(opened)).not.toContain('"answer"');
    await rosa.put(`${url}/pages/1`);
    await rosa.put(`${url}/pages/2`);
    const passed = (await rosa.post(`${url}/attempts`, { answers: [1] })).json();
    expect(passed).toMatchObject({ passed: true, complete: true });
    expect((await vendor.get(`${url}/content`)).json().learners).toBe(1);
  });

  it('sets the pass mark to 80% when questions come without one, and refuses a stale version', async () => {
    const url = await module();
    const put = (version: string) =>
      vendor.put(
        `${url}/content`,
        { content: { pages: PAGES, questions: QUESTIONS } },
        { 'if-match': version },
      );
    expect((await put('"1"')).statusCode).toBe(204);
    expect((await vendor.get(`${url}/content`)).json().passMark).toBe(80);
    expect((await put('"1"')).statusCode).toBe(412);
    expect((await vendor.put(`${url}/content`, { content: { pages: PAGES } })).statusCode).toBe(428);
  });

  it('is only for a self-paced module', async () => {
    const live = (
      await vendor.post('/api/training/sessions', {
        topicId,
        kind: 'live',
        title: 'Live',
        startsAt: '2027-01-12T17:00:00Z',
        endsAt: '2027-01-12T18:00:00Z',
      })
    ).json().id;
    const res = await vendor.get(`/api/training/sessions/${live}/module/content`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOT_A_MODULE');
  });
});

describe('a module’s content checked on the server', () => {
  it('names the page, question and option of each problem in words, on creating and on editing', async () => {
    const bad = {
      pages: [PAGES[0], { title: '', body: ' ' }],
      questions: [
        { prompt: 'Who directs services?', options: ['The plan', ''], answer: -1 },
        { prompt: '', options: ['Only one'], answer: 3 },
      ],
    };
    const expected = [
      { path: 'body.content.pages.1.title', message: 'Page 2: write its title' },
      { path: 'body.content.pages.1.body', message: 'Page 2: write its text' },
      {
        path: 'body.content.questions.0.options.1',
        message: 'Question 1, option 2: write the option, or remove it',
      },
      { path: 'body.content.questions.0.answer', message: 'Question 1: choose the right answer' },
      { path: 'body.content.questions.1.prompt', message: 'Question 2: write the question' },
      { path: 'body.content.questions.1.options', message: 'Question 2: give at least two options' },
      {
        path: 'body.content.questions.1.answer',
        message: 'Question 2: choose the right answer from its options',
      },
    ];
    const created = await vendor.post('/api/training/sessions', {
      topicId,
      kind: 'self_paced',
      title: 'Broken',
      content: bad,
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().issues).toMatchObject(expected);
    expect(created.json().message).toBe('Page 2: write its title, and correct 6 more fields.');
    const url = await module();
    const edited = await vendor.put(`${url}/content`, { content: bad }, { 'if-match': '"1"' });
    expect(edited.statusCode).toBe(400);
    expect(edited.json().issues).toMatchObject(expected);
  });

  it('asks for at least one page, and a pass mark between 0 and 100', async () => {
    const url = await module();
    const res = await vendor.put(
      `${url}/content`,
      { content: { pages: [] }, passMark: 120 },
      { 'if-match': '"1"' },
    );
    expect(res.json().issues).toMatchObject([
      { path: 'body.content.pages', message: 'Write at least one page' },
      { path: 'body.passMark', message: 'Pass mark: give a whole number from 0 to 100' },
    ]);
  });
});
