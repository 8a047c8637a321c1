// Text a person reads later — a title, a reason on an audited decision, an e-mail — must show what it says:
// at least one visible character, and nothing that reorders the letters on screen. Browser-safe (the web
// app's forms share the schemas that use it).
import type { z } from 'zod';

/** Bidirectional embeddings and overrides (U+202A–U+202E): they reorder what a reader sees. */
const REORDERING = /[\u202A-\u202E]/u;
/** A character that shows: not a space, a control, a format character or one that is ignored. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** What keeps the text from being read as written, or null. */
export function readableProblem(text: string): string | null {
  if (REORDERING.test(text)) return 'Remove the characters that reorder the text on screen';
  if (!VISIBLE.test(text)) return 'Write something a reader can see: this holds only invisible characters';
  return null;
}

/** For `.superRefine`: an empty value is the schema's own concern (required or optional). */
export function readable(value: string | null | undefined, ctx: z.RefinementCtx) {
  if (!value) return;
  const problem = readableProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
