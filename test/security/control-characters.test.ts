import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRow } from '../../src/platform/db/client.js';
import { type Client, createTestApp, type TestContext } from '../support/app.js';

/**
 * Ines, an organisation administrator and system administrator, pastes a filter that carries an
 * invisible NUL. PostgreSQL cannot store NUL, and the read audit records the filter, so once such a
 * character got through, the audit batch failed on every retry and no later read was recorded.
 */
let t: TestContext;
let ines: Client;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.org();
  orgId = org.id;
  const { email } = await t.user([{ orgId, role: 'org_admin' }], { systemAdmin: true });
  ines = await t.signIn(email);
});
afterAll(() => t.close());

async function reads() {
  await t.services.audit.flush();
  const row = await checkedRow(
    t.database.system,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from audit_log where action = 'read'`,
  );
  return row!.n;
}

describe('control characters in a request', () => {
  it('answer 400 naming the parameter on every list that filters, never 500', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    };
    const lists = Object.entries(doc.paths)
      .filter(([path, ops]) => !path.includes('{') && ops.get?.parameters?.some((p) => p.name === 'q'))
      .map(([path]) => path);
    expect(lists.length).toBeGreaterThan(8);
    for (const list of lists) {
      for (const q of ['%00', 'Jos%C3%A9%00', 'a%1Bb', '%C2%85']) {
        const res = await ines.get(`${list}?q=${q}`);
        expect({ list, q, status: res.statusCode }).toEqual({ list, q, status: 400 });
        expect(res.json().issues[0]).toMatchObject({ path: 'querystring.q' });
        expect(res.json().message).toMatch(/control character \(U\+00[0-9A-F]{2}\)/);
      }
    }
  });

  it('are refused in a JSON body, while tabs and line breaks in free text are kept', async () => {
    const bad = await ines.post('/api/people', {
      givenName: 'Ana\u0000',
      familyName: 'Lopes',
      email: 'ana.lopes@test.example',
      roles: [{ role: 'rn', startsOn: '2026-01-01' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0]).toMatchObject({ path: 'body.givenName' });
    const lone = await ines.post('/api/people', {
      givenName: 'Ana',
      familyName: 'Lopes\ud800',
      email: 'ana.lopes@test.example',
      roles: [{ role: 'rn', startsOn: '2026-01-01' }],
    });
    expect(lone.statusCode).toBe(400);
    expect(lone.json().issues[0]).toMatchObject({ path: 'body.familyName' });
    expect(lone.json().message).toMatch(/broken character/);
    const created = await ines.post('/api/people', {
      givenName: 'Ana',
      familyName: 'Lopes',
      email: 'ana.lopes@test.example',
      title: 'Community\thealth worker',
      roles: [{ role: 'rn', startsOn: '2026-01-01' }],
    });
    expect(created.statusCode).toBe(201);
  });

  it('refuse a body that was not sent as UTF-8, naming the field, instead of storing what the decoder guessed', async () => {
    // "José" in Windows-1252: the é is one byte (0xE9) that UTF-8 cannot read, and becomes U+FFFD.
    const body = Buffer.concat([
      Buffer.from('{"givenName":"Jos'),
      Buffer.from([0xe9]),
      Buffer.from(
        '","familyName":"Lopes","email":"jose.lopes@test.example","roles":[{"role":"rn","startsOn":"2026-01-01"}]}',
      ),
    ]);
    const res = await ines.post('/api/people', body, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toMatchObject([
      { path: 'body.givenName', message: expect.stringMatching(/wrong encoding/) },
    ]);
  });

  it('never stop reads from being audited, in this organisation or any other', async () => {
    const before = await reads();
    const { person } = await t.user([{ orgId, role: 'rn' }]);
    for (const q of ['%00', '%C2%85', 'Ana']) await ines.get(`/api/compliance/statuses?q=${q}`);
    expect((await ines.get(`/api/people/${person.id}`)).statusCode).toBe(200);
    const other = await t.org();
    const { email, person: colleague } = await t.user([{ orgId: other.id, role: 'org_admin' }]);
    const otherAdmin = await t.signIn(email);
    expect((await otherAdmin.get(`/api/people/${colleague.id}`)).statusCode).toBe(200);
    expect(await reads()).toBeGreaterThanOrEqual(before + 3);
    expect(t.services.audit.pending).toBe(0);
  });

  it('answer 400, never 500, for JSON nested deeper than any request and for dates no calendar of ours holds', async () => {
    const send = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/people',
        cookies: { concord_session: ines.cookie },
        headers: { 'x-csrf-token': ines.csrf, 'content-type': 'application/json' },
        payload,
      });
    const nested = await send(`${'{"a":'.repeat(50_000)}"leaf"${'}'.repeat(50_000)}`);
    expect(nested.statusCode).toBe(400);
    expect(nested.json().message).toMatch(/Nested more deeply/);
    expect((await send(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).statusCode).toBe(400);
    const yearZero = await ines.post('/api/people', {
      givenName: 'Ana',
      familyName: 'Lopes',
      email: 'ana.lopes.zero@test.example',
      roles: [{ role: 'rn', startsOn: '0000-01-01' }],
    });
    expect(yearZero.statusCode).toBe(400);
    expect(yearZero.json().issues[0]).toMatchObject({ path: 'body.roles.0.startsOn' });
    for (const url of [
      '/api/compliance/statuses?asOf=0000-01-01',
      '/api/compliance/dashboard?asOf=0000-01-01',
      '/api/training/participation?from=0000-01-01',
      '/api/audit?from=0000-01-01T00:00:00Z',
    ])
      expect({ url, status: (await ines.get(url)).statusCode }).toEqual({ url, status: 400 });
  });
});
