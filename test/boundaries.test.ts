import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../scripts/check-boundaries.js');
// Written in pieces so that this file's own text holds no SQL template for the check to read.
const SQL = 'sql' + '`';

/** Two domains (alpha, beta) and a platform table, each in its own *.tables.ts, with nothing broken. */
const baseTree: Record<string, string> = {
  'src/domains/alpha/alpha.tables.ts': "export const items = pgTable('alpha_items', {});\n",
  'src/domains/alpha/index.ts': "export { items } from './alpha.tables.js';\n",
  'src/domains/alpha/alpha.labels.ts': "export const LABELS = { a: 'A' };\n",
  'src/domains/alpha/internal.ts': 'export const secret = 1;\n',
  'src/domains/alpha/alpha.repository.ts': `const q = ${SQL}select id from alpha_items -- not beta_items\n  where note <> 'beta_items'\`;\n`,
  'src/domains/beta/beta.tables.ts': "export const items = pgTable('beta_items', {});\n",
  'src/platform/jobs/jobs.tables.ts': "export const jobs = pgTable('jobs', {});\n",
  'src/platform/jobs/jobs.repository.ts': `const q = ${SQL}select count(*) as jobs from jobs\`;\n`,
};

const trees: string[] = [];
afterEach(() => {
  for (const dir of trees.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function check(extra: Record<string, string>, ...flags: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'boundaries-'));
  trees.push(dir);
  for (const [file, text] of Object.entries({ ...baseTree, ...extra })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const run = spawnSync(process.execPath, [script, '--root', dir, ...flags], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('the boundary check', () => {
  it('passes a tree where each domain names only its own tables, ignoring comments and quoted text', () => {
    const run = check({});
    expect(run.out).toContain('Boundary rules hold');
    expect(run.status).toBe(0);
  });

  it("fails when a domain's SQL names another domain's table, naming the file and the table", () => {
    const run = check({
      'src/domains/alpha/other.repository.ts': `export const q = ${SQL}select * from beta_items\`;\n`,
    });
    expect(run.status).toBe(1);
    expect(run.out).toMatch(
      /src\/domains\/alpha\/other\.repository\.ts:1: names table beta_items, owned by the beta domain/,
    );
  });

  it('fails when a domain names a platform table, and when the platform names a domain table', () => {
    const run = check({
      'src/domains/beta/beta.repository.ts': `export const q = ${SQL}select * from jobs where id = \${id}\`;\n`,
      'src/platform/files/files.repository.ts': `export const q = sql.raw('delete from alpha_items');\n`,
    });
    expect(run.status).toBe(1);
    expect(run.out).toContain(
      'src/domains/beta/beta.repository.ts:1: names table jobs, owned by the platform',
    );
    expect(run.out).toContain(
      'src/platform/files/files.repository.ts:1: names table alpha_items, owned by the alpha domain',
    );
  });

  it('fails on SQL outside a repository, even naming its own table', () => {
    const run = check({
      'src/domains/alpha/alpha.service.ts': `export const q = ${SQL}select 1 from alpha_items\`;\n`,
    });
    expect(run.status).toBe(1);
    expect(run.out).toContain('src/domains/alpha/alpha.service.ts:1: SQL outside a repository');
  });

  it('fails on a row schema built inside a checked query, and passes one declared beside it', () => {
    const declared = `const row = z.object({ id: z.string() });\nexport const f = (db) => checkedRow(db, row, ${SQL}select id from alpha_items\`);\n`;
    expect(check({ 'src/domains/alpha/declared.repository.ts': declared }).status).toBe(0);
    const run = check({
      'src/domains/alpha/inline.repository.ts': `export const f = (db) =>\n  checkedRows(\n    db,\n    z.object({ id: z.string() }),\n    ${SQL}select id from alpha_items\`,\n  );\n`,
    });
    expect(run.status).toBe(1);
    expect(run.out).toContain('src/domains/alpha/inline.repository.ts:2: row schema built inside the call');
  });

  it('lets database tests name any table but holds other tests to the table owner named by their file name', () => {
    const run = check({
      'test/db/rls.db.test.ts': `export const q = ${SQL}select * from beta_items, jobs\`;\n`,
      'test/http/alpha-things.test.ts': `export const q = ${SQL}select * from alpha_items join beta_items on true\`;\n`,
    });
    expect(run.status).toBe(1);
    expect(run.out).not.toContain('test/db/rls.db.test.ts');
    expect(run.out).toContain('test/http/alpha-things.test.ts:1: names table beta_items');
    expect(run.out).not.toContain('names table alpha_items');
  });

  it('fails when code, tests or the web app reach past a domain index or the contract', () => {
    const run = check({
      'src/domains/beta/beta.service.ts': "import { secret } from '../alpha/internal.js';\n",
      'test/http/things.test.ts': "import { secret } from '../../src/domains/alpha/internal.js';\n",
      'test/db/things.db.test.ts': "import { secret } from '../../src/domains/alpha/internal.js';\n",
      'web/src/page.tsx': "import { LABELS } from '../../src/domains/alpha/alpha.labels.js';\n",
      'web/src/ok.tsx': "import { LABELS } from '@contract/labels.js';\n",
      'src/contract/labels.ts': "export { LABELS } from '../domains/alpha/alpha.labels.js';\n",
    });
    expect(run.status).toBe(1);
    expect(run.out).toContain('src/domains/beta/beta.service.ts imports src/domains/alpha/internal.ts');
    expect(run.out).toContain('test/http/things.test.ts imports src/domains/alpha/internal.ts');
    expect(run.out).not.toContain('test/db/things.db.test.ts');
    expect(run.out).toContain(
      'web/src/page.tsx imports src/domains/alpha/alpha.labels.ts: the web app imports server code only through @contract/*',
    );
    expect(run.out).not.toContain('web/src/ok.tsx');
  });

  it('reports the counts per file and in total without failing', () => {
    const run = check(
      {
        'src/domains/alpha/alpha.service.ts': `export const q = ${SQL}select 1 from alpha_items, beta_items\`;\n`,
      },
      '--report',
    );
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/\s1\s+1\s+src\/domains\/alpha\/alpha\.service\.ts/);
    expect(run.out).toMatch(/\s1\s+1\s+total/);
  });
});
