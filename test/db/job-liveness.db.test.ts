import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findOrganisationByCode, insertOrganisation } from '../../src/domains/organisations/index.js';
import type { Db } from '../../src/platform/db/client.js';
import {
  createJobQueue,
  find,
  type JobHandler,
  type JobQueue,
  type JobQueueOptions,
} from '../../src/platform/jobs/queue.js';
import { createTestApp, type TestContext } from '../support/app.js';

/**
 * Two job queues on one database stand for two processes. The one that "dies" is made silent by a
 * heartbeat that never comes (an hour), and the one that looks next is told that any silence at all is
 * too long (staleAfterMs: 0): the clock is in the parameters, so no test waits on it. Killed processes are
 * in import-crash.db.test.ts.
 */
let t: TestContext;
const queues: JobQueue[] = [];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await Promise.all(queues.map((q) => q.stop()));
  await t.close();
});

const queue = (options: JobQueueOptions) => {
  const q = createJobQueue(t.database, undefined, { exclusive: false, ...options });
  queues.push(q);
  return q;
};
const silent = () => queue({ heartbeatMs: 3_600_000 });
const looksNext = () => queue({ staleAfterMs: 0 });

/** A promise opened from outside. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A handler that reports 40%, says it started, waits for the gate, then runs `then`. */
function waitingHandler(started: () => void, wait: Promise<void>, then: JobHandler): JobHandler {
  return async (job, ctx) => {
    await ctx.progress(40, 100, 'Working');
    started();
    await wait;
    return then(job, ctx);
  };
}

/** Writes an organisation in the handler's own transaction, which ends with `ctx.applied`. */
const applyOrganisation =
  (code: string): JobHandler =>
  (_job, ctx) =>
    t.database.system.transaction(async (transaction) => {
      const tx = transaction as unknown as Db;
      await insertOrganisation(tx, { kind: 'provider', code, name: `Written by a job ${code}` });
      await ctx.applied(tx);
      return { message: `Wrote ${code}` };
    });

const unique = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();

describe('a running job', () => {
  it('shows it is alive: its heartbeat moves while the handler works, without any progress report', async () => {
    const org = await t.org();
    const beating = queue({ heartbeatMs: 10 });
    const started = gate();
    const done = gate();
    beating.register('test.busy', async () => {
      started.open();
      await done.opened;
      return { message: 'done' };
    });
    const job = await beating.enqueue(t.database.system, { orgId: org.id, kind: 'test.busy', payload: {} });
    const draining = beating.drain();
    await started.opened;
    const first = (await find(t.database.system, org.id, job.id))!.heartbeatAt!;
    expect(first).toBeInstanceOf(Date);
    await vi.waitFor(
      async () => {
        const now = (await find(t.database.system, org.id, job.id))!.heartbeatAt!;
        expect(now.getTime()).toBeGreaterThan(first.getTime());
      },
      { timeout: 20_000, interval: 20 },
    );
    done.open();
    await draining;
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({ status: 'succeeded' });
  });

  it('is left alone by another process while its heartbeat is recent', async () => {
    const org = await t.org();
    const running = silent();
    const other = queue({ staleAfterMs: 60_000 });
    const started = gate();
    const done = gate();
    running.register(
      'test.alive',
      waitingHandler(started.open, done.opened, async () => ({ message: 'ok' })),
    );
    const job = await running.enqueue(t.database.system, { orgId: org.id, kind: 'test.alive', payload: {} });
    const draining = running.drain();
    await started.opened;
    expect(await other.settleStopped()).toBe(0);
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({ status: 'running' });
    done.open();
    await draining;
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({ status: 'succeeded' });
  });
});

