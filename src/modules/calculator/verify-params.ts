/**
 * `xinnongbao verify params`: load the parameter files of PARAMS_DIR as the server would, and report the
 * national tables that change yearly and have not been reviewed for more than 12 months. Warnings do not
 * fail the check (exit 0); a broken file does (exit 1, naming its line).
 */
import { ParameterFileError, RuleError } from '../../rules/errors.js';
import { lastReviewedOn, staleParameterTables, YEARLY_PARAMETERS, type IsoDate, type ParameterLayer } from '../../rules/index.js';
import { buildParameterLibrary, readParameterDir, type ParameterLibrary } from './library.js';

export interface VerifyOutput {
  out(line: string): void;
  err(line: string): void;
}

const CONSOLE: VerifyOutput = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** Prints the report and returns the exit code. `national` replaces the built-in defaults (tests). */
export function verifyParameters(dir: string, today: IsoDate, output: VerifyOutput = CONSOLE, national?: ParameterLayer): number {
  let library: ParameterLibrary;
  try {
    const loaded = readParameterDir(dir);
    library = buildParameterLibrary(loaded, national);
  } catch (error) {
    if (error instanceof ParameterFileError) {
      output.err(`parameter file error:\n${error.message}`);
      return 1;
    }
    if (error instanceof RuleError) {
      output.err(`parameter files: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const files = [...new Set(library.scopes.flatMap((s) => s.files))].sort();
  output.out(files.length === 0 ? `no parameter files in ${dir}: built-in national defaults only` : `parameter files in ${dir}: ${files.join(', ')}`);
  const set = library.scope().parameters;
  for (const name of YEARLY_PARAMETERS) output.out(`  ${name}: last reviewed ${lastReviewedOn(set, name) ?? 'never'}`);
  const stale = staleParameterTables(set, today);
  for (const s of stale) {
    output.out(`WARNING ${s.name}: ${s.message['zh-CN']}`);
    output.out(`        ${s.message.en}`);
  }
  output.out(
    stale.length === 0
      ? `parameters OK: ${library.scopes.length} scopes; every yearly national table reviewed within 12 months of ${today}`
      : `parameters OK: ${library.scopes.length} scopes, ${stale.length} national tables due for review (${stale.map((s) => s.name).join(', ')})`,
  );
  return 0;
}
