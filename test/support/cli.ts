import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

const exec = promisify(execFile);

/** Runs `concord` as a user would, with this environment; never throws: the exit code comes back. */
export function runConcord(env: NodeJS.ProcessEnv, ...args: string[]) {
  return exec(process.execPath, ['bin/concord.js', ...args], { env, timeout: 120_000 }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
}

/**
 * Runs a `concord` command line in this process — the same code as the command, without starting Node and
 * loading the app again — with these environment variables set (undefined: unset) and its output captured.
 */
export async function concordHere(env: Record<string, string | undefined>, ...args: string[]) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const out: string[] = [];
  const err: string[] = [];
  const capture = (into: string[]) => (chunk: string | Uint8Array) => {
    into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    return true;
  };
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture(out) as never);
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture(err) as never);
  try {
    const code = await runCli(args);
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    vi.unstubAllEnvs();
  }
}
