import type { FastifyInstance } from 'fastify';

/**
 * How busy this process is serving people, for background work that gives way to them (decision 020):
 * requests started in the last second, counted in tenths of a second.
 */
const SLOTS = 10;
const slotOf = (now: number) => Math.floor(now / 100);
const slots = Array.from({ length: SLOTS }, () => ({ slot: -1, count: 0 }));

export function trackRequests(app: FastifyInstance) {
  app.addHook('onRequest', async () => {
    const slot = slotOf(Date.now());
    const entry = slots[slot % SLOTS]!;
    if (entry.slot !== slot) Object.assign(entry, { slot, count: 0 });
    entry.count++;
  });
}

/** Requests started in about the last second. */
export function requestsPerSecond(now = Date.now()): number {
  const current = slotOf(now);
  return slots.reduce((sum, e) => (e.slot > current - SLOTS ? sum + e.count : sum), 0);
}
