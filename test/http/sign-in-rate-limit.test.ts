import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_REQUESTS_PER_MINUTE } from '../../src/platform/auth/sign-in-rate-limit.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const signIn = (remoteAddress: string, payload: object = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload, remoteAddress });

describe('the sign-in route limit per address (decision 043)', () => {
  it('cuts off a flood from one address with 429, Retry-After and when to try again', async () => {
    // Empty forms: the limit counts requests before anything is read, so a flood costs no password hash.
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_MINUTE; i++)
      expect((await signIn('203.0.113.77')).statusCode).toBe(400);
    const res = await signIn('203.0.113.77');
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'AUTH_RATE_LIMITED' });
    expect(res.json().message).toMatch(
      /^Too many sign-in attempts from your network\. Try again in \d+ seconds\.$/,
    );
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('limits every address apart: a person elsewhere signs in while one address floods', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'rn' }]);
    for (let i = 0; i <= SIGN_IN_REQUESTS_PER_MINUTE; i++) await signIn('203.0.113.88');
    expect((await signIn('203.0.113.88')).statusCode).toBe(429);
    expect((await signIn('192.0.2.31', { email, password: PASSWORD })).statusCode).toBe(204);
  });

  it('counts an IPv6 subscriber by its /64, so stepping through its addresses does not escape', async () => {
    for (let i = 0; i < SIGN_IN_REQUESTS_PER_MINUTE; i++) await signIn(`2001:db8:5:7::${i.toString(16)}`);
    expect((await signIn('2001:db8:5:7::ffff')).statusCode).toBe(429);
  });
});
