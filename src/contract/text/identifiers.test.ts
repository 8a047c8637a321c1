import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invisibleInserts, propertyRuns, withInvisible } from '../../../test/support/invisible.js';
import { installPlainMessages } from '../../platform/http/plain-messages.js';
import {
  emailKey,
  emailSchema,
  nameProblem,
  nameSchema,
  normaliseEmail,
  normaliseNpi,
  scriptsOf,
} from './identifiers.js';

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
    expect(normaliseEmail(`${'a'.repeat(320)}@example.org`).problem).toMatch(
      /Shorten the e-mail address to 320 characters/,
    );
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
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'Shorten the e-mail address to 320 characters or fewer',
    ]);
  });
});

describe('addresses that mix alphabets', () => {
  it('refuses a Cyrillic or Greek letter among Latin ones, naming the alphabets and the part', () => {
    // "а" (U+0430) and "ο" (U+03BF) look exactly like the Latin a and o.
    expect(normaliseEmail('m\u0430ria@example.org').problem).toMatch(
      /mixes letters from different alphabets \(Latin and Cyrillic\) in "m\u0430ria"/,
    );
    expect(normaliseEmail('maria@exampl\u03BFe.org').problem).toMatch(/\(Latin and Greek\)/);
    expect(normaliseEmail('maria@example.\u043Erg').problem).toMatch(/Cyrillic/);
  });

  it('keeps an address written in one alphabet per part, and the mixes CJK writing uses', () => {
    for (const ok of [
      'иван@пример.рф',
      'ivan@пример.рф',
      'josé.núñez@example.org',
      '山田taro@example.jp',
      'maria.1975@example.org',
    ])
      expect(normaliseEmail(ok).problem, ok).toBeNull();
  });

  it('refuses phonetic letters that pass for Latin ones, and checks a domain written as xn-- as its letters', () => {
    expect(normaliseEmail('mar\u026Aa@example.org').problem).toMatch(/U\+026A.*phonetic letter/);
    expect(normaliseEmail('m\u1D00ria@example.org').problem).toMatch(/phonetic letter/);
    // "bоstoncommunityhealth" with a Cyrillic о, in its ASCII form.
    expect(normaliseEmail('zz9@xn--bstoncommunityhealth-3oq.example').problem).toMatch(/Latin and Cyrillic/);
    expect(normaliseEmail('ivan@xn--e1afmkfd.xn--p1ai').problem).toBeNull(); // пример.рф
  });

  it('finds the scripts letters are written in, ignoring digits and punctuation', () => {
    expect([...scriptsOf('ab-1.2ж')]).toEqual(['Latin', 'Cyrillic']);
    expect(scriptsOf('123-_').size).toBe(0);
  });

  it('refuses any single Cyrillic or Greek look-alike put into a Latin address', () => {
    const lookAlikes = ['\u0430', '\u0435', '\u043E', '\u0440', '\u0441', '\u0445', '\u03BF', '\u03B1'];
    fc.assert(
      fc.property(fc.emailAddress(), fc.constantFrom(...lookAlikes), fc.nat(), (address, c, at) => {
        const [local, domain] = [
          address.slice(0, address.lastIndexOf('@')),
          address.slice(address.lastIndexOf('@')),
        ];
        // Beside a Latin letter, so that the letter's part of the address holds both alphabets.
        const letters = [...local.matchAll(/[a-z]/g)].map((m) => m.index);
        if (letters.length === 0) return;
        const i = letters[at % letters.length]!;
        const spoofed = `${local.slice(0, i)}${c}${local.slice(i)}${domain}`;
        expect(normaliseEmail(spoofed).problem).toMatch(/alphabets/);
      }),
      propertyRuns(),
    );
  });
});

describe('people’s names', () => {
  it('refuses characters that hide or reorder letters, naming them', () => {
    for (const c of [
      '\u202E',
      '\u202D',
      '\u2066',
      '\u2069',
      '\u200B',
      '\u200E',
      '\u200F',
      '\uFEFF',
      '\u2060',
      '\u00AD',
      '\u061C',
    ])
      expect(nameProblem(`Ma${c}ria`), JSON.stringify(c)).toMatch(/invisible character \(U\+[0-9A-F]{4}\)/);
    expect(nameProblem('Jos\uFFFD')).toMatch(/wrong encoding/);
    // Fillers that show as blank, tag characters and variation selectors draw nothing either.
    for (const c of ['\u3164', '\u{E0041}', '\uFE0F', '\u115F', '\u034F'])
      expect(nameProblem(`Ana${c}`), JSON.stringify(c)).toMatch(/invisible character/);
    expect(nameProblem(`A${'\u0301'.repeat(90)}`)).toMatch(/four or more accents/);
    expect(nameProblem('Nguy\u1EC5n Th\u1ECB')).toBeNull();
    expect(nameProblem('Nguye\u0302\u0303n')).toBeNull();
  });

  it('keeps names in any script, with the joiners Persian and Indic names need', () => {
    for (const ok of [
      'María José',
      'O’Brien-Núñez',
      'محمد',
      'نام\u200Cخانوادگی',
      'क्\u200Dष',
      '김민준',
      'Nguyễn',
    ])
      expect(nameProblem(ok), ok).toBeNull();
  });

  it('trims, requires and composes (NFC) a name in a request', () => {
    expect(nameSchema().parse('  Jose\u0301 ')).toBe('José');
    installPlainMessages();
    expect(
      z.object({ givenName: nameSchema() }).safeParse({ givenName: '  ' }).error?.issues[0]?.message,
    ).toBe('Enter a given name');
    expect(nameSchema().safeParse('Ana\u202Egnirts').success).toBe(false);
  });
});
