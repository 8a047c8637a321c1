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

/** Deeper than any request Concord takes (a survey's follow-up questions are the deepest, at about 8). */
export const MAX_DEPTH = 32;

/**
 * Every string (and object key) in a request part that holds a character Concord cannot accept, and any
 * value nested deeper than `MAX_DEPTH`. Walked with a stack of its own, so no nesting can exhaust the call stack.
 */
export function unsafeText(value: unknown, part: string, max = 20): TextIssue[] {
  const freeText = part === 'body';
  const issues: TextIssue[] = [];
  const pending: [unknown, (string | number)[]][] = [[value, []]];
  while (pending.length > 0 && issues.length < max) {
    const [v, path] = pending.pop()!;
    if (typeof v === 'string') {
      const message = describe(v, freeText);
      if (message) issues.push({ path, message });
    } else if (v && typeof v === 'object') {
      if (path.length >= MAX_DEPTH) {
        issues.push({ path, message: 'Nested more deeply than any request Concord takes.' });
        continue;
      }
      const entries: [string | number, unknown][] = Array.isArray(v) ? [...v.entries()] : Object.entries(v);
      for (const [key, item] of entries.reverse()) {
        const message = typeof key === 'string' ? describe(key, false) : null;
        if (message) issues.push({ path: [...path, key], message: `The field's name: ${message}` });
        else pending.push([item, [...path, key]]);
      }
    }
  }
  return issues;
}

/**
 * A route's zod schema with the text check in front, so a bad character is a 400 naming the parameter
 * (through the same validation error as any other) on every route, present and future.
 */
export function guardText(schema: unknown, part: string): unknown {
  if (!(schema instanceof z.ZodType)) return schema;
  return z
    .unknown()
    .superRefine((data, ctx) => {
      for (const issue of unsafeText(data, part)) ctx.addIssue({ code: 'custom', ...issue });
    })
    .pipe(schema);
}
