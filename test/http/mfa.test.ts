import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionKey } from '../../src/platform/auth/auth.service.js';
import { findSession } from '../../src/platform/auth/session.repository.js';
import { totpAt } from '../../src/platform/auth/totp.js';
import { type Client, createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let address = 0;
/** The password step alone: the session cookie, and what is owed (204 when nothing is). */
async function password(email: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { email, password: PASSWORD },
    remoteAddress: `198.19.0.${address++}`,
  });
  const first = res.cookies.find((c) => c.name === 'concord_session')!.value;
  let cookie = first;
  const body = res.statusCode === 200 ? (res.json() as { secondFactor: string; csrfToken: string }) : null;
  // Like a browser, it keeps the cookie the server replaces once the second factor is given.
  const send = async (
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    csrf = body?.csrfToken ?? '',
  ) => {
    const answer = await t.app.inject({
      method,
      url,
      cookies: { concord_session: cookie },
      headers: { 'x-csrf-token': csrf },
      ...(payload ? { payload } : {}),
    });
    cookie = answer.cookies.find((c) => c.name === 'concord_session')?.value ?? cookie;
    return answer;
  };
  return {
    status: res.statusCode,
    owed: body?.secondFactor ?? null,
    send,
    cookie: first,
    current: () => cookie,
  };
}

/** Enrols an authenticator from a signed-in client; answers the secret and the recovery codes. */
async function enrol(client: Client) {
  const started = await client.post('/api/auth/mfa/enrolment');
  expect(started.statusCode).toBe(200);
  const { secret, otpauthUrl, qrSvg } = started.json();
  expect(otpauthUrl).toContain(`secret=${secret}`);
  expect(qrSvg).toContain('<svg');
  const confirmed = await client.post('/api/auth/mfa/enrolment/confirm', {
    code: totpAt(secret, Date.now()),
  });
  expect(confirmed.statusCode).toBe(200);
  return { secret: secret as string, recoveryCodes: confirmed.json().recoveryCodes as string[] };
}

async function enrolledUser() {
  const org = await t.org();
  const made = await t.user([{ orgId: org.id, role: 'care_coordinator' }]);
  const client = await t.signIn(made.email);
  return { ...made, org, client, ...(await enrol(client)) };
}

