#!/usr/bin/env node
// Import rules (STYLE.md): no import cycles; platform code never imports a domain; a domain imports another
// domain only through that domain's index.ts. Two exceptions, both about table definitions: src/schema.ts
// lists every domain's tables for drizzle-kit, and a *.tables.ts file may reference another domain's
// tables for a foreign key. Exits 1 and lists every violation.
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

const importRe = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"](\.[^'"]+)['"]/g;
const graph = new Map();
for (const file of files(src)) {
  const deps = [];
  for (const m of readFileSync(file, 'utf8').matchAll(importRe)) {
    const target = path.resolve(path.dirname(file), m[1]).replace(/\.js$/, '.ts');
    deps.push(target);
  }
  graph.set(file, deps);
}

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
    if (to && from !== to && !tablesOnly && !dep.endsWith(`/domains/${to}/index.ts`)) {
      problems.push(`${rel(file)} imports ${rel(dep)}: use src/domains/${to}/index.ts`);
    }
  }
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
console.log(`Import rules hold: ${graph.size} files, no cycles, domain boundaries respected.`);
