/**
 * Runs every test of the given files by itself (as `vitest run FILE -t NAME` would) and lists those that
 * fail alone: a test that passes only after the tests above it leans on state they left behind.
 * Usage: node --import tsx scripts/check-test-independence.ts test/http/a.test.ts [more files…]
 */
import type { TestCase, TestModule } from 'vitest/node';
import { createVitest } from 'vitest/node';

const files = process.argv.slice(2);
const vitest = await createVitest('test', { watch: false, reporters: [{}] });
await vitest.standalone();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function names(test: TestCase): string[] {
  const out = [test.name];
  let parent = test.parent;
  while (parent.type === 'suite') {
    out.unshift(parent.name);
    parent = parent.parent;
  }
  return out;
}
const tests = (m: TestModule) => [...m.children.allTests()];

let failures = 0;
for (const file of files) {
  const specs = await vitest.getRelevantTestSpecifications([file]);
  vitest.resetGlobalTestNamePattern();
  const collected = await vitest.collectTests(specs);
  const all = collected.testModules.flatMap(tests);
  for (const test of all) {
    const full = names(test).join(' ');
    vitest.setGlobalTestNamePattern(new RegExp(`^${escapeRegExp(full)}$`));
    const started = performance.now();
    const run = await vitest.runTestSpecifications(specs);
    const ran = run.testModules.flatMap(tests).filter((t) => t.result().state !== 'skipped');
    const failed = ran.filter((t) => t.result().state === 'failed');
    const moduleErrors = run.testModules.flatMap((m) => m.errors());
    const ok = ran.length > 0 && failed.length === 0 && moduleErrors.length === 0;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`${ok ? 'alone ok  ' : 'ALONE FAIL'} ${seconds}s ${file} › ${full}`);
    if (!ok) {
      failures++;
      for (const t of failed)
        for (const e of t.result().errors ?? []) console.log(`    ${String(e.message).split('\n')[0]}`);
      for (const e of moduleErrors) console.log(`    ${String(e.message).split('\n')[0]}`);
      if (ran.length === 0) console.log('    (no test matched its own name)');
    }
  }
}
await vitest.close();
process.exit(failures > 0 ? 1 : 0);
