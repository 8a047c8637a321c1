// Identifiers — e-mail addresses and NPIs — are keys: two spellings that look the same must be the same
// key, or one person becomes two. Every path that writes an identifier or looks one up goes through here
// (decision 013).
import { z } from 'zod';
import { punycodeLabel } from './punycode.js';

/**
 * Characters that draw nothing or steer the text around them: controls, format characters (zero-width
 * space and joiners, word joiner, byte-order mark, bidirectional controls, soft hyphen), line and paragraph
 * separators, fillers and variation selectors (Unicode's default-ignorable code points), and the halves of
 * a broken surrogate pair.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

/** Characters an address never holds in practice; a comma or semicolon is usually two addresses in one cell. */
const EMAIL_SHAPE = /^[^\s@,;:<>()[\]\\"]+@[^\s@,;:<>()[\]\\".]+(?:\.[^\s@,;:<>()[\]\\".]+)+$/u;

export const MAX_EMAIL_LENGTH = 320;

export interface Normalised {
  /** The identifier as stored and compared: NFKC, invisible characters removed, trimmed (e-mail: lower case). */
  value: string;
  /** Why the identifier as given is refused when written, in words a person can act on; null when it is not. */
  problem: string | null;
}

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** NFKC (full-width letters and digits become plain ones), then the invisible characters found and removed. */
function clean(raw: string): { text: string; invisible: string[] } {
  const nfkc = raw.normalize('NFKC');
  const invisible = nfkc.match(INVISIBLE) ?? [];
  return { text: nfkc.replace(INVISIBLE, '').trim(), invisible };
}

function invisibleProblem(what: string, found: string[]) {
  const codes = [...new Set(found.map(codePoint))].join(', ');
  return `${what} contains ${found.length === 1 ? 'an invisible character' : 'invisible characters'} (${codes}), often picked up by copying it from a document or web page; type it again`;
}

/**
 * An e-mail address as Concord keeps it. The value is always the canonical key (look-ups may use it as
 * it is); writing refuses any address whose problem is not null — one with invisible characters is
 * refused rather than silently cleaned, so that whoever typed it learns the address they hold is not
 * the one they see.
 */
/** What an address that is not one is told (imports name the value instead). */
export const NOT_AN_EMAIL = 'Enter an e-mail address like name@example.org';

export function normaliseEmail(raw: string): Normalised {
  const { text, invisible } = clean(raw);
  const value = text.toLowerCase().normalize('NFKC');
  let problem: string | null = null;
  if (invisible.length > 0) problem = invisibleProblem('The e-mail address', invisible);
  else if (value === '') problem = 'Enter an e-mail address';
  else if (value.length > MAX_EMAIL_LENGTH)
    problem = `Shorten the e-mail address to ${MAX_EMAIL_LENGTH} characters or fewer`;
  else if (!EMAIL_SHAPE.test(value)) problem = NOT_AN_EMAIL;
  else problem = mixedScriptProblem(value);
  return { value, problem };
}

/** Scripts whose letters are told apart here; a letter of any other script counts as a script of its own. */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Georgian',
  'Cherokee',
  'Devanagari',
  'Bengali',
  'Thai',
  'Ethiopic',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
].map((name) => ({ name, test: new RegExp(`^\\p{Script=${name}}$`, 'u') }));

/** The scripts a piece of text writes its letters in (digits, marks and punctuation belong to none). */
export function scriptsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const c of text) {
    if (!/\p{L}/u.test(c)) continue;
    found.add(SCRIPTS.find((s) => s.test.test(c))?.name ?? 'another script');
  }
  return found;
}

const NOT_ASCII = /[^ -~\t\r\n]/;

/** IPA and phonetic letters (ɪ, ʏ, ᴀ…): no address needs them, and they pass for plain Latin ones. */
const PHONETIC = /[\u0250-\u02AF\u1D00-\u1DBF]/u;

