/**
 * Yearly interest (issue 13): the product's interest job against bare SQL writing the same rows, in one run.
 *
 * A demo county of N residents with its contribution history since the scheme start (no pensions), then the
 * interest of last year:
 * - product: `runInterestJob` as the job runner calls it (chunks of 2,000 account holders by resident id, each
 *   chunk's balances and its entries since the period began, the engine's arithmetic per account, the ledger's
 *   `postInterest`, the chunk's interest_posting rows and job progress, one transaction per chunk);
 * - bare SQL: what the year's interest must at least read and write, in one transaction: the balances and the
 *   year's entries summed per account and source (the input of the arithmetic), and the very rows the product
 *   wrote (journals, person entries, fund entries, fund months, balances, interest_posting) copied by one
 *   statement — then rolled back, so the rows are the same and nothing is counted twice.
 * Earlier years' interest is not posted (the job of one year is what is measured). Prints both times and the ratio.
 *
 *   npx tsx bench/interest.ts [--residents 200000] [--database-url postgres://…]
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { createDemoContributions } from '../src/demo/demo-contributions.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { interestPeriod, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { freshDatabase } from './fresh-db.js';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '200000' }, 'database-url': { type: 'string' }, job: { type: 'string', default: '../src/modules/accounts/interest-job.js' } } });
const residents = Number(values.residents);
const COUNTY = '370783';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class Rollback extends Error {}

async function main(): Promise<void> {
  const { runInterestJob } = (await import(values.job!)) as typeof import('../src/modules/accounts/interest-job.js');
  const fresh = await freshDatabase(values['database-url']);
  const { db } = fresh.database;
  const today = chinaToday();
  const year = Number(today.slice(0, 4)) - 1;
  const { periodStart } = interestPeriod(year, NATIONAL_PARAMETERS);
  console.log(`${fresh.label}, ${residents.toLocaleString('en')} residents, interest of ${year}, job ${values.job}`);
  try {
    await migrate(db);
    await ensureDivisions(db);
    let started = performance.now();
    await generateDemoCounty(db, { residents });
    await createDemoStaff(db);
    await createDemoEnrolment(db, COUNTY, today);
    const paid = await createDemoContributions(db, COUNTY, today, NATIONAL_PARAMETERS, '2009-09-01');
    const entries = await db.selectFrom('account_entry').select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
    console.log(`demo county: ${paid.contributions.toLocaleString('en')} contributions, ${Number(entries.n).toLocaleString('en')} account entries in ${seconds(performance.now() - started)}`);
    await sql`analyze`.execute(db);

    const job = await db.insertInto('job').values({ county_code: COUNTY, kind: 'interest', period: String(year), result: null }).returning('id').executeTakeFirstOrThrow();
    started = performance.now();
    const done = await runInterestJob(db, job.id, NATIONAL_PARAMETERS);
    const product = performance.now() - started;
    const result = done.result as { accounts: number; totalInterest: number };
    console.log(`product: ${result.accounts.toLocaleString('en')} accounts, ${(Number(result.totalInterest) / 100).toLocaleString('en', { minimumFractionDigits: 2 })} yuan in ${seconds(product)}`);

    const bareTimes: number[] = [];
    for (let round = 0; round < 2; round++) {
      started = performance.now();
      await db
        .transaction()
        .execute(async (tx) => {
          // The input: balances and the year's entries by account and source.
          await sql`
            select b.resident_id, b.source, b.balance - coalesce(r.since, 0) as opening, r.credits
            from account_balance b left join (
              select resident_id, source, sum(amount) as since, count(*) filter (where amount > 0) as credits
              from account_entry where county_code = ${COUNTY} and posted_on >= ${periodStart} group by resident_id, source
            ) r using (resident_id, source)
            where b.county_code = ${COUNTY}`.execute(tx);
          // The output: the same rows, under new journals.
          await sql`
            with old as (
              select id, kind, posted_on, reference from ledger_journal where county_code = ${COUNTY} and reference = ${`interest:${year}`}
            ), j as (
              insert into ledger_journal (county_code, kind, posted_on, reference)
              select ${COUNTY}, kind, posted_on, 'bare' from old order by id
              returning id
            ), pairs as (
              select o.id as old_id, n.id as new_id from (select id, row_number() over (order by id) as k from old) o
              join (select id, row_number() over (order by id) as k from j) n using (k)
            ), person as (
              insert into account_entry (county_code, resident_id, posted_on, kind, source, amount, year, journal_id)
              select e.county_code, e.resident_id, e.posted_on, e.kind, e.source, e.amount, e.year, p.new_id
              from account_entry e join pairs p on p.old_id = e.journal_id where e.county_code = ${COUNTY}
              returning resident_id, source, amount
            ), fund as (
              insert into fund_entry (county_code, journal_id, posted_on, account, kind, level, amount)
              select f.county_code, p.new_id, f.posted_on, f.account, f.kind, f.level, f.amount
              from fund_entry f join pairs p on p.old_id = f.journal_id where f.county_code = ${COUNTY}
              returning posted_on, account, kind, level, amount
            ), months as (
              insert into fund_month (county_code, month, account, kind, level, amount)
              select ${COUNTY}, to_char(posted_on, 'YYYY-MM'), account, kind, level, sum(amount) from fund group by 2, 3, 4, 5
              on conflict (county_code, month, account, kind, level) do update set amount = fund_month.amount + excluded.amount
              returning 1
            ), balances as (
              insert into account_balance (county_code, resident_id, source, balance)
              select ${COUNTY}, resident_id, source, sum(amount) from person group by 1, 2, 3
              on conflict (county_code, resident_id, source) do update set balance = account_balance.balance + excluded.balance
              returning 1
            ), postings as (
              insert into interest_posting (county_code, year, resident_id, amount, job_id)
              select county_code, year + 1000, resident_id, amount, job_id from interest_posting where county_code = ${COUNTY} and year = ${year}
              returning 1
            )
            select (select count(*) from months) + (select count(*) from balances) + (select count(*) from postings) as n`.execute(tx);
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      bareTimes.push(performance.now() - started);
    }
    const bare = Math.min(...bareTimes);
    console.log(`bare SQL (read the inputs, write the same rows; best of 2): ${seconds(bare)} [${bareTimes.map(seconds).join(', ')}]`);
    console.log(`ratio product ÷ bare: ${(product / bare).toFixed(2)}`);
  } finally {
    await fresh.dispose();
  }
}

await main();
