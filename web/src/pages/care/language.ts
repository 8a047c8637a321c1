const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });

/**
 * A preferred language as people read it: a language code (BCP 47, as rosters and the demo give it: `es`,
 * `ht`, `ase`) by its English name, anything else (a name typed in the form) as written.
 */
export function languageName(value: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return value;
  try {
    return names.of(value) ?? value;
  } catch {
    return value;
  }
}
