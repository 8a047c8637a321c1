import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@contract': path.resolve(import.meta.dirname, 'src/contract') } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/check-rows.ts', 'test/support/setup.ts'],
    pool: 'forks',
    // One worker per core: each file has its own database, so files run side by side (vitest leaves one core
    // free by default, which on 2 cores is a single worker).
    maxWorkers: 2,
    // Sized for a busy 2-core machine, where building a test app alone has taken over a minute.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
