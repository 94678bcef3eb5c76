/**
 * A province in one PostgreSQL database (issue 13 part 5): N counties of R residents each (real county codes of
 * Weifang, then of the rest of Shandong, each with its real townships), every county loaded as the demo loads one
 * (residents, enrolment, contribution history since 2009, pensions), then for every county this month's payroll
 * and last year's interest through the product's jobs, reported per county and in total.
 *
 *   npx tsx bench/province.ts --database-url postgres://postgres@127.0.0.1:5432/postgres --counties 10 --residents 200000 [--keep]
 *
 * What it answers: whether one county's batch gets slower as the database holds more counties (every key and
 * index of person data leads with county_code, so it should not), i.e. whether person tables need partitioning by
 * county. It prints each county's load, payroll and interest times in the order they ran, the first and last
 * county's times side by side, and the largest tables' sizes. The interest job is started directly (as
 * bench/interest.ts does): earlier years' interest is not posted by the load, and the job's arithmetic does not
 * depend on it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { createDemoContributions } from '../src/demo/demo-contributions.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoPensions } from '../src/demo/demo-pensions.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { runInterestJob } from '../src/modules/accounts/interest-job.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { queuePayroll, runPayrollJob } from '../src/modules/pensions/payroll.js';
import { realTownships } from '../src/demo/county-layout.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    counties: { type: 'string', default: '10' },
    residents: { type: 'string', default: '200000' },
    keep: { type: 'boolean', default: false },
  },
});

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Shandong's counties with townships in the reference data: Weifang's first (Shouguang leading), then the rest. */
function provinceCounties(count: number): { code: string; name: string }[] {
  const lines = readFileSync(new URL('../reference/regions/areas.csv', import.meta.url), 'utf8').split('\n');
  const all = lines
    .map((line) => line.split(','))
    .filter((f) => f[0]?.startsWith('37') && f[0].length === 6)
    .map((f) => ({ code: f[0]!, name: f[1]!.replace(/"/g, '') }))
    .filter((c) => (realTownships(c.code)?.townships.length ?? 0) > 0);
  const weifang = (c: { code: string }) => (c.code === '370783' ? 0 : c.code.startsWith('3707') ? 1 : 2);
  const ordered = [...all].sort((a, b) => weifang(a) - weifang(b) || a.code.localeCompare(b.code));
  if (ordered.length < count) throw new Error(`only ${ordered.length} counties of Shandong have townships in reference/regions`);
  return ordered.slice(0, count);
}

interface CountyRun {
  readonly code: string;
  readonly name: string;
  readonly residents: number;
  readonly pensions: number;
  loadMs: number;
  payrollMs: number;
  payrollLines: number;
  interestMs: number;
  interestAccounts: number;
  interestFen: number;
}

async function main(): Promise<void> {
  const serverUrl = values['database-url'];
  if (!serverUrl) throw new Error('--database-url postgres://… is required (the province runs on PostgreSQL)');
  const residents = Number(values.residents);
  const counties = provinceCounties(Number(values.counties));
  const fresh = await freshDatabase(serverUrl);
  const { db } = fresh.database;
  const today = chinaToday();
  const month = today.slice(0, 7);
  const year = Number(today.slice(0, 4)) - 1;
  console.log(`${fresh.label}: ${counties.length} counties × ${residents.toLocaleString('en')} residents, payroll ${month}, interest ${year}, today ${today}`);
  console.log(`load average ${loadAverage()}`);
  const runs: CountyRun[] = [];
  const started = performance.now();
  try {
    await migrate(db);
    await ensureDivisions(db);
    for (const county of counties) {
      const t0 = performance.now();
      const scope = { countyCode: county.code, scopePrefix: county.code, parameters: NATIONAL_PARAMETERS, schemeStartDate: '2009-09-01' };
      const made = await generateDemoCounty(db, { residents, countyCode: county.code, seed: 20_091_001 + runs.length });
      // The demo's staff (Shouguang's: the pensions are awarded by its reviewer as the system's batch).
      if (runs.length === 0) await createDemoStaff(db);
      await createDemoEnrolment(db, county.code, today);
      await createDemoContributions(db, county.code, today, NATIONAL_PARAMETERS, '2009-09-01');
      const pensions = await createDemoPensions(db, scope, today);
      const run: CountyRun = { code: county.code, name: county.name, residents: made.residents, pensions: pensions.pensions, loadMs: performance.now() - t0, payrollMs: 0, payrollLines: 0, interestMs: 0, interestAccounts: 0, interestFen: 0 };
      runs.push(run);
      console.log(`load     ${county.code} ${county.name.padEnd(8)} ${seconds(run.loadMs).padStart(7)} s  ${run.residents.toLocaleString('en')} residents, ${run.pensions.toLocaleString('en')} pensions  (load average ${loadAverage()})`);
    }
    const loadedMs = performance.now() - started;
    await sql`analyze`.execute(db);

    for (const run of runs) {
      const payroll = await queuePayroll(db, SYSTEM_ACTOR, run.code, month, today);
      const t0 = performance.now();
      const job = await runPayrollJob(db, payroll.jobId, NATIONAL_PARAMETERS);
      run.payrollMs = performance.now() - t0;
      run.payrollLines = job.total;
      console.log(`payroll  ${run.code} ${run.name.padEnd(8)} ${seconds(run.payrollMs).padStart(7)} s  ${run.payrollLines.toLocaleString('en')} pensions`);
    }
    for (const run of runs) {
      const job = await db.insertInto('job').values({ county_code: run.code, kind: 'interest', period: String(year), result: null }).returning('id').executeTakeFirstOrThrow();
      const t0 = performance.now();
      const done = await runInterestJob(db, job.id, NATIONAL_PARAMETERS);
      run.interestMs = performance.now() - t0;
      const result = done.result as { accounts: number; totalInterest: number };
      run.interestAccounts = result.accounts;
      run.interestFen = Number(result.totalInterest);
      console.log(`interest ${run.code} ${run.name.padEnd(8)} ${seconds(run.interestMs).padStart(7)} s  ${run.interestAccounts.toLocaleString('en')} accounts`);
    }

    const sum = (f: (r: CountyRun) => number) => runs.reduce((s, r) => s + f(r), 0);
    console.log(`\nload average ${loadAverage()}`);
    console.log('| county | residents | load s | pensions | payroll s | accounts | interest s | interest yuan |');
    console.log('|---|---|---|---|---|---|---|---|');
    for (const r of runs) {
      console.log(`| ${r.code} ${r.name} | ${r.residents.toLocaleString('en')} | ${seconds(r.loadMs)} | ${r.payrollLines.toLocaleString('en')} | ${seconds(r.payrollMs)} | ${r.interestAccounts.toLocaleString('en')} | ${seconds(r.interestMs)} | ${(r.interestFen / 100).toFixed(2)} |`);
    }
    console.log(`| **total** | ${sum((r) => r.residents).toLocaleString('en')} | ${seconds(loadedMs)} | ${sum((r) => r.payrollLines).toLocaleString('en')} | ${seconds(sum((r) => r.payrollMs))} | ${sum((r) => r.interestAccounts).toLocaleString('en')} | ${seconds(sum((r) => r.interestMs))} | ${(sum((r) => r.interestFen) / 100).toFixed(2)} |`);
    const first = runs[0]!;
    const last = runs[runs.length - 1]!;
    const perThousand = (ms: number, n: number) => (n === 0 ? 'n/a' : `${(ms / (n / 1000)).toFixed(0)} ms`);
    console.log(`\nper 1,000 pensions (payroll) / accounts (interest): first county ${perThousand(first.payrollMs, first.payrollLines)} / ${perThousand(first.interestMs, first.interestAccounts)}, last county ${perThousand(last.payrollMs, last.payrollLines)} / ${perThousand(last.interestMs, last.interestAccounts)}`);
    const sizes = await sql<{ name: string; bytes: string }>`
      select c.relname as name, pg_size_pretty(pg_total_relation_size(c.oid)) as bytes
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' order by pg_total_relation_size(c.oid) desc limit 8`.execute(db);
    const total = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db);
    console.log(`database ${total.rows[0]!.size}; largest tables: ${sizes.rows.map((r) => `${r.name} ${r.bytes}`).join(', ')}`);
  } finally {
    if (values.keep) {
      await fresh.database.close();
      console.log(`kept: ${fresh.label}`);
    } else {
      await fresh.dispose();
    }
  }
}

await main();
