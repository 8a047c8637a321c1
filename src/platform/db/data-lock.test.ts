import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderInUse, type LockHolder, lockDataFolder } from './data-lock.js';

const moduleFile = fileURLToPath(new URL('./data-lock.ts', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const freshFolder = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'concord-lock-')), 'pglite');

/**
 * Another process that tries to lock `folder`: prints "held" and keeps it until its stdin closes, or prints
 * "in use: <message>".
 */
function otherProcess(folder: string) {
  const code = `
    const { lockDataFolder } = await import(${JSON.stringify(moduleFile)});
    try { lockDataFolder(${JSON.stringify(folder)}); console.log('held'); process.stdin.resume(); }
    catch (err) { console.log('in use: ' + err.message); }`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const said = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', () => reject(new Error(`exited before saying anything: ${out}`)));
  });
  return { child, said };
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve() : child.on('exit', () => resolve()),
  );

/** Writes a lock file as another holder would have left it. */
function leaveLock(folder: string, holder: Partial<LockHolder>) {
  writeFileSync(
    `${folder}.lock`,
    JSON.stringify({
      pid: 999_999,
      host: os.hostname(),
      token: 'left-behind',
      folder,
      command: 'concord serve',
      since: '2026-01-01T00:00:00.000Z',
      ...holder,
    }),
  );
}

describe('the embedded database folder lock', () => {
  it('refuses a second opener in the same process, and is free again once released', () => {
    const folder = freshFolder();
    const lock = lockDataFolder(folder);
    expect(() => lockDataFolder(folder)).toThrow(/this process already has it open/);
    lock.release();
    expect(existsSync(`${folder}.lock`)).toBe(false);
    lockDataFolder(folder).release();
  });

  it('refuses while another process holds it, naming the folder and the process; taken over once that process is killed -9', async () => {
    const folder = freshFolder();
    const holder = otherProcess(folder);
    expect(await holder.said).toBe('held');

    let refusal: unknown;
    try {
      lockDataFolder(folder);
    } catch (err) {
      refusal = err;
    }
    expect(refusal).toBeInstanceOf(DataFolderInUse);
    const message = (refusal as Error).message;
    expect(message).toContain(`The embedded database in ${folder} is in use`);
    expect(message).toContain(`process ${holder.child.pid}`);
    expect(message).toMatch(
      /Stop that process first .*or do this through it — in the web app, or with the API/,
    );
    expect((refusal as DataFolderInUse).code).toBe('DATA_FOLDER_IN_USE');

    holder.child.kill('SIGKILL');
    await exited(holder.child);
    expect(existsSync(`${folder}.lock`)).toBe(true); // left behind by the killed process: stale
    lockDataFolder(folder).release();
  });

  it('takes over a lock whose process has exited', async () => {
    const folder = freshFolder();
    const gone = spawn(process.execPath, ['-e', '']);
    await exited(gone);
    leaveLock(folder, { pid: gone.pid! });
    const lock = lockDataFolder(folder);
    expect(JSON.parse(readFileSync(`${folder}.lock`, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock naming this process's id that this process did not take (an earlier process with the same id)", () => {
    const folder = freshFolder();
    leaveLock(folder, { pid: process.pid });
    lockDataFolder(folder).release();
  });

  it('takes over a lock naming a live process that started later than the holder (its id reused)', () => {
    const folder = freshFolder();
    leaveLock(folder, { pid: process.ppid, startTicks: 1 });
    lockDataFolder(folder).release();
  });

  it('takes over a lock copied from another folder (with a backup), and one that is not a lock at all', () => {
    const folder = freshFolder();
    leaveLock(folder, { pid: process.ppid, folder: '/somewhere/else/pglite' });
    lockDataFolder(folder).release();
    writeFileSync(`${folder}.lock`, 'not json');
    lockDataFolder(folder).release();
  });

  it('respects a lock taken on another machine, saying how to clear it if that process is gone', () => {
    const folder = freshFolder();
    leaveLock(folder, { host: 'another-host.example', pid: 4321 });
    expect(() => lockDataFolder(folder)).toThrow(
      new RegExp(`process 4321 on another-host\\.example.*delete ${folder}\\.lock and try again`),
    );
  });

  it('lets exactly one of several processes racing for a stale lock have it', async () => {
    const folder = freshFolder();
    const gone = spawn(process.execPath, ['-e', '']);
    await exited(gone);
    leaveLock(folder, { pid: gone.pid! });
    const racers = Array.from({ length: 4 }, () => otherProcess(folder));
    const said = await Promise.all(racers.map((r) => r.said));
    expect(said.filter((s) => s === 'held')).toHaveLength(1);
    expect(said.filter((s) => s.startsWith('in use: '))).toHaveLength(3);
  });
});
