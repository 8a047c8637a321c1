// Which language and print a member's letter is written in: their preferred language where a template exists
// (English and Spanish), else English, and the choice says so, so that staff arrange a translation or an
// interpreter; large print when their accessible formats ask for it. Shared by every letter the enrollment
// domain writes (welcome mailings, assignment letters).

import { KNOWN_LANGUAGES, knownLanguage } from '@contract/care/languages.js';
import type { LetterFormat } from '@contract/enrollment/assignment.labels.js';
import { letterDay } from '@contract/letter-day.js';

/** The languages a letter template exists in. */
export const LETTER_LANGUAGES = ['en', 'es'] as const;
export type LetterLanguage = (typeof LETTER_LANGUAGES)[number];

/** What a letter is written in, and why: `fallback` when the member's language has no template. */
export interface LanguageChoice {
  language: LetterLanguage;
  /** The member's preferred language as recorded (trimmed), or null when none is. */
  preferred: string | null;
  /** Its name in English where Concord knows it ("Vietnamese" for "vi"), else as recorded. */
  preferredName: string | null;
  fallback: boolean;
  /** In plain words, for staff: "The letter is in Spanish, the member's language." */
  note: string;
}

const isTemplate = (code: string): code is LetterLanguage =>
  (LETTER_LANGUAGES as readonly string[]).includes(code);

/** The letter's language for a member's preferred language (a name in any case, or a BCP 47 code). */
export function letterLanguageFor(preferred: string | null | undefined): LanguageChoice {
  const given = preferred?.trim() || null;
  const known = given ? knownLanguage(given) : null;
  if (known && isTemplate(known.code))
    return {
      language: known.code,
      preferred: given,
      preferredName: known.name,
      fallback: false,
      note: `The letter is in ${known.name}, the member’s language.`,
    };
  if (!given)
    return {
      language: 'en',
      preferred: null,
      preferredName: null,
      fallback: false,
      note: 'No language is recorded for the member: the letter is in English.',
    };
  return {
    language: 'en',
    preferred: given,
    preferredName: known?.name ?? given,
    fallback: true,
    note: `There is no letter template in ${known?.name ?? given} yet, so the letter is in English. Arrange a translation or an interpreter for the member.`,
  };
}

/**
 * The spellings of a preferred language that select each template other than English, as `knownLanguage`
 * reads them (lower case, single spaces): for the database to choose a language the same way, in one query.
 */
export function templateLanguageKeys(): [LetterLanguage, string[]][] {
  return LETTER_LANGUAGES.filter((l) => l !== 'en').map((code) => [
    code,
    [code, (KNOWN_LANGUAGES as Record<string, string>)[code]!.toLowerCase()],
  ]);
}

/** The language's name, in English, for the mail file and staff: "Spanish". */
export const letterLanguageName = (language: LetterLanguage) => KNOWN_LANGUAGES[language];

/** Large print when the member's accessible formats ask for it. */
export const letterFormatFor = (accessibleFormats: readonly string[]): LetterFormat =>
  accessibleFormats.includes('large_print') ? 'large_print' : 'standard';

export { letterDay };
