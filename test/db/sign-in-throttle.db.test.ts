import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipLoader } from '../../src/domains/people/index.js';
import { SignInThrottledError } from '../../src/platform/auth/auth.errors.js';
import { createAuthService } from '../../src/platform/auth/auth.service.js';
import { THROTTLE } from '../../src/platform/auth/sign-in-throttle.js';
import { createTestApp, PASSWORD, type TestContext } from '../support/app.js';
import { auditEntries } from '../support/database-facts.js';

/**
 * Sign-in throttling against a real database, with a clock the test moves: an attacker who retries the
 * moment each wait ends, and the real user elsewhere.
 */
let t: TestContext;
let clock = Date.now();
let auth: ReturnType<typeof createAuthService>;
beforeAll(async () => {
  t = await createTestApp();
  auth = createAuthService({
    database: t.database,
    audit: t.services.audit,
    memberships: membershipLoader(t.database),
    policy: { idleMinutes: 30, absoluteHours: 12, cacheMs: 0 },
    now: () => clock,
  });
});
afterAll(() => t.close());

let n = 0;
/** An address no other test uses. */
const address = () => `10.${20 + (n >> 8)}.${n++ % 256}.9`;

/** The device cookie each successful attempt was given, last first. */
const devices: string[] = [];

/** One attempt: 'ok', 'wrong', or the wait in seconds that it was refused with. */
async function attempt(
  email: string,
  password: string,
  ip: string,
  device?: string,
): Promise<'ok' | 'wrong' | number> {
  try {
    const { deviceToken } = await auth.signIn({ email, password }, { ip, userAgent: 'test' }, device);
    devices.unshift(deviceToken);
    return 'ok';
  } catch (err) {
    if (err instanceof SignInThrottledError) return err.retryAfterSeconds;
    if ((err as { code?: string }).code === 'AUTH_INVALID_CREDENTIALS') return 'wrong';
    throw err;
  }
}

/** An attacker who tries again as soon as each wait is over; returns the waits they were given. */
async function attack(emails: string[], ips: string | string[], tries: number): Promise<number[]> {
  const from = [ips].flat();
  const waits: number[] = [];
  for (let i = 0; i < tries; i++) {
    const result = await attempt(emails[i % emails.length]!, `guess ${i}`, from[i % from.length]!);
    if (typeof result === 'number') {
      waits.push(result);
      clock += result * 1_000;
    } else expect(result).toBe('wrong');
  }
  return waits;
}

describe('sign-in throttling', () => {
  it('lets the real user in while an attacker elsewhere keeps guessing their password', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const home = address();
    expect(await attempt(email, PASSWORD, home)).toBe('ok');

    // Someone guesses from one address all day, retrying the moment they may; others guess from fifty.
    await attack([email], address(), 40);
    const botnet = Array.from({ length: 50 }, address);
    const waits = await attack([email], botnet, 60);
    expect(Math.max(...waits)).toBe(THROTTLE.account.capMs / 1_000);
    while ((await attempt(email, 'one more guess', botnet[0]!)) !== 'wrong') clock += 1_000;

    // At the address they have signed in from before, the real user is not slowed at all.
    expect(await attempt(email, PASSWORD, home)).toBe('ok');
    // From a new address they wait no longer than the short account cap, then get in.
    const fresh = address();
    const wait = await attempt(email, PASSWORD, fresh);
    expect(wait).toBe(THROTTLE.account.capMs / 1_000);
    clock += (wait as number) * 1_000;
    expect(await attempt(email, PASSWORD, fresh)).toBe('ok');
  });

  it('lets the real user in at once from a new address in a browser they signed in from before (device cookie)', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    expect(await attempt(email, PASSWORD, address())).toBe('ok');
    const browser = devices[0]!;
    // Spread guessing keeps every stranger's attempt at the account waiting...
    const botnet = Array.from({ length: 50 }, address);
    await attack([email], botnet, 60);
    while ((await attempt(email, 'one more guess', botnet[0]!)) !== 'wrong') clock += 1_000;
    expect(await attempt(email, PASSWORD, address())).toBeTypeOf('number');
    // ...and a made-up device cookie is a stranger's.
    expect(await attempt(email, PASSWORD, address(), 'A'.repeat(43))).toBeTypeOf('number');
    // The browser that signed in before is let in from a hotel's network, first time, keeping its cookie.
    expect(await attempt(email, PASSWORD, address(), browser)).toBe('ok');
    expect(devices[0]).toBe(browser);
    // It is slowed only by its own failures: the cookie stolen and guessed with is one browser's count.
    const waits: number[] = [];
    clock += 10;
    for (let i = 0; i < 8; i++) {
      const r = await attempt(email, `stolen cookie ${i}`, address(), browser);
      if (typeof r === 'number') waits.push(r);
      clock += 10;
    }
    expect(waits).toEqual([1, 1, 1]);
  });

  it('makes the attacker wait longer after each failure, up to the cap, and no longer', async () => {
    const org = await t.org();
    const { email } = await t.user([{ orgId: org.id, role: 'org_admin' }]);
    const ip = address();
    const waits = await attack([email], ip, 40);
    expect(waits.slice(0, 8)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]!);
    expect(Math.max(...waits)).toBe(THROTTLE.pair.capMs / 1_000);

    // While a wait runs even the right password is refused (it is not checked), and no attempt made
    // during the wait lengthens it.
    expect(await attempt(email, `guess again`, ip)).toBe('wrong');
    const wait = await attempt(email, PASSWORD, ip);
    expect(wait).toBe(THROTTLE.pair.capMs / 1_000);
    clock += 60_000;
    expect(await attempt(email, PASSWORD, ip)).toBe((wait as number) - 60);
    // When the wait ends, the right password works: the account was never locked.
    clock += (wait as number) * 1_000;
    expect(await attempt(email, PASSWORD, ip)).toBe('ok');
  });

  it('slows credential stuffing across many accounts from one address, but not its own users', async () => {
    const org = await t.org();
    const { email: regular } = await t.user([{ orgId: org.id, role: 'rn' }]);
    const office = address();
    expect(await attempt(regular, PASSWORD, office)).toBe('ok');
    const victims = Array.from({ length: 60 }, (_, i) => `stuffed.${n}.${i}@elsewhere.example`);
    const started = clock;
    const waits = await attack(victims, office, 60);
    // Ten free, then 1 s, 2 s, 4 s … up to the address cap, though no account was tried twice.
    expect(waits.slice(0, 10)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
    expect(Math.max(...waits)).toBe(THROTTLE.address.capMs / 1_000);
    const guesses = 60 - waits.length;
    const hours = (clock - started) / 3_600_000;
    expect(guesses / hours).toBeLessThan(40);
    // Someone who signs in from that address regularly is not held up by it.
    expect(await attempt(regular, PASSWORD, office)).toBe('ok');
  });

  it('records every refused attempt in the audit trail with the address and the wait', async () => {
    const email = `audited.${n}@elsewhere.example`;
    const ip = address();
    await attack([email], ip, 9);
    const found = (await auditEntries(t.database.system, { action: 'sign-in.throttled' })).filter(
      (e) => e.details?.email === email,
    );
    expect(found.map((r) => r.details)).toEqual([
      { email, ip, rule: 'pair', retryAfterSeconds: 1 },
      { email, ip, rule: 'pair', retryAfterSeconds: 2 },
    ]);
  });
});
