import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs pg_dump or pg_restore against a database URL. The password goes in PGPASSWORD, not on the command
 * line, where other users of the machine could see it.
 */
export async function runPgTool(
  tool: 'pg_dump' | 'pg_restore',
  databaseUrl: string,
  args: string[],
  onLine?: (line: string) => void,
): Promise<void> {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  const child = spawn(tool, [...args, `--dbname=${url.toString()}`], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    onLine?.(line);
    if (
      !/^pg_(dump|restore): (dumping|processing|creating|executing|reading|identifying|saving|last built-in|finding|flagging|connecting|implied)/.test(
        line,
      )
    ) {
      tail.push(line);
      if (tail.length > 10) tail.shift();
    }
  });
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'ENOENT'
          ? new Error(
              `${tool} is not installed or not on PATH. Install the PostgreSQL client tools of the server's major version (on Debian: apt-get install postgresql-client-15).`,
            )
          : err,
      ),
    );
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) throw new Error(`${tool} failed (exit ${code}): ${tail.join(' ') || 'no message'}`);
}