describe('two-step sign-in', () => {
  it('enrols with a code from the app, then asks for a code after the password, and takes each code once', async () => {
    const { email, secret, recoveryCodes, client, user } = await enrolledUser();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    // The secret is never readable again: the status says nothing of it and enrolment cannot restart.
    const status = await client.get('/api/auth/mfa');
    expect(status.json()).toEqual({ enabled: true, required: false, recoveryCodesLeft: 10 });
    expect(status.body).not.toContain(secret);
    expect((await client.post('/api/auth/mfa/enrolment')).json().code).toBe('MFA_ALREADY_ON');

    const first = await password(email);
    expect(first).toMatchObject({ status: 200, owed: 'code' });
    // Half signed in: nothing but the code or signing out.
    expect((await first.send('GET', '/api/auth/session')).json().code).toBe('MFA_PENDING');
    expect((await first.send('GET', '/api/people')).statusCode).toBe(401);
    expect((await first.send('POST', '/api/auth/mfa/recovery-codes', { code: '1' })).json().code).toBe(
      'MFA_PENDING',
    );
    // The code the enrolment used is spent; the next step's code (a phone a little fast) is accepted.
    const spent = await first.send('POST', '/api/auth/mfa/verify', { code: totpAt(secret, Date.now()) });
    const next = totpAt(secret, Date.now() + 30_000);
    if (spent.statusCode !== 204) {
      expect(spent.json()).toMatchObject({ code: 'MFA_CODE_WRONG', issues: [{ path: 'code' }] });
      expect((await first.send('POST', '/api/auth/mfa/verify', { code: next })).statusCode).toBe(204);
    }
    // The verified session works, with a new CSRF token; the old one no longer writes.
    const session = await first.send('GET', '/api/auth/session');
    expect(session.statusCode).toBe(200);
    const csrf = session.json().csrfToken as string;
    expect(
      (await first.send('POST', '/api/auth/switch-organisation', { orgId: crypto.randomUUID() })).json().code,
    ).toBe('CSRF_INVALID');

    // Replay: the code just used does not finish another sign-in.
    const second = await password(email);
    const replay = await second.send('POST', '/api/auth/mfa/verify', { code: next });
    expect(replay.json().code).toBe('MFA_CODE_WRONG');
    expect(csrf).toBeTruthy();
    const actions = (await auditEntries(t.database.system, { entityId: user.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['mfa.enrolled', 'mfa.verified', 'sign-in.code-wrong']));
  });

  it('takes a recovery code once, in any case and spacing, and counts what is left', async () => {
    const { email, recoveryCodes, user } = await enrolledUser();
    const first = await password(email);
    const typed = ` ${recoveryCodes[3]!.toUpperCase().replace('-', ' ')} `;
    expect((await first.send('POST', '/api/auth/mfa/verify', { code: typed })).statusCode).toBe(204);
    const again = await password(email);
    expect((await again.send('POST', '/api/auth/mfa/verify', { code: recoveryCodes[3] })).statusCode).toBe(
      400,
    );
    expect((await first.send('GET', '/api/auth/mfa')).json().recoveryCodesLeft).toBe(9);
    const used = await auditEntries(t.database.system, {
      entityId: user.id,
      action: 'mfa.recovery-code-used',
    });
    expect(used).toHaveLength(1);
  });

  it('makes a sixth wrong code in a row wait, even with a right code, and says how long', async () => {
    const { email, secret } = await enrolledUser();
    const s = await password(email);
    for (let i = 0; i < 5; i++)
      expect((await s.send('POST', '/api/auth/mfa/verify', { code: '000000' })).statusCode).toBe(400);
    const locked = await s.send('POST', '/api/auth/mfa/verify', {
      code: totpAt(secret, Date.now() + 30_000),
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.json().message).toMatch(/Try again in \d+ seconds/);
  });

  it('refuses the code step without the CSRF token of the half session', async () => {
    const { email, secret } = await enrolledUser();
    const s = await password(email);
    const res = await s.send('POST', '/api/auth/mfa/verify', { code: totpAt(secret, Date.now()) }, 'forged');
    expect(res.json().code).toBe('CSRF_INVALID');
  });

  it('sends a system administrator to enrol after the password, and will not let them turn it off', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }], { systemAdmin: true });
    const s = await password(email);
    expect(s).toMatchObject({ status: 200, owed: 'enrol' });
    expect((await s.send('GET', '/api/organisations')).json().code).toBe('MFA_PENDING');
    // Owing the second factor, the session lasts a quarter of an hour; given, its full life.
    const lifeMinutes = async () => {
      const found = (await findSession(t.database.system, sessionKey(s.current())))!.session;
      return Math.round((found.expiresAt.getTime() - found.createdAt.getTime()) / 60_000);
    };
    expect(await lifeMinutes()).toBe(15);
    const { secret } = (await s.send('POST', '/api/auth/mfa/enrolment')).json();
    const done = await s.send('POST', '/api/auth/mfa/enrolment/confirm', {
      code: totpAt(secret, Date.now()),
    });
    expect(done.json().recoveryCodes).toHaveLength(10);
    expect(await lifeMinutes()).toBeGreaterThan(60);
    // The session has a new cookie: the one from before the second factor is worth nothing now.
    expect(s.current()).not.toBe(s.cookie);
    const stale = await t.app.inject({
      method: 'GET',
      url: '/api/auth/session',
      cookies: { concord_session: s.cookie },
    });
    expect(stale.statusCode).toBe(401);
    const csrf = (await s.send('GET', '/api/auth/session')).json().csrfToken;
    const off = await s.send(
      'POST',
      '/api/auth/mfa/disable',
      { code: totpAt(secret, Date.now() + 30_000) },
      csrf,
    );
    expect(off.json().code).toBe('MFA_REQUIRED');
    expect((await password(email)).owed).toBe('code');
  });

  it('turns off with a current code, and regenerates recovery codes, when not required', async () => {
    const { email, secret, client, user } = await enrolledUser();
    const fresh = await client.post('/api/auth/mfa/recovery-codes', {
      code: totpAt(secret, Date.now() + 30_000),
    });
    expect(fresh.json().recoveryCodes).toHaveLength(10);
    expect((await client.post('/api/auth/mfa/disable', { code: '123456' })).statusCode).toBe(400);
    // Both codes near now are spent; a minute later the app shows a new one.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    try {
      const off = await client.post('/api/auth/mfa/disable', { code: totpAt(secret, Date.now()) });
      expect(off.statusCode).toBe(204);
      expect((await password(email)).status).toBe(204);
    } finally {
      vi.useRealTimers();
    }
    const actions = (await auditEntries(t.database.system, { entityId: user.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['mfa.recovery-codes-regenerated', 'mfa.disabled']));
  });

  it('accepts the code of a phone whose clock is 30 seconds off, either way, and not 90', async () => {
    const { email, secret } = await enrolledUser();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 120_000 });
    try {
      const s = await password(email);
      expect(
        (await s.send('POST', '/api/auth/mfa/verify', { code: totpAt(secret, Date.now() + 90_000) }))
          .statusCode,
      ).toBe(400);
      expect(
        (await s.send('POST', '/api/auth/mfa/verify', { code: totpAt(secret, Date.now() - 30_000) }))
          .statusCode,
      ).toBe(204);
      const later = await password(email);
      expect(
        (await later.send('POST', '/api/auth/mfa/verify', { code: totpAt(secret, Date.now() + 30_000) }))
          .statusCode,
      ).toBe(204);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets an organisation’s administrator reset someone there, audited, and not another organisation’s', async () => {
    const { email, org, user } = await enrolledUser();
    const admin = await t.signIn((await t.user([{ orgId: org.id, role: 'org_admin' }])).email);
    const otherAdmin = await t.signIn(
      (await t.user([{ orgId: (await t.org()).id, role: 'org_admin' }])).email,
    );
    const staff = await t.signIn((await t.user([{ orgId: org.id, role: 'provider_staff' }])).email);
    const personId = user.personId;
    expect((await otherAdmin.post('/api/auth/mfa/reset', { personId })).statusCode).toBe(403);
    expect((await staff.post('/api/auth/mfa/reset', { personId })).statusCode).toBe(403);
    expect((await admin.post('/api/auth/mfa/reset', { personId })).statusCode).toBe(204);
    expect((await password(email)).status).toBe(204);
    const [reset] = await auditEntries(t.database.system, { entityId: user.id, action: 'mfa.reset' });
    expect(reset).toBeDefined();
  });

  it('asks everyone holding a role at an organisation that requires it, once its administrator switches it on', async () => {
    const org = await t.org();
    const admin = await t.signIn((await t.user([{ orgId: org.id, role: 'org_admin' }])).email);
    const { email } = await t.user([{ orgId: org.id, role: 'care_coordinator' }]);
    expect((await password(email)).status).toBe(204);
    const staff = await t.signIn((await t.user([{ orgId: org.id, role: 'provider_staff' }])).email);
    const refused = await staff.patch(
      `/api/organisations/${org.id}`,
      { requireMfa: true },
      { 'if-match': '"1"' },
    );
    expect(refused.statusCode).toBe(403);
    const on = await admin.patch(`/api/organisations/${org.id}`, { requireMfa: true }, { 'if-match': '"1"' });
    expect(on.json()).toMatchObject({ requireMfa: true });
    const [audited] = await auditEntries(t.database.system, { entityId: org.id, action: 'update' });
    expect(audited?.details.fields).toContain('requireMfa');
    const s = await password(email);
    expect(s).toMatchObject({ status: 200, owed: 'enrol' });
    expect((await s.send('GET', '/api/people')).json().code).toBe('MFA_PENDING');
  });
});
