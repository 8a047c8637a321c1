import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hiddenCharacter, readableProblem } from './readable.js';

const char = (point: number) => String.fromCodePoint(point);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => char(from + i));

/** Every character no text may hold. */
const HIDDEN = [
  ...range(0x202a, 0x202e),
  ...range(0x2066, 0x2069),
  '\u200b',
  ...range(0x2060, 0x2064),
  '\ufeff',
  '\u180e',
  ...range(0xe0000, 0xe007f),
  ...range(0xfdd0, 0xfdef),
  ...Array.from({ length: 17 }, (_, plane) => [
    char(plane * 0x10000 + 0xfffe),
    char(plane * 0x10000 + 0xffff),
  ]).flat(),
];

describe('text a reader must see as written', () => {
  it('is refused when it holds only invisible characters, or anything that reorders it', () => {
    for (const text of [
      '\u200b',
      '\u200b\u2060\ufeff',
      '\u00ad',
      'Approved \u202e devorppA',
      '\u202aok',
      'a\u2066b\u2069',
    ])
      expect(readableProblem(text), JSON.stringify(text)).not.toBeNull();
    expect(readableProblem('Approved \u2067devorppA\u2069')).toMatch(/reorder/);
    expect(readableProblem('zero\u200bwidth')).toMatch(/invisible character \(U\+200B\)/);
  });

  it('takes words in any script, with the joiners and direction marks a language needs', () => {
    for (const text of [
      'On leave until March',
      'Nguyễn Văn An',
      'مراجعة الحضور',
      'क्षमा',
      'می\u200cخواهم',
      '👩🏽\u200d⚕️ nurse',
      '\u200fמרים\u200f',
    ])
      expect(readableProblem(text), text).toBeNull();
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => /\p{L}/u.test(s) && hiddenCharacter(s) === null),
        (s) => readableProblem(s) === null,
      ),
    );
  });
});

describe('a character no text may hold', () => {
  it('is every bidirectional control, zero-width space, tag character and non-character, wherever it stands', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HIDDEN), fc.string(), fc.string(), (c, before, after) => {
        const found = hiddenCharacter(`${before.replace(/\p{Cf}|[\ufdd0-\ufdef]/gu, '')}${c}${after}`);
        expect(found?.code).toBe(`U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
      }),
    );
    expect(hiddenCharacter('ro\u202eetsv.csv')).toEqual({ code: 'U+202E', kind: 'reorders' });
    expect(hiddenCharacter('a\u2068b')).toEqual({ code: 'U+2068', kind: 'reorders' });
    expect(hiddenCharacter('a\u{e0041}')).toEqual({ code: 'U+E0041', kind: 'invisible' });
    expect(hiddenCharacter('a\u{10ffff}')).toEqual({ code: 'U+10FFFF', kind: 'noncharacter' });
    expect(hiddenCharacter('a\ufdd0')).toEqual({ code: 'U+FDD0', kind: 'noncharacter' });
  });

  it('is none of the joiners, direction marks, variation selectors or letters that text needs', () => {
    for (const text of [
      '\u200c',
      '\u200d',
      '\u200e',
      '\u200f',
      '\ufe0f',
      '\u00ad',
      'ÿ',
      '\ufffd',
      '\ufdcf',
      '\ufdf0',
    ])
      expect(hiddenCharacter(`a${text}b`), JSON.stringify(text)).toBeNull();
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !/[\p{Cf}\p{Cn}\p{Co}]/u.test(s)),
        (s) => hiddenCharacter(s) === null,
      ),
    );
  });
});
