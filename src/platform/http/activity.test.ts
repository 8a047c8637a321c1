import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestsPerSecond, trackRequests } from './activity.js';

describe('how busy the server is', () => {
  it('counts the requests started in the last second, and forgets older ones', async () => {
    const app = Fastify();
    trackRequests(app);
    app.get('/', async () => 'ok');
    const before = requestsPerSecond();
    for (let i = 0; i < 7; i++) await app.inject({ method: 'GET', url: '/' });
    expect(requestsPerSecond()).toBe(before + 7);
    expect(requestsPerSecond(Date.now() + 1_100)).toBe(0);
    await app.close();
  });
});
