import { describe, expect, it } from 'vitest';
import { enrolleeSearch } from '../../web/src/pages/care/name-search.js';

describe('the enrollee search box', () => {
  it('turns "Family, Given" round to the "Given Family" the API matches', () => {
    expect(enrolleeSearch('Delgado, Rosa')).toBe('Rosa Delgado');
    expect(enrolleeSearch('  Delgado ,   Rosa Maria ')).toBe('Rosa Maria Delgado');
  });

  it('sends a name, an ID or anything else as typed, spaces tidied', () => {
    expect(enrolleeSearch('Rosa  Delgado')).toBe('Rosa Delgado');
    expect(enrolleeSearch('100012345678')).toBe('100012345678');
    expect(enrolleeSearch('a, b, c')).toBe('a, b, c');
  });
});
