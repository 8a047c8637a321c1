import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/platform/audit/audit.service.js';
import type { Database } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';
import { capturedLog } from '../support/log.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const reader = (orgId: string) => ({
  userId: null,
  name: 'Rosa Reader',
  orgId,
  ip: '127.0.0.1',
  userAgent: null,
});

/** The test database, with a switch that makes every transaction fail as if the server were unreachable. */
function flaky(database: Database) {
  const state = { down: false };
  const system = new Proxy(database.system, {
    get(target, prop, receiver) {
      if (prop === 'transaction' && state.down)
        return () =>
          Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      return Reflect.get(target, prop, receiver);
    },
  });
  return { database: { ...database, system } as Database, state };
}

async function readsOf(entityId: string) {
  return auditEntries(t.database.system, { action: 'read', entityId });
}

describe('the read audit writer', () => {
  it('writes an event the database cannot store with its characters replaced, and every other event as it is', async () => {
    const org = await t.org();
    const { log, text } = capturedLog();
    const audit = new AuditTrail(t.database, log);
    audit.recordRead(reader(org.id), { entityType: 'person', entityId: 'before' });
    audit.recordRead(reader(org.id), {
      entityType: 'person',
      entityId: 'poisoned',
      details: { q: 'Maria\u0000Canary', half: 'x\ud800' },
    });
    audit.recordRead(reader(org.id), { entityType: 'person', entityId: 'after' });
    await audit.flush();
    expect(await readsOf('before')).toHaveLength(1);
    expect(await readsOf('after')).toHaveLength(1);
    expect((await readsOf('poisoned'))[0]!.details).toEqual({
      q: 'Maria\ufffdCanary',
      half: 'x\ufffd',
      altered: true,
    });
    expect(audit.pending).toBe(0);
    expect(text()).not.toContain('Canary');
    const verified = await audit.verify();
    expect(verified.ok).toBe(true);
  });

  it('keeps reads while the database is unreachable, refuses new ones past its bound, and writes them all when it returns', async () => {
    const org = await t.org();
    const { database, state } = flaky(t.database);
    const { log, text } = capturedLog();
    const audit = new AuditTrail(database, log, 100, 5);
    state.down = true;
    for (let i = 0; i < 5; i++)
      audit.recordRead(reader(org.id), {
        entityType: 'person',
        entityId: 'while-down',
        details: { q: 'Canary' },
      });
    await audit.flush();
    expect(audit.pending).toBe(5);
    expect(() => audit.recordRead(reader(org.id), { entityType: 'person', entityId: 'refused' })).toThrow(
      expect.objectContaining({ code: 'AUDIT_UNAVAILABLE' }),
    );
    expect(text()).toContain('audit flush failed');
    expect(text()).not.toContain('Canary');
    state.down = false;
    await audit.flush();
    expect(audit.pending).toBe(0);
    expect(await readsOf('while-down')).toHaveLength(5);
    expect(await readsOf('refused')).toHaveLength(0);
  });

  it('never logs a failed query’s parameters', () => {
    const { log, text } = capturedLog();
    const cause = Object.assign(
      new Error('duplicate key value violates unique constraint "people_email_key"'),
      {
        code: '23505',
        detail: 'Key (email)=(canary@test.example) already exists.',
        constraint: 'people_email_key',
      },
    );
    const err = Object.assign(
      new Error('Failed query: insert into people\nparams: Canary,canary@test.example'),
      {
        query: 'insert into people',
        params: ['Canary', 'canary@test.example'],
        cause,
      },
    );
    log.error({ err }, 'request failed');
    expect(text()).toContain('people_email_key');
    expect(text()).not.toContain('anary');
  });
});
