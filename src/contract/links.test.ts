import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeLink, webLink } from './links.js';

describe('links Concord stores', () => {
  it('are https, or http on this machine', () => {
    expect(isSafeLink('https://zoom.us/j/81234567890?pwd=abc')).toBe(true);
    expect(isSafeLink('http://localhost:8080/webinar')).toBe(true);
    expect(isSafeLink('http://127.0.0.1/rec')).toBe(true);
  });

  it('never run code, hide where they go, or leave the web', () => {
    for (const link of [
      'javascript:alert(6)',
      'JavaScript:alert(6)',
      ' javascript:alert(6)',
      'java\tscript:alert(6)',
      'data:text/html,<script>alert(6)</script>',
      'vbscript:msgbox(6)',
      'file:///etc/passwd',
      'http://webinar.example/j/1',
      'https://user:secret@webinar.example/',
      'https://zoom.us@evil.example/',
      '//evil.example/',
      '/relative/path',
    ])
      expect({ link, safe: isSafeLink(link) }).toEqual({ link, safe: false });
  });

  it('refuse every scheme but https and http, whatever follows it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9+.-]{0,12}$/).filter((s) => s !== 'https' && s !== 'http'),
        fc.string(),
        (scheme, rest) => !isSafeLink(`${scheme}:${rest}`),
      ),
      { seed: 14 },
    );
  });

  it('say what to type when refused', () => {
    const result = webLink().safeParse('javascript:alert(6)');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/starts with https:\/\//);
  });
});
