// The command line as the tests start it: `node dist/cli.mjs …`, a one-file bundle of src/ (the packages stay in
// node_modules) that vitest.config.ts builds at the start of every test run. Starting the CLI or the server
// through tsx's loader took about 2.5 s of every one of the ~150 processes the tests start (the loader
// transforms and resolves each of our modules on the way); the bundle starts in about 1 s. The bundle is the
// same source, built by esbuild as tsx would transform it; files read from the checkout are found from
// src/paths.ts. Outside a test run (no bundle yet) the processes start through tsx as before.
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI_BUNDLE = join(REPO, 'dist', 'cli.mjs');

/** Builds dist/cli.mjs from src/cli.ts (about half a second); written whole under another name, then renamed. */
export function buildCliBundle(): void {
  const partial = join(REPO, 'dist', `cli.${process.pid}.mjs`);
  buildSync({
    entryPoints: [join(REPO, 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: partial,
    logLevel: 'warning',
  });
  renameSync(partial, CLI_BUNDLE);
}

/** The command and first arguments that run `xinnongbao` in a child process (then its own arguments). */
export function cliCommand(): [string, ...string[]] {
  return existsSync(CLI_BUNDLE) ? [process.execPath, CLI_BUNDLE] : [process.execPath, '--import', 'tsx', join(REPO, 'src', 'cli.ts')];
}
