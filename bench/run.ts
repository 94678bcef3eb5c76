/**
 * `npm run bench`: every benchmark with its default size, one after another. Figures go to bench/RESULTS.md.
 * Pass --database-url postgres://… to run the database benchmarks on PostgreSQL as well.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { 'database-url': { type: 'string' } } });
const runs: string[][] = [['bench/calc.ts'], ['bench/demo.ts', '--residents', '60000'], ['bench/pensions.ts', '--residents', '60000'], ['bench/ledger.ts', '--residents', '60000'], ['bench/interest.ts', '--residents', '60000']];
if (values['database-url']) {
  runs.push(
    ['bench/demo.ts', '--residents', '60000', '--database-url', values['database-url']],
    ['bench/pensions.ts', '--residents', '60000', '--database-url', values['database-url']],
    ['bench/ledger.ts', '--residents', '60000', '--database-url', values['database-url']],
    ['bench/interest.ts', '--residents', '60000', '--database-url', values['database-url']],
  );
}

let failed = 0;
for (const args of runs) {
  console.log(`\n$ tsx ${args.join(' ')}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...args], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed === 0 ? 0 : 1;
