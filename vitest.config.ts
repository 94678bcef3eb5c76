import type { Reporter } from 'vitest/reporters';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { browserRequired, findChromium, skippedLine } from './tests/support/browser.js';
import { buildCliBundle } from './tests/support/cli.js';

// Database suites (files ending in .db.test.ts) run on PGlite by default and on
// PostgreSQL when DATABASE_URL is set; .ci/run runs them a second time that way.
// Browser suites (.e2e.test.ts) run where Chromium is found; elsewhere they are left out with one line, unless
// XNB_REQUIRE_BROWSER is set (as .ci/run does): then they run, and fail for want of a browser.
// The processes the tests start run the CLI as one bundled file (tests/support/cli.ts): built once per run, here.
buildCliBundle();
const withBrowser = findChromium() !== undefined || browserRequired();
const projectFilter = process.argv.flatMap((a, i, all) => (a === '--project' ? [all[i + 1] ?? ''] : a.startsWith('--project=') ? [a.slice(10)] : []));
const notice = !withBrowser && (projectFilter.length === 0 || projectFilter.includes('e2e')) ? skippedLine() : undefined;
// The line comes under the summary; with reporters named on the command line it comes first instead.
const cliReporters = process.argv.some((a) => a === '--reporter' || a.startsWith('--reporter='));
if (notice && cliReporters) console.log(notice);
const noticeReporter: Reporter = { onTestRunEnd: () => console.log(`${notice}\n`) };

const browserProject: TestProjectInlineConfiguration = {
  test: {
    name: 'e2e',
    include: ['tests/**/*.e2e.test.ts'],
    // A fresh server's first queries can take a second or more on a busy machine.
    expect: { poll: { timeout: 15_000 } },
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
};

export default defineConfig({
  test: {
    ...(notice && !cliReporters ? { reporters: ['default', noticeReporter] } : {}),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'tests/**/*.db.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // On a PostgreSQL server two files run at a time, each in its own database, while the server does the work
          // (Vitest's default is cores − 1: one on these 2-core machines), in their own group (a group's projects share
          // one worker count). On PGlite the files take turns: two at a time overlapped the browser tests and made both
          // slower (a full run took as long, and a browser test timed out).
          fileParallelism: Boolean(process.env.DATABASE_URL),
          ...(process.env.DATABASE_URL ? { maxWorkers: 2, sequence: { groupOrder: 1 } } : {}),
          // Files share their worker's loaded modules (each still opens its own database): importing the server's
          // modules afresh took several seconds of every file.
          isolate: false,
        },
      },
      ...(withBrowser ? [browserProject] : []),
    ],
  },
});
