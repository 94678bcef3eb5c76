// Issue 9, the embedded data folder: a second process that opens the folder another one has open refuses,
// naming the holder; the lock goes with close, with a signal, and when its process is gone.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connection.js';
import { acquireDataDirLock, DataDirLockedError, lockFileOf } from './data-dir-lock.js';

const run = promisify(execFile);
let dir: string;
const connection = new URL('./connection.ts', import.meta.url).pathname;
const lockModule = new URL('./data-dir-lock.ts', import.meta.url).pathname;

/** Runs a tiny script in another Node process (the way `verify` or a script would open the folder). */
async function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, DATABASE_URL: '' }, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function script(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A pid that was just in use and is not any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.on('exit', done));
  return child.pid!;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xnb-lock-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the data folder lock', () => {
  it('refuses a second process that opens the folder, naming the holder (pid, command, since); the folder opens again after close', async () => {
    const data = join(dir, 'data');
    const database = await openDatabase({ dataDir: data });
    try {
      const holder = JSON.parse(readFileSync(lockFileOf(data), 'utf8')) as { pid: number; command: string; since: string };
      expect(holder.pid).toBe(process.pid);
      const open = script('open.mts', `import { openDatabase } from ${JSON.stringify(connection)};\nconst d = await openDatabase({ dataDir: process.argv[2] });\nawait d.close();\nconsole.log('opened');\n`);
      const second = await node([open, data]);
      expect(second.code).not.toBe(0);
      expect(second.stdout).not.toContain('opened');
      expect(second.stderr).toContain(`进程 ${process.pid}`);
      expect(second.stderr).toContain(`in use by process ${process.pid}`);
      expect(second.stderr).toContain(holder.since);
      expect(second.stderr).toContain(holder.command.slice(0, 40));
      expect(second.stderr).toMatch(/stop the server/);
      // The holder still works: nothing of it was touched.
      expect(String((await database.db.selectNoFrom((eb) => eb.val(1).as('one')).executeTakeFirstOrThrow()).one)).toBe('1');
    } finally {
      await database.close();
    }
    expect(existsSync(lockFileOf(data))).toBe(false);
    const again = await openDatabase({ dataDir: data });
    await again.close();
  });

  it('makes the CLI say to stop the server, or which API to use instead', async () => {
    const data = join(dir, 'cli-data');
    const lock = acquireDataDirLock(data);
    try {
      const cli = await node([new URL('../cli.ts', import.meta.url).pathname, 'verify', 'audit', '--data-dir', data]);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain(`in use by process ${process.pid}`);
      expect(cli.stderr).toContain('GET /api/audit/verify');
      expect(cli.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    } finally {
      lock.release();
    }
  });

  it('takes over a stale lock whose process is gone', async () => {
    const data = join(dir, 'stale');
    const pid = await deadPid();
    writeFileSync(lockFileOf(data), JSON.stringify({ pid, command: 'xinnongbao serve (killed)', since: '2026-01-01T00:00:00.000Z', host: hostname() }));
    const database = await openDatabase({ dataDir: data });
    try {
      expect(JSON.parse(readFileSync(lockFileOf(data), 'utf8')).pid).toBe(process.pid);
    } finally {
      await database.close();
    }
    expect(existsSync(lockFileOf(data))).toBe(false);
  });

  it('takes over an empty lock file (a process that died while writing it)', () => {
    const data = join(dir, 'torn');
    writeFileSync(lockFileOf(data), '');
    const lock = acquireDataDirLock(data);
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('refuses in the same process too, and keeps a lock of a live process on another machine', () => {
    const data = join(dir, 'same');
    const lock = acquireDataDirLock(data);
    expect(() => acquireDataDirLock(data)).toThrow(DataDirLockedError);
    lock.release();
    writeFileSync(lockFileOf(data), JSON.stringify({ pid: 1, command: 'serve', since: 'x', host: 'another-host' }));
    expect(() => acquireDataDirLock(data)).toThrow(/in use by process 1 \(serve, since x\)/);
    rmSync(lockFileOf(data));
  });

  it('removes the lock when the holding process is ended by a signal', async () => {
    const data = join(dir, 'signal');
    const hold = script('hold.mts', `import { acquireDataDirLock } from ${JSON.stringify(lockModule)};\nacquireDataDirLock(process.argv[2]);\nconsole.log('held');\nsetInterval(() => {}, 1000);\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', hold, data], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => child.stdout.on('data', (b: Buffer) => b.toString().includes('held') && ready()));
    expect(JSON.parse(readFileSync(lockFileOf(data), 'utf8')).pid).toBe(child.pid);
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(lockFileOf(data))).toBe(false);
  });

  it('without releaseOnSignal a signal ends a busy process at once, and the next process takes its lock over', async () => {
    const data = join(dir, 'busy');
    // Busy the way a long database statement is: the event loop gets no turn, so no JavaScript handler could run.
    const busy = script('busy.mts', `import { acquireDataDirLock } from ${JSON.stringify(lockModule)};\nacquireDataDirLock(process.argv[2], { releaseOnSignal: false });\nconsole.log('held');\nsetTimeout(() => { const end = Date.now() + 60_000; while (Date.now() < end); }, 0);\n`);
    const child = spawn(process.execPath, ['--import', 'tsx', busy, data], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => child.stdout.on('data', (b: Buffer) => b.toString().includes('held') && ready()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const sent = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(existsSync(lockFileOf(data))).toBe(true);
    acquireDataDirLock(data).release();
    expect(existsSync(lockFileOf(data))).toBe(false);
  });
});
