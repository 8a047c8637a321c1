import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvBuffer, csvLine } from './copy.js';

const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', 'a,b', 'say "hi"', 'line\nbreak', 'Nguyễn Thị Lan', '😀'.repeat(30)),
  fc.integer(),
  fc.constant(null),
);

describe('CSV buffer', () => {
  it('holds exactly the lines csvLine writes, however many and however wide, and starts again when cleared', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 8 }), { maxLength: 60 }),
        fc.nat(3_000),
        (rows, repeat) => {
          const buffer = new CsvBuffer();
          buffer.add(['left over']);
          buffer.clear();
          let expected = '';
          // Repeating the rows pushes the buffer past its first megabyte now and then, so it has to grow.
          for (let i = 0; i <= repeat % 40; i++)
            for (const row of rows) {
              buffer.add(row);
              expected += csvLine(row);
            }
          expect(buffer.contents.toString('utf8')).toBe(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('grows past its first megabyte without losing what it holds', () => {
    const buffer = new CsvBuffer();
    const wide = ['é😀'.repeat(100_000), 42];
    for (let i = 0; i < 5; i++) buffer.add(wide);
    expect(buffer.contents.toString('utf8')).toBe(csvLine(wide).repeat(5));
    expect(buffer.contents.length).toBe(5 * Buffer.byteLength(csvLine(wide)));
  });
});
