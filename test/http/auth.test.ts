import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('sets a Secure, HttpOnly, SameSite=Strict session cookie and reports the organisations', async () => {
    const org = await t.org({ name: 'Lowell Community Partners', kind: 'cp_bh' });
    const { email } = await t.user([{ orgId: org.id, role: 'care_coordinator' }]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: email.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(204);
    const cookie = res.cookies.find((c) => c.name === 'concord_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    // The device cookie: sent back only to sign-in, for 90 days, and kept at sign-out (decision 017).
    const device = res.cookies.find((c) => c.name === 'concord_device')!;
    expect(device).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/api/auth/sign-in',
      maxAge: 90 * 86_400,
    });
    expect(device.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password: PASSWORD },
      cookies: { concord_device: device.value },
    });
    expect(again.cookies.find((c) => c.name === 'concord_device')?.value).toBe(device.value);
    const session = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      cookies: { concord_session: cookie.value },
    });
    expect(session.json()).toMatchObject({
      orgId: org.id,
      roles: ['care_coordinator'],
      memberships: [{ orgName: 'Lowell Community Partners' }],
    });
  });

  it('gives the same answer for a wrong password and an unknown e-mail', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'rn' }]);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'nobody@test.example', password: 'whatever' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('keeps an attacker at one address from locking the real user out at theirs', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const signIn = (password: string, remoteAddress: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { email, password }, remoteAddress });
    expect((await signIn(PASSWORD, '192.0.2.10')).statusCode).toBe(204);
    for (let i = 0; i < 12; i++) await signIn(`guess ${i}`, '198.51.100.66');
    expect((await signIn(PASSWORD, '192.0.2.10')).statusCode).toBe(204);
  });

  it('answers a throttled attempt with 429, Retry-After and when to try again, and audits it', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'rn' }]);
    // Fifteen wrong passwords from one address in the last minute: the pair's wait is at its cap.
    await t.database.system.execute(
      sql`insert into login_attempts (email, ip, succeeded, at)
        select ${email}, '203.0.113.5', false, now() - interval '1 minute' from generate_series(1, 15)`,
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: email.toUpperCase(), password: PASSWORD },
      remoteAddress: '203.0.113.5',
    });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('AUTH_RATE_LIMITED');
    expect(res.json().message).toMatch(
      /too many wrong passwords for this account from your network\. Try again in 14 minutes\./,
    );
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(13 * 60);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(14 * 60);
    const [audited] = (await auditEntries(t.database.system, { action: 'sign-in.throttled' })).filter(
      (e) => e.details?.email === email,
    );
    expect(audited?.details).toMatchObject({ ip: '203.0.113.5', rule: 'pair' });
  });

  it('finds the account however its address is spelled, and counts every spelling as one account', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'rn' }]);
    const fullWidth = email.replace(/[a-z]/, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const signIn = (address: string, password: string, remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress,
        payload: { email: address, password },
      });
    expect((await signIn(fullWidth, PASSWORD, '10.9.0.1')).statusCode).toBe(204);
    const invisible = await signIn(`\u200b${email}`, PASSWORD, '10.9.0.1');
    expect(invisible.statusCode).toBe(400);
    expect(invisible.json().issues[0].path).toBe('body.email');
    // Five wrong guesses spelled five ways from one address: the sixth waits, as for one spelling.
    for (const spelling of [email, email.toUpperCase(), fullWidth, ` ${email} `, email.toUpperCase()])
      expect((await signIn(spelling, 'wrong guess', '10.9.0.2')).statusCode).toBe(401);
    expect((await signIn(email, 'wrong guess', '10.9.0.2')).statusCode).toBe(429);
  });

  it('names the field of a malformed request and never shows a stack trace', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { email: 'not-an-email', password: '' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues.map((i: { path: string }) => i.path)).toEqual(['body.email', 'body.password']);
    const garbage = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.body).not.toMatch(/at .*\.js/);
  });
});

