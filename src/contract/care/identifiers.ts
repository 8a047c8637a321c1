import { foldText } from '../fold.js';

// MassHealth member IDs and Medicare Beneficiary Identifiers: checked, and normalised for storage. Pure, so
// the server and the web app say the same thing about the same typing.

/** What people type between groups of characters: spaces and dashes (of any kind). */
const SEPARATORS = /[\s\-‐‑‒–—]/g;

/** The letters an MBI never uses (CMS): S, L, O, I, B and Z, which read like digits or each other. */
export const MBI_EXCLUDED_LETTERS = ['S', 'L', 'O', 'I', 'B', 'Z'] as const;
/** The letters an MBI may use. */
export const MBI_LETTERS = 'ACDEFGHJKMNPQRTUVWXY';

type Kind = 'digit1' | 'digit' | 'letter' | 'either';
/** CMS's MBI format, position by position. */
export const MBI_FORMAT: readonly Kind[] = [
  'digit1',
  'letter',
  'either',
  'digit',
  'letter',
  'either',
  'digit',
  'letter',
  'letter',
  'digit',
  'digit',
];

const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

/** A MassHealth member ID without its separators. */
export const normaliseMasshealthId = (raw: string) => raw.replace(SEPARATORS, '');

/** Why a MassHealth member ID is not valid, in words a person can act on; null when it is. */
export function masshealthIdProblem(raw: string): string | null {
  const value = normaliseMasshealthId(raw);
  if (value === '') return 'Enter the MassHealth member ID';
  if (/\D/.test(value)) return 'A MassHealth member ID has digits only';
  if (value.length !== 12) return `A MassHealth member ID has 12 digits; this has ${value.length}`;
  return null;
}

/** An MBI as stored: upper case, without dashes or spaces. */
export const normaliseMbi = (raw: string) => raw.replace(SEPARATORS, '').toUpperCase();

function problemAt(kind: Kind, ch: string, position: number): string | null {
  const where = `The MBI’s ${ordinal(position)} character`;
  const isDigit = /^[0-9]$/.test(ch);
  const isLetter = /^[A-Z]$/.test(ch);
  const allowedLetter = MBI_LETTERS.includes(ch) && isLetter;
  if (!isDigit && !isLetter) return `${where} (“${ch}”) must be a letter or a digit`;
  if (isLetter && !allowedLetter && kind !== 'digit' && kind !== 'digit1')
    return `${where} is ${ch}; an MBI never uses the letters S, L, O, I, B or Z`;
  switch (kind) {
    case 'digit1':
      return isDigit && ch !== '0' ? null : `${where} must be a digit from 1 to 9`;
    case 'digit':
      return isDigit ? null : `${where} must be a digit`;
    case 'letter':
      return isLetter ? null : `${where} must be a letter`;
    case 'either':
      return null;
  }
}

/**
 * Why a Medicare Beneficiary Identifier is not valid, in words a person can act on; null when it is.
 * Lower case, spaces and dashes are accepted as typed (CMS prints MBIs as 1EG4-TE5-MK73).
 */
export function mbiProblem(raw: string): string | null {
  const value = normaliseMbi(raw);
  if (value === '') return 'Enter the Medicare Beneficiary Identifier (MBI)';
  if (value.length !== 11) return `An MBI has 11 characters; this has ${value.length}`;
  for (let i = 0; i < 11; i++) {
    const problem = problemAt(MBI_FORMAT[i]!, value[i]!, i + 1);
    if (problem) return problem;
  }
  return null;
}

export const isValidMbi = (raw: string) => mbiProblem(raw) === null;
export const isValidMasshealthId = (raw: string) => masshealthIdProblem(raw) === null;

/** The words of a name search, lower case, split at spaces and commas ("Santos, Maria" → santos, maria). */
export function nameWords(text: string): string[] {
  return foldText(text)
    .split(/[\s,]+/)
    .filter(Boolean);
}
