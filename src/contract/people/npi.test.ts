import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNpi, npiFromBase, npiProblem } from './npi.js';

describe('NPI check digit', () => {
  it('accepts the example from the CMS specification (1234567893)', () => {
    expect(isValidNpi('1234567893')).toBe(true);
  });

  it('rejects a mistyped digit, with a reason a person can act on', () => {
    expect(isValidNpi('1234567894')).toBe(false);
    expect(npiProblem('1234567894')).toMatch(/check digit/);
    expect(npiProblem('123456789')).toMatch(/10 digits/);
    expect(npiProblem('3234567893')).toMatch(/starts with 1 or 2/);
  });

  it('makes a valid NPI from any 9-digit base, and any single-digit change breaks it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100_000_000, max: 299_999_999 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 0, max: 9 }),
        (base, delta, position) => {
          const npi = npiFromBase(String(base));
          expect(isValidNpi(npi)).toBe(true);
          const digits = npi.split('');
          digits[position] = String((Number(digits[position]) + delta) % 10);
          const changed = digits.join('');
          // Luhn catches every single-digit error.
          if (/^[12]/.test(changed)) expect(isValidNpi(changed)).toBe(false);
        },
      ),
    );
  });
});
