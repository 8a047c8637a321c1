import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDist = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Serves the built single-page app's files; the server's not-found handler falls back to its index.html. */
export async function serveWeb(app: FastifyInstance) {
  if (!existsSync(webDist)) throw new Error(`The web app is not built (${webDist}); run "npm run build".`);
  await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false, index: 'index.html' });
}
