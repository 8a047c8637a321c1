import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * A self-paced module taken the way a learner takes it in the web app: open it (the first page is shown),
 * Next through the pages, answer the knowledge check, submit — or, without a knowledge check, mark it as
 * complete. A failed check says which answers were wrong, never what the right ones are (decision 023).
 */
let t: TestContext;
let vendor: Client;
let topicId: string;
let providerId: string;

const PAGES = [
  { title: 'What person-centered planning is', body: 'The person leads; the team listens.' },
  { title: 'Planning together', body: 'Goals in the person’s own words.' },
];
const QUESTIONS = [
  { prompt: 'Who leads the care plan?', options: ['The plan', 'The person', 'The PCP'], answer: 1 },
  { prompt: 'Whose words are goals written in?', options: ['The person’s', 'The coordinator’s'], answer: 0 },
  { prompt: 'Who may see the plan?', options: ['Anyone', 'The person and their team'], answer: 1 },
];

beforeAll(async () => {
  t = await createTestApp();
  const vendorOrg = await t.org({ kind: 'training_vendor', name: 'One Care Learning' });
  providerId = (await t.org({ kind: 'provider', name: 'Lowell Community Health' })).id;
  vendor = await t.signIn((await t.user([{ orgId: vendorOrg.id, role: 'training_admin' }])).email);
  const topic = await vendor.post('/api/training/topics', {
    code: 'OC-PCP',
    title: 'Person-centered planning',
    shared: true,
  });
  topicId = topic.json().id;
});
afterAll(() => t.close());

const learner = async () => t.signIn((await t.user([{ orgId: providerId, role: 'care_coordinator' }])).email);

const module = async (content: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const res = await vendor.post('/api/training/sessions', {
    topicId,
    kind: 'self_paced',
    title: 'Person-centered planning (online)',
    content,
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return `/api/training/sessions/${res.json().id}/module`;
};

describe('a self-paced module taken by the natural path', () => {
  it('counts the page shown on opening, so Next through the pages and a passing Submit complete it', async () => {
    const url = await module({ pages: PAGES, questions: QUESTIONS });
    const rosa = await learner();
    const opened = (await rosa.get(url)).json();
    expect(opened).toMatchObject({ pagesViewed: [0], complete: false, reason: 'Viewed 1 of 2 pages' });
    await rosa.put(`${url}/pages/1`); // Next
    const submitted = await rosa.post(`${url}/attempts`, { answers: [1, 0, 1] });
    expect(submitted.statusCode, submitted.body).toBe(201);
    expect(submitted.json()).toMatchObject({ passed: true, complete: true, pagesViewed: [0, 1] });
    expect(submitted.json().completionId).toEqual(expect.any(String));
    const mine = (await rosa.get('/api/training/completions')).json();
    expect(mine.items).toEqual([
      expect.objectContaining({ id: submitted.json().completionId, method: 'self_paced' }),
    ]);
  });

  it('finishes a one-page module without questions when the learner marks it complete, and only then', async () => {
    const url = await module({ pages: PAGES.slice(0, 1), questions: [] });
    const rosa = await learner();
    const opened = (await rosa.get(url)).json();
    expect(opened).toMatchObject({ pagesViewed: [0], complete: false });
    expect(opened.reason).toBe('Viewed the page: mark the module as complete to finish');
    const done = await rosa.post(`${url}/completion`);
    expect(done.statusCode, done.body).toBe(201);
    expect(done.json()).toMatchObject({ complete: true, reason: 'Viewed the page and marked it complete' });
    const mine = (await rosa.get('/api/training/completions')).json();
    expect(mine.items).toEqual([expect.objectContaining({ id: done.json().completionId })]);
    const again = await rosa.post(`${url}/completion`);
    expect(again.json().code).toBe('ALREADY_COMPLETED');
  });

  it('refuses to mark a module complete before every page is viewed, or when it has a knowledge check', async () => {
    const pagesOnly = await module({ pages: PAGES, questions: [] });
    const rosa = await learner();
    await rosa.get(pagesOnly);
    const early = await rosa.post(`${pagesOnly}/completion`);
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'PAGES_NOT_VIEWED',
      message: 'View page 2 before marking the module as complete.',
    });
    await rosa.put(`${pagesOnly}/pages/1`);
    expect((await rosa.get(pagesOnly)).json().complete).toBe(false); // viewing is not finishing
    expect((await rosa.post(`${pagesOnly}/completion`)).statusCode).toBe(201);

    const checked = await module({ pages: PAGES.slice(0, 1), questions: QUESTIONS });
    await rosa.get(checked);
    const refused = await rosa.post(`${checked}/completion`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('KNOWLEDGE_CHECK_DECIDES');
  });
});

describe('a failed knowledge check', () => {
  it('says which questions were answered wrong, never which option was right', async () => {
    const url = await module({ pages: PAGES.slice(0, 1), questions: QUESTIONS });
    const rosa = await learner();
    await rosa.get(url);
    // An answer that is none of the options is refused, naming the question, and uses no attempt.
    const outOfRange = await rosa.post(`${url}/attempts`, { answers: [0, 9, 0] });
    expect(outOfRange.statusCode).toBe(400);
    expect(outOfRange.json().issues[0]).toMatchObject({
      path: 'answers.1',
      message: expect.stringMatching(/^Question 2 has/),
    });
    const failed = await rosa.post(`${url}/attempts`, { answers: [0, 0, 0] });
    expect(failed.statusCode, failed.body).toBe(201);
    expect(failed.json().attempts).toHaveLength(1);
    expect(failed.json()).toMatchObject({ passed: false, score: 33, wrong: [0, 2] });
    expect(JSON.stringify(failed.json())).not.toMatch(/"answer"|"right"|"correct"/);
    const passed = (await rosa.post(`${url}/attempts`, { answers: [1, 0, 1] })).json();
    expect(passed).toMatchObject({ passed: true, wrong: [] });
  });

  it('keeps them to itself when the module is set to hide them', async () => {
    const url = await module({ pages: PAGES.slice(0, 1), questions: QUESTIONS, showWrongAnswers: false });
    const rosa = await learner();
    await rosa.get(url);
    const failed = (await rosa.post(`${url}/attempts`, { answers: [0, 0, 0] })).json();
    expect(failed).toMatchObject({ passed: false, score: 33, wrong: null, showWrongAnswers: false });
  });
});

describe('the day a module is completed', () => {
  it('dates a completion finished in the evening by the Massachusetts day, not the next day in UTC', async () => {
    const url = await module({ pages: PAGES.slice(0, 1), questions: [] });
    const rosa = await learner();
    await rosa.get(url);
    // 10 p.m. on 30 June in Boston is 2 a.m. on 1 July in UTC.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-07-01T02:00:00Z') });
    try {
      const done = await rosa.post(`${url}/completion`);
      expect(done.statusCode, done.body).toBe(201);
    } finally {
      vi.useRealTimers();
    }
    const mine = (await rosa.get('/api/training/completions')).json();
    expect(mine.items).toEqual([expect.objectContaining({ completedOn: '2026-06-30' })]);
  });
});