describe('sessions', () => {
  it('refuses the API without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/people' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('NOT_AUTHENTICATED');
  });

  it('requires the CSRF token on every change', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const client = await t.signIn(email);
    const payload = { kind: 'network_contract', otherOrgId: org.id, startsOn: '2026-01-01' };
    const none = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/service-areas`,
      cookies: { concord_session: client.cookie },
      payload,
    });
    const wrong = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/service-areas`,
      cookies: { concord_session: client.cookie },
      headers: { 'x-csrf-token': 'x'.repeat(32) },
      payload,
    });
    expect(none.statusCode).toBe(403);
    expect(wrong.json().code).toBe('CSRF_INVALID');
  });

  it('ends a session at sign-out, after 30 idle minutes, and after the absolute limit', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'rn' }]);
    const signedOut = await t.signIn(email);
    expect((await signedOut.post('/api/auth/sign-out')).statusCode).toBe(204);
    expect((await signedOut.get('/api/auth/session')).statusCode).toBe(401);

    const idle = await t.signIn(email);
    await t.database.system.execute(
      sql`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = (select id from users where email = ${email}) and revoked_at is null`,
    );
    const res = await idle.get('/api/auth/session');
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_SESSION_EXPIRED');

    const old = await t.signIn(email);
    await t.database.system.execute(
      sql`update sessions set expires_at = now() - interval '1 second' where user_id = (select id from users where email = ${email}) and revoked_at is null`,
    );
    expect((await old.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('refuses a cached session at once when it is signed out, idle too long or past its limit', async () => {
    const cached = await createTestApp({ env: { CONCORD_SESSION_CACHE_MS: '60000' } });
    try {
      const org = await cached.org();
      const { email } = await cached.user([{ orgId: org.id, role: 'rn' }]);
      const signedOut = await cached.signIn(email);
      expect((await signedOut.get('/api/auth/session')).statusCode).toBe(200);
      expect((await signedOut.post('/api/auth/sign-out')).statusCode).toBe(204);
      expect((await signedOut.get('/api/auth/session')).statusCode).toBe(401);

      const idle = await cached.signIn(email);
      expect((await idle.get('/api/auth/session')).statusCode).toBe(200);
      // Only the clock moves: the session is still in the cache (kept a minute here, by the real clock).
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31 * 60_000 });
      try {
        const res = await idle.get('/api/auth/session');
        expect(res.statusCode).toBe(401);
        expect(res.json().code).toBe('AUTH_SESSION_EXPIRED');
      } finally {
        vi.useRealTimers();
      }
    } finally {
      await cached.close();
    }
  });

  it('switches only to organisations where the user holds a role', async () => {
    const a = await t.org({ name: 'A clinic' });
    const b = await t.org({ name: 'B clinic' });
    const other = await t.org();
    const { email } = await t.user([
      { orgId: a.id, role: 'rn' },
      { orgId: b.id, role: 'org_admin' },
    ]);
    const client = await t.signIn(email);
    const before = client.csrf;
    await client.switchTo(b.id);
    // A page still open for the organisation acted for before cannot write for the new one.
    expect(client.csrf).not.toBe(before);
    const stale = await t.app.inject({
      method: 'POST',
      url: '/api/auth/switch-organisation',
      cookies: { concord_session: client.cookie },
      headers: { 'x-csrf-token': before },
      payload: { orgId: a.id },
    });
    expect(stale.statusCode).toBe(403);
    expect(stale.json().code).toBe('CSRF_INVALID');
    expect((await client.get('/api/auth/session')).json()).toMatchObject({
      orgId: b.id,
      roles: ['org_admin'],
    });
    const refused = await client.post('/api/auth/switch-organisation', { orgId: other.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('AUTH_NOT_A_MEMBER');
  });
});

describe('the platform', () => {
  it('serves health, the OpenAPI document and security headers', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok', database: t.database.kind });
    // The API's answers: never stored, never rendered or framed, whatever the path's spelling or the outcome.
    for (const url of [
      '/api/health',
      '/api/people',
      '/api/nothing-here',
      '/%61pi/people',
      '/fhir/R4/Patient',
    ]) {
      const answer = await t.app.inject({ method: 'GET', url });
      expect(answer.headers['cache-control'], url).toBe('no-store');
      expect(answer.headers['content-security-policy'], url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(answer.headers['x-content-type-options'], url).toBe('nosniff');
      expect(answer.headers['x-frame-options'], url).toBe('DENY');
      expect(answer.headers['strict-transport-security'], url).toMatch(/^max-age=\d+/);
      expect(answer.headers['referrer-policy'], url).toBe('no-referrer');
    }
    // Pages and the API reference get the document's set.
    for (const url of ['/training', '/docs/json']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.headers['cross-origin-opener-policy'], url).toBe('same-origin');
      expect(page.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(page.headers['cache-control'], url).toBeUndefined();
    }
    const page = await t.app.inject({ method: 'GET', url: '/training' });
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const doc = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(doc.json().openapi).toBe('3.1.0');
    expect(Object.keys(doc.json().paths)).toContain('/api/people/{id}');
  });
});
