import { describe, expect, it } from 'vitest';
import { languageName } from '../../web/src/pages/care/language.js';

describe('a preferred language on the enrollee page', () => {
  it('reads a language code by its English name', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('es')).toBe('Spanish');
    expect(languageName('ht')).toBe('Haitian Creole');
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
  });

  it('keeps a name typed in the form as written', () => {
    expect(languageName('Cape Verdean Creole')).toBe('Cape Verdean Creole');
    expect(languageName('Spanish')).toBe('Spanish');
  });
});
