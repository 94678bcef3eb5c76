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
 *   wrote (journals, person entries, fund entries, fund months, balances, interest_posting; copied aside
 *   beforehand, untimed) inserted by one statement — then rolled back, so the rows are the same and nothing is
 *   counted twice.
 * Earlier years' interest is not posted (the job of one year is what is measured). Prints both times and the ratio.
 *
 *   npx tsx bench/interest.ts [--residents 200000] [--database-url postgres://…] [--template NAME]
 *
 * `--template NAME` keeps the built county to measure again without building it: on PostgreSQL a database NAME
 * (made the first time, then copied by `create database … template NAME`), on PGlite a folder NAME (copied).
 * Migrations added since it was built run on the copy, as they would on a county's data.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'kysely';
import { migrate } from '../src/db/migrate.js';
import { createDemoContributions } from '../src/demo/demo-contributions.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { interestPeriod, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { adminQuery, freshDatabase } from './fresh-db.js';
import { bareBookkeeping } from './bare-sql.js';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '200000' }, 'database-url': { type: 'string' }, job: { type: 'string', default: '../src/modules/accounts/interest-job.js' }, template: { type: 'string' } } });
const residents = Number(values.residents);
const COUNTY = '370783';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class Rollback extends Error {}

/** The demo county with its contributions since the scheme start, in `db` (migrated). */
async function buildCounty(db: Database['db'], today: string): Promise<void> {
  const started = performance.now();
  await generateDemoCounty(db, { residents });
  await createDemoStaff(db);
  await createDemoEnrolment(db, COUNTY, today);
  const paid = await createDemoContributions(db, COUNTY, today, NATIONAL_PARAMETERS, '2009-09-01');
  const entries = await db.selectFrom('account_entry').select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
  console.log(`demo county: ${paid.contributions.toLocaleString('en')} contributions, ${Number(entries.n).toLocaleString('en')} account entries in ${seconds(performance.now() - started)}`);
}

/** Makes the template (a database or folder) holding the county unless it exists. */
async function ensureTemplate(template: string, serverUrl: string | undefined, today: string): Promise<void> {
  let database: Database;
  if (serverUrl) {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    const exists = (await client.query('select 1 from pg_database where datname = $1', [template])).rowCount! > 0;
    await client.end();
    if (exists) return;
    await adminQuery(serverUrl, `create database ${template}`);
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    database = await openDatabase({ databaseUrl: url.toString() });
  } else {
    if (existsSync(template)) return;
    database = await openDatabase({ dataDir: template });
  }
  try {
    await migrate(database.db);
    await ensureDivisions(database.db);
    await buildCounty(database.db, today);
    await sql`analyze`.execute(database.db);
  } finally {
    await database.close();
  }
}

async function main(): Promise<void> {
  const { runInterestJob } = (await import(values.job!)) as typeof import('../src/modules/accounts/interest-job.js');
  const today = chinaToday();
  if (values.template) await ensureTemplate(values.template, values['database-url'], today);
  const fresh = await freshDatabase(values['database-url'], { template: values.template });
  const { db } = fresh.database;
  const year = Number(today.slice(0, 4)) - 1;
  const { periodStart } = interestPeriod(year, NATIONAL_PARAMETERS);
  console.log(`${fresh.label}${values.template ? ` (a copy of ${values.template})` : ''}, ${residents.toLocaleString('en')} residents, interest of ${year}, job ${values.job}`);
  try {
    await migrate(db);
    if (!values.template) {
      await ensureDivisions(db);
      await buildCounty(db, today);
    }
    await sql`analyze`.execute(db);
    let started: number;

    const job = await db.insertInto('job').values({ county_code: COUNTY, kind: 'interest', period: String(year), result: null }).returning('id').executeTakeFirstOrThrow();
    started = performance.now();
    const done = await runInterestJob(db, job.id, NATIONAL_PARAMETERS);
    const product = performance.now() - started;
    const result = done.result as { accounts: number; totalInterest: number };
    console.log(`product: ${result.accounts.toLocaleString('en')} accounts, ${(Number(result.totalInterest) / 100).toLocaleString('en', { minimumFractionDigits: 2 })} yuan in ${seconds(product)}`);

    const bareTimes: number[] = [];
    // The product's rows, copied aside first (not timed: the bare SQL writes them, it need not find them).
    await db.connection().execute(async (conn) => {
      await sql`
        create temp table bare_journal as
        select id, kind, posted_on, row_number() over (order by id) as k from ledger_journal
        where county_code = ${COUNTY} and kind = 'interest' and reference = ${`interest:${year}`}`.execute(conn);
      await sql`
        create temp table bare_person as
        select e.county_code, e.resident_id, e.posted_on, e.kind, e.source, e.amount, e.year, j.k
        from account_entry e join bare_journal j on j.id = e.journal_id
        where e.county_code = ${COUNTY} and e.kind = 'interest' and e.year = ${year}`.execute(conn);
      await sql`
        create temp table bare_fund as
        select f.county_code, f.posted_on, f.account, f.kind, f.level, f.amount, j.k
        from fund_entry f join bare_journal j on j.id = f.journal_id where f.county_code = ${COUNTY}`.execute(conn);
      await sql`create temp table bare_posting as select * from interest_posting where county_code = ${COUNTY} and year = ${year}`.execute(conn);
      await sql`analyze bare_journal, bare_person, bare_fund, bare_posting`.execute(conn);
      for (let round = 0; round < 2; round++) {
        started = performance.now();
        await conn
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
              with j as (
                insert into ledger_journal (county_code, kind, posted_on, reference)
                select ${COUNTY}, kind, posted_on, 'bare' from bare_journal order by k
                returning id
              ), pairs as (
                select k, id from (select id, row_number() over (order by id) as k from j) n
              ), person as (
                insert into account_entry (county_code, resident_id, posted_on, kind, source, amount, year, journal_id)
                select e.county_code, e.resident_id, e.posted_on, e.kind, e.source, e.amount, e.year, p.id
                from bare_person e join pairs p using (k)
                returning resident_id, source, amount
              ), fund as (
                insert into fund_entry (county_code, journal_id, posted_on, account, kind, level, amount)
                select f.county_code, p.id, f.posted_on, f.account, f.kind, f.level, f.amount
                from bare_fund f join pairs p using (k)
                returning posted_on, account, kind, level, amount
              ), ${bareBookkeeping(COUNTY)}, postings as (
                insert into interest_posting (county_code, year, resident_id, amount, job_id)
                select county_code, year + 1000, resident_id, amount, job_id from bare_posting
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
    });
    const bare = Math.min(...bareTimes);
    console.log(`bare SQL (read the inputs, write the same rows; best of 2): ${seconds(bare)} [${bareTimes.map(seconds).join(', ')}]`);
    console.log(`ratio product ÷ bare: ${(product / bare).toFixed(2)}`);
  } finally {
    await fresh.dispose();
  }
}

await main();
