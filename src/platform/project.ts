import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found by walking up from this module: the same answer whether it runs
 * from `src/platform/` (tests, tsx) or from a chunk of the compiled bundle in `dist/server/` (decision 042).
 * Paths to the project's own files (migrations, the built web app) start here, never at `import.meta.url`.
 */
export const projectRoot = findRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or above it`);
  }
}

/** A path inside the project: `projectPath('drizzle')`. */
export const projectPath = (...parts: string[]) => path.join(projectRoot, ...parts);

export const VERSION = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string })
  .version;
