import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, stepAt, totpAt } from './totp.js';

// RFC 6238 appendix B: the SHA-1 key is the ASCII "12345678901234567890", codes of 8 digits.
const RFC_KEY = Buffer.from('12345678901234567890');
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP', () => {
  it.each(RFC_VECTORS)('gives RFC 6238’s code at %i seconds', (seconds, code) => {
    expect(hotp(RFC_KEY, stepAt(seconds * 1_000), 8)).toBe(code);
  });

  it('gives the six-digit tail of the RFC code in the usual app setting', () => {
    const secret = base32Encode(RFC_KEY);
    expect(totpAt(secret, 59_000)).toBe('287082');
    expect(base32Decode(secret).equals(RFC_KEY)).toBe(true);
  });

  it('reads a secret typed by hand with spaces and lower case', () => {
    const secret = base32Encode(RFC_KEY);
    const spaced = secret.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(base32Decode(spaced).equals(RFC_KEY)).toBe(true);
  });

  it('accepts a code from the step before or after, for a phone whose clock is off, and no further', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    // The phone's clock runs 30 seconds fast, then slow, then 90 seconds fast.
    expect(matchTotp(secret, totpAt(secret, now + 30_000), now, null)).toBe(stepAt(now) + 1);
    expect(matchTotp(secret, totpAt(secret, now - 30_000), now, null)).toBe(stepAt(now) - 1);
    expect(matchTotp(secret, totpAt(secret, now + 90_000), now, null)).toBeNull();
    expect(matchTotp(secret, totpAt(secret, now - 90_000), now, null)).toBeNull();
  });

  it('refuses a code at or before the step last used, so a code works once', () => {
    const secret = newTotpSecret();
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const code = totpAt(secret, now);
    const step = matchTotp(secret, code, now, null);
    expect(step).toBe(stepAt(now));
    expect(matchTotp(secret, code, now + 5_000, step)).toBeNull();
    expect(matchTotp(secret, totpAt(secret, now + 30_000), now + 30_000, step)).toBe(stepAt(now) + 1);
  });

  it('refuses what is not six digits', () => {
    const secret = newTotpSecret();
    expect(matchTotp(secret, 'abcdef', Date.now(), null)).toBeNull();
    expect(matchTotp(secret, '12345', Date.now(), null)).toBeNull();
  });
});
