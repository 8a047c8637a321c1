import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process at a time in an embedded database's folder. PGlite keeps its data in memory and writes it out
 * as it goes; a second process opening the same folder works on its own copy, and whichever writes last
 * wins — the other's changes are lost without a word. So the folder is locked for as long as it is open.
 *
 * Node has no OS file lock without a native addon, so the lock is a file beside the folder
 * (`<folder>.lock`), created atomically (a hard link of a complete temporary file, which fails if the lock
 * exists) and holding who took it: host, process id, the process's start time and a token. A lock whose
 * process is gone is stale, not a lock — `kill -9` leaves one behind — and is taken over: the process is
 * checked to be alive (`kill(pid, 0)`) and to be the same one (its start time, on Linux, and the machine's
 * boot), and a lock naming this very process id without this process's token was left by an earlier
 * process that had the same id (a container restarted). A lock taken on another machine (a shared network
 * folder) cannot be checked and is respected.
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** Linux: the machine's boot id and the process's start time in clock ticks since boot. */
  bootId?: string | undefined;
  startTicks?: number | undefined;
  token: string;
  /** The folder locked, as resolved by the holder: a lock copied along with a backup locks nothing here. */
  folder: string;
  /** What the holder is (`concord serve`), for the message. */
  command: string;
  since: string;
}

export class DataFolderInUse extends Error {
  readonly code = 'DATA_FOLDER_IN_USE';
  constructor(
    readonly folder: string,
    readonly holder: LockHolder,
    readonly lockFile: string,
  ) {
    const self = holder.pid === process.pid && holder.host === os.hostname();
    const who = self
      ? 'this process already'
      : `another Concord process (${holder.command}, process ${holder.pid}${holder.host === os.hostname() ? '' : ` on ${holder.host}`}, since ${holder.since})`;
    super(
      `The embedded database in ${folder} is in use: ${who} has it open. Only one process may open it at a ` +
        'time, or the changes of one are lost. Stop that process first (for example the running ' +
        '`concord serve` or `concord start`), or do this through it — in the web app, or with the API ' +
        '(reference at /docs) — while it runs.' +
        (holder.host === os.hostname()
          ? ''
          : ` If that process is no longer running, delete ${lockFile} and try again.`),
    );
    this.name = 'DataFolderInUse';
  }
}

const held = new Map<string, string>(); // lock file → this process's token

/** Takes the lock on `folder` (an embedded database's data folder), or throws DataFolderInUse. */
export function lockDataFolder(folder: string): { release(): void } {
  const resolved = resolveFolder(folder);
  const lockFile = `${resolved}.lock`;
  const me: LockHolder = {
    ...processIdentity(process.pid),
    pid: process.pid,
    host: os.hostname(),
    token: randomUUID(),
    folder: resolved,
    command: commandName(),
    since: new Date().toISOString(),
  };
  const pending = `${lockFile}.${me.token}`;
  writeFileSync(pending, JSON.stringify(me));
  try {
    for (let tries = 0; ; tries++) {
      try {
        linkSync(pending, lockFile);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 5) throw err;
      }
      const holder = readHolder(lockFile);
      if (holder && isAlive(holder, resolved)) throw new DataFolderInUse(resolved, holder, lockFile);
      removeStale(lockFile, holder);
    }
  } finally {
    unlinkQuietly(pending);
  }
  held.set(lockFile, me.token);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      releaseLock(lockFile);
    },
  };
}

function releaseLock(lockFile: string) {
  const token = held.get(lockFile);
  held.delete(lockFile);
  if (token && readHolder(lockFile)?.token === token) unlinkQuietly(lockFile);
}

// A process that exits without closing its database (process.exit) leaves no lock behind.
process.on('exit', () => {
  for (const lockFile of [...held.keys()]) releaseLock(lockFile);
});

/** Whether the holder can still be using the folder. */
function isAlive(holder: LockHolder, folder: string) {
  if (holder.folder !== folder) return false; // copied here with the folder
  if (holder.host !== os.hostname()) return true; // cannot tell: respected
  if (holder.pid === process.pid) return held.get(`${folder}.lock`) === holder.token;
  if (!Number.isInteger(holder.pid) || holder.pid <= 0) return false;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false; // no such process
  }
  // Alive, but perhaps a later process given the same id: compare the boot and the start time where known.
  const now = processIdentity(holder.pid);
  if (holder.bootId && now.bootId && holder.bootId !== now.bootId) return false;
  if (holder.startTicks !== undefined && now.startTicks !== undefined)
    return holder.startTicks === now.startTicks;
  return true;
}

/**
 * Moves a stale lock aside and deletes it. Two processes may judge the same lock stale at once; the
 * rename lets only one of them have it, and one that moved a fresh lock (taken meanwhile by the other)
 * puts it back.
 */
function removeStale(lockFile: string, judged: LockHolder | undefined) {
  const aside = `${lockFile}.stale-${randomUUID()}`;
  try {
    renameSync(lockFile, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it first
    throw err;
  }
  const moved = readHolder(aside);
  if (judged && moved && moved.token !== judged.token) {
    try {
      linkSync(aside, lockFile);
    } catch {
      // a third process took the lock meanwhile; it holds it
    }
  }
  unlinkQuietly(aside);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' && typeof holder.token === 'string' ? holder : undefined;
  } catch {
    return undefined; // gone, or not a lock this code wrote: stale
  }
}

/** Linux: the boot id and a process's start time, which together tell a process from a later one with its id. */
function processIdentity(pid: number): { bootId?: string; startTicks?: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the fields after the command name, which may hold spaces, start at field 3.
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return Number.isFinite(startTicks) ? { bootId, startTicks } : { bootId };
  } catch {
    return {};
  }
}

function resolveFolder(folder: string) {
  const absolute = path.resolve(folder);
  try {
    return path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
  } catch {
    return absolute;
  }
}

/** "concord serve", from the command line (the command and its first word only: arguments may be personal). */
function commandName() {
  const script = path.basename(process.argv[1] ?? 'node').replace(/\.(js|ts|mjs)$/, '');
  const words = [];
  for (const arg of process.argv.slice(2, script === 'concord' ? 4 : 3)) {
    if (!/^[a-z][a-z-]*$/.test(arg)) break;
    words.push(arg);
  }
  return [script, ...words].join(' ');
}

function unlinkQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {}
}
