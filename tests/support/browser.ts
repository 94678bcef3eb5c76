// Where the browser tests find Chromium, and what happens when there is none. Imported by vitest.config.ts
// (to leave the browser project out with one line) and by the browser tests themselves.
import { existsSync } from 'node:fs';

/** Looked for in this order when CHROMIUM_PATH is not set. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium to drive: CHROMIUM_PATH if set, else the first of the usual places that exists. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

/** Set by .ci/run: a missing browser fails the browser tests instead of leaving them out. */
export const browserRequired = (env: NodeJS.ProcessEnv = process.env): boolean => ['1', 'true', 'yes'].includes((env.XNB_REQUIRE_BROWSER ?? '').toLowerCase());

/** The one line printed when the browser tests are left out. */
export function skippedLine(env: NodeJS.ProcessEnv = process.env): string {
  const where = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist` : `no Chromium at ${CANDIDATES[0]}`;
  return `browser tests skipped: ${where} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`;
}

export const missingMessage = (env: NodeJS.ProcessEnv = process.env): string =>
  `${skippedLine(env).replace('browser tests skipped: ', 'browser tests need Chromium: ')}; XNB_REQUIRE_BROWSER is set, so they fail instead of being skipped`;
