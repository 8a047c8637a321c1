import fc from 'fast-check';

/**
 * Characters that draw nothing: the usual ones by name, and any from the zero-width, bidirectional, word
 * joiner, variation selector and tag blocks.
 */
export const invisibleChar = fc.oneof(
  fc.constantFrom(
    '\u200B',
    '\u200C',
    '\u200D',
    '\u2060',
    '\uFEFF',
    '\u00AD',
    '\u034F',
    '\u180E',
    '\u3164',
    '\u202E',
    '\u200E',
    '\u0000',
    '\u0009',
    '\u001F',
    '\u007F',
    '\u0085',
    '\u2028',
  ),
  fc.integer({ min: 0x200b, max: 0x200f }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0x2060, max: 0x206f }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xfe00, max: 0xfe0f }).map((c) => String.fromCodePoint(c)),
  fc.integer({ min: 0xe0000, max: 0xe007f }).map((c) => String.fromCodePoint(c)),
);

/** Invisible characters inserted into some text, each at a position taken modulo its length. */
export const invisibleInserts = fc.array(fc.tuple(fc.nat(), invisibleChar), { minLength: 1, maxLength: 4 });

export function withInvisible(text: string, inserts: [number, string][]) {
  let out = text;
  for (const [at, c] of inserts) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + c + out.slice(i);
  }
  return out;
}

/**
 * Runs of a property: a fixed seed, so a run repeats; FC_SEED and FC_RUNS give another seed or a longer
 * run on demand.
 */
export const propertyRuns = (numRuns = 100) => ({
  seed: Number(process.env.FC_SEED ?? 20_260_514),
  numRuns: Number(process.env.FC_RUNS ?? numRuns),
});
