#!/usr/bin/env node
// Builds the web app (web/) into dist/web with Vite's JS API.
//   --force     always build
//   --if-stale  (default) build only when dist/web/index.html is missing or older than the newest file under web/
// Prints one line; exits non-zero when the build fails.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const webDir = join(repo, 'web');
const outIndex = join(repo, 'dist', 'web', 'index.html');
const SKIP = new Set(['node_modules', '.vite', 'dist', '.git']);

const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (a !== '--force' && a !== '--if-stale') {
    console.error(`build-web: unknown option ${a} (use --force or --if-stale)`);
    process.exit(2);
  }
}
const force = args.has('--force');

/** Newest modification time (ms) of any file under dir, skipping node_modules and build caches. */
function newestMtime(dir) {
  let newest = 0;
  let newestPath = '';
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (SKIP.has(e.name)) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        const m = statSync(p).mtimeMs;
        if (m > newest) {
          newest = m;
          newestPath = p;
        }
      }
    }
  }
  return { newest, newestPath };
}

if (!existsSync(join(webDir, 'index.html'))) {
  console.log('build-web: no web/index.html, nothing to build');
  process.exit(0);
}

let reason = 'forced';
if (!force) {
  if (!existsSync(outIndex)) reason = 'dist/web/index.html missing';
  else {
    const built = statSync(outIndex).mtimeMs;
    const { newest, newestPath } = newestMtime(webDir);
    if (newest <= built) {
      console.log('build-web: dist/web is up to date');
      process.exit(0);
    }
    reason = `${relative(repo, newestPath)} changed`;
  }
}

const started = Date.now();
// The bundle is always a production one, also when the build is started from the test runner (whose
// NODE_ENV=test would make libraries such as antd's id helper emit fixed test ids).
process.env.NODE_ENV = 'production';
let build;
try {
  ({ build } = await import('vite'));
} catch {
  // Production installs (--omit=dev) have no vite: keep whatever was built before, do not fail the install.
  console.log(`build-web: vite is not installed, skipped (${reason})`);
  process.exit(0);
}
try {
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'error', mode: 'production' });
} catch (e) {
  console.error(`build-web: build failed (${reason}): ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
console.log(`build-web: built dist/web in ${((Date.now() - started) / 1000).toFixed(1)}s (${reason})`);
