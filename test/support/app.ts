import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { insertOrganisation } from '../../src/domains/organisations/index.js';
import { insertPerson, insertRole, type RoleKind } from '../../src/domains/people/index.js';
import { removeMfa } from '../../src/platform/auth/mfa.repository.js';
import { totpAt } from '../../src/platform/auth/totp.js';
import { testDatabase } from './database.js';

export const PASSWORD = 'correct horse battery staple';

export type TestContext = Awaited<ReturnType<typeof createTestApp>>;

/** A Concord app on its own fresh database, with factories and signed-in clients. */
export async function createTestApp(
  options: { web?: boolean; logger?: Logger; env?: NodeJS.ProcessEnv } = {},
) {
  const database = await testDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'concord-test-'));
  // No session cache unless asked for, so tests that age a session in the database see the effect at once.
  const loaded = loadConfig(options.env ?? {});
  const sessionCacheMs = options.env?.CONCORD_SESSION_CACHE_MS ? loaded.sessionCacheMs : 0;
  const config = { ...loaded, dataDir, cookieSecure: true, sessionCacheMs };
  let signIns = 0;
  const { app, services } = await buildApp({
    database,
    config,
    web: options.web ?? false,
    logger: options.logger ?? false,
  });
  let n = 0;
  const unique = () =>
    `${process.pid.toString(36)}${(n++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

  const ctx = {
    app,
    services,
    database,
    config,

    async org(values: Partial<Parameters<typeof insertOrganisation>[1]> = {}) {
      const code = `T-${unique()}`.toUpperCase();
      return insertOrganisation(database.system, {
        kind: 'provider',
        code,
        name: `Test organisation ${code}`,
        ...values,
      });
    },

    /** A person with a sign-in and roles at organisations (all starting in 2020). */
    async user(
      roles: { orgId: string; role: RoleKind; endsOn?: string }[],
      options: {
        systemAdmin?: boolean;
        homeOrgId?: string;
        email?: string;
        givenName?: string;
        familyName?: string;
      } = {},
    ) {
      const email = options.email ?? `user.${unique()}@test.example`;
      const homeOrgId = options.homeOrgId ?? roles[0]?.orgId ?? (await ctx.org()).id;
      const person = await insertPerson(database.system, {
        homeOrgId,
        givenName: options.givenName ?? 'Test',
        familyName: options.familyName ?? `User ${unique()}`,
        email,
      });
      for (const r of roles)
        await insertRole(database.system, {
          orgId: r.orgId,
          personId: person.id,
          role: r.role,
          startsOn: '2020-01-01',
          endsOn: r.endsOn,
        });
      const user = await services.auth.createUser({
        personId: person.id,
        email,
        password: PASSWORD,
        isSystemAdmin: options.systemAdmin,
      });
      return { email, person, user };
    },

    /** Signs in and returns a client that sends the cookie and CSRF token. */
    async signIn(email: string, password = PASSWORD) {
      // Each from its own address: a file signs in more people a minute than one address may (decision 043).
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email, password },
        remoteAddress: `198.18.${(signIns >> 8) & 255}.${signIns++ & 255}`,
      });
      if (res.statusCode !== 204 && res.statusCode !== 200)
        throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
      const first = res.cookies.find((c) => c.name === 'concord_session')!.value;
      // The session gets a new cookie once its second factor is given.
      const cookie = res.statusCode === 200 ? await ctx.enrolForTest(first, res.json()) : first;
      const session = await app.inject({
        method: 'GET',
        url: '/api/auth/session',
        cookies: { concord_session: cookie },
      });
      const csrf = session.json().csrfToken as string;
      return client(cookie, csrf);
    },

    /**
     * A person required to use two-step sign-in (a system administrator) sets an authenticator up, as the
     * web app asks right after the password, and it is then removed again: every sign-in by these helpers
     * enrols afresh, so no test waits for the next 30-second code. The MFA tests sign in on their own.
     * The session's new cookie.
     */
    async enrolForTest(cookie: string, owed: { secondFactor: string; csrfToken: string }) {
      if (owed.secondFactor !== 'enrol')
        throw new Error('This test user has an authenticator; sign in with the MFA tests’ own steps.');
      const headers = { 'x-csrf-token': owed.csrfToken };
      const cookies = { concord_session: cookie };
      const started = await app.inject({ method: 'POST', url: '/api/auth/mfa/enrolment', cookies, headers });
      const confirmed = await app.inject({
        method: 'POST',
        url: '/api/auth/mfa/enrolment/confirm',
        cookies,
        headers,
        payload: { code: totpAt(started.json().secret, Date.now()) },
      });
      if (confirmed.statusCode !== 200) throw new Error(`enrolment failed: ${confirmed.body}`);
      const renewed = confirmed.cookies.find((c) => c.name === 'concord_session')!.value;
      const session = await app.inject({
        method: 'GET',
        url: '/api/auth/session',
        cookies: { concord_session: renewed },
      });
      await removeMfa(database.system, session.json().userId);
      return renewed;
    },

    async close() {
      await app.close();
      await database.drop();
    },
  };

  function client(cookie: string, initialCsrf: string) {
    // Switching organisation issues a new token; like the web app, the client reads it again after.
    let csrf = initialCsrf;
    const send = (
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      app.inject({
        method,
        url,
        cookies: { concord_session: cookie },
        headers: { 'x-csrf-token': csrf, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    return {
      cookie,
      get csrf() {
        return csrf;
      },
      get: (url: string, headers?: Record<string, string>) => send('GET', url, undefined, headers),
      post: (url: string, payload?: unknown, headers?: Record<string, string>) =>
        send('POST', url, payload, headers),
      patch: (url: string, payload?: unknown, headers?: Record<string, string>) =>
        send('PATCH', url, payload, headers),
      put: (url: string, payload?: unknown, headers?: Record<string, string>) =>
        send('PUT', url, payload, headers),
      delete: (url: string, headers?: Record<string, string>) => send('DELETE', url, undefined, headers),
      async switchTo(orgId: string) {
        const res = await send('POST', '/api/auth/switch-organisation', { orgId });
        if (res.statusCode !== 204) throw new Error(`switch failed: ${res.body}`);
        csrf = (await send('GET', '/api/auth/session')).json().csrfToken;
      },
    };
  }
  return ctx;
}

export type Client = Awaited<ReturnType<TestContext['signIn']>>;
