// Text a person reads later — a title, a reason on an audited decision, an e-mail — must show what it says:
// at least one visible character, and nothing that reorders the letters on screen. Browser-safe (the web
// app's forms share the schemas that use it).
import type { z } from 'zod';

/** Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what a reader sees. */
const REORDERING = '\\u202A-\\u202E\\u2066-\\u2069';
/** The last two code points of every plane (U+FFFE, U+1FFFE, …), which are not characters. */
const PLANE_ENDS = Array.from({ length: 17 }, (_, plane) => {
  const end = (plane * 0x10000 + 0xfffe).toString(16);
  return `\\u{${end}}\\u{${end.slice(0, -1)}f}`;
}).join('');
/**
 * What no text a person sends may hold, whatever the field (decision 054): characters that reorder the
 * text; zero-width and other invisible format characters (U+200B, U+2060–U+206F, U+FEFF, U+180E) and tag
 * characters (U+E0000–U+E007F), which hide text inside text; and non-characters (U+FDD0–U+FDEF and each
 * plane's last two). The zero-width non-joiner and joiner (U+200C, U+200D), which some scripts and emoji
 * need, and the direction marks (U+200E, U+200F), which change no order but their own, are kept.
 */
const HIDDEN = new RegExp(
  `[${REORDERING}\\u200B\\u2060-\\u2065\\u206A-\\u206F\\uFEFF\\u180E\\uFDD0-\\uFDEF\\u{E0000}-\\u{E007F}${PLANE_ENDS}]`,
  'u',
);
const REORDERS = new RegExp(`^[${REORDERING}]$`, 'u');

export interface HiddenCharacter {
  /** The character as U+XXXX. */
  code: string;
  kind: 'reorders' | 'invisible' | 'noncharacter';
}

/** The first character of `text` that no text may hold, or null. */
export function hiddenCharacter(text: string): HiddenCharacter | null {
  const found = HIDDEN.exec(text)?.[0];
  if (!found) return null;
  const point = found.codePointAt(0)!;
  const code = `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
  if (REORDERS.test(found)) return { code, kind: 'reorders' };
  const noncharacter = (point >= 0xfdd0 && point <= 0xfdef) || (point & 0xfffe) === 0xfffe;
  return { code, kind: noncharacter ? 'noncharacter' : 'invisible' };
}

/** What a cell of an uploaded file says when it holds a character no text may hold, or null. */
export function hiddenInCell(text: string): string | null {
  const hidden = hiddenCharacter(text);
  if (!hidden) return null;
  return hidden.kind === 'reorders'
    ? `Has a character that reorders the text on screen (${hidden.code}): remove it`
    : `Has an invisible character (${hidden.code}) that hides in the text: remove it`;
}

/** A character that shows: not a space, a control, a format character or one that is ignored. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** What keeps the text from being read as written, or null. */
export function readableProblem(text: string): string | null {
  const hidden = hiddenCharacter(text);
  if (hidden?.kind === 'reorders') return 'Remove the characters that reorder the text on screen';
  if (!VISIBLE.test(text)) return 'Write something a reader can see: this holds only invisible characters';
  if (hidden) return `Remove the invisible character (${hidden.code}): it hides in the text`;
  return null;
}

/** For `.superRefine`: an empty value is the schema's own concern (required or optional). */
export function readable(value: string | null | undefined, ctx: z.RefinementCtx) {
  if (!value) return;
  const problem = readableProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}
