/**
 * Monthly payroll (issue 13): the product's payroll job against bare SQL writing the same rows, in one run.
 *
 * A demo county of N residents with its pensions, paid through last month by the demo's three payrolls (as
 * `xinnongbao demo` makes it), then this month's payroll:
 * - product: `runPayrollJob` as the job runner calls it (the database's job connection, chunks of JOB_CHUNK_SIZE
 *   1,000 pensions, on PGlite sized to the 40 ms slice of `jobSliceMs`): per chunk the pensions due with their
 *   enrolment, the account balances, the family-binding check, the engine per pension, the lines, the ledger's
 *   `postPayrollLines`, the paid-through update and the job's progress, one transaction per chunk;
 * - bare SQL: what the month must at least read and write, in one transaction: the pensions due with their bank
 *   accounts and balances (the input), then the very rows the product wrote, written again by one statement — the payment
 *   lines (under a month of their own), the ledger journals, person entries (linked to the new lines), fund
 *   entries, fund months, account balances, and the paid-through update of the same pensions — then rolled
 *   back, so nothing is counted twice. Both are preceded by a CHECKPOINT (full-page images count alike).
 * The bare rows are compared with the product's by checksum (lines, person entries by line, fund entries, the
 * pensions' paid-through months). Prints both times and the ratio.
 *
 *   npx tsx bench/payroll.ts [--residents 200000] [--database-url postgres://…] [--src ../src] [--keep] [--template NAME] [--chunk 1000]
 *
 * `--src /work/main/src` runs the same measurement on another checkout's code (before/after in one session);
 * `--keep` leaves the PostgreSQL database in place (its name is printed) for a second look.
 * `--template NAME` keeps the built county (paid through last month, analysed) to measure again without building it:
 * on PostgreSQL a database NAME (made the first time, then copied by `create database … template NAME`), on PGlite a
 * folder NAME (copied). The template is built with the code of `--src`. `--chunk N`: the job's chunk size
 * (JOB_CHUNK_SIZE, 1,000 by default as in the product's configuration).
 */
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { adminQuery, freshDatabase } from './fresh-db.js';
import { openDatabase, type Database } from '../src/db/connection.js';
import { bareBookkeeping } from './bare-sql.js';

const { values } = parseArgs({
  options: { residents: { type: 'string', default: '200000' }, 'database-url': { type: 'string' }, src: { type: 'string', default: '../src' }, keep: { type: 'boolean', default: false }, template: { type: 'string' }, chunk: { type: 'string', default: '1000' } },
});
const residents = Number(values.residents);
const COUNTY = '370783';
/** The month the bare SQL's copies are written under (the lines' unique key is per month). */
const BARE_MONTH = '2999-12';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const src = values.src!;

class Rollback extends Error {}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the code under test may be another checkout's (--src)
type AnyDb = Kysely<any>;

/** Checksums of what a payroll wrote under `month` (lines, their person entries, the fund entries of `journals`). */
async function checksums(db: AnyDb, month: string, journalRef: string, paidThroughSql: ReturnType<typeof sql>) {
  const lines = await sql<{ n: number; md5: string }>`
    select count(*)::int as n, md5(string_agg(concat_ws('|', pension_id, resident_id, village_code, kind, from_month, to_month, months, basic_pension, from_account,
      from_pool, amount, bank_account, status, withheld_basic, withheld_reason, funded_central, funded_provincial, funded_prefecture, funded_county), ',' order by pension_id)) as md5
    from pension_payment where county_code = ${COUNTY} and month = ${month} and kind = 'regular'`.execute(db);
  const entries = await sql<{ n: number; md5: string }>`
    select count(*)::int as n, md5(string_agg(concat_ws('|', l.pension_id, e.resident_id, e.posted_on, e.kind, e.source, e.amount), ',' order by l.pension_id, e.source)) as md5
    from account_entry e join pension_payment l on l.county_code = e.county_code and l.id = e.payment_id
    where e.county_code = ${COUNTY} and l.month = ${month} and l.kind = 'regular'`.execute(db);
  const fund = await sql<{ n: number; md5: string }>`
    select count(*)::int as n, md5(string_agg(concat_ws('|', account, kind, level, amount), ',' order by account, kind, level)) as md5 from (
      select f.account, f.kind, f.level, sum(f.amount) as amount
      from fund_entry f join ledger_journal j on j.county_code = f.county_code and j.id = f.journal_id
      where f.county_code = ${COUNTY} and j.reference = ${journalRef} group by 1, 2, 3) s`.execute(db);
  const through = await paidThroughSql.execute(db);
  return { lines: lines.rows[0]!, entries: entries.rows[0]!, fund: fund.rows[0]!, paidThrough: (through.rows[0] as { n: number; md5: string }) };
}

