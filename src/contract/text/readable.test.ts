import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readableProblem } from './readable.js';

describe('text a reader must see as written', () => {
  it('is refused when it holds only invisible characters, or anything that reorders it', () => {
    for (const text of ['\u200b', '\u200b\u2060\ufeff', '\u00ad', 'Approved \u202e devorppA', '\u202aok'])
      expect(readableProblem(text), JSON.stringify(text)).not.toBeNull();
  });

  it('takes words in any script, with joiners and isolates where a language needs them', () => {
    for (const text of ['On leave until March', 'Nguyễn Văn An', 'مراجعة الحضور', 'क्षमा', 'a\u2066b\u2069'])
      expect(readableProblem(text), text).toBeNull();
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }).filter((s) => /\p{L}/u.test(s) && !/[\u202a-\u202e]/.test(s)),
        (s) => readableProblem(s) === null,
      ),
    );
  });
});
