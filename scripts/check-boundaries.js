#!/usr/bin/env node
// Boundary rules (STYLE.md, decision 040), checked on imports and inside SQL. Exits 1 and lists every breach;
// `--report` prints the SQL counts per file and in total and never fails; `--root DIR` checks another tree.
//
// Imports
// - No import cycles in src/. Platform code never imports a domain. src/contract/ imports only zod and
//   itself (decision 041).
// - Code outside a domain reaches it only through its index.ts, or its contract: *.schemas.ts, *.labels.ts
//   (shapes and words, no behaviour) or src/contract/. src/schema.ts and *.tables.ts (foreign keys) may
//   import any *.tables.ts.
// - web/ imports server code only through the shared contract (`@contract/*`, src/contract/): any web/
//   import that resolves into src/ outside src/contract/ is a breach. What the web app reaches must stay
//   browser code: no domain index, service, repository, routes, tables or job, no Node built-in (one once
//   left the built app blank: "Buffer is not defined").
// - test/ follows the same rule as src/ code outside a domain, except test/db/ and bench/, which measure
//   the storage itself and may import a domain's repositories, stores and rules directly. Tests beside the
//   code (src/**/x.test.ts) belong to their folder's domain.
//
// SQL (every sql`…` template and sql.raw('…') string in src/, web/, test/, bench/, scripts/; `--` comments
// and quoted strings are ignored)
// - A table's owner is the domain folder of the *.tables.ts that declares it (pgTable('name', …)), or the
//   platform for src/platform/. A domain's SQL names only its own tables; platform tables are named only in
//   src/platform/, which names no domain table. Code outside both (cli, seed, app.ts, web, scripts) names
//   no table: it asks the owner through its index.ts.
// - Exempt: src/schema.ts, drizzle/, *.tables.ts (foreign keys), and the tests that check the database
//   itself — row-level security, the audit trigger, migrations, COPY, backups — in test/db/,
//   test/security/ and test/support/ (factories and database clones), and bench/. Any other test is owned by
//   the domain or platform folder its file name starts with (compliance-…, survey-…, auth-…); one named after
//   neither names no table and plants its data through the API or test/support/.
// - Raw SQL lives in repositories: a sql` or sql.raw( in a file that is not *.repository.ts, *.views.ts,
//   *.tables.ts, src/platform/db/, a test or bench/ is a breach.
// - A checked query's row schema is declared once, beside its function: `checkedRow(s)(db, z.object(…)` in
//   src/ is a breach (building a zod schema per call cost more than the statement's round trip).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const reportOnly = args.includes('--report');
const rootArg = args.indexOf('--root');
const root = path.resolve(rootArg >= 0 ? args[rootArg + 1] : path.join(import.meta.dirname, '..'));
const src = path.join(root, 'src');

function files(dir, withTests = false) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'e2e-results') return [];
    if (statSync(full).isDirectory()) return files(full, withTests);
    if (!/\.(tsx?|js|mjs)$/.test(name) || name.endsWith('.d.ts')) return [];
    return withTests || !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

const rel = (f) => path.relative(root, f).split(path.sep).join('/');
const domainOf = (f) => /^src\/domains\/([^/]+)\//.exec(rel(f))?.[1];
const problems = [];
const breach = (p) => problems.includes(p) || problems.push(p);

