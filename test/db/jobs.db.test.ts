import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { find } from '../../src/platform/jobs/queue.js';
import { createTestApp, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** Makes every queued job due now, as if the backoff had passed. */
const timePasses = () =>
  t.database.system.execute(sql`update jobs set run_at = now() where status = 'queued'`);

describe('the job queue', () => {
  it('retries a failing job with backoff, and records the result when it succeeds', async () => {
    const org = await t.org();
    let calls = 0;
    t.services.jobs.register('test.flaky', async (_job, ctx) => {
      calls++;
      await ctx.progress(50, 100, 'half way');
      if (calls < 3) throw new Error(`flaky ${calls}`);
      return { message: 'done at last', calls };
    });
    const job = await t.services.jobs.enqueue(t.database.system, {
      orgId: org.id,
      kind: 'test.flaky',
      payload: {},
    });
    await t.services.jobs.drain();
    let current = (await find(t.database.system, org.id, job.id))!;
    expect(current).toMatchObject({
      status: 'queued',
      attempts: 1,
      message: 'Attempt 1 failed (flaky 1); retrying',
    });
    expect(current.runAt.getTime()).toBeGreaterThan(Date.now());
    await timePasses();
    await t.services.jobs.drain();
    await timePasses();
    await t.services.jobs.drain();
    current = (await find(t.database.system, org.id, job.id))!;
    expect(current).toMatchObject({
      status: 'succeeded',
      attempts: 3,
      result: { calls: 3 },
      message: 'done at last',
      progressDone: 50,
    });
  });

  it('runs one job alone when asked (a command line following its import), leaving every other job queued', async () => {
    const org = await t.org();
    const other = await t.org();
    const ran: string[] = [];
    t.services.jobs.register('test.mine', async (job) => {
      ran.push(job.orgId);
      return { message: 'mine' };
    });
    const enqueue = (orgId: string) =>
      t.services.jobs.enqueue(t.database.system, { orgId, kind: 'test.mine', payload: {} });
    const theirs = await enqueue(other.id);
    const mine = await enqueue(org.id);
    expect(await t.services.jobs.runOne(org.id, mine.id)).toBe(true);
    expect(await t.services.jobs.runOne(org.id, mine.id)).toBe(false); // finished: nothing to run
    expect(ran).toEqual([org.id]);
    expect((await find(t.database.system, org.id, mine.id))!.status).toBe('succeeded');
    expect((await find(t.database.system, other.id, theirs.id))!.status).toBe('queued');
  });

  it('gives up after the last attempt and says why', async () => {
    const org = await t.org();
    t.services.jobs.register('test.broken', async () => {
      throw new Error('the file is gone');
    });
    const job = await t.services.jobs.enqueue(t.database.system, {
      orgId: org.id,
      kind: 'test.broken',
      payload: {},
      maxAttempts: 2,
    });
    await t.services.jobs.drain();
    await timePasses();
    await t.services.jobs.drain();
    const current = (await find(t.database.system, org.id, job.id))!;
    expect(current).toMatchObject({
      status: 'failed',
      attempts: 2,
      message: 'Failed after 2 attempts: the file is gone',
    });
  });
});
