#!/usr/bin/env node
// Import rules (STYLE.md): no import cycles; platform code never imports a domain; a domain imports another
// domain only through that domain's index.ts; src/contract imports only zod and itself. Exceptions: src/schema.ts lists every domain's tables for
// drizzle-kit; a *.tables.ts file may reference another domain's tables for a foreign key; and a domain may
// read another's contract — its *.schemas.ts and *.labels.ts (shapes and words, no behaviour) — directly, as
// the web app does. What the web app imports from src/ must stay browser code: no file it reaches may be a
// domain's index, service, repository, routes, tables or job, or import a Node built-in (one such import
// once left the built app blank: "Buffer is not defined"). Exits 1 and lists every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+|@contract\/[^'"]+)['"]/g;
/** Value imports only: `import type` and `export type` vanish from the built code. */
const valueImportRe =
  /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'";]*?from\s+['"](\.[^'"]+|@contract\/[^'"]+)['"]/g;
const depsOf = (file, re) =>
  [...readFileSync(file, 'utf8').matchAll(re)].map((m) =>
    (m[1].startsWith('@contract/')
      ? path.join(src, 'contract', m[1].slice('@contract/'.length))
      : path.resolve(path.dirname(file), m[1])
    ).replace(/\.js$/, '.ts'),
  );
const graph = new Map();
for (const file of files(src)) graph.set(file, depsOf(file, importRe));

const rel = (f) => path.relative(root, f);
const domainOf = (f) => /src\/domains\/([^/]+)\//.exec(f)?.[1];
const problems = [];

for (const [file, deps] of graph) {
  for (const dep of deps) {
    if (rel(file).startsWith('src/platform/') && rel(dep).startsWith('src/domains/')) {
      problems.push(`${rel(file)} imports ${rel(dep)}: platform code must not depend on a domain`);
    }
    const from = domainOf(file);
    const to = domainOf(dep);
    const tablesOnly =
      dep.endsWith('.tables.ts') && (rel(file) === 'src/schema.ts' || file.endsWith('.tables.ts'));
    const contract = /\.(schemas|labels)\.ts$/.test(dep);
    if (to && from !== to && !tablesOnly && !contract && !dep.endsWith(`/domains/${to}/index.ts`)) {
      problems.push(`${rel(file)} imports ${rel(dep)}: use src/domains/${to}/index.ts`);
    }
  }
}

// The contract (decision 041) is zod and itself: shapes and words both sides share, nothing more.
const contractDir = path.join(src, 'contract');
const packageRe =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'".@][^'"]*|@(?!contract\/)[^'"]+)['"]/g;
for (const [file, deps] of graph) {
  if (!file.startsWith(contractDir + path.sep)) continue;
  const outside = [
    ...deps.filter((dep) => !dep.startsWith(contractDir + path.sep)).map(rel),
    ...[...readFileSync(file, 'utf8').matchAll(packageRe)].map((m) => m[1]).filter((p) => p !== 'zod'),
  ];
  for (const dep of outside)
    problems.push(`${rel(file)} imports ${dep}: the contract imports only zod and itself`);
}

// The web app's reach into src/: every file its value imports lead to, followed through src/.
const web = path.join(root, 'web', 'src');
const serverOnly = /(\/index|\.service|\.repository|\.routes|\.tables|\.job)\.ts$/;
const reached = new Map();
const reach = (file, via) => {
  if (reached.has(file) || !graph.has(file)) return;
  reached.set(file, via);
  for (const dep of depsOf(file, valueImportRe)) reach(dep, file);
};
for (const file of files(web))
  for (const dep of depsOf(file, valueImportRe)) if (dep.startsWith(src)) reach(dep, file);
for (const [file, via] of reached) {
  const nodeBuiltin = /from\s+['"]node:/.test(readFileSync(file, 'utf8'));
  if (serverOnly.test(file) || nodeBuiltin)
    problems.push(`${rel(file)} is server code (reached by the web app from ${rel(via)})`);
}

// Cycles, by depth-first search over the import graph.
const state = new Map();
const stack = [];
function visit(file) {
  state.set(file, 'open');
  stack.push(file);
  for (const dep of graph.get(file) ?? []) {
    if (!graph.has(dep)) continue;
    if (state.get(dep) === 'open') {
      problems.push(`import cycle: ${[...stack.slice(stack.indexOf(dep)), dep].map(rel).join(' -> ')}`);
    } else if (!state.has(dep)) visit(dep);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length > 0) {
  console.error(`Import rules broken (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `Import rules hold: ${graph.size} files, no cycles, domain boundaries respected; the web app reaches ${reached.size} browser-safe files of src/.`,
);
