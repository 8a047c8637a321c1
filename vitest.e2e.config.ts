import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@contract': path.resolve(import.meta.dirname, 'src/contract') } },
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/check-rows.ts'],
    pool: 'forks',
    fileParallelism: false,
    // A journey through every page for a role took 54 s at a load average of 6-9 and over 90 s at 10-14.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // A page that takes a second to settle on an idle machine takes several on a busy one: every expect.poll
    // waits up to 15 s unless it says otherwise.
    expect: { poll: { timeout: 15_000 } },
  },
});
