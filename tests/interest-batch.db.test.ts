// The interest job reads each chunk's opening balances from the balance table less what was posted since the
// period began, and computes with the engine's arithmetic without explanations (yearlyInterestCalculator). Here
// every account's posting is compared with the engine's full per-person computation (computeYearlyInterest)
// on inputs summed from the whole ledger history, the way the job used to read them, for 2015 (six rate
// changes in the year) on varied accounts: mid-year credits, a reversal, several sources, a balance paid in and
// refunded to zero, a death settled mid-year, pension drawn monthly, entries after the period, chunks of 3.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runInterestJob } from '../src/modules/accounts/interest-job.js';
import { postJournal, type PersonPosting } from '../src/modules/ledger/post.js';
import { ACCOUNT_SOURCES, computeYearlyInterest, interestPeriod, isAccountSource, NATIONAL_PARAMETERS, type AccountMovement, type AccountSource, type Fen } from '../src/rules/index.js';
import { createTestApp, HOME, type TestApp } from './support/test-app.js';

let t: TestApp;
const COUNTY = '370783';
const YEAR = 2015;
const people: Record<string, number> = {};

type Entry = [on: string, source: AccountSource, amount: Fen, kind?: PersonPosting['kind']];
const CASES: Record<string, Entry[]> = {
  // Opening balance by two sources and a credit in March.
  opening_and_march: [['2014-03-15', 'individual', 50000], ['2014-03-15', 'governmentSubsidy', 3000], ['2015-03-15', 'individual', 50000], ['2015-03-15', 'governmentSubsidy', 3000]],
  // Several sources, credits on several days, a reversal of part of one in June.
  several_sources: [
    ['2013-05-01', 'oldScheme', 123457],
    ['2014-11-30', 'hardshipPayment', 10000],
    ['2014-11-30', 'collectiveSubsidy', 2000],
    ['2015-01-01', 'individual', 30001],
    ['2015-02-28', 'sponsorship', 777],
    ['2015-06-10', 'individual', -10000, 'reversal'],
    ['2015-10-24', 'collectiveSubsidy', 1999],
    ['2015-12-31', 'individual', 20000],
  ],
  // Paid in and refunded before the period: a zero balance (posted, nothing earned).
  zero_balance: [['2014-03-01', 'individual', 20000], ['2014-08-01', 'individual', -20000, 'refund']],
  // Death in July: the whole balance paid out by source on settlement.
  death_mid_year: [['2012-04-01', 'individual', 60000], ['2012-04-01', 'governmentSubsidy', 6000], ['2015-07-20', 'individual', -60000, 'inheritance'], ['2015-07-20', 'governmentSubsidy', -6000, 'inheritance']],
  // A pensioner drawing 250.03 a month from the individual source, and more after the period.
  pensioner: [
    ['2010-01-10', 'individual', 900000],
    ['2010-01-10', 'governmentSubsidy', 90001],
    ...Array.from({ length: 14 }, (_, m): Entry => [`${m < 12 ? 2015 : 2016}-${String((m % 12) + 1).padStart(2, '0')}-05`, 'individual', -25003, 'pension']),
  ],
  // Only after the period: no account this year.
  only_later: [['2016-02-01', 'individual', 10000]],
  // Refunded to zero before, paid again after the period: an account this year (zero).
  zero_then_later: [['2014-01-02', 'individual', 5000], ['2014-01-03', 'individual', -5000, 'refund'], ['2016-03-01', 'individual', 8000]],
  // In the period and after it.
  in_and_after: [['2014-12-31', 'individual', 40000], ['2015-12-31', 'individual', 10000], ['2016-01-01', 'individual', 9999], ['2016-06-01', 'governmentSubsidy', 1234]],
  // Several movements on one day by two sources, one credit and one debit.
  same_day: [['2014-06-01', 'individual', 100000], ['2015-04-30', 'individual', 33333], ['2015-04-30', 'individual', -11111, 'reversal'], ['2015-04-30', 'sponsorship', 1]],
  // A balance with no movement at all in the period.
  untouched: [['2009-12-01', 'individual', 10000]],
};