/** Mixes Unicode's "highly restrictive" profile (UTS #39) allows: CJK writing uses Latin beside its own scripts. */
const ALLOWED_MIXES = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/**
 * An address part (the name before @, or one label of the domain) that mixes alphabets, such as a Cyrillic
 * "а" among Latin letters, looks exactly like another address: refused, naming the alphabets.
 */
function mixedScriptProblem(address: string): string | null {
  // Printable ASCII, with no domain label in its ASCII form (xn--): one alphabet, no phonetic letters.
  if (!NOT_ASCII.test(address) && !address.includes('xn--')) return null;
  const phonetic = address.match(PHONETIC)?.[0];
  if (phonetic)
    return `The e-mail address contains ${codePoint(phonetic)} (${phonetic}), a phonetic letter that looks like an ordinary one; type it again`;
  const [local = '', domain = ''] = address.split('@');
  // A domain label written in its ASCII form (xn--…) is checked as the letters it stands for.
  const labels = domain
    .split('.')
    .map((label) => (label.startsWith('xn--') ? (punycodeLabel(label) ?? label) : label));
  for (const part of [local, ...labels]) {
    const scripts = scriptsOf(part);
    if (scripts.size < 2 || ALLOWED_MIXES.some((allowed) => [...scripts].every((s) => allowed.has(s))))
      continue;
    const names = [...scripts];
    return `The e-mail address mixes letters from different alphabets (${names.slice(0, -1).join(', ')} and ${names.at(-1)}) in "${part}", so it can look exactly like another address; type it again`;
  }
  return null;
}

/**
 * Characters a person's name never needs that hide or turn the text around them: controls, bidirectional
 * controls and marks, every default-ignorable code point (zero-width space, word joiners, byte-order mark,
 * soft hyphen, fillers such as U+3164, variation selectors, tags), and U+FFFD (text read in the wrong
 * encoding). The zero-width joiner and non-joiner stay allowed: Persian and Indic names use them.
 */
const NOT_IN_NAMES = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}\uFFFD]/u;

/** More combining marks on one letter than any writing system stacks (Vietnamese uses two). */
const STACKED_MARKS = /\p{M}{4,}/u;

/** Why a name (a person's given or family name) as typed cannot be kept; null when it can. */
export function nameProblem(raw: string): string | null {
  const bad = raw.match(NOT_IN_NAMES)?.[0];
  if (!bad)
    return STACKED_MARKS.test(raw)
      ? 'Contains a letter with four or more accents stacked on it; type the name again'
      : null;
  if (bad === '\uFFFD')
    return 'Contains U+FFFD (\uFFFD), which means the text was read in the wrong encoding; type it again';
  return `Contains an invisible character (${codePoint(bad)}) that hides or reorders the letters around it; type it again`;
}

/** A name in a request body: trimmed, required, at most `max` characters, refused when `nameProblem` says so, kept in NFC. */
export const nameSchema = (max = 100) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((raw, ctx) => {
      const problem = nameProblem(raw);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((raw) => raw.normalize('NFC'));

/** The key to look an e-mail address up by: as stored, whatever invisible characters the input carried. */
export const emailKey = (raw: string) => normaliseEmail(raw).value;

/**
 * An NPI as Concord keeps it: full-width digits made plain, invisible characters refused. Whether the
 * digits make an NPI is the people domain's check, made on the value.
 */
export function normaliseNpi(raw: string): Normalised {
  const { text, invisible } = clean(raw);
  return { value: text, problem: invisible.length > 0 ? invisibleProblem('The NPI', invisible) : null };
}

/**
 * An e-mail address in a request body or query: refused naming what is wrong, else normalised. (A check
 * then a transform, rather than a transform that fails, so that the object's own checks still run.)
 */
export const emailSchema = z
  .string()
  .max(MAX_EMAIL_LENGTH * 2, `Shorten the e-mail address to ${MAX_EMAIL_LENGTH} characters or fewer`)
  .superRefine((raw, ctx) => {
    if (raw.length > MAX_EMAIL_LENGTH * 2) return; // said above, without reading it all
    const { problem } = normaliseEmail(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform(emailKey);