// ---- imports ----
const importRe =
  /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([.@][^'"]+)['"]|import\(\s*['"]([.@][^'"]+)['"]\s*\)/g;
/** Value imports only: `import type` and `export type` vanish from the built code. */
const valueImportRe =
  /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^'";]*?from\s+['"]([.@][^'"]+)['"]|import\(\s*['"]([.@][^'"]+)['"]\s*\)/g;
function resolve(from, spec) {
  let target;
  if (spec.startsWith('@contract/')) target = path.join(src, 'contract', spec.slice('@contract/'.length));
  else if (spec.startsWith('.')) target = path.resolve(path.dirname(from), spec);
  else return undefined;
  const ts = target.replace(/\.js$/, '.ts');
  if (existsSync(ts)) return ts;
  if (existsSync(`${ts}x`)) return `${ts}x`;
  if (existsSync(path.join(target, 'index.ts'))) return path.join(target, 'index.ts');
  return ts;
}
const depsOf = (file, re) =>
  [...readFileSync(file, 'utf8').matchAll(re)].map((m) => resolve(file, m[1] ?? m[2])).filter(Boolean);

const graph = new Map();
for (const file of files(src)) graph.set(file, depsOf(file, importRe));

const contract = (dep) => /\.(schemas|labels)\.ts$/.test(dep) || rel(dep).startsWith('src/contract/');
function checkDomainDoor(file, dep, internalsAllowed) {
  const from = domainOf(file);
  const to = domainOf(dep);
  if (!to || from === to || internalsAllowed || contract(dep)) return;
  const tablesOnly =
    dep.endsWith('.tables.ts') && (rel(file) === 'src/schema.ts' || file.endsWith('.tables.ts'));
  if (!tablesOnly && !dep.endsWith(`/domains/${to}/index.ts`)) {
    breach(`${rel(file)} imports ${rel(dep)}: use src/domains/${to}/index.ts`);
  }
}
for (const [file, deps] of graph) {
  for (const dep of deps) {
    if (rel(file).startsWith('src/platform/') && rel(dep).startsWith('src/domains/')) {
      breach(`${rel(file)} imports ${rel(dep)}: platform code must not depend on a domain`);
    }
    checkDomainDoor(file, dep, false);
  }
}
const testFiles = [...files(path.join(root, 'test'), true), ...files(path.join(root, 'bench'), true)];
for (const file of testFiles) {
  const internalsAllowed = /^(test\/db|bench)\//.test(rel(file));
  for (const dep of depsOf(file, importRe))
    if (dep.startsWith(src)) checkDomainDoor(file, dep, internalsAllowed);
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
  for (const dep of outside) breach(`${rel(file)} imports ${dep}: the contract imports only zod and itself`);
}

// The web app: only the contract, and everything it reaches from there must be browser code.
const webFiles = files(path.join(root, 'web'), true);
const serverOnly = /(\/index|\.service|\.repository|\.routes|\.tables|\.job)\.ts$/;
const reached = new Map();
const reach = (file, via) => {
  if (reached.has(file) || !graph.has(file)) return;
  reached.set(file, via);
  for (const dep of depsOf(file, valueImportRe)) reach(dep, file);
};
for (const file of webFiles) {
  for (const dep of depsOf(file, importRe)) {
    if (!dep.startsWith(src + path.sep)) continue;
    if (!rel(dep).startsWith('src/contract/'))
      breach(`${rel(file)} imports ${rel(dep)}: the web app imports server code only through @contract/*`);
  }
  for (const dep of depsOf(file, valueImportRe)) if (dep.startsWith(src)) reach(dep, file);
}
for (const [file, via] of reached) {
  const nodeBuiltin = /from\s+['"]node:/.test(readFileSync(file, 'utf8'));
  if (serverOnly.test(file) || nodeBuiltin)
    breach(`${rel(file)} is server code (reached by the web app from ${rel(via)})`);
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
      breach(`import cycle: ${[...stack.slice(stack.indexOf(dep)), dep].map(rel).join(' -> ')}`);
    } else if (!state.has(dep)) visit(dep);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

// ---- SQL ----
/** Table SQL name → owner ('platform' or a domain folder), from every pgTable('name', …) call. */
const owners = new Map();
for (const file of files(src).filter((f) => f.endsWith('.tables.ts'))) {
  const owner = rel(file).startsWith('src/platform/') ? 'platform' : domainOf(file);
  for (const m of readFileSync(file, 'utf8').matchAll(/pgTable\(\s*['"]([^'"]+)['"]/g))
    owners.set(m[1], owner);
}
// A name after `.` is a column, after `as` an alias; a common table expression may reuse a table's name.
const tableRes = [...owners].map(([name, owner]) => ({
  name,
  owner,
  re: new RegExp(`(?<![.\\w"])(?<!\\bas\\s+)${name}\\b`, 'i'),
}));
const cteNames = (sqlWords) =>
  new Set(
    [
      ...sqlWords.matchAll(
        /(?:\bwith|,)\s+(?:recursive\s+)?(\w+)\s+as\s+(?:not\s+)?(?:materialized\s+)?\(/gi,
      ),
    ].map((m) => m[1]),
  );

/** Index just past the `}` closing the `${` expression that starts at `i`, skipping strings inside it. */
function skipExpression(text, i) {
  let depth = 1;
  while (i < text.length && depth > 0) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '`') i = readTemplate(text, i + 1).end - 1;
    else if (c === "'" || c === '"') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
    }
    i++;
  }
  return i;
}
/** The literal text of the template starting just after its backtick (expressions become `$1`). */
function readTemplate(text, i) {
  let out = '';
  while (i < text.length && text[i] !== '`') {
    if (text[i] === '\\') {
      out += text.slice(i, i + 2);
      i += 2;
    } else if (text[i] === '$' && text[i + 1] === '{') {
      out += ' $1 ';
      i = skipExpression(text, i + 2);
    } else out += text[i++];
  }
  return { text: out, end: i + 1 };
}
/** Every SQL text in a file, with the line it starts on. */
function sqlTexts(text) {
  const found = [];
  const lineOf = (i) => text.slice(0, i).split('\n').length;
  for (const m of text.matchAll(/\bsql(?:<[^`;()]*?>)?`/g)) {
    found.push({ line: lineOf(m.index), text: readTemplate(text, m.index + m[0].length).text });
  }
  for (const m of text.matchAll(/\bsql\.raw\(\s*(['"`])/g)) {
    const start = m.index + m[0].length;
    const body = m[1] === '`' ? readTemplate(text, start).text : text.slice(start, text.indexOf(m[1], start));
    found.push({ line: lineOf(m.index), text: body });
  }
  return found;
}
const words = (sqlText) => sqlText.replace(/--[^\n]*|'(?:[^']|'')*'/g, ' ');

const testOwner = (file) => {
  const first = path.basename(file).split(/[-.]/)[0];
  const names = { survey: 'surveys', person: 'people', organisation: 'organisations', org: 'organisations' };
  const domain = names[first] ?? first;
  if (owners.size && [...owners.values()].includes(domain)) return domain;
  if (['auth', 'audit', 'jobs', 'job', 'mail', 'outbox', 'files', 'backup', 'sign'].includes(first))
    return 'platform';
  return null;
};
/** Who a file's SQL speaks for: a domain, 'platform', '*' (any table) or null (no table). */
function ownerOf(file) {
  const r = rel(file);
  if (r === 'src/schema.ts' || r.startsWith('drizzle/') || r.endsWith('.tables.ts')) return '*';
  if (/^(test\/(db|security|support)|bench)\//.test(r)) return '*';
  if (r.startsWith('src/platform/')) return 'platform';
  if (r.startsWith('src/domains/')) return domainOf(file);
  if (r.startsWith('test/')) return testOwner(file);
  return null;
}
const repositoryLike = (r) =>
  /\.(repository|views|tables)\.ts$/.test(r) ||
  r.startsWith('src/platform/db/') ||
  /\.test\.tsx?$/.test(r) ||
  /^(test|bench)\//.test(r) ||
  r === 'src/schema.ts';

const inlineRowSchema = /checkedRows?\(\s*[\w.]+,\s*z\./g;
for (const file of files(src, true)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(inlineRowSchema)) {
    const line = text.slice(0, m.index).split('\n').length;
    breach(`${rel(file)}:${line}: row schema built inside the call (declare it once, beside the function)`);
  }
}

const report = new Map();
const sqlFiles = ['src', 'web', 'test', 'bench', 'scripts'].flatMap((d) => files(path.join(root, d), true));
for (const file of sqlFiles) {
  const r = rel(file);
  if (r === 'scripts/check-boundaries.js') continue;
  const texts = sqlTexts(readFileSync(file, 'utf8'));
  if (texts.length === 0) continue;
  const owner = ownerOf(file);
  const counts = { outside: 0, crossing: 0 };
  for (const { line, text } of texts) {
    if (!repositoryLike(r)) {
      counts.outside++;
      breach(`${r}:${line}: SQL outside a repository (move it into a *.repository.ts)`);
    }
    if (owner === '*') continue;
    const sqlWords = words(text);
    const ctes = cteNames(sqlWords);
    for (const t of tableRes) {
      if (t.owner === owner || ctes.has(t.name) || !t.re.test(sqlWords)) continue;
      counts.crossing++;
      const whose = t.owner === 'platform' ? 'the platform' : `the ${t.owner} domain`;
      breach(`${r}:${line}: names table ${t.name}, owned by ${whose} (ask it through its index.ts)`);
    }
  }
  if (counts.outside + counts.crossing > 0) report.set(r, counts);
}

if (reportOnly) {
  const total = { outside: 0, crossing: 0 };
  console.log('raw SQL outside repositories  cross-domain table names  file');
  for (const [file, c] of [...report].sort()) {
    total.outside += c.outside;
    total.crossing += c.crossing;
    console.log(`${String(c.outside).padStart(28)}  ${String(c.crossing).padStart(24)}  ${file}`);
  }
  console.log(`${String(total.outside).padStart(28)}  ${String(total.crossing).padStart(24)}  total`);
  process.exit(0);
}
if (problems.length > 0) {
  console.error(`Boundary rules broken (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `Boundary rules hold: ${graph.size} files, no cycles, domain boundaries respected in imports and SQL; the web app reaches ${reached.size} browser-safe files of src/.`,
);