async function main(): Promise<void> {
  const { migrate } = await import(`${src}/db/migrate.js`);
  const { createDemoContributions } = await import(`${src}/demo/demo-contributions.js`);
  const { createDemoEnrolment } = await import(`${src}/demo/demo-enrolment.js`);
  const { createDemoPensions } = await import(`${src}/demo/demo-pensions.js`);
  const { createDemoStaff } = await import(`${src}/demo/demo-staff.js`);
  const { generateDemoCounty } = await import(`${src}/demo/generate.js`);
  const { chinaToday } = await import(`${src}/http/clock.js`);
  const { SYSTEM_ACTOR } = await import(`${src}/modules/audit/service.js`);
  const { queuePayroll, runPayrollJob } = await import(`${src}/modules/pensions/payroll.js`);
  const { jobSliceMs } = await import(`${src}/modules/accounts/runner.js`);
  const { ensureDivisions } = await import(`${src}/modules/regions/reference.js`);
  const { NATIONAL_PARAMETERS } = await import(`${src}/rules/index.js`);

  const today = chinaToday();
  const month = today.slice(0, 7);
  const scope = { countyCode: COUNTY, scopePrefix: COUNTY, parameters: NATIONAL_PARAMETERS, schemeStartDate: '2009-09-01' };
  /** The demo county with its pensions paid through last month, in `db` (empty). */
  const buildCounty = async (db: AnyDb) => {
    await migrate(db);
    await ensureDivisions(db);
    const started = performance.now();
    await generateDemoCounty(db, { residents });
    await createDemoStaff(db);
    await createDemoEnrolment(db, COUNTY, today);
    await createDemoContributions(db, COUNTY, today, NATIONAL_PARAMETERS, '2009-09-01');
    const pensions = await createDemoPensions(db, scope, today);
    console.log(`demo county: ${pensions.pensions.toLocaleString('en')} pensions, ${pensions.payrolls} payrolls before this one, in ${seconds(performance.now() - started)}`);
    await sql`analyze`.execute(db);
  };
  const template = values.template;
  if (template) {
    let database: Database | undefined;
    if (values['database-url']) {
      const client = new pg.Client({ connectionString: values['database-url'] });
      await client.connect();
      const exists = (await client.query('select 1 from pg_database where datname = $1', [template])).rowCount! > 0;
      await client.end();
      if (!exists) {
        await adminQuery(values['database-url'], `create database ${template}`);
        const url = new URL(values['database-url']);
        url.pathname = `/${template}`;
        database = await openDatabase({ databaseUrl: url.toString() });
      }
    } else if (!existsSync(template)) {
      database = await openDatabase({ dataDir: template });
    }
    if (database) {
      try {
        await buildCounty(database.db as unknown as AnyDb);
      } finally {
        await database.close();
      }
    }
  }
  const fresh = await freshDatabase(values['database-url'], { keep: values.keep, template });
  const { db, jobDb, kind } = fresh.database as unknown as { db: AnyDb; jobDb: AnyDb; kind: 'pglite' | 'postgres' };
  console.log(`${fresh.label}${template ? ` (a copy of ${template})` : ''}, ${residents.toLocaleString('en')} residents, payroll ${month}, code ${src}`);
  try {
    if (template) {
      await migrate(db);
      await sql`analyze`.execute(db);
    } else {
      await buildCounty(db);
    }
    let started: number;
    const narrow = (await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_name = 'pension_paid_through'`.execute(db)).rows[0]!.n > 0;
    // The paid-through months of the pensions the month's lines pay (wherever the checkout keeps them).
    const paidThroughOf = (m: string) =>
      narrow
        ? sql`select count(*)::int as n, md5(string_agg(t.pension_id || '|' || t.paid_through, ',' order by t.pension_id)) as md5
              from pension_paid_through t join pension_payment l on l.county_code = t.county_code and l.pension_id = t.pension_id
              where l.county_code = ${COUNTY} and l.month = ${m} and l.kind = 'regular'`
        : sql`select count(*)::int as n, md5(string_agg(p.id || '|' || p.paid_through, ',' order by p.id)) as md5
              from pension p join pension_payment l on l.county_code = p.county_code and l.pension_id = p.id
              where l.county_code = ${COUNTY} and l.month = ${m} and l.kind = 'regular'`;

    const reviewer = await db.selectFrom('staff_user').select('id').where('username', '=', 'reviewer').executeTakeFirstOrThrow();
    const payroll = await queuePayroll(db, { ...SYSTEM_ACTOR, userId: reviewer.id }, COUNTY, month, today);
    const options = { chunkSize: Number(values.chunk), sliceMs: jobSliceMs(kind) };
    await sql`checkpoint`.execute(db);
    started = performance.now();
    const job = await runPayrollJob(jobDb, payroll.jobId, NATIONAL_PARAMETERS, options);
    const product = performance.now() - started;
    console.log(`load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`product (runPayrollJob, chunks ${options.chunkSize}${options.sliceMs ? `, slice ${options.sliceMs} ms` : ''}): ${job.total.toLocaleString('en')} pensions in ${seconds(product)}`);
    const want = await checksums(db, month, `payroll:${month}`, paidThroughOf(month));

    const bareTimes: number[] = [];
    let got: Awaited<ReturnType<typeof checksums>> | undefined;
    for (let round = 0; round < 2; round++) {
      await sql`checkpoint`.execute(db);
      started = performance.now();
      await db
        .transaction()
        .execute(async (tx) => {
          await sql`insert into payroll (county_code, month, job_id) values (${COUNTY}, ${BARE_MONTH}, ${payroll.jobId})`.execute(tx);
          // The input, as the job reads it: the pensions due this month with their bank account and account balances.
          await sql`
            select p.id, p.resident_id, p.village_code, p.start_month, t.paid_through, p.contribution_years, p.account_pension, p.category,
              e.bank_account, e.card_number, b.source, b.balance
            from ${narrow ? sql`pension_paid_through t join pension p on p.county_code = t.county_code and p.id = t.pension_id` : sql`pension p join pension t on t.county_code = p.county_code and t.id = p.id`}
            join enrolment e on e.county_code = p.county_code and e.resident_id = p.resident_id
            left join account_balance b on b.county_code = p.county_code and b.resident_id = p.resident_id
            where p.county_code = ${COUNTY} and p.status = 'active' and p.start_month <= ${month} and (t.paid_through is null or t.paid_through < ${month})`.execute(tx);
          // New ids are drawn first (the tables' own sequences), so each copy is paired with its original by a plain
          // column: no join on the rows being inserted, whose count the planner cannot know.
          await sql`
            with journals as materialized (
              select o.id, o.kind, o.posted_on, nextval(pg_get_serial_sequence('ledger_journal', 'id')) as new_id
              from (select id, kind, posted_on from ledger_journal where county_code = ${COUNTY} and reference = ${`payroll:${month}`} and kind = 'payroll' order by id) o
            ), old_lines as materialized (
              select o.*, nextval(pg_get_serial_sequence('pension_payment', 'id')) as new_id
              from (select * from pension_payment where county_code = ${COUNTY} and month = ${month} and kind = 'regular' order by id) o
            ), j as (
              insert into ledger_journal (county_code, id, kind, posted_on, reference)
              select ${COUNTY}, new_id, kind, posted_on, ${`payroll:${BARE_MONTH}`} from journals
              returning 1
            ), lines as (
              insert into pension_payment (county_code, id, month, pension_id, resident_id, village_code, kind, from_month, to_month, months, basic_pension,
                from_account, from_pool, amount, bank_account, withheld_basic, withheld_reason, funded_central, funded_provincial, funded_prefecture, funded_county)
              select county_code, new_id, ${BARE_MONTH}, pension_id, resident_id, village_code, kind, from_month, to_month, months, basic_pension,
                from_account, from_pool, amount, bank_account, withheld_basic, withheld_reason, funded_central, funded_provincial, funded_prefecture, funded_county
              from old_lines
              returning 1
            ), person as (
              insert into account_entry (county_code, resident_id, posted_on, kind, source, amount, payment_id, journal_id)
              select e.county_code, e.resident_id, e.posted_on, e.kind, e.source, e.amount, l.new_id, (jm.m ->> e.journal_id::text)::int8
              from old_lines l
              join account_entry e on e.county_code = ${COUNTY} and e.payment_id = l.id
              -- The journals' new ids as one map (a join here ran a nested loop over lines × journals).
              cross join (select jsonb_object_agg(id::text, new_id) as m from journals) jm
              returning resident_id, source, amount
            ), fund as (
              insert into fund_entry (county_code, journal_id, posted_on, account, kind, level, amount)
              select f.county_code, p.new_id, f.posted_on, f.account, f.kind, f.level, f.amount
              from fund_entry f join journals p on p.id = f.journal_id where f.county_code = ${COUNTY}
              returning posted_on, account, kind, level, amount
            ), ${bareBookkeeping(COUNTY)}
            select (select count(*) from j) + (select count(*) from lines) + (select count(*) from months) + (select count(*) from balances) as n`.execute(tx);
          // The paid-through month of the same pensions (the product moved it from last month to this one).
          if (narrow) {
            await sql`update pension_paid_through t set paid_through = ${month}
              from pension_payment l where l.county_code = ${COUNTY} and l.month = ${BARE_MONTH} and l.kind = 'regular'
                and t.county_code = l.county_code and t.pension_id = l.pension_id`.execute(tx);
          } else {
            await sql`update pension p set paid_through = ${month}
              from pension_payment l where l.county_code = ${COUNTY} and l.month = ${BARE_MONTH} and l.kind = 'regular'
                and p.county_code = l.county_code and p.id = l.pension_id`.execute(tx);
          }
          bareTimes.push(performance.now() - started);
          if (round === 0) got = await checksums(tx, BARE_MONTH, `payroll:${BARE_MONTH}`, paidThroughOf(BARE_MONTH));
          throw new Rollback();
        })
        .catch((error: unknown) => {
          if (!(error instanceof Rollback)) throw error;
        });
      console.log(`bare SQL round ${round + 1}: ${seconds(bareTimes[round]!)}`);
    }
    const bare = Math.min(...bareTimes);
    const same = JSON.stringify(want) === JSON.stringify(got);
    console.log(`checksums ${same ? 'equal' : 'DIFFER'}: ${want.lines.n.toLocaleString('en')} lines, ${want.entries.n.toLocaleString('en')} account entries, ${want.fund.n} fund sums, ${want.paidThrough.n.toLocaleString('en')} paid-through months`);
    if (!same) console.log(JSON.stringify({ product: want, bare: got }, null, 1));
    console.log(`bare SQL (same rows, best of 2): ${seconds(bare)}; ratio product ÷ bare: ${(product / bare).toFixed(2)}`);
  } finally {
    await fresh.dispose();
  }
}

await main();
