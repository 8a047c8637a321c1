import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkedRow } from '../../src/platform/db/client.js';
import { createTestApp, type TestContext } from '../support/app.js';

/**
 * Sam is a system administrator and an organisation administrator, so every change route would accept
 * Sam's requests. A page on another site can make Sam's browser send the session cookie but cannot read
 * the CSRF token, so every unsafe request without the token must be refused — however its path is
 * spelled, since the router decodes and the raw URL cannot be trusted to say where a request goes.
 */
let t: TestContext;
let cookie: string;
const ID = '00000000-0000-4000-8000-000000000001';

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.org();
  const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }], { systemAdmin: true });
  cookie = (await t.signIn(email)).cookie;
});
afterAll(() => t.close());

/** The same path as a browser or an attacker might spell it. */
function spellings(path: string): string[] {
  const rest = path.slice('/api/'.length);
  return [
    path,
    `/%61pi/${rest}`,
    `/api/${rest.replace(/[a-z]/, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    `//api/${rest}`,
    `/api/./${rest}`,
    `/./api/${rest}`,
    `/API/${rest}`,
    `${path};jsessionid=1`,
    `${path}/`,
    `${path}?x=1`,
  ];
}

async function changeCount() {
  const row = await checkedRow(
    t.database.system,
    z.object({ n: z.number() }),
    sql`select count(*)::int as n from audit_log where action not in ('read', 'sign-in', 'refused')`,
  );
  return row!.n;
}

describe('CSRF on every spelling of every unsafe route', () => {
  it('refuses each unsafe route in the OpenAPI document, spelled ten ways, without the token', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const publicRoutes = new Set(t.app.routeList.filter((r) => r.public).map((r) => `${r.method} ${r.url}`));
    const before = await changeCount();
    let tried = 0;
    const failures: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
        if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        const fastifyPath = template.replace(/\{(\w+)\}/g, ':$1');
        if (publicRoutes.has(`${method} ${fastifyPath}`)) continue;
        const path = template.replace(/\{\w+\}/g, ID);
        for (const url of spellings(path)) {
          const res = await t.app.inject({
            method: method as 'POST',
            url,
            cookies: { concord_session: cookie },
            payload: { givenName: 'Mallory', familyName: 'Forged', email: 'forged@test.example', roles: [] },
          });
          tried++;
          if (res.statusCode !== 403) failures.push(`${method} ${url} → ${res.statusCode}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(400);
    expect(await changeCount()).toBe(before);
  });

  it('still accepts the change with the token, and refuses a token from another session', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const mine = await t.signIn(email);
    const other = await t.signIn(email);
    const payload = {
      givenName: 'Ana',
      familyName: 'Real',
      email: `ana.${Date.now()}@test.example`,
      roles: [{ role: 'rn', startsOn: '2026-01-01' }],
    };
    const forged = await t.app.inject({
      method: 'POST',
      url: '/%61pi/people',
      cookies: { concord_session: mine.cookie },
      headers: { 'x-csrf-token': other.csrf },
      payload,
    });
    expect(forged.statusCode).toBe(403);
    expect((await mine.post('/%61pi/people', payload)).statusCode).toBe(201);
  });
});
