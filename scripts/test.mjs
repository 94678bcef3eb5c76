#!/usr/bin/env node
// `npm test [-- vitest options]`: the whole test suite.
//
// With the browser tests on (Chromium found, or XNB_REQUIRE_BROWSER set), it runs two Vitest processes at once: the
// unit and database suites, whose output is shown as it comes, and the browser suites, whose output goes to
// artifacts/test-e2e.log as it comes and is shown here once both are over. The browser tests leave most of a core
// idle (they wait on pages and servers) and the database suites on PGlite use one core, so side by side the run
// takes 13 to 15 minutes instead of 20 on two cores. Vitest itself cannot do this: projects of one run share one
// worker count, and files of the database suites must take turns on PGlite.
//
// Any other arguments (files, --project, -t …) run one plain `vitest run` with them, as before. The only options
// passed on to both processes are --reporter=… and --outputFile=…; a JSON report named `X.json` is written as
// `X.json` for the unit and database suites and `X.e2e.json` for the browser suites.
//
// Exits non-zero when either process fails.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const vitest = join(repo, 'node_modules', 'vitest', 'vitest.mjs');
const args = process.argv.slice(2);

// Where the browser tests look for Chromium, as vitest.config.ts and the tests themselves do (one list, in TypeScript).
const { register } = await import('tsx/esm/api');
register();
const { findChromium, browserRequired } = await import('../tests/support/browser.ts');
const hasBrowser = findChromium() !== undefined;
const onlyReports = args.every((a) => a.startsWith('--reporter=') || a.startsWith('--outputFile='));

/** Runs vitest with `vitestArgs`; resolves with its exit code. `output` (a stream) takes its output, else this terminal. */
function run(vitestArgs, output) {
  const child = spawn(process.execPath, [vitest, 'run', ...vitestArgs], { cwd: repo, stdio: output ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  if (output) {
    child.stdout.pipe(output, { end: false });
    child.stderr.pipe(output, { end: false });
  }
  children.push(child);
  return new Promise((resolve) => child.once('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

const children = [];
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const c of children) c.kill(signal);
  });
}

if (!onlyReports || (!hasBrowser && !browserRequired())) {
  // One plain run (vitest.config.ts prints the line that says the browser tests were left out, where they are).
  process.exit(await run(args));
}

const reportFor = (suffix) =>
  args.map((a) => (a.startsWith('--outputFile=') && suffix ? a.replace(/\.json$/, `${suffix}.json`) : a));
mkdirSync(join(repo, 'artifacts'), { recursive: true });
const e2eLog = join(repo, 'artifacts', 'test-e2e.log');
const e2eOut = createWriteStream(e2eLog);
console.log(`browser tests run alongside; their output follows at the end (as it comes: ${e2eLog})`);
const [mainCode, e2eCode] = await Promise.all([
  run(['--project', 'unit', '--project', 'db', ...reportFor('')]),
  run(['--project', 'e2e', ...reportFor('.e2e')], e2eOut).finally(() => new Promise((resolve) => e2eOut.end(resolve))),
]);
console.log(`\n=== browser tests (${e2eLog})\n`);
process.stdout.write(readFileSync(e2eLog));
console.log(`\nunit and database suites: ${mainCode === 0 ? 'passed' : 'FAILED'}; browser suites: ${e2eCode === 0 ? 'passed' : 'FAILED'}`);
process.exit(mainCode !== 0 ? mainCode : e2eCode);
