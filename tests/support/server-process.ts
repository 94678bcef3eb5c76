/**
 * The real server as a child process, for tests that stop it the hard way (kill -9) and start it again on
 * the same data: a demo county prepared once by the command line, copied for each round (a copy of the
 * data folder, or a PostgreSQL database made from the prepared one as template).
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/connection.js';
import { cliCommand } from './cli.js';

const run = promisify(execFile);
const CLI = cliCommand();

/** Runs the command line; resolves with its output, rejects naming the command and its error output (after 180 s, or CLI_TIMEOUT_MS: a bench's bigger county). */
export async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(CLI[0], [...CLI.slice(1), ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, timeout: Number(process.env.CLI_TIMEOUT_MS ?? 180_000), maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { message: string; stderr?: string };
    throw new Error(`xinnongbao ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** One copy of the prepared county: the flags that point the server at it, and an in-process way in. */
export interface CountyCopy {
  readonly name: string;
  /** `--data-dir …` or `--database-url …`. */
  readonly args: readonly string[];
  /** The embedded data folder (undefined on PostgreSQL). */
  readonly dataDir: string | undefined;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

export interface PreparedCounty {
  readonly onPostgres: boolean;
  /** The flags that point a server at the prepared county itself (to prepare more before the first copy). */
  readonly baseArgs: readonly string[];
  copy(): Promise<CountyCopy>;
  close(): Promise<void>;
}

async function admin(serverUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Generates a demo county of `residents` with the command line, on PostgreSQL when DATABASE_URL is set
 * (a fresh database, dropped with its copies by close()) and otherwise in an embedded data folder, and
 * posts the interest of the years `postInterest`.
 */
export async function prepareCounty(options: { residents: number; villages: number; interestThrough?: number; postInterest?: readonly number[] }): Promise<PreparedCounty> {
  const dir = mkdtempSync(join(tmpdir(), 'xnb-fault-'));
  const serverUrl = process.env.DATABASE_URL || undefined;
  const prefix = `xnb_fault_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const demo = ['demo', '--residents', String(options.residents), '--villages', String(options.villages), ...(options.interestThrough === undefined ? [] : ['--interest-through', String(options.interestThrough)])];
  const made: string[] = [];
  let copies = 0;
  if (serverUrl) {
    const base = `${prefix}_base`;
    await admin(serverUrl, `create database ${base}`);
    made.push(base);
    await cli([...demo, '--database-url', databaseUrl(serverUrl, base)]);
    for (const year of options.postInterest ?? []) await cli(['post-interest', '--year', String(year), '--database-url', databaseUrl(serverUrl, base)]);
    return {
      onPostgres: true,
      baseArgs: ['--database-url', databaseUrl(serverUrl, base)],
      async copy() {
        copies += 1;
        const name = `${prefix}_${copies}`;
        await admin(serverUrl, `create database ${name} template ${base}`);
        made.push(name);
        const url = databaseUrl(serverUrl, name);
        return {
          name,
          args: ['--database-url', url],
          dataDir: undefined,
          open: () => openDatabase({ databaseUrl: url }),
          dispose: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
        };
      },
      async close() {
        for (const name of made.reverse()) await admin(serverUrl, `drop database if exists ${name} with (force)`);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const base = join(dir, 'base');
  await cli([...demo, '--data-dir', base]);
  for (const year of options.postInterest ?? []) await cli(['post-interest', '--year', String(year), '--data-dir', base]);
  return {
    onPostgres: false,
    baseArgs: ['--data-dir', base],
    async copy() {
      copies += 1;
      const dataDir = join(dir, `copy-${copies}`);
      cpSync(base, dataDir, { recursive: true });
      return {
        name: dataDir,
        args: ['--data-dir', dataDir],
        dataDir,
        open: () => openDatabase({ dataDir }),
        dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
    async close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  /** How long the start took until the server listened, in ms. */
  readonly startedIn: number;
  /** The server's log so far (pino JSON lines). */
  log(): string;
  /** kill -9, and wait until the process is gone (reaped, so its pid no longer answers). */
  kill9(): Promise<void>;
  /** SIGTERM (a clean stop); resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `xinnongbao serve` on a free port and waits until it listens. The log goes to `logFile` too,
 * so a failed round can be read afterwards.
 */
export async function startServerProcess(args: readonly string[], logFile: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOn(port, args, logFile, env);
    } catch (error) {
      // Another test took the port between our look and the server's bind.
      if (attempt < 3 && /EADDRINUSE/.test(String(error))) continue;
      throw error;
    }
  }
}

async function startOn(port: number, args: readonly string[], logFile: string, env: Record<string, string>): Promise<ServerProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(CLI[0], [...CLI.slice(1), 'serve', '--no-demo', '--port', String(port), ...args], {
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = createWriteStream(logFile, { flags: 'a' });
  file.write(`--- ${new Date().toISOString()} serve ${args.join(' ')} (pid ${child.pid})\n`);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // 'close' comes after the last output: the log file ends there, never before a late line.
  child.once('close', () => file.end());
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      file.write(chunk);
      if (output.includes('xinnongbao listening')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the server exited (${code}) before it listened:\n${output.slice(-3000)}`)));
    setTimeout(() => reject(new Error(`the server did not listen within 90 s:\n${output.slice(-3000)}`)), 90_000).unref();
  });
  try {
    await listening;
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw error;
  }
  const startedIn = performance.now() - started;
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    startedIn,
    log: () => output,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface HttpSession {
  get(path: string): Promise<Response>;
  send(method: string, path: string, body?: unknown): Promise<Response>;
  /** The same session (cookie and CSRF token) on another server process over the same data. */
  on(server: ServerProcess): HttpSession;
}

function session(url: string, cookie: string, csrfToken: string): HttpSession {
  return {
    get: (path) => fetch(`${url}${path}`, { headers: { cookie } }),
    send: (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: body instanceof FormData ? body : JSON.stringify(body) }),
      }),
    on: (server) => session(server.url, cookie, csrfToken),
  };
}

/** Signs in over HTTP and keeps the session cookie and CSRF token. */
export async function signInOver(server: ServerProcess, username: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`sign-in of ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return session(server.url, cookie, csrfToken);
}

/** mulberry32: a small seeded generator, so a failing round's kill delays can be repeated. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
