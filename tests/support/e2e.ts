// Shared set-up of the browser tests: the real server as a child process on a free port with a fresh
// data folder, and Chromium (Debian's, or CHROMIUM_PATH) driven by playwright-core. Screenshots go to
// artifacts/screenshots/.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { findChromium, missingMessage } from './browser.js';
import { cliCommand } from './cli.js';

const CLI = cliCommand();

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const SHOTS = join(REPO, 'artifacts', 'screenshots');
export const DEMO_PASSWORD = 'Demo@2024';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer /api/health within ${timeoutMs / 1000}s:\n${log()}`);
}

export interface E2eServer {
  readonly base: string;
  readonly log: () => string;
  stop(): Promise<void>;
  /** After stop(): whether the server ended by itself with exit code 0 (a clean shutdown). */
  exitedCleanly(): boolean;
}

/** Builds the web app when stale, then starts `xinnongbao serve` on a fresh embedded database. */
export async function startServer(env: Record<string, string> = {}, timeoutMs = 150_000): Promise<E2eServer> {
  if (!findChromium()) throw new Error(missingMessage());
  mkdirSync(SHOTS, { recursive: true });
  execFileSync(process.execPath, [join(REPO, 'scripts', 'build-web.mjs'), '--if-stale'], { cwd: REPO, stdio: 'inherit' });
  const dataDir = mkdtempSync(join(tmpdir(), 'xnb-e2e-'));
  const demo = demoCacheKey(env);
  if (demo) cpSync(await preparedDemo(demo, env, timeoutMs), dataDir, { recursive: true });
  return spawnServer(dataDir, env, timeoutMs, true);
}

async function spawnServer(dataDir: string, env: Record<string, string>, timeoutMs: number, removeData: boolean): Promise<E2eServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(CLI[0], [...CLI.slice(1), 'serve', '--port', String(port), '--data-dir', dataDir], {
    cwd: REPO,
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    if (removeData) {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir}.lock`, { force: true }); // left behind when the server had to be killed
    }
  };
  try {
    await waitForHealth(base, child, () => output, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, log: () => output, stop, exitedCleanly: () => child.exitCode === 0 };
}

// The demo county a browser test starts from is loaded once per code version, size and day, and copied for each
// server: loading it is most of a browser test's start-up. A test that sets its own clock, parameter folder or
// database loads its own.
const DEMO_CACHE = join(tmpdir(), 'xnb-e2e-demo');
const DEMO_INPUTS = ['src', 'params', 'package-lock.json'];

function demoCacheKey(env: Record<string, string>): string | undefined {
  if (env.LOAD_DEMO === 'false' || env.XNB_TEST_CLOCK_FILE || env.PARAMS_DIR || env.DATABASE_URL || process.env.XNB_E2E_NO_DEMO_CACHE) return undefined;
  const hash = createHash('sha256');
  const add = (path: string) => {
    const full = join(REPO, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const name of readdirSync(full).sort()) if (!name.endsWith('.test.ts')) add(join(path, name));
    } else hash.update(`${path}\0`).update(readFileSync(full)).update('\0');
  };
  DEMO_INPUTS.forEach(add);
  hash.update(`residents=${env.DEMO_RESIDENTS ?? ''};day=${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}`);
  return hash.digest('hex').slice(0, 16);
}

/** The folder of the prepared demo county for `key`, loading it (a server started and stopped) when not there yet. */
async function preparedDemo(key: string, env: Record<string, string>, timeoutMs: number): Promise<string> {
  const ready = join(DEMO_CACHE, key);
  if (existsSync(ready)) return ready;
  mkdirSync(DEMO_CACHE, { recursive: true });
  const building = mkdtempSync(join(DEMO_CACHE, `${key}.building-`));
  const server = await spawnServer(join(building, 'data'), env, timeoutMs, false);
  await server.stop();
  if (!server.exitedCleanly()) {
    rmSync(building, { recursive: true, force: true });
    throw new Error(`the server loading the demo county did not stop cleanly:\n${server.log()}`);
  }
  // Counties prepared by an earlier version of the code, and loads cut short, are of no more use (another size of
  // this version may be in use by a sibling test: what is younger than an hour stays).
  for (const name of readdirSync(DEMO_CACHE)) {
    const old = join(DEMO_CACHE, name);
    if (!name.startsWith(key) && Date.now() - statSync(old).mtimeMs > 3600_000) rmSync(old, { recursive: true, force: true });
  }
  try {
    renameSync(join(building, 'data'), ready);
  } catch {
    if (!existsSync(ready)) throw new Error(`could not keep the prepared demo county in ${ready}`);
  }
  rmSync(building, { recursive: true, force: true });
  return ready;
}

export interface BrowserSuite {
  /** The server and the browser, set once the suite's beforeAll has run. */
  readonly server: E2eServer;
  readonly browser: Browser;
  /** Page errors of every page opened with newPage(suite.browser, suite.errors): a test expects none. */
  readonly errors: string[];
}

/**
 * Registers, in the calling describe block, a server started on a demo county (`env`, e.g. DEMO_RESIDENTS) and
 * a browser for its tests, both closed after them.
 */
export function browserSuite(env: Record<string, string> = {}): BrowserSuite {
  const suite = { errors: [] as string[] } as { server: E2eServer; browser: Browser; errors: string[] };
  beforeAll(async () => {
    suite.server = await startServer(env);
    suite.browser = await launchBrowser();
  }, 180_000);
  // A failed test shows the end of the server's log beside its error (a request that failed, a job's error).
  afterEach((context) => {
    if (context.task.result?.state === 'fail' && suite.server) console.error(`server log before the failure of "${context.task.name}":\n${suite.server.log().slice(-4000)}`);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}

export function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(missingMessage());
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh context (own cookies) at 1366×800 in zh-CN; page errors are collected into `errors`. */
export async function newPage(browser: Browser, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page };
}

/** Signs in through the login form and waits for the signed-in shell. */
export async function signIn(page: Page, base: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${base}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

/** Picks an option of an antd Select once its list has finished opening (a click while it animates in can miss). */
export async function choose(page: Page, select: Locator, option: RegExp | string): Promise<void> {
  await select.click();
  const list = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await expect.poll(async () => (await list.getAttribute('class')) ?? '').not.toMatch(/-(appear|enter)\b/);
  await list.locator('.ant-select-item-option', { hasText: option }).first().click();
  await list.waitFor({ state: 'detached' });
}

/**
 * Confirms the open antd Popconfirm: waits until it has finished its opening animation (a click on its button while
 * it still zooms in can be lost on a busy machine), then clicks its primary button (or the one named `button`).
 */
export async function confirmPopconfirm(page: Page, button?: string | RegExp): Promise<void> {
  const popup = page.locator('.ant-popconfirm').last();
  await popup.waitFor();
  await expect.poll(async () => (await popup.getAttribute('class')) ?? '').not.toMatch(/-(appear|enter)\b/);
  await (button === undefined ? popup.locator('.ant-btn-primary') : popup.getByRole('button', { name: button })).click();
}

/** Waits until an antd Modal has finished its opening animation, so typing into it is not lost. */
export async function modalOpened(dialog: Locator): Promise<void> {
  await dialog.waitFor();
  await expect.poll(async () => (await dialog.getAttribute('class')) ?? '').not.toMatch(/-(appear|enter)\b/);
}