describe('a job whose process stopped', () => {
  it('is failed by the next process when it had no attempt left; the stopped run can then neither commit nor finish it', async () => {
    const org = await t.org();
    const code = unique('LOST');
    const dying = silent();
    const next = looksNext();
    const started = gate();
    const resumes = gate();
    dying.register('test.lost', waitingHandler(started.open, resumes.opened, applyOrganisation(code)));
    const job = await dying.enqueue(t.database.system, {
      orgId: org.id,
      kind: 'test.lost',
      payload: {},
      maxAttempts: 1,
    });
    const draining = dying.drain();
    await started.opened;

    expect(await next.settleStopped()).toBe(1);
    const settled = await find(t.database.system, org.id, job.id);
    expect(settled).toMatchObject({
      status: 'failed',
      message: 'The process running this job stopped at 40% before it finished. It will not be tried again.',
    });
    expect(settled?.finishedAt).not.toBeNull();

    // The stopped run wakes up (a paused process): its transaction is refused, and its outcome is not recorded.
    resumes.open();
    await draining;
    expect(await findOrganisationByCode(t.database.system, code)).toBeUndefined();
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      message: settled!.message,
    });
    // Nobody runs it again.
    next.register('test.lost', applyOrganisation(code));
    expect(await next.drain()).toBe(0);
    expect(await findOrganisationByCode(t.database.system, code)).toBeUndefined();
  });

  it('is queued again when attempts remain, saying so, and the next attempt runs it once', async () => {
    const org = await t.org();
    const code = unique('RETRY');
    const dying = silent();
    const next = looksNext();
    const started = gate();
    const resumes = gate();
    dying.register('test.retry', waitingHandler(started.open, resumes.opened, applyOrganisation(code)));
    next.register('test.retry', applyOrganisation(code));
    const job = await dying.enqueue(t.database.system, {
      orgId: org.id,
      kind: 'test.retry',
      payload: {},
      maxAttempts: 2,
    });
    const draining = dying.drain();
    await started.opened;

    await next.settleStopped();
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({
      status: 'queued',
      message:
        'The process running this job stopped at 40% before it finished. It will be tried again (attempt 2 of 2).',
    });
    expect(await next.drain()).toBe(1);
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      message: `Wrote ${code}`,
    });

    resumes.open();
    await draining; // the first run's transaction is refused (the code is taken in any case)
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(await findOrganisationByCode(t.database.system, code)).toBeDefined();
  });

  it('is kept as done when its changes had committed, and its own outcome replaces that when it comes', async () => {
    const org = await t.org();
    const code = unique('KEPT');
    const dying = silent();
    const next = looksNext();
    const committed = gate();
    const resumes = gate();
    dying.register('test.kept', async (job, ctx) => {
      await ctx.progress(90, 100);
      const result = await applyOrganisation(code)(job, ctx);
      committed.open();
      await resumes.opened;
      return result;
    });
    const job = await dying.enqueue(t.database.system, { orgId: org.id, kind: 'test.kept', payload: {} });
    const draining = dying.drain();
    await committed.opened;

    await next.settleStopped();
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({
      status: 'succeeded',
      message:
        'The process running this job stopped at 90%, after its changes were saved: they are kept, but no summary or result file was written.',
    });
    expect(await next.drain()).toBe(0);

    resumes.open();
    await draining;
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      message: `Wrote ${code}`,
    });
  });

  it('is settled at once on a database only this process can open (PGlite in a locked folder)', async () => {
    const org = await t.org();
    const dying = silent();
    const alone = queue({ exclusive: true });
    const started = gate();
    const resumes = gate();
    dying.register(
      'test.alone',
      waitingHandler(started.open, resumes.opened, async () => ({})),
    );
    const job = await dying.enqueue(t.database.system, { orgId: org.id, kind: 'test.alone', payload: {} });
    const draining = dying.drain();
    await started.opened;
    // Its heartbeat is fresh, but no other process can be running it.
    expect(await alone.settleStopped()).toBe(1);
    expect(await find(t.database.system, org.id, job.id)).toMatchObject({ status: 'queued' });
    resumes.open();
    await draining;
  });

  it('shows what happened in the job list and GET /api/jobs/:id', async () => {
    const org = await t.org();
    const { email, user } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const client = await t.signIn(email);
    const dying = silent();
    const next = looksNext();
    const started = gate();
    const resumes = gate();
    dying.register(
      'test.shown',
      waitingHandler(started.open, resumes.opened, async () => ({})),
    );
    const job = await dying.enqueue(t.database.system, {
      orgId: org.id,
      kind: 'test.shown',
      payload: {},
      createdBy: user.id,
      maxAttempts: 1,
    });
    const draining = dying.drain();
    await started.opened;

    const running = (await client.get(`/api/jobs/${job.id}`)).json();
    expect(running).toMatchObject({ status: 'running', attempts: 1, maxAttempts: 1 });
    expect(Date.parse(running.heartbeatAt)).not.toBeNaN();

    await next.settleStopped();
    const message =
      'The process running this job stopped at 40% before it finished. It will not be tried again.';
    expect((await client.get(`/api/jobs/${job.id}`)).json()).toMatchObject({ status: 'failed', message });
    const list = (await client.get('/api/jobs?kind=test.shown')).json();
    expect(list.items).toEqual([expect.objectContaining({ id: job.id, status: 'failed', message })]);
    resumes.open();
    await draining;
    expect((await client.get(`/api/jobs/${job.id}`)).json()).toMatchObject({ status: 'failed', message });
  });
});
