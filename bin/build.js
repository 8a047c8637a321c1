// What Concord runs, built when it is missing or older than its sources: the server bundle (esbuild, about
// a second) and the web app (Vite). Plain JavaScript, so that it runs before anything is compiled; every
// function takes the project's root, so it works from bin/ and from inside the bundle (decision 042).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What each build reads (newer than its output: rebuild) and the file whose age is the build's. */
const TARGETS = {
  server: {
    output: 'dist/server/main.js',
    sources: ['src', 'bin/build.js', 'tsconfig.json', 'package-lock.json'],
  },
  web: {
    output: 'web/dist/index.html',
    sources: ['web', 'src', 'vite.config.ts', 'package-lock.json'],
  },
};

/** The newest modification time of a file under `p` (or of `p` itself), 0 when absent; tests do not count. */
export function newestChange(p) {
  if (!existsSync(p)) return 0;
  const stats = statSync(p);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const name of readdirSync(p)) {
    if (name === 'dist' || name === 'node_modules' || name.includes('.test.')) continue;
    newest = Math.max(newest, newestChange(path.join(p, name)));
  }
  return newest;
}

/** 'missing', 'stale' (a source changed since it was built) or 'current'. */
export function buildState(root, target) {
  const { output, sources } = TARGETS[target];
  const file = path.join(root, output);
  if (!existsSync(file)) return 'missing';
  const built = statSync(file).mtimeMs;
  return sources.some((s) => newestChange(path.join(root, s)) > built) ? 'stale' : 'current';
}

/**
 * Bundles src/cli/main.ts for Node: packages stay in node_modules, each command's module is a chunk of its
 * own loaded when the command runs. Each file is written beside its place and renamed into it (main.js
 * last), so a process starting meanwhile reads a whole old build or a whole new one.
 */
export async function buildServer(root) {
  const { build } = await import('esbuild');
  const outdir = path.join(root, 'dist/server');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    write: false,
    logLevel: 'warning',
  });
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const file of files) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  removeOthers(outdir, new Set(files.map((f) => f.path)));
}

const isEntry = (file) => /[\\/]main\.js(\.map)?$/.test(file) && !/[\\/]chunks[\\/]/.test(file);

/** Chunks of earlier builds (their names carry the hash of what they held). */
function removeOthers(dir, keep) {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) removeOthers(file, keep);
    else if (!keep.has(file) && !name.endsWith('.partial')) rmSync(file, { force: true });
  }
}

export async function buildWeb(root) {
  const { build } = await import('vite');
  await build({
    root: path.join(root, 'web'),
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'warn',
  });
}

const BUILDERS = { server: buildServer, web: buildWeb };
const NAMES = { server: 'the server', web: 'the web app' };

/** Builds `target` when it is missing or older than its sources, saying so on stderr; otherwise nothing. */
export async function ensureBuilt(root, target) {
  const state = buildState(root, target);
  if (state === 'current') return;
  process.stderr.write(
    `Building ${NAMES[target]} (${state === 'missing' ? 'first start only' : 'its sources changed'})…\n`,
  );
  await BUILDERS[target](root);
}

// `node bin/build.js server web`: builds each named target now (npm run build, and on install).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const target of process.argv.slice(2)) await BUILDERS[target](root);
}
