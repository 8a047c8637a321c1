import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { propertyRuns } from '../../../test/support/invisible.js';
import { guardText } from './text-guard.js';

const guarded = (schema: z.ZodType, part = 'body') => guardText(schema, part) as z.ZodType;
const issuesOf = (schema: z.ZodType, value: unknown, part = 'body') => {
  const result = guarded(schema, part).safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

/** Every shape of schema a route writes, none of which looks at the characters of its strings. */
const shapes = z.object({
  plain: z.string(),
  optional: z.string().optional(),
  nullable: z.string().nullable(),
  defaulted: z.string().default('none'),
  refined: z.string().refine((s) => s.length < 100),
  union: z.union([z.number(), z.string()]),
  list: z.array(z.object({ note: z.string() })),
  record: z.record(z.string(), z.string()),
  nested: z.object({ deeper: z.object({ text: z.string().max(500).optional() }) }).partial(),
  trimmed: z.string().trim().min(1),
});
const fields = [
  'plain',
  'optional',
  'nullable',
  'defaulted',
  'refined',
  'union',
  'list.0.note',
  'record.key',
  'nested.deeper.text',
  'trimmed',
];

function valueWith(text: string) {
  return {
    plain: text,
    optional: text,
    nullable: text,
    defaulted: text,
    refined: text,
    union: text,
    list: [{ note: text }],
    record: { key: text },
    nested: { deeper: { text } },
    trimmed: text,
  };
}

const refused = fc.constantFrom(
  '\u202a',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\u180e',
  '\u{e0001}',
  '\u{e0041}',
  '\u{e007f}',
  '\ufffe',
  '\uffff',
  '\ufdd0',
  '\ufdef',
  '\u{1fffe}',
);

describe('the text check in front of every schema', () => {
  it('refuses a character that hides or reorders text in every string, whatever the schema around it, naming each field', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), refused, fc.string({ maxLength: 20 }), (before, c, after) => {
        const issues = issuesOf(shapes, valueWith(`${before}${c}${after}`));
        expect(issues.map((i) => i.path).sort()).toEqual([...fields].sort());
        for (const issue of issues) expect(issue.message).toMatch(/U\+[0-9A-F]{4,5}/);
      }),
      propertyRuns(),
    );
  });

  it('lets a password hold any character that can be stored: a secret signs its owner in as it was set', () => {
    const schema = z.object({ email: z.string(), password: z.string(), newPassword: z.string() });
    fc.assert(
      fc.property(refused, (c) => {
        expect(issuesOf(schema, { email: 'a@b.example', password: `pw${c}`, newPassword: `${c}pw` })).toEqual(
          [],
        );
        expect(
          issuesOf(schema, { email: `a${c}@b.example`, password: 'pw', newPassword: 'pw' }),
        ).toHaveLength(1);
      }),
      propertyRuns(),
    );
  });

  it('says what the character does', () => {
    expect(issuesOf(z.object({ reason: z.string() }), { reason: 'ok \u202e kO' })).toEqual([
      {
        path: 'reason',
        message: expect.stringMatching(/invisible character \(U\+202E\) that reorders the text/),
      },
    ]);
    expect(issuesOf(z.object({ note: z.string() }), { note: 'a\u2069b' })[0]!.message).toMatch(
      /U\+2069.*reorders/,
    );
    expect(issuesOf(z.object({ note: z.string() }), { note: 'a\u200bb' })[0]!.message).toMatch(
      /U\+200B.*hide/,
    );
    expect(issuesOf(z.object({ note: z.string() }), { note: 'a\uffffb' })[0]!.message).toMatch(
      /U\+FFFF, which is not a character/,
    );
    expect(issuesOf(z.record(z.string(), z.string()), { 'na\u202eme': 'x' })[0]!.message).toMatch(
      /^The field's name: .*U\+202E/,
    );
  });

  it('reaches a query string and a path as well as a body', () => {
    expect(issuesOf(z.object({ q: z.string().optional() }), { q: 'Ana\u200b' }, 'querystring')).toMatchObject(
      [{ path: 'q' }],
    );
    expect(issuesOf(z.object({ code: z.string() }), { code: 'T\u2066' }, 'params')).toMatchObject([
      { path: 'code' },
    ]);
  });

  it('names a field once, in the words of its own schema when that refuses it too, beside the other fields', () => {
    const schema = z.object({
      name: z.string().refine((s) => !s.includes('\u202e'), 'The name holds a right-to-left override'),
      reason: z.string(),
      count: z.number(),
    });
    expect(issuesOf(schema, { name: 'Ma\u202eria', reason: 'see\u200b', count: 'x' })).toEqual([
      { path: 'name', message: 'The name holds a right-to-left override' },
      { path: 'count', message: expect.any(String) },
      { path: 'reason', message: expect.stringMatching(/U\+200B/) },
    ]);
  });

  it('keeps the joiners, direction marks, emoji and line breaks that text needs, and the schema’s own output', () => {
    const schema = z.object({ note: z.string().trim(), name: z.string() });
    const note = ' می\u200cخواهم 👩🏽\u200d⚕️\n\u200fמרים\u200f\tok 🏳️\u200d🌈 ';
    const result = guarded(schema).safeParse({ note, name: 'Zoë' });
    expect(result.success && result.data).toEqual({ note: note.trim(), name: 'Zoë' });
  });

  it('still stops at a character that cannot be stored, before the schema', () => {
    const schema = z.object({ name: z.string().refine(() => false, 'never reached') });
    expect(issuesOf(schema, { name: 'Ana\u0000' })).toEqual([
      { path: 'name', message: expect.stringMatching(/control character \(U\+0000\)/) },
    ]);
  });
});
