import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.js';
import { errorMessage } from '../errors/messages.js';

/**
 * One process at a time on an embedded (PGlite) data folder. PGlite is Postgres in one process with no
 * shared memory between processes: a second process opening the folder the server has open (`verify`,
 * `backup`, a script) aborted or left a folder that could no longer be opened. The lock is a file beside
 * the folder (`<folder>.lock`, so a backup of the folder never carries it), created atomically (O_EXCL),
 * holding the pid, command and start time; it is removed on close and at exit, and a lock whose process
 * is gone (kill -9, power cut) is taken over.
 */
export interface LockHolder {
  readonly pid: number;
  readonly command: string;
  readonly since: string;
  readonly host: string;
}

export class DataDirLockedError extends AppError {
  readonly holder: LockHolder;
  readonly lockFile: string;

  constructor(dataDir: string, lockFile: string, holder: LockHolder) {
    const params = { dir: dataDir, pid: holder.pid, command: holder.command, since: holder.since };
    super('DATA_DIR_LOCKED', 409, { params });
    this.name = 'DataDirLockedError';
    this.holder = holder;
    this.lockFile = lockFile;
    this.message = `${errorMessage('DATA_DIR_LOCKED', 'zh-CN', params)}\n${errorMessage('DATA_DIR_LOCKED', 'en', params)}\n(lock file ${lockFile})`;
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

export function lockFileOf(dataDir: string): string {
  const full = resolve(dataDir);
  return join(dirname(full), `${basename(full)}.lock`);
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number') return undefined;
    return { pid: parsed.pid, command: String(parsed.command ?? '?'), since: String(parsed.since ?? '?'), host: String(parsed.host ?? '') };
  } catch {
    return undefined; // gone, or half written by a process that died while writing it
  }
}

/** Whether the holder may still be running. A lock written on another machine (a shared folder) is never assumed stale. */
function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function describeSelf(): string {
  return [process.argv0, ...process.argv.slice(1)].join(' ').slice(0, 300);
}

/** Moves a stale lock aside; gives it back if a live process took it over in the meantime. */
function removeStale(file: string, stale: LockHolder): void {
  const aside = `${file}.stale-${process.pid}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else removed it first
  }
  const moved = readHolder(aside);
  if (moved && (moved.pid !== stale.pid || moved.since !== stale.since)) {
    renameSync(aside, file); // a fresh lock, not the stale one we saw: put it back
    return;
  }
  unlinkSync(aside);
}

/**
 * Takes the lock of `dataDir` for this process, or throws DataDirLockedError naming the process that
 * holds it. A stale lock (its process gone) is taken over. `releaseOnSignal: false` leaves SIGINT/SIGTERM/SIGHUP
 * to Node's default (the process ends at once, even in the middle of database work) and the lock to the next
 * process to take over.
 */
export function acquireDataDirLock(dataDir: string, options: { releaseOnSignal?: boolean } = {}): DataDirLock {
  const file = lockFileOf(dataDir);
  const me: LockHolder = { pid: process.pid, command: describeSelf(), since: new Date().toISOString(), host: hostname() };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o644);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder && holderAlive(holder)) throw new DataDirLockedError(dataDir, file, holder);
      // No holder (an empty or torn file) or a process that is gone.
      removeStale(file, holder ?? { pid: -1, command: '', since: '', host: '' });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me));
    } finally {
      closeSync(fd);
    }
    return heldLock(file, me, options.releaseOnSignal ?? true);
  }
  const holder = readHolder(file);
  throw new DataDirLockedError(dataDir, file, holder ?? { pid: -1, command: '?', since: '?', host: '' });
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function heldLock(file: string, me: LockHolder, onSignals: boolean): DataDirLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener('exit', release);
    for (const s of SIGNALS) process.removeListener(s, onSignal);
    const now = readHolder(file);
    if (now?.pid === me.pid && now.since === me.since) {
      try {
        unlinkSync(file);
      } catch {
        // already gone
      }
    }
  };
  // A signal nobody else handles would end the process without the 'exit' event: remove the lock, then
  // end as that signal would have. Where the program handles the signal (the server shuts down cleanly and
  // exits), the 'exit' event removes it.
  function onSignal(signal: NodeJS.Signals) {
    if (process.listenerCount(signal) > 1) return;
    release();
    process.kill(process.pid, signal);
  }
  process.on('exit', release);
  if (onSignals) for (const s of SIGNALS) process.on(s, onSignal);
  return { file, release };
}
