/**
 * The ledger (issue 8) on a demo county: the yearly fund statement, and posting through the ledger's service
 * against writing the same rows with bare SQL in the same run.
 *
 * - statement: `fundStatement` for last year and this year (median of 5), from the monthly sums;
 * - contributions: N premiums posted one per transaction with `postContribution` (the person side by source, the
 *   fund side by kind and level, both balance tables) against the same rows — read back from what the
 *   product wrote — inserted by one bare statement per premium, alternating in rounds;
 * - payroll chunk: 1,000 lines posted by `postPayrollLines` against the same rows written by one bare statement
 *   (20 rounds after a warm-up, the order alternating).
 * Prints both times and the ratio (product ÷ bare).
 *
 *   npx tsx bench/ledger.ts [--residents 60000] [--contributions 2000] [--database-url postgres://…]
 */
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { migrate } from '../src/db/migrate.js';
import { createDemoContributions } from '../src/demo/demo-contributions.js';
import { createDemoEnrolment } from '../src/demo/demo-enrolment.js';
import { createDemoFund } from '../src/demo/demo-fund.js';
import { createDemoPensions } from '../src/demo/demo-pensions.js';
import { createDemoStaff } from '../src/demo/demo-staff.js';
import { generateDemoCounty } from '../src/demo/generate.js';
import { chinaToday } from '../src/http/clock.js';
import { postContribution, postPayrollLines } from '../src/modules/ledger/service.js';
import { fundStatement } from '../src/modules/ledger/statements.js';
import { ensureDivisions } from '../src/modules/regions/reference.js';
import { NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { freshDatabase } from './fresh-db.js';
import { bareBookkeeping } from './bare-sql.js';

const { values } = parseArgs({ options: { residents: { type: 'string', default: '60000' }, contributions: { type: 'string', default: '2000' }, 'database-url': { type: 'string' } } });
const residents = Number(values.residents);
const count = Number(values.contributions);
const COUNTY = '370783';

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Copies a journal's rows under a new journal with one bare statement (what "writing the same rows directly" costs). */
async function bareCopy(db: Kysely<DB>, journalId: number): Promise<void> {
  await sql`
    with j as (
      insert into ledger_journal (county_code, kind, posted_on, reference, memo, recorded_by)
      select county_code, kind, posted_on, reference, memo, recorded_by from ledger_journal where county_code = ${COUNTY} and id = ${journalId}
      returning id
    ), person as (
      insert into account_entry (county_code, resident_id, posted_on, kind, source, amount, year, contribution_id, payment_id, journal_id)
      select county_code, resident_id, posted_on, kind, source, amount, year, contribution_id, payment_id, (select id from j)
      from account_entry where county_code = ${COUNTY} and journal_id = ${journalId}
      returning resident_id, source, amount
    ), fund as (
      insert into fund_entry (county_code, journal_id, posted_on, account, kind, level, amount)
      select county_code, (select id from j), posted_on, account, kind, level, amount from fund_entry where county_code = ${COUNTY} and journal_id = ${journalId}
      returning posted_on, account, kind, level, amount
    ), ${bareBookkeeping(COUNTY)}
    select (select count(*) from months) + (select count(*) from balances) as n`.execute(db);
}

async function main(): Promise<void> {
  const fresh = await freshDatabase(values['database-url']);
  const { db } = fresh.database;
  const today = chinaToday();
  const scope = { countyCode: COUNTY, scopePrefix: COUNTY, parameters: NATIONAL_PARAMETERS, schemeStartDate: '2009-09-01' };
  console.log(`${fresh.label}, ${residents.toLocaleString('en')} residents, today ${today}`);
  try {
    await migrate(db);
    await ensureDivisions(db);
    let started = performance.now();
    await generateDemoCounty(db, { residents });
    await createDemoStaff(db);
    await createDemoEnrolment(db, COUNTY, today);
    const paid = await createDemoContributions(db, COUNTY, today, NATIONAL_PARAMETERS, '2009-09-01');
    await createDemoPensions(db, scope, today);
    const fund = await createDemoFund(db, COUNTY, today);
    const entries = await db.selectFrom('fund_entry').select(sql<number>`count(*)::int8`.as('n')).executeTakeFirstOrThrow();
    console.log(`demo county: ${paid.contributions.toLocaleString('en')} contributions, ${fund.sweeps} sweeps, ${fund.receipts} receipts, ${Number(entries.n).toLocaleString('en')} fund entries in ${seconds(performance.now() - started)}`);

    const year = Number(today.slice(0, 4));
    for (const [from, to] of [
      [`${year - 1}-01`, `${year - 1}-12`],
      [`${year}-01`, today.slice(0, 7)],
    ] as const) {
      const times: number[] = [];
      let closing = 0;
      for (let i = 0; i < 5; i++) {
        started = performance.now();
        closing = (await fundStatement(db, COUNTY, from, to)).closingBalance;
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      console.log(`statement ${from}…${to}: median ${times[2]!.toFixed(1)} ms (closing balance ${(closing / 100).toFixed(2)} yuan)`);
    }

    // Premiums of a year nobody has paid yet, by enrolled residents, one per transaction.
    const people = await db.selectFrom('enrolment').select(['resident_id', 'village_code']).where('county_code', '=', COUNTY).orderBy('resident_id').limit(count).execute();
    const clerk = await db.selectFrom('staff_user').select('id').where('username', '=', 'accounts').executeTakeFirstOrThrow();
    const contributionIds: number[] = [];
    for (const p of people) {
      const c = await db
        .insertInto('contribution')
        .values({ county_code: COUNTY, resident_id: p.resident_id, village_code: p.village_code, year: 2099, kind: 'yearly', tier: 50000, identity: 'ordinary', individual: 50000, hardship_payment: 0, government_subsidy: 6000, collective_subsidy: 1000, sponsorship: 0, total_credited: 57000, paid_on: `${today}`, channel: 'bank', recorded_by: clerk.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      contributionIds.push(c.id);
    }
    let product = 0;
    let bare = 0;
    for (let i = 0; i < people.length; i++) {
      const p = people[i]!;
      started = performance.now();
      const journalId = await db.transaction().execute((tx) =>
        postContribution(tx, COUNTY, NATIONAL_PARAMETERS, { id: contributionIds[i]!, residentId: p.resident_id, year: 2099, paidOn: today, channel: 'bank', individual: 50000, hardshipPayment: 0, governmentSubsidy: 6000, collectiveSubsidy: 1000, sponsorship: 0 }, clerk.id),
      );
      product += performance.now() - started;
      started = performance.now();
      await db.transaction().execute((tx) => bareCopy(tx, journalId));
      bare += performance.now() - started;
    }
    console.log(`${people.length.toLocaleString('en')} contributions, one transaction each: ledger ${seconds(product)}, bare SQL ${seconds(bare)}, ratio ${(product / bare).toFixed(2)}`);

    // A payroll chunk: 1,000 lines (account pension from the account by source, basic funded by two levels).
    const chunk = people.slice(0, 1000).map((p, i) => ({
      paymentId: 0,
      residentId: p.resident_id,
      basicPension: 16300,
      fromAccount: 3000 + (i % 7),
      fromPool: 0,
      funding: { central: 8150, provincial: 0, prefecture: 0, county: 8150 },
      fromSources: { individual: 2500 + (i % 7), governmentSubsidy: 500 },
    }));
    product = 0;
    bare = 0;
    // A warm-up round, then 20 rounds; every other round the bare copy of the previous round goes first.
    let previous = await db.transaction().execute((tx) => postPayrollLines(tx, COUNTY, '2099-01', today, chunk));
    await db.transaction().execute((tx) => bareCopy(tx, previous));
    for (let round = 0; round < 20; round++) {
      if (round % 2 === 1) {
        started = performance.now();
        await db.transaction().execute((tx) => bareCopy(tx, previous));
        bare += performance.now() - started;
      }
      started = performance.now();
      previous = await db.transaction().execute((tx) => postPayrollLines(tx, COUNTY, '2099-01', today, chunk));
      product += performance.now() - started;
      if (round % 2 === 0) {
        started = performance.now();
        await db.transaction().execute((tx) => bareCopy(tx, previous));
        bare += performance.now() - started;
      }
    }
    console.log(`payroll chunk of ${chunk.length} lines, 20 rounds: ledger ${seconds(product)}, bare SQL ${seconds(bare)}, ratio ${(product / bare).toFixed(2)}`);
  } finally {
    await fresh.dispose();
  }
}

await main();
