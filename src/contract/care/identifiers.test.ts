import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidMbi,
  MBI_EXCLUDED_LETTERS,
  MBI_FORMAT,
  MBI_LETTERS,
  masshealthIdProblem,
  mbiProblem,
  normaliseMasshealthId,
  normaliseMbi,
} from './identifiers.js';

const digit = fc.constantFrom(...'0123456789');
const letter = fc.constantFrom(...MBI_LETTERS);
const charFor = (kind: string) =>
  kind === 'digit1'
    ? fc.constantFrom(...'123456789')
    : kind === 'digit'
      ? digit
      : kind === 'letter'
        ? letter
        : fc.oneof(digit, letter);

/** Any MBI CMS's format allows. */
const validMbi = fc.tuple(...MBI_FORMAT.map(charFor)).map((cs) => cs.join(''));

describe('MBI', () => {
  it('accepts every identifier in the CMS format, in any case and with dashes or spaces', () => {
    fc.assert(
      fc.property(validMbi, fc.boolean(), fc.constantFrom('', '-', ' '), (mbi, lower, sep) => {
        const typed = `${mbi.slice(0, 4)}${sep}${mbi.slice(4, 7)}${sep}${mbi.slice(7)}`;
        const input = lower ? typed.toLowerCase() : typed;
        expect(mbiProblem(input)).toBeNull();
        expect(normaliseMbi(input)).toBe(mbi);
      }),
    );
  });

  it('refuses a forbidden letter in any position, naming the position', () => {
    fc.assert(
      fc.property(
        validMbi,
        fc.integer({ min: 0, max: 10 }),
        fc.constantFrom(...MBI_EXCLUDED_LETTERS),
        (mbi, i, bad) => {
          const changed = `${mbi.slice(0, i)}${bad}${mbi.slice(i + 1)}`;
          const problem = mbiProblem(changed);
          expect(problem).not.toBeNull();
          expect(problem).toContain(`${i + 1}`);
        },
      ),
    );
  });

  it('refuses a letter where a digit belongs and a digit where a letter belongs', () => {
    fc.assert(
      fc.property(validMbi, fc.integer({ min: 0, max: 10 }), letter, digit, (mbi, i, l, d) => {
        const kind = MBI_FORMAT[i];
        if (kind === 'either') return;
        const wrong = kind === 'letter' ? d : l;
        expect(isValidMbi(`${mbi.slice(0, i)}${wrong}${mbi.slice(i + 1)}`)).toBe(false);
      }),
    );
  });

  it('says what is wrong in plain words', () => {
    expect(mbiProblem('1EG4-TE5-MK73')).toBeNull();
    expect(mbiProblem('0EG4-TE5-MK73')).toBe('The MBI’s 1st character must be a digit from 1 to 9');
    expect(mbiProblem('1SG4-TE5-MK73')).toBe(
      'The MBI’s 2nd character is S; an MBI never uses the letters S, L, O, I, B or Z',
    );
    expect(mbiProblem('1EG4-TE5-MK7')).toBe('An MBI has 11 characters; this has 10');
    expect(mbiProblem('1EGA-TE5-MK73')).toBe('The MBI’s 4th character must be a digit');
  });
});

describe('MassHealth member ID', () => {
  it('is 12 digits, typed with or without separators', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (id) => {
        expect(masshealthIdProblem(`${id.slice(0, 4)} ${id.slice(4, 8)}-${id.slice(8)}`)).toBeNull();
      }),
    );
    expect(normaliseMasshealthId('1234 5678-9012')).toBe('123456789012');
    expect(masshealthIdProblem('12345678901')).toBe('A MassHealth member ID has 12 digits; this has 11');
    expect(masshealthIdProblem('12345678901A')).toBe('A MassHealth member ID has digits only');
  });
});
