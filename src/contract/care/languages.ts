// The languages Concord knows by name, with their BCP 47 codes: what an enrollee's preferred language (kept as
// typed, by its name) is coded as where a code is wanted (FHIR). A language not here goes out as text only.

export const KNOWN_LANGUAGES = {
  en: 'English',
  es: 'Spanish',
  pt: 'Portuguese',
  ht: 'Haitian Creole',
  zh: 'Chinese',
  yue: 'Cantonese',
  cmn: 'Mandarin',
  vi: 'Vietnamese',
  km: 'Khmer',
  ru: 'Russian',
  ar: 'Arabic',
  kea: 'Cape Verdean Creole',
  fr: 'French',
  so: 'Somali',
  ko: 'Korean',
  pl: 'Polish',
  el: 'Greek',
  it: 'Italian',
  sq: 'Albanian',
  ne: 'Nepali',
  sw: 'Swahili',
  ase: 'American Sign Language',
} as const;
export type LanguageCode = keyof typeof KNOWN_LANGUAGES;

const byKey = new Map<string, LanguageCode>(
  (Object.entries(KNOWN_LANGUAGES) as [LanguageCode, string][]).flatMap(([code, name]) => [
    [code, code],
    [name.toLowerCase(), code],
  ]),
);

/**
 * The BCP 47 code and name of a language given by its name (any case) or its code, as the demo and older
 * records keep it; none for anything else, which is never sent as a code.
 */
export function knownLanguage(value: string): { code: LanguageCode; name: string } | null {
  const code = byKey.get(value.trim().replace(/\s+/g, ' ').toLowerCase());
  return code ? { code, name: KNOWN_LANGUAGES[code] } : null;
}
