/**
 * The demo county's fund history (issue 8), recorded through the ledger's own movements as the staff would:
 * every month since the scheme start the finance officer swept the income account to the fiscal special
 * account at month end (the rule wants it empty then); each past year the levels of government paid the
 * subsidies they owed by 20 December; the finance bureau allocated each payroll before the bank
 * paid it. This year's subsidies and this month's income are left open, so the pages have work to show.
 * Run after the demo's contributions and payroll.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { SYSTEM_ACTOR } from '../modules/audit/service.js';
import { recordAllocation, recordSubsidyReceipt, recordSweep } from '../modules/ledger/movements.js';
import { formatYuan, type GovernmentLevel } from '../rules/index.js';

const yuanText = (fen: number) => formatYuan(fen, 'en').replace(/,/g, '');

export async function createDemoFund(db: Kysely<DB>, countyCode: string, today: string): Promise<{ sweeps: number; receipts: number; allocations: number }> {
  const users = new Map((await db.selectFrom('staff_user').select(['id', 'username', 'role', 'region_code']).where('username', 'in', ['finance', 'bureau']).execute()).map((u) => [u.username, u]));
  const finance = users.get('finance');
  const bureau = users.get('bureau');
  if (!finance || !bureau) return { sweeps: 0, receipts: 0, allocations: 0 };
  const actor = (u: typeof finance) => ({ ...SYSTEM_ACTOR, userId: u.id, username: u.username, role: u.role, regionCode: u.region_code });
  const thisMonth = today.slice(0, 7);

  // Month-end sweeps of what came in each month (nothing left in the income account at a past month end).
  const months = await sql<{ month: string; amount: number }>`
    select month, sum(amount)::int8 as amount from fund_month
    where county_code = ${countyCode} and account = 'income_bank' and month < ${thisMonth}
    group by month having sum(amount) > 0 order by month`.execute(db);
  let sweeps = 0;
  for (const m of months.rows) {
    const last = new Date(Date.UTC(Number(m.month.slice(0, 4)), Number(m.month.slice(5, 7)), 0)).toISOString().slice(0, 10);
    await recordSweep(db, actor(finance), countyCode, { amount: yuanText(Number(m.amount)), on: last, note: '月末归集' }, today);
    sweeps += 1;
  }

  // Each level paid, by 20 December, what it owed for the year (this year's still open).
  const owed = await sql<{ year: number; level: GovernmentLevel; amount: number }>`
    select substr(month, 1, 4)::int as year, level, sum(amount)::int8 as amount from fund_month
    where county_code = ${countyCode} and account = 'receivable' and level <> '' and month < ${`${today.slice(0, 4)}-01`}
    group by 1, 2 having sum(amount) > 0 order by 1, 2`.execute(db);
  let receipts = 0;
  for (const o of owed.rows) {
    await recordSubsidyReceipt(db, actor(finance), countyCode, { level: o.level, amount: yuanText(Number(o.amount)), on: `${o.year}-12-20`, document: `${o.year}年度财政补助资金` }, today);
    receipts += 1;
  }

  // Each payroll was allocated by the bureau on the 12th of its month (before the bank paid it on the 16th).
  let allocations = 0;
  const payrolls = await db.selectFrom('payroll').select('month').where('county_code', '=', countyCode).where('month', '<', thisMonth).where('status', 'in', ['approved', 'settled']).orderBy('month').execute();
  for (const { month } of payrolls) {
    await recordAllocation(db, actor(bureau), countyCode, { month, on: `${month}-12` }, today);
    allocations += 1;
  }
  // The heirs' amounts of the deaths settled (balances, funeral grants) were paid from the expenditure account:
  // the bureau allocated them too, so it never stands below zero.
  const expenditure = await sql<{ balance: number }>`
    select coalesce(sum(amount), 0)::int8 as balance from fund_month where county_code = ${countyCode} and account = 'expenditure_bank'`.execute(db);
  // (The money of the payments the bank returned stays there, to pay them again.)
  const failed = await sql<{ amount: number }>`
    select coalesce(sum(amount), 0)::int8 as amount from pension_payment where county_code = ${countyCode} and status = 'failed'`.execute(db);
  const short = Number(failed.rows[0]?.amount ?? 0) - Number(expenditure.rows[0]?.balance ?? 0);
  if (short > 0) {
    await recordAllocation(db, actor(bureau), countyCode, { amount: yuanText(short), purpose: '死亡待遇结算（个人账户余额继承、丧葬补助金）', on: today }, today);
    allocations += 1;
  }
  return { sweeps, receipts, allocations };
}
