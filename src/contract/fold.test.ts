import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldText } from './fold.js';

describe('foldText', () => {
  it('takes accents off and reads letters that do not decompose as plain ones', () => {
    expect(foldText('Nguyễn Thị Đặng')).toBe('nguyen thi dang');
    expect(foldText('JOSÉ Łukasz Søren Straße Æsa')).toBe('jose lukasz soren strasse aesa');
    expect(foldText("O'Brien-Smith")).toBe("o'brien-smith");
  });

  it('folds a name with accents to the same text as the name typed without them', () => {
    const plain = fc.stringMatching(/^[A-Za-z' -]{0,20}$/);
    const marks = ['\u0300', '\u0301', '\u0302', '\u0303', '\u0308', '\u0323', '\u0309'];
    fc.assert(
      fc.property(plain, fc.array(fc.constantFrom(...marks)), (name, added) => {
        // Marks after letters only; composed (NFC) as a keyboard would type them.
        const accented = name
          .replace(/[A-Za-z]/g, (c, i: number) => c + (added[i % (added.length || 1)] ?? ''))
          .normalize('NFC');
        expect(foldText(accented)).toBe(name.toLowerCase());
      }),
    );
  });
});
