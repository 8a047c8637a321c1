import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invisibleInserts, propertyRuns, withInvisible } from '../../../test/support/invisible.js';
import { emailKey, emailSchema, normaliseEmail, normaliseNpi } from './identifiers.js';

describe('e-mail addresses as identifiers', () => {
  it('keeps a plain address as it is, lower-cased and trimmed', () => {
    expect(normaliseEmail('  Maria.Santos@Example.ORG ')).toEqual({
      value: 'maria.santos@example.org',
      problem: null,
    });
  });

  it('reads full-width letters as the plain ones (NFKC)', () => {
    expect(normaliseEmail('ｍａｒｉａ＠ｅｘａｍｐｌｅ．ｏｒｇ')).toEqual({
      value: 'maria@example.org',
      problem: null,
    });
  });

  it('refuses an invisible character, naming it, and keys the address as the visible one', () => {
    const zeroWidth = normaliseEmail('mar\u200Bia@example.org');
    expect(zeroWidth.value).toBe('maria@example.org');
    expect(zeroWidth.problem).toMatch(/invisible character \(U\+200B\).*type it again/);
    for (const c of [
      '\u200C',
      '\u200D',
      '\u2060',
      '\uFEFF',
      '\u00AD',
      '\u202E',
      '\u0000',
      '\u0007',
      '\u2028',
    ])
      expect(normaliseEmail(`maria${c}@example.org`).problem, JSON.stringify(c)).toMatch(/invisible/);
    expect(normaliseEmail('\uFEFFmaria@example.org\u200B').problem).toMatch(/U\+FEFF, U\+200B/);
  });

  it('refuses what is not an address, or two in one', () => {
    for (const bad of [
      '',
      'maria',
      'maria@',
      '@example.org',
      'maria@example',
      'a b@example.org',
      'a@x.org; b@x.org',
      'a@x.org,b@x.org',
      'maria@@example.org',
      'maria@example..org',
    ])
      expect(normaliseEmail(bad).problem, bad).not.toBeNull();
    expect(normaliseEmail(`${'a'.repeat(320)}@example.org`).problem).toMatch(/Longer than 320/);
  });

  it('gives any address with invisible characters inserted the same key as the address, and refuses it', () => {
    fc.assert(
      fc.property(fc.emailAddress(), invisibleInserts, (address, inserts) => {
        const clean = normaliseEmail(address);
        expect(clean.problem).toBeNull();
        const spoofed = normaliseEmail(withInvisible(address, inserts));
        expect(spoofed.problem).not.toBeNull();
        expect(spoofed.value).toBe(clean.value);
        expect(emailKey(withInvisible(address, inserts))).toBe(clean.value);
      }),
      propertyRuns(),
    );
  });

  it('is idempotent, and never keeps an invisible character, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        const once = normaliseEmail(text).value;
        expect(normaliseEmail(once).value).toBe(once);
        expect(once).not.toMatch(/[\p{Cc}\p{Cf}\p{Cs}\p{Default_Ignorable_Code_Point}]/u);
      }),
      propertyRuns(),
    );
  });

  it('refuses in a request body with the problem as the message', () => {
    const result = emailSchema.safeParse('mar\u200Bia@example.org');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/invisible character \(U\+200B\)/);
    expect(emailSchema.parse(' Maria@Example.org')).toBe('maria@example.org');
  });
});

describe('NPIs as identifiers', () => {
  it('reads full-width digits as plain ones, and refuses invisible characters', () => {
    expect(normaliseNpi('１２３４５６７８９３')).toEqual({ value: '1234567893', problem: null });
    expect(normaliseNpi(' 1234567893 ')).toEqual({ value: '1234567893', problem: null });
    const spoofed = normaliseNpi('12345\u200B67893');
    expect(spoofed.value).toBe('1234567893');
    expect(spoofed.problem).toMatch(/^The NPI contains an invisible character \(U\+200B\)/);
  });
});

describe('an e-mail far too long for an address', () => {
  it('is refused once, naming the limit', () => {
    const result = emailSchema.safeParse(`${'a'.repeat(10_000)}@example.org`);
    expect(result.error?.issues.map((i) => i.message)).toEqual(['Longer than 320 characters']);
  });
});
