/**
 * A fixed-window counter per key (an IP address), in memory: enough to slow down guessing on a public
 * page. It does not survive a restart and is per process, which is acceptable for that purpose.
 */
export function createRateLimiter({ limit, windowMs }: { limit: number; windowMs: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one attempt; false when the key has used up its window. */
    take(key: string, now = Date.now()): boolean {
      const w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size > 10_000)
          for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
        windows.set(key, { start: now, count: 1 });
        return true;
      }
      w.count++;
      return w.count <= limit;
    },
  };
}
