import { describe, expect, it } from 'vitest';
import { sessionCache } from './session-cache.js';

describe('the session cache', () => {
  it('keeps a session for its time after it was read, however often it is used meanwhile', () => {
    let clock = 1_000_000;
    const cache = sessionCache<{ who: string }>(2_000, { now: () => clock });
    cache.set('s1', { who: 'ana' });
    clock += 1_500;
    expect(cache.get('s1')).toEqual({ who: 'ana' });
    clock += 600;
    // Read again from the database after 2 s, so a sign-out in another process shows within that.
    expect(cache.get('s1')).toBeUndefined();
  });

  it('forgets a session signed out here at once', () => {
    const cache = sessionCache<{ who: string }>(2_000);
    cache.set('s1', { who: 'ana' });
    cache.delete('s1');
    expect(cache.get('s1')).toBeUndefined();
  });

  it('is bounded: the least recently used session goes first', () => {
    const cache = sessionCache<{ n: number }>(60_000, { max: 3 });
    for (const n of [1, 2, 3]) cache.set(`s${n}`, { n });
    cache.get('s1');
    cache.set('s4', { n: 4 });
    expect(cache.size).toBe(3);
    expect(cache.get('s2')).toBeUndefined();
    expect(cache.get('s1')).toEqual({ n: 1 });
  });

  it('keeps nothing when its time is 0', () => {
    const cache = sessionCache<{ n: number }>(0);
    cache.set('s1', { n: 1 });
    expect(cache.get('s1')).toBeUndefined();
  });
});
