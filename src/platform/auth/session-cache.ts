import { LRUCache } from 'lru-cache';

/** Sessions kept at most; past this the least recently used go first, so memory stays bounded. */
const MAX_SESSIONS = 10_000;

/**
 * Resolved sessions kept for `ttlMs` after they were read from the database, the least recently used
 * dropped first when full. A read does not extend an entry's time: a change made in another process
 * (sign-out, a role) shows here within `ttlMs` at most. 0 keeps nothing.
 */
export function sessionCache<V extends object>(
  ttlMs: number,
  options: { max?: number; now?: () => number } = {},
) {
  const { max = MAX_SESSIONS, now = Date.now } = options;
  // ttlResolution 0: the clock is read on every look-up, not remembered for a millisecond.
  const lru =
    ttlMs > 0
      ? new LRUCache<string, V>({ max, ttl: ttlMs, updateAgeOnGet: false, ttlResolution: 0, perf: { now } })
      : null;
  return {
    get: (id: string): V | undefined => lru?.get(id),
    set: (id: string, value: V) => void lru?.set(id, value),
    delete: (id: string) => void lru?.delete(id),
    get size() {
      return lru?.size ?? 0;
    },
  };
}
