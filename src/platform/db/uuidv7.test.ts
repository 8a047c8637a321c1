import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuidv7.js';

describe('version 7 UUIDs', () => {
  it('carry the millisecond first, then version 7 and the RFC variant, and differ within a millisecond', () => {
    const at = Date.UTC(2026, 11, 1, 12, 0, 0, 123);
    const ids = Array.from({ length: 1000 }, () => uuidv7(at));
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
    }
    expect(new Set(ids).size).toBe(1000);
    expect(uuidv7(at) < uuidv7(at + 1)).toBe(true);
  });
});
