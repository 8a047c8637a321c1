import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { punycodeLabel } from './punycode.js';

describe('punycodeLabel', () => {
  it('decodes a label as node:url does', () => {
    for (const label of [
      'xn--e1afmkfd',
      'xn--p1ai',
      'xn--bstoncommunityhealth-3oq',
      'xn--mnchen-3ya',
      'xn--fiqs8s',
    ])
      expect(punycodeLabel(label)).toBe(domainToUnicode(label));
  });

  it('answers null for what is not Punycode', () => {
    expect(punycodeLabel('example')).toBeNull();
    expect(punycodeLabel('xn--a-ä')).toBeNull();
    expect(punycodeLabel('xn--9')).toBeNull();
  });
});
