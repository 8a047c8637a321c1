/**
 * Text folded for searching in memory: lower case, accents and other marks taken off, and the letters that
 * do not decompose written as the plain letters they are read as ("Nguyễn" → "nguyen", "Łukasz" →
 * "lukasz", "Đặng" → "dang"). The database folds the same way for its searches (`concord_fold`, with
 * PostgreSQL's unaccent dictionary), so a search typed without accents finds names written with them.
 */
export function foldText(text: string): string {
  if (/^[ -~]*$/.test(text)) return text.toLowerCase(); // plain ASCII: nothing to take off
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[ĐđØøŁłĦħıŦŧßÆæŒœ]/g, (c) => OWN_LETTERS[c]!)
    .toLowerCase();
}

/** Letters with no decomposition that are read as plain ones. */
const OWN_LETTERS: Record<string, string> = {
  Đ: 'd',
  đ: 'd',
  Ø: 'o',
  ø: 'o',
  Ł: 'l',
  ł: 'l',
  Ħ: 'h',
  ħ: 'h',
  ı: 'i',
  Ŧ: 't',
  ŧ: 't',
  ß: 'ss',
  Æ: 'ae',
  æ: 'ae',
  Œ: 'oe',
  œ: 'oe',
};
