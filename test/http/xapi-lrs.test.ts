import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { topic } from '../support/factories.js';
import { uploadAndImport } from '../support/files.js';
import { startTestLrs, xapiProblems } from '../support/test-lrs.js';

/**
 * A provider's training administrator sends its completions to its learning record store as xAPI 1.0.3
 * statements (decision 069). The LRS here is a real HTTP server on 127.0.0.1 that checks each statement and
 * fails on demand.
 */
let t: TestContext;
let lrs: Awaited<ReturnType<typeof startTestLrs>>;

beforeAll(async () => {
  t = await createTestApp();
  lrs = await startTestLrs();
});
afterAll(async () => {
  await lrs.close();
  await t.close();
});

/** A provider with a training administrator, a care coordinator (Joe), a shared topic, and its LRS on. */
async function world(options: { lrs?: boolean } = {}) {
  const provider = await t.org({ kind: 'provider', name: 'Lowell Community Health' });
  const admin = await t.signIn((await t.user([{ orgId: provider.id, role: 'training_admin' }])).email);
  const joe = await t.user([{ orgId: provider.id, role: 'care_coordinator' }], { givenName: 'Joe' });
  const pcp = await topic(admin, {
    code: `PCP-${provider.code}`,
    title: 'Person-centered planning',
    shared: true,
  });
  if (options.lrs !== false) {
    const res = await admin.put('/api/training/lrs', {
      endpoint: lrs.endpoint,
      key: lrs.credentials.key,
      secret: lrs.credentials.secret,
      enabled: true,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const record = async (completedOn = '2026-03-02') => {
    const res = await admin.post('/api/training/completions', {
      personId: joe.person.id,
      topicId: pcp,
      completedOn,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  return { provider, admin, joe, pcp, record };
}

/** Runs the queue's due jobs now. */
const deliver = () => t.services.jobs.drain();

const deliveries = async (admin: Awaited<ReturnType<typeof world>>['admin']) =>
  (await admin.get('/api/training/lrs/deliveries')).json().items as Record<string, unknown>[];

const statementsAbout = (completionId: string) =>
  lrs.received.flatMap((r) => r.statements).filter((s) => JSON.stringify(s).includes(completionId));

describe('LRS settings', () => {
  it('are kept with the secret never sent back, audited, and refuse http to anything but this machine', async () => {
    const { admin, provider } = await world();
    const read = await admin.get('/api/training/lrs');
    expect(read.json()).toMatchObject({
      configured: true,
      endpoint: lrs.endpoint,
      key: 'lrs-key',
      hasSecret: true,
      enabled: true,
    });
    expect(read.body).not.toContain(lrs.credentials.secret);

    // The secret is kept when left out.
    const changed = await admin.put(
      '/api/training/lrs',
      { endpoint: lrs.endpoint, key: 'lrs-key', enabled: false },
      { 'if-match': read.headers.etag as string },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.body).not.toContain(lrs.credentials.secret);
    const [audit] = await auditEntries(t.database.system, { entityId: provider.id, action: 'update' });
    expect(JSON.stringify(audit)).not.toContain(lrs.credentials.secret);
    expect(audit?.details).toMatchObject({ enabled: false, secretChanged: false });

    for (const endpoint of [
      'http://lrs.example.org/xapi',
      'https://10.0.0.5/xapi',
      'https://169.254.169.254/latest',
      'not a url',
    ]) {
      const refused = await admin.put('/api/training/lrs', { endpoint, key: 'k', enabled: true });
      expect(refused.statusCode, endpoint).toBe(400);
      expect(refused.json().issues[0].path).toBe('body.endpoint');
    }
  });

  it('are neither read nor changed by a care coordinator or an auditor', async () => {
    const { provider } = await world();
    for (const role of ['care_coordinator', 'auditor'] as const) {
      const other = await t.signIn((await t.user([{ orgId: provider.id, role }])).email);
      expect((await other.get('/api/training/lrs')).statusCode).toBe(403);
      expect(
        (
          await other.put('/api/training/lrs', {
            endpoint: lrs.endpoint,
            key: 'x',
            secret: 'y',
            enabled: true,
          })
        ).statusCode,
      ).toBe(403);
      expect((await other.get('/api/training/lrs/deliveries')).statusCode).toBe(403);
      expect((await other.post('/api/training/lrs/test')).statusCode).toBe(403);
    }
  });

  it('send a test statement and report the answer: stored, or refused for bad credentials', async () => {
    const { admin } = await world();
    expect((await admin.post('/api/training/lrs/test')).json()).toMatchObject({ ok: true });
    lrs.failNext(401);
    const refused = (await admin.post('/api/training/lrs/test')).json();
    expect(refused).toMatchObject({ ok: false, status: 401 });
    expect(refused.message).toContain('401');
  });
});

describe('statements for completions', () => {
  it('a recorded completion is sent once as an xAPI 1.0.3 statement naming the person by account, not e-mail', async () => {
    const { admin, joe, pcp, provider, record } = await world();
    const id = await record();
    expect(await deliveries(admin)).toMatchObject([
      { completionId: id, status: 'waiting', verb: 'completed' },
    ]);
    await deliver();

    const [request] = lrs.received.filter((r) =>
      r.statements.some((s) => s.verb && JSON.stringify(s).includes(pcp)),
    );
    expect(request?.headers['x-experience-api-version']).toBe('1.0.3');
    const statement = request!.statements.find((s) => JSON.stringify(s).includes(pcp))!;
    expect(xapiProblems(statement)).toEqual([]);
    expect(statement).toMatchObject({
      actor: { objectType: 'Agent', account: { homePage: t.config.baseUrl, name: joe.person.id } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: {
        objectType: 'Activity',
        id: `${t.config.baseUrl}/training/topics/${pcp}`,
        definition: { name: { 'en-US': 'Person-centered planning' } },
      },
      result: { completion: true },
      context: {
        contextActivities: { grouping: [{ id: `${t.config.baseUrl}/organisations/${provider.id}` }] },
      },
    });
    expect(String(statement.timestamp)).toMatch(/^2026-03-02T/);
    expect(JSON.stringify(statement)).not.toContain(joe.email);
    const [sent] = await deliveries(admin);
    expect(sent).toMatchObject({ status: 'sent', statementId: statement.id, lrsStatus: 200 });
  });

  it('retries after 503 with the same statement id, and the LRS keeps one copy', async () => {
    const { admin, record } = await world();
    const id = await record();
    lrs.failNext(503);
    await deliver();
    const [waiting] = await deliveries(admin);
    expect(waiting).toMatchObject({ completionId: id, status: 'waiting', lrsStatus: 503, attempts: 1 });
    expect(waiting?.error).toContain('503');
    // The queue's backoff after a first failed attempt: 2 s.
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await deliver();
    const [sent] = await deliveries(admin);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    const ids = lrs.received.flatMap((r) => r.statements).filter((s) => s.id === sent?.statementId);
    expect(ids).toHaveLength(2);
    expect(lrs.stored.has(String(sent?.statementId))).toBe(true);
  });

  it('a 400 is a permanent failure with the LRS answer; resending it sends it again', async () => {
    const { admin, record } = await world();
    await record();
    lrs.failNext(400);
    await deliver();
    const [failed] = await deliveries(admin);
    expect(failed).toMatchObject({ status: 'failed', lrsStatus: 400 });
    expect(failed?.error).toContain('planned 400');
    expect((await admin.post('/api/training/lrs/deliveries/resend', {})).json()).toEqual({ queued: 1 });
    await deliver();
    expect((await deliveries(admin))[0]).toMatchObject({ status: 'sent' });
  });

  it('a 409 on a batch is sent again statement by statement with PUT; 401 fails the batch at once', async () => {
    const { admin, record } = await world();
    await record('2026-03-02');
    await record('2026-03-03');
    lrs.failNext(409);
    const before = lrs.received.length;
    await deliver();
    const requests = lrs.received.slice(before);
    expect(requests.map((r) => r.method)).toEqual(['POST', 'PUT', 'PUT']);
    expect(requests[1]?.url).toMatch(/\/xapi\/statements\?statementId=[0-9a-f-]{36}$/);
    expect((await deliveries(admin)).map((d) => [d.status, d.lrsStatus])).toEqual([
      ['sent', 204],
      ['sent', 204],
    ]);

    await record('2026-03-04');
    await record('2026-03-05');
    lrs.failNext(401);
    const beforeRefusal = lrs.received.length;
    await deliver();
    expect(lrs.received.length - beforeRefusal).toBe(1);
    const failed = (await deliveries(admin)).filter((d) => d.status === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({ lrsStatus: 401 });
  });

  it('a revoked completion is voided by a statement referring to the one sent', async () => {
    const { admin, record } = await world();
    const id = await record();
    await deliver();
    const [sent] = await deliveries(admin);
    const revoked = await admin.post(
      `/api/training/completions/${id}/revoke`,
      { reason: 'Wrong person' },
      { 'if-match': '"1"' },
    );
    expect(revoked.statusCode, revoked.body).toBeLessThan(300);
    await deliver();
    const voiding = lrs.received
      .flatMap((r) => r.statements)
      .find((s) => (s.object as { id?: string })?.id === sent?.statementId);
    expect(voiding).toMatchObject({
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { objectType: 'StatementRef' },
    });
    expect(xapiProblems(voiding!)).toEqual([]);
    expect((await deliveries(admin)).map((d) => [d.verb, d.status])).toEqual([
      ['voided', 'sent'],
      ['completed', 'sent'],
    ]);
    expect(statementsAbout(id)).toHaveLength(0);
  });

  it('an import of many completions is one job sending one array of statements, not one request per row', async () => {
    const { admin, provider } = await world();
    const people = [];
    for (const name of ['Ana', 'Ben', 'Cai'])
      people.push(
        await t.user([{ orgId: provider.id, role: 'rn' }], {
          givenName: name,
          email: `${name}.${provider.code}@lrs.example`.toLowerCase(),
        }),
      );
    const rows = people.map((p) => `${p.email},,PCP-${provider.code},2026-03-04,UMass,`);
    const before = lrs.received.length;
    const { started, job } = await uploadAndImport(
      t,
      admin,
      '/api/training/completions/imports',
      'completions.csv',
      ['E-mail,NPI,Topic code,Completed on,Where earned,Evidence', ...rows].join('\n'),
    );
    expect(started.statusCode, started.body).toBe(202);
    expect(job.status, JSON.stringify(job)).toBe('succeeded');
    const requests = lrs.received.slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'POST' });
    expect(requests[0]?.statements).toHaveLength(3);
    expect((await deliveries(admin)).every((d) => d.status === 'sent')).toBe(true);
  });

  it("a completion goes to its own organisation's LRS only", async () => {
    const other = await startTestLrs({ key: 'other-key', secret: 'other-secret' });
    try {
      const first = await world();
      const second = await world({ lrs: false });
      const set = await second.admin.put('/api/training/lrs', {
        endpoint: other.endpoint,
        key: 'other-key',
        secret: 'other-secret',
        enabled: true,
      });
      expect(set.statusCode, set.body).toBe(200);
      await first.record();
      await second.record();
      await deliver();
      const sentTo = (server: typeof lrs, topicId: string) =>
        server.received.flatMap((r) => r.statements).filter((s) => JSON.stringify(s).includes(topicId))
          .length;
      expect([sentTo(lrs, first.pcp), sentTo(lrs, second.pcp)]).toEqual([1, 0]);
      expect([sentTo(other, first.pcp), sentTo(other, second.pcp)]).toEqual([0, 1]);
      expect((await deliveries(second.admin)).map((d) => d.topicTitle)).toEqual(['Person-centered planning']);
    } finally {
      await other.close();
    }
  });

  it("a completion at an organisation without an LRS is sent nowhere, and is not in another's list", async () => {
    const withLrs = await world();
    const without = await world({ lrs: false });
    const before = lrs.received.length;
    await without.record();
    await deliver();
    expect(lrs.received.length).toBe(before);
    expect(await deliveries(withLrs.admin)).toEqual([]);
    expect(await deliveries(without.admin)).toEqual([]);
  });
});
