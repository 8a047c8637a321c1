import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { projectPath } from '../project.js';

export const webDist = projectPath('web', 'dist');

/** Where the build puts its content-hashed scripts and styles: a new release gives them new names. */
export const ASSETS_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html names the current assets, so the browser asks again every time (a 304 when nothing changed).
const REVALIDATE = 'no-cache';

/**
 * Serves the built single-page app's files; the server's not-found handler falls back to its index.html.
 * Hashed assets go out as the brotli or gzip copy written beside them at build (whichever the browser
 * accepts; `Vary: Accept-Encoding`) and may be kept for a year; everything else is checked on each visit.
 */
export async function serveWeb(app: FastifyInstance, root = webDist) {
  if (!existsSync(root)) throw new Error(`The web app is not built (${root}); run "npm run build".`);
  const assets = path.join(root, ASSETS_PREFIX);
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', file.startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });
}
