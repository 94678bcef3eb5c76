import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { openTestDatabase } from '../db/testing.js';
import { computeYearlyContribution, NATIONAL_PARAMETERS, type EnrolmentIdentity } from '../rules/index.js';
import { luhnValid } from '../rules/bank-card.js';
import { createDemoActivity, type DemoActivitySummary } from './demo-county.js';
import { fundStatement } from '../modules/ledger/statements.js';
import { verifyLedger } from '../modules/ledger/verify.js';
import { createDemoStaff } from './demo-staff.js';
import { generateDemoCounty } from './generate.js';

const TODAY = '2026-11-22';
let database: Database;
let summary: DemoActivitySummary;
let paid: DemoActivitySummary;
let pensions: DemoActivitySummary;
let fund: DemoActivitySummary;
beforeAll(async () => {
  database = await openTestDatabase();
  await generateDemoCounty(database.db, { residents: 3000, villages: 20 });
  await createDemoStaff(database.db);
  summary = await createDemoActivity(database.db, { countyCode: '370783', scopePrefix: '370783', parameters: NATIONAL_PARAMETERS, schemeStartDate: '2009-09-01' }, TODAY);
  paid = pensions = fund = summary;
}, 120_000);
afterAll(async () => {
  await database.close();
});

describe('demo enrolment', () => {
  it('enrols most people of 16 or more, the coordinator’s village included, none younger', async () => {
    const { rows } = await sql<{ eligible: number; enrolled: number; young: number; inFirstVillage: number; wrongPayment: number }>`
      select
        (select count(*)::int from resident where birth_date <= ${TODAY}::date - interval '16 years') as eligible,
        (select count(*)::int from enrolment) as enrolled,
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where r.birth_date > ${TODAY}::date - interval '16 years') as young,
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where r.village_code = '370783001001') as "inFirstVillage",
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where e.status <> 'terminated' and (e.payment_status = 'ended') <> (r.birth_date <= ${TODAY}::date - interval '60 years')) as "wrongPayment"`.execute(database.db);
    const r = rows[0]!;
    expect(summary.enrolled).toBe(r.enrolled);
    expect(r.enrolled / r.eligible).toBeGreaterThan(0.83);
    expect(r.enrolled / r.eligible).toBeLessThan(0.93);
    expect([r.young, r.wrongPayment]).toEqual([0, 0]);
    expect(r.inFirstVillage).toBeGreaterThan(0);
  });

  it('leaves applications waiting at each step for the demo accounts', async () => {
    expect(summary.applications).toBe(16);
    const byStatus = await database.db.selectFrom('enrolment_application').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').orderBy('status').execute();
    expect(byStatus.map((s) => [s.status, Number(s.n)])).toEqual([
      ['rejected', 2],
      ['submitted', 8],
      ['township_approved', 6],
    ]);
    // Applicants are people of the coordinator's village not enrolled yet.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from enrolment_application a
      where a.village_code <> '370783001001' or exists (select from resident r join enrolment e on e.county_code = r.county_code and e.resident_id = r.id where r.id_number = a.id_number)`.execute(database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('pays each enrolled person to a bank card of their own, with a valid check digit', async () => {
    const rows = await database.db.selectFrom('enrolment').select(['bank_account', 'card_number']).execute();
    expect(new Set(rows.map((r) => r.bank_account)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.bank_account).toMatch(/^622848\d{13}$/);
      expect(luhnValid(r.bank_account!)).toBe(true);
    }
  });

  it('gives the coordinator’s village payers and pensioners', async () => {
    const { rows } = await sql<{ payers: number; pensioners: number }>`
      select count(*) filter (where e.payment_status = 'paying')::int as payers, count(p.id)::int as pensioners
      from enrolment e left join pension p on p.county_code = e.county_code and p.resident_id = e.resident_id
      where e.village_code = '370783001001'`.execute(database.db);
    expect(rows[0]!.payers).toBeGreaterThan(0);
    expect(rows[0]!.pensioners).toBeGreaterThan(0);
  });
});

describe('demo contributions', () => {
  it('are paid by enrolled contributors only, once a year, each split as the policy engine splits it', async () => {
    expect(paid.contributions).toBeGreaterThan(1000);
    const rows = await database.db
      .selectFrom('contribution as c')
      .innerJoin('enrolment as e', (j) => j.onRef('e.county_code', '=', 'c.county_code').onRef('e.resident_id', '=', 'c.resident_id'))
      .innerJoin('resident as r', (j) => j.onRef('r.county_code', '=', 'c.county_code').onRef('r.id', '=', 'c.resident_id'))
      .select(['c.year', 'c.tier', 'c.identity', 'c.paid_on', 'c.individual', 'c.hardship_payment', 'c.government_subsidy', 'c.total_credited', 'e.payment_status', 'r.birth_date'])
      .execute();
    expect(rows.length).toBe(paid.contributions);
    // Nobody pays on or after their 60th birthday, nor before the scheme.
    expect(rows.filter((r) => r.paid_on >= `${Number(r.birth_date.slice(0, 4)) + 60}${r.birth_date.slice(4)}` || r.paid_on < '2009-09-01')).toEqual([]);
    // Those under 60 at the scheme start and 60 by 2028 paid from the scheme's first year: the oldest years are theirs only.
    expect(rows.filter((r) => r.year === 2009).every((r) => r.birth_date > '1949-09-01' && Number(r.birth_date.slice(0, 4)) <= 2026 - 58 && r.paid_on === '2009-09-01')).toBe(true);
    expect(rows.some((r) => r.year === 2009)).toBe(true);
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.year}|${r.tier}|${r.identity}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const split = computeYearlyContribution({ year: r.year, paidOn: r.paid_on, tier: r.tier, identity: r.identity as EnrolmentIdentity }, NATIONAL_PARAMETERS);
      expect([r.individual, r.hardship_payment, r.government_subsidy, r.total_credited], key).toEqual([split.individual, split.hardshipPayment, split.governmentSubsidy, split.totalCredited]);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it('put exactly their amounts in the ledger', async () => {
    const { rows } = await sql<{ contributions: number; entries: number; mismatched: number }>`
      select (select coalesce(sum(total_credited), 0)::int8 from contribution) as contributions,
             (select coalesce(sum(amount), 0)::int8 from account_entry where kind = 'contribution') as entries,
             (select count(*)::int from contribution c
               left join (select contribution_id, sum(amount) as amount from account_entry group by contribution_id) a on a.contribution_id = c.id
               where c.total_credited <> coalesce(a.amount, 0)) as mismatched`.execute(database.db);
    expect(rows[0]!.mismatched).toBe(0);
    expect(rows[0]!.entries).toBe(rows[0]!.contributions);
  });
});

describe('demo pensions', () => {
  it('award everyone enrolled whose pension started by this month, except those short of 15 years', async () => {
    const { rows } = await sql<{ due: number; awarded: number; young: number; paying: number; batch: number }>`
      select
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where r.birth_date < '1966-11-01' and (e.status <> 'terminated' or e.termination_reason = 'death')) as due,
        (select count(*)::int from pension) as awarded,
        (select count(*)::int from pension p join resident r on r.county_code = p.county_code and r.id = p.resident_id
          where r.birth_date >= '1966-11-01') as young,
        (select count(*)::int from pension p join enrolment e on e.county_code = p.county_code and e.resident_id = p.resident_id
          where e.payment_status <> 'ended') as paying,
        (select count(*)::int from audit_log where action = 'pension.award_batch') as batch`.execute(database.db);
    const r = rows[0]!;
    expect(pensions.pensions).toBe(r.awarded);
    expect(r.awarded + pensions.waiting).toBe(r.due);
    expect(pensions.waiting / r.due).toBeLessThan(0.05);
    expect([r.young, r.paying]).toEqual([0, 0]);
    expect(r.batch).toBe(1); // one audit row for the demo's awards
  });

  it('hold the amounts of the award formula: basic + balance ÷ 139', async () => {
    const rows = await database.db.selectFrom('pension').select(['basic_pension', 'account_balance', 'account_pension', 'monthly_pension', 'start_month']).execute();
    for (const p of rows) {
      expect(p.account_pension).toBe(Math.floor((p.account_balance * 2 + 139) / 278));
      expect(p.monthly_pension).toBe(p.basic_pension + p.account_pension);
    }
    expect(rows.some((p) => p.start_month === '2009-12')).toBe(true);
    const overdue = await sql<{ n: number; all: number }>`
      select count(*) filter (where last_certified_on < ${TODAY}::date - interval '12 months')::int as n, count(*)::int as "all" from pension`.execute(database.db);
    expect(overdue.rows[0]!.n).toBeGreaterThan(0);
    expect(overdue.rows[0]!.n / overdue.rows[0]!.all).toBeLessThan(0.06);
    expect(rows.some((p) => p.account_pension > 0)).toBe(true);
  });
});

describe('the demo ledger', () => {
  it('passes verify ledger', async () => {
    const result = await verifyLedger(database.db, '370783');
    expect(result.checks.filter((c) => c.problems.length > 0)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.totals.lines).toBeGreaterThan(0);
  });
});

describe('the demo fund', () => {
  it('has a fund history from the scheme start: income every year, swept at month ends, subsidies received, last month allocated and paid', async () => {
    expect(fund.sweeps).toBeGreaterThan(12);
    expect(fund.receipts).toBeGreaterThan(5);
    expect(fund.allocations).toBe(4); // three payrolls and the deaths' settlements
    for (const year of [2010, 2015, 2020, 2025]) {
      const s = await fundStatement(database.db, '370783', `${year}-01`, `${year}-12`);
      expect(s.incomeTotal).toBeGreaterThan(0);
      expect(s.accountsTotal).toBe(s.closingBalance);
      // Swept at every month end; each level paid its year's subsidies: only the special account holds money.
      expect(s.accounts.filter((a) => a.account !== 'special' && a.account !== 'receivable')).toEqual([]);
      expect(s.accounts.filter((a) => a.account === 'receivable').reduce((sum, a) => sum + a.balance, 0)).toBe(0);
    }
    const thisYear = await fundStatement(database.db, '370783', '2026-01', '2026-11');
    expect(thisYear.spending.find((l) => l.kind === 'basic_pension')!.amount).toBeGreaterThan(0);
    expect(thisYear.income.filter((l) => l.kind === 'basic_pension_funding').map((l) => l.level)).toEqual(['central', 'county']);
    // Each payroll: allocated to the expenditure account and paid out of it by the bank; what the bank could
    // not pay (the failed lines) stays there, to pay them again.
    const failed = await sql<{ amount: number }>`select coalesce(sum(amount), 0)::int8 as amount from pension_payment where status = 'failed'`.execute(database.db);
    const failedAmount = Number(failed.rows[0]!.amount);
    expect(failedAmount).toBeGreaterThan(0);
    expect(thisYear.accounts.find((a) => a.account === 'expenditure_bank')?.balance).toBe(failedAmount);
  });
});

describe('the demo history', () => {
  it('has interest posted by the interest job for every year from the scheme start to last year', async () => {
    const jobs = await database.db.selectFrom('job').select(['period', 'status']).where('kind', '=', 'interest').orderBy('period').execute();
    expect(jobs.map((j) => j.period)).toEqual(Array.from({ length: 2025 - 2009 + 1 }, (_, i) => String(2009 + i)));
    expect(jobs.every((j) => j.status === 'done')).toBe(true);
    expect(summary.interestYears).toBe(17);
    const interest = await sql<{ n: number }>`select count(*)::int as n from account_entry where kind = 'interest' and year = 2025`.execute(database.db);
    expect(interest.rows[0]!.n).toBeGreaterThan(100);
  });

  it('paid the last three months through the payroll, with the bank’s failures, and drew on the accounts', async () => {
    const payrolls = await database.db.selectFrom('payroll').select(['month', 'status']).orderBy('month').execute();
    expect(payrolls).toEqual([
      { month: '2026-08', status: 'settled' },
      { month: '2026-09', status: 'settled' },
      { month: '2026-10', status: 'settled' },
    ]);
    const failed = await database.db.selectFrom('pension_payment').select(['month', 'failure_reason']).where('status', '=', 'failed').execute();
    expect(failed.map((f) => f.month)).toEqual(['2026-08', '2026-08', '2026-08']);
    expect(summary.failedPayments).toBe(3);
    const draws = await sql<{ n: number }>`select count(*)::int as n from account_entry where amount < 0 and payment_id is not null`.execute(database.db);
    expect(draws.rows[0]!.n).toBeGreaterThan(0);
  });

  it('records a few deaths, settled, one with a paid month to recover', async () => {
    expect(summary.deaths).toBe(5);
    const settlements = await database.db.selectFrom('death_settlement').select(['resident_id']).execute();
    expect(settlements).toHaveLength(5);
  });

  it('files its history in the archives, one record per event, and keeps a borrowing register with one loan overdue', async () => {
    const counts = await sql<{ category: string; n: number }>`select category, count(*)::int as n from archive_record group by category order by category`.execute(database.db);
    const events = await sql<{ enrolments: number; pensions: number; deaths: number; payrolls: number }>`
      select (select count(*)::int from enrolment) as enrolments, (select count(*)::int from pension) as pensions,
        (select count(*)::int from death_settlement where kind = 'death') as deaths, (select count(*)::int from payroll where approved_at is not null) as payrolls`.execute(database.db);
    const e = events.rows[0]!;
    const by = Object.fromEntries(counts.rows.map((r) => [r.category, r.n]));
    expect([by.enrolment, by.award, by.death, by.payroll]).toEqual([e.enrolments, e.pensions, 5, e.payrolls]);
    expect(e.payrolls).toBe(3);
    // Numbers run from 1 without a gap in each year and category.
    const gaps = await sql<{ n: number }>`select count(*)::int as n from (select year, category, max(seq) as top, count(*) as c from archive_record group by year, category) g where top <> c`.execute(database.db);
    expect(gaps.rows[0]!.n).toBe(0);
    const loans = await database.db.selectFrom('archive_loan').select(['due_on', 'returned_on']).orderBy('id').execute();
    expect(loans.map((l) => [l.returned_on !== null, l.due_on < TODAY])).toEqual([
      [true, true],
      [true, true],
      [false, false],
      [false, true],
    ]);
    expect(summary.loans).toBe(4);
    // The records lent carry a placeholder scan each (a PDF).
    const scans = await database.db.selectFrom('archive_document').select(['content_type', 'content']).execute();
    expect(scans.map((d) => [d.content_type, Buffer.from(d.content).subarray(0, 5).toString()])).toEqual(Array(4).fill(['application/pdf', '%PDF-']));
  });
});
