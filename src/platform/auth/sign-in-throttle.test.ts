import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttemptHistory,
  addressKey,
  describeWait,
  THROTTLE,
  throttleFor,
  waitAfter,
} from './sign-in-throttle.js';

// A fixed seed, so a failure can be replayed; FAST_CHECK_SEED and FAST_CHECK_RUNS explore further.
const runs = {
  seed: Number(process.env.FAST_CHECK_SEED ?? 1411),
  numRuns: Number(process.env.FAST_CHECK_RUNS ?? 200),
};
const NOW = Date.UTC(2026, 10, 2, 9, 0, 0);
const count = fc.record({
  failures: fc.nat({ max: 10_000 }),
  lastFailureAt: fc.option(fc.integer({ min: NOW - 48 * 3_600_000, max: NOW }), { nil: null }),
});
const history = fc.record({
  device: fc.option(count, { nil: null }),
  knownDevice: fc.constant(false),
  pair: count,
  address: count,
  account: count,
  knownAddress: fc.boolean(),
});
const none = { failures: 0, lastFailureAt: null };

describe('sign-in throttle', () => {
  it('gives a few failures free, then doubles each wait up to the cap', () => {
    const waits = Array.from({ length: 16 }, (_, n) => waitAfter(n, THROTTLE.pair) / 1_000);
    expect(waits).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900]);
    fc.assert(
      fc.property(
        fc.nat({ max: 1e9 }),
        fc.constantFrom('device', 'pair', 'address', 'account' as const),
        (n, rule) => {
          const limits = THROTTLE[rule];
          expect(waitAfter(n + 1, limits)).toBeGreaterThanOrEqual(waitAfter(n, limits));
          expect(waitAfter(n, limits)).toBeLessThanOrEqual(limits.capMs);
        },
      ),
      runs,
    );
  });

  it('never keeps the real user out of an address they have signed in from, whatever others do', () => {
    fc.assert(
      fc.property(history, (h) => {
        // The user's own address: no failures of theirs there since they last signed in.
        expect(throttleFor({ ...h, pair: none, knownAddress: true }, NOW)).toBeNull();
      }),
      runs,
    );
  });

  it('never keeps the real user out in a browser they have signed in from, wherever it is, whatever others do', () => {
    fc.assert(
      fc.property(history, (h) => {
        expect(throttleFor({ ...h, device: none, knownDevice: true }, NOW)).toBeNull();
      }),
      runs,
    );
  });

  it('slows the real user at a new address by at most the short account cap, however large the attack', () => {
    fc.assert(
      fc.property(history, (h) => {
        const t = throttleFor({ ...h, pair: none, address: none, knownAddress: false }, NOW);
        expect(t?.waitMs ?? 0).toBeLessThanOrEqual(THROTTLE.account.capMs);
      }),
      runs,
    );
  });

  it('never asks anyone to wait longer than the longest cap', () => {
    const longest = Math.max(THROTTLE.pair.capMs, THROTTLE.address.capMs, THROTTLE.account.capMs);
    fc.assert(
      fc.property(history, (h: AttemptHistory) => {
        expect(throttleFor(h, NOW)?.waitMs ?? 0).toBeLessThanOrEqual(longest);
      }),
      runs,
    );
  });

  it('counts an IPv6 subscriber by its /64 and an IPv4-mapped address as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:0db8:0001:0002:ffff:1:2:3'));
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::ffff:10.0.0.7')).toBe('10.0.0.7');
    expect(addressKey('10.0.0.7')).toBe('10.0.0.7');
  });

  it('says how long to wait as a person would', () => {
    expect(describeWait(400)).toBe('1 second');
    expect(describeWait(40_200)).toBe('41 seconds');
    expect(describeWait(4 * 60_000 - 10)).toBe('4 minutes');
    expect(describeWait(15 * 60_000)).toBe('15 minutes');
  });
});
