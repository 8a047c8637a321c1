import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** Runs `concord` as a user would, with this environment; never throws: the exit code comes back. */
export function runConcord(env: NodeJS.ProcessEnv, ...args: string[]) {
  return exec(process.execPath, ['bin/concord.js', ...args], { env, timeout: 120_000 }).then(
    (r) => ({ code: 0, out: r.stdout, err: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout, err: e.stderr }),
  );
}
