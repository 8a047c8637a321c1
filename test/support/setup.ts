import { vi } from 'vitest';

// Every test user's password is hashed with argon2's smallest parameters. A sign-in verifies with the
// parameters stored in the hash, so both cost ~2 ms instead of 60–160 ms, hundreds of times a run. Only
// the test run's modules see this: production's parameters (src/platform/auth/password.ts) are untouched,
// and the processes CLI tests spawn use them too.
vi.mock('argon2', async (importOriginal) => {
  type Argon2 = typeof import('argon2');
  const real = await importOriginal<Argon2 & { default: Argon2 }>();
  const cheap = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
  const hash = ((password: string, options?: object) =>
    real.default.hash(password, { ...options, ...cheap })) as Argon2['hash'];
  return { ...real, hash, default: { ...real.default, hash } };
});