beforeAll(async () => {
  t = await createTestApp();
  let i = 0;
  for (const [name, entries] of Object.entries(CASES)) {
    const r = await t.database.db
      .insertInto('resident')
      .values({ county_code: COUNTY, id_number: `37078319700101${String(600 + i++).padStart(3, '0')}X`, name: `计息${i}`, sex: 'F', birth_date: '1970-01-01', village_code: HOME.village, household_id: 1, relation: '子' })
      .returning('id')
      .executeTakeFirstOrThrow();
    people[name] = r.id;
    for (const [on, source, amount, kind] of entries) {
      await postJournal(t.database.db, { countyCode: COUNTY, kind: 'contribution', postedOn: on }, [{ residentId: r.id, source, amount, kind: kind ?? 'contribution', year: Number(on.slice(0, 4)) }], []);
    }
  }
});
afterAll(async () => {
  await t.close();
});

it('posts for every account exactly what the engine computes per person from the whole ledger, on both sides of a chunk', async () => {
  const { periodStart, periodEnd } = interestPeriod(YEAR, NATIONAL_PARAMETERS);
  const job = await t.database.db.insertInto('job').values({ county_code: COUNTY, kind: 'interest', period: String(YEAR), result: null }).returning('id').executeTakeFirstOrThrow();
  const done = await runInterestJob(t.database.db, job.id, NATIONAL_PARAMETERS, { chunkSize: 3 });

  const entries = await t.database.db.selectFrom('account_entry').select(['resident_id', sql<string>`to_char(posted_on, 'YYYY-MM-DD')`.as('on'), 'source', 'amount', 'kind']).where('county_code', '=', COUNTY).orderBy('id').execute();
  const posted = await t.database.db.selectFrom('interest_posting').select(['resident_id', 'amount']).where('county_code', '=', COUNTY).where('year', '=', YEAR).execute();
  const postedBy = new Map(posted.map((p) => [Number(p.resident_id), Number(p.amount)]));
  const expected: Record<string, number | undefined> = {};
  for (const [name, id] of Object.entries(people)) {
    const mine = entries.filter((e) => Number(e.resident_id) === id && e.kind !== 'interest');
    const opening: Partial<Record<AccountSource, Fen>> = {};
    const credits = new Map<string, Partial<Record<AccountSource, Fen>>>();
    const debits = new Map<string, Partial<Record<AccountSource, Fen>>>();
    for (const e of mine) {
      const on = e.on;
      if (!isAccountSource(e.source) || on > periodEnd) continue;
      const amount = Number(e.amount);
      if (on < periodStart) opening[e.source] = (opening[e.source] ?? 0) + amount;
      else {
        const target = amount > 0 ? credits : debits;
        const day = target.get(on) ?? {};
        day[e.source] = (day[e.source] ?? 0) + Math.abs(amount);
        target.set(on, day);
      }
    }
    if (!mine.some((e) => e.on <= periodEnd)) {
      expected[name] = undefined;
      expect(postedBy.has(id), name).toBe(false);
      continue;
    }
    const movements = (m: Map<string, Partial<Record<AccountSource, Fen>>>): AccountMovement[] => [...m].map(([on, bySource]) => ({ on, bySource }));
    const engine = computeYearlyInterest({ year: YEAR, openingBalances: opening, credits: movements(credits), debits: movements(debits) }, NATIONAL_PARAMETERS);
    expected[name] = engine.totalInterest;
    expect(postedBy.get(id), name).toBe(engine.totalInterest);
    const bySource = Object.fromEntries(
      entries.filter((e) => Number(e.resident_id) === id && e.kind === 'interest').map((e) => [e.source, Number(e.amount)]),
    );
    expect(bySource, name).toEqual(Object.fromEntries(ACCOUNT_SOURCES.filter((s) => engine.interestBySource[s] > 0).map((s) => [s, engine.interestBySource[s]])));
  }
  // The cases are not trivial: most earn, two post zero, one has no account this year.
  expect(expected.only_later).toBeUndefined();
  expect([expected.zero_balance, expected.zero_then_later]).toEqual([0, 0]);
  expect(Object.values(expected).filter((v) => (v ?? 0) > 0).length).toBe(7);
  expect(done).toMatchObject({ status: 'done', total: 9, done: 9, result: { accounts: 9 } });
  // The balance table still agrees with the entries after the posting.
  const balances = await t.database.db.selectFrom('account_balance').select(['resident_id', 'source', 'balance']).where('county_code', '=', COUNTY).execute();
  for (const b of balances) {
    const sum = entries.filter((e) => Number(e.resident_id) === Number(b.resident_id) && e.source === b.source).reduce((s, e) => s + Number(e.amount), 0);
    expect(Number(b.balance)).toBe(sum);
  }
});
