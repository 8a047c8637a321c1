import { type HiddenCharacter, hiddenCharacter } from '@contract/text/readable.js';
import { z } from 'zod';

export interface TextIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The first character a request may not carry, as a message. Nowhere: a control character (C0, DEL, C1)
 * half of a surrogate pair, or U+FFFD (what a decoder leaves for bytes that were not UTF-8). A body may hold tabs and line breaks (free text); a query string or path
 * nothing of the kind. Such characters cannot be stored (PostgreSQL refuses NUL), would poison what
 * records the request (the audit trail), or hide in what a person reads.
 */
function describe(text: string, freeText: boolean): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (freeText && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      const code = c.toString(16).toUpperCase().padStart(4, '0');
      return `Contains an invisible control character (U+${code}) that cannot be stored. Remove it and try again.`;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c === 0xfffd)
      return 'Contains U+FFFD (\uFFFD), which stands for characters lost when the text was read in the wrong encoding (a request not sent as UTF-8, or text copied from a file read that way). Retype it and try again.';
    if (c >= 0xd800 && c <= 0xdfff)
      return 'Contains a broken character (half of a surrogate pair) that cannot be stored. Retype it and try again.';
  }
  return null;
}

const HIDDEN_MESSAGES: Record<HiddenCharacter['kind'], (code: string) => string> = {
  reorders: (code) =>
    `Contains an invisible character (${code}) that reorders the text around it on screen. Remove it and try again.`,
  invisible: (code) =>
    `Contains an invisible character (${code}) that can hide or disguise text. Remove it and try again.`,
  noncharacter: (code) => `Contains ${code}, which is not a character. Remove it and try again.`,
};

/** The first character no text may hold (see `hiddenCharacter`), as a message. */
function describeHidden(text: string): string | null {
  const hidden = hiddenCharacter(text);
  return hidden ? HIDDEN_MESSAGES[hidden.kind](hidden.code) : null;
}

/** Deeper than any request Concord takes (a survey's follow-up questions are the deepest, at about 8). */
export const MAX_DEPTH = 32;

export interface TextProblems {
  /** Characters that cannot be stored, and nesting too deep to parse: the schema is not run. */
  unsafe: TextIssue[];
  /** Characters that hide or reorder text: refused beside whatever the schema says. */
  hidden: TextIssue[];
}

/**
 * Every string (and object key) in a request part, whatever the schema's shape, that holds a character
 * Concord cannot accept, and any value nested deeper than `MAX_DEPTH`. Walked with a stack of its own, so
 * no nesting can exhaust the call stack.
 */
export function textProblems(value: unknown, part: string, max = 20): TextProblems {
  const freeText = part === 'body';
  const unsafe: TextIssue[] = [];
  const hidden: TextIssue[] = [];
  const check = (text: string, path: (string | number)[], prefix = '') => {
    const cannotStore = describe(text, freeText && prefix === '');
    if (cannotStore) unsafe.push({ path, message: prefix + cannotStore });
    // A password is a secret, not text anyone reads: any character its owner chose still signs them in.
    const secret = /password/i.test(String(path.at(-1) ?? ''));
    const hides = cannotStore || secret ? null : describeHidden(text);
    if (hides) hidden.push({ path, message: prefix + hides });
    return !cannotStore && !hides;
  };
  const pending: [unknown, (string | number)[]][] = [[value, []]];
  while (pending.length > 0 && unsafe.length + hidden.length < max) {
    const [v, path] = pending.pop()!;
    if (typeof v === 'string') check(v, path);
    else if (v && typeof v === 'object') {
      if (path.length >= MAX_DEPTH) {
        unsafe.push({ path, message: 'Nested more deeply than any request Concord takes.' });
        continue;
      }
      const entries: [string | number, unknown][] = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
      for (const [key, item] of entries.reverse()) {
        if (typeof key !== 'string' || check(key, [...path, key], "The field's name: "))
          pending.push([item, [...path, key]]);
      }
    }
  }
  return { unsafe, hidden };
}

const samePath = (a: PropertyKey[], b: PropertyKey[]) =>
  a.length === b.length && a.every((key, i) => String(key) === String(b[i]));

/**
 * A route's zod schema with the text check around it, so a bad character is a 400 naming the parameter
 * (through the same validation error as any other) on every route, present and future, whether or not the
 * field's own schema looks at its characters. The check walks the value, not the schema, so no shape of
 * schema (optional, nullable, default, union, array, record, refinement) keeps a string from it. A character
 * that cannot be stored stops the request before its schema; one that hides or reorders text is named
 * beside the schema's own issues, unless the schema already named that field (a name or an e-mail address
 * says what is wrong in its own words).
 */
export function guardText(schema: unknown, part: string): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  const target = schema;
  return z.unknown().transform((data, ctx) => {
    const { unsafe, hidden } = textProblems(data, part);
    for (const issue of unsafe) ctx.addIssue({ code: 'custom', ...issue });
    if (unsafe.length > 0) return z.NEVER;
    const parsed = target.safeParse(data);
    const named = parsed.success ? [] : parsed.error.issues;
    for (const issue of named) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    for (const issue of hidden)
      if (!named.some((n) => samePath(n.path, issue.path))) ctx.addIssue({ code: 'custom', ...issue });
    return parsed.success && hidden.length === 0 ? parsed.data : z.NEVER;
  });
}
