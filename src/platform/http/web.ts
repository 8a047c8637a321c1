import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Serves the built single-page app; every non-API path falls back to index.html. */
export async function serveWeb(app: FastifyInstance) {
  if (!existsSync(webDist)) throw new Error(`The web app is not built (${webDist}); run "npm run build".`);
  await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: 'index.html' });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/docs')) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({
      code: 'NOT_FOUND',
      message: `No such address: ${request.method} ${request.url.split('?')[0]}`,
    });
  });
}
