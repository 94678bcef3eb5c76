#!/usr/bin/env node
// `npm start [-- serve options]`: builds the web app when stale, then runs `xinnongbao serve` in this same
// process. package.json starts it with `exec`, so npm's shell makes way for it and the signal that stops
// `npm start` (Ctrl-C, or `kill` of the npm process, which npm passes on) reaches the server itself. Should npm
// go away without passing anything on (kill -9), the server notices within a second and stops as well.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const built = spawnSync(process.execPath, [fileURLToPath(new URL('./build-web.mjs', import.meta.url)), '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const parent = process.ppid;
const watch = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(watch);
  process.kill(process.pid, 'SIGTERM');
}, 1000);
watch.unref();

process.argv = [process.argv[0], fileURLToPath(new URL('../bin/xinnongbao.js', import.meta.url)), 'serve', ...process.argv.slice(2)];
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli.ts');
