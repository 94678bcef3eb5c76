/**
 * Demo county load benchmark: a fresh database, migrated, then the whole demo load as `xinnongbao demo` and the
 * first `npm start` run it (regions, households, residents; staff; enrolment, contributions, interest, pensions
 * with three payrolls, deaths, fund, archives, indicators), each step timed, then the demo's figures (counts and
 * ledger totals, to compare two versions of the loaders for the same seed, size and day) and `verify ledger`.
 *
 *   npx tsx bench/demo.ts --residents 1000000 [--villages 150] [--seed 20091001] [--chunk-size 25000]
 *                         [--today 2026-12-02] [--population-only] [--no-verify] [--keep] [--log-statements-ms 500]
 *                         [--interest-through 2008 (no interest, so no deaths either: the steps bench/pensions.ts times)]
 *                         [--until deaths (stop when that step would start; its figures are those of the steps before)]
 *                         [--database-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Without --database-url: PGlite in a temporary folder (removed afterwards). With it: a uniquely
 * named database is created on that server and dropped afterwards (kept with --keep).
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { migrate } from '../src/db/migrate.js';
import { createDemoActivity, type DemoStep } from '../src/demo/demo-county.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { DEFAULT_SCHEME_START } from '../src/modules/calculator/calculate.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { loadParameterLibrary } from '../src/modules/calculator/library.js';
import { loadConfig } from '../src/config.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '25000' },
    villages: { type: 'string', default: '150' },
    seed: { type: 'string', default: '20091001' },
    'chunk-size': { type: 'string' },
    today: { type: 'string' },
    'population-only': { type: 'boolean', default: false },
    'no-verify': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    'log-statements-ms': { type: 'string' },
    'interest-through': { type: 'string' },
    until: { type: 'string' },
    'database-url': { type: 'string' },
  },
});

class StopBench extends Error {}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const secs = (ms: number) => `${(ms / 1000).toFixed(1).padStart(7)} s`;

/** The demo's figures: counts and money totals that must not change for the same seed, size and day. */
async function figures(db: Kysely<DB>): Promise<Array<[string, string]>> {
  const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(db)).rows;
  const out: Array<[string, string]> = [];
  const one = async (label: string, text: string) => {
    const rows = await q(text);
    out.push([label, rows.map((r) => Object.values(r).map(String).join(' ')).join(' | ')]);
  };
  await one('households, residents', 'select (select count(*) from household) as h, (select count(*) from resident) as r');
  await one('enrolments, applications', 'select (select count(*) from enrolment) as e, (select count(*) from enrolment_application) as a');
  await one('contributions, credited', 'select count(*), sum(total_credited) from contribution');
  await one('pensions, monthly total', 'select count(*), sum(monthly_pension), sum(account_balance) from pension');
  await one('payroll lines, amount', 'select count(*), sum(amount) from pension_payment');
  await one('account entries by kind', "select kind, count(*), sum(amount) from account_entry group by kind order by kind");
  await one('account balances', 'select count(*), sum(balance) from account_balance');
  await one('journals by kind', 'select kind, count(*) from ledger_journal group by kind order by kind');
  await one('fund by account', "select account, sum(amount) from fund_month group by account order by account");
  await one('interest postings', 'select count(*) from interest_posting');
  await one('deaths, archives', 'select (select count(*) from death_settlement) as d, (select count(*) from archive_record) as a');
  return out;
}

async function main(): Promise<void> {
  const opened = performance.now();
  const fresh = await freshDatabase(values['database-url'], { keep: values.keep, ...(values['log-statements-ms'] ? { logStatementsMs: Number(values['log-statements-ms']) } : {}) });
  const { db } = fresh.database;
  const today = values.today ?? chinaToday();
  const times: Array<[string, number]> = [];
  try {
    await migrate(db);
    await ensureDivisions(db);
    const ready = performance.now();
    console.log(`database      ${fresh.label} (opened and migrated in ${((ready - opened) / 1000).toFixed(1)} s), today ${today}, load ${load()}`);
    let peakRss = process.memoryUsage().rss;
    let lastReport = 0;
    const summary = await generateDemoCounty(db, {
      residents: Number(values.residents),
      villages: Number(values.villages),
      seed: Number(values.seed),
      ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) } : {}),
      onProgress(done, total) {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (done === total || performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          process.stderr.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')}\n`);
        }
      },
    });
    times.push(['regions, households, residents', summary.millis]);
    const rows = 1 + summary.townships + summary.villages + summary.households + summary.residents;
    console.log(`regions       1 county, ${summary.townships} townships, ${summary.villages} villages`);
    console.log(`households    ${summary.households.toLocaleString('en')}, residents ${summary.residents.toLocaleString('en')}`);
    console.log(`rows/second   ${Math.round(rows / (summary.millis / 1000)).toLocaleString('en')}`);
    if (!values['population-only']) {
      let mark = performance.now();
      await createDemoStaff(db);
      times.push(['staff', performance.now() - mark]);
      // The parameters the server and `xinnongbao demo` use (PARAMS_DIR), as for the real demo.
      const county = loadParameterLibrary(loadConfig(process.env).paramsDir).forCounty('370783');
      const scope = { countyCode: '370783', scopePrefix: '370783', parameters: county.parameters, schemeStartDate: county.schemeStartDate ?? DEFAULT_SCHEME_START };
      let current: DemoStep | undefined;
      mark = performance.now();
      const next = (step?: DemoStep) => {
        const now = performance.now();
        if (step !== undefined && step === values.until) throw new StopBench();
        if (current) {
          times.push([current, now - mark]);
          process.stderr.write(`  ${current} ${secs(now - mark)} (load ${load()})\n`);
        }
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        current = step;
        mark = now;
      };
      const activity = await createDemoActivity(db, scope, today, next, values['interest-through'] ? { interestThrough: Number(values['interest-through']) } : {}).catch((error: unknown) => {
        if (error instanceof StopBench) return null;
        throw error;
      });
      next();
      if (activity) console.log(
        `activity      ${activity.enrolled.toLocaleString('en')} enrolled, ${activity.contributions.toLocaleString('en')} contributions, interest ${activity.interestYears} years, ` +
          `${activity.pensions.toLocaleString('en')} pensions (${activity.waiting} waiting), ${activity.payrolls} payrolls, ${activity.deaths} deaths`,
      );
    }
    const total = times.reduce((s, [, ms]) => s + ms, 0);
    console.log('');
    for (const [label, ms] of times) console.log(`${label.padEnd(34)} ${secs(ms)}`);
    console.log(`${'total'.padEnd(34)} ${secs(total)}   (load ${load()}, RSS peak ${mb(peakRss)})`);
    console.log('');
    for (const [label, value] of await figures(db)) console.log(`${label.padEnd(26)} ${value}`);
    if (!values['no-verify']) {
      const started = performance.now();
      const v = await verifyLedger(db);
      const failed = v.checks.filter((c) => c.problems.length > 0).map((c) => `${c.name}: ${c.problems[0]?.detail}`);
      console.log(`verify ledger ${v.ok ? 'OK' : `FAILED ${failed.join('; ')}`} (${v.totals.entries} entries, ${v.totals.lines} lines, ${secs(performance.now() - started).trim()})`);
      if (!v.ok) process.exitCode = 1;
    }
  } finally {
    await fresh.dispose();
  }
}

await main();
