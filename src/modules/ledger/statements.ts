/**
 * Fund statements from the ledger (基金收支表, DOMAIN.md §8): for a run of months, the fund balance at the
 * start, income by kind and level, spending by kind, the balance at the end (滚存结余) with its individual-
 * account and pooled parts, and the balance of each account at the end. Every figure is a sum of the
 * fund's monthly sums (fund_month, kept with each posting), so a statement cannot disagree with its lines,
 * and `verify ledger` proves the monthly sums equal the postings. Months `YYYY-MM`, amounts in fen.
 */
import { sql, type Kysely } from 'kysely';
import type { DB, FundAccount, LedgerJournalKind } from '../../db/schema.js';
import { GOVERNMENT_LEVELS, type Fen, type GovernmentLevel } from '../../rules/index.js';

export const INCOME_KINDS = [
  'individual_cash',
  'individual_bank',
  'individual_counter',
  'collective_subsidy',
  'sponsorship',
  'contribution_subsidy',
  'hardship_payment',
  'basic_pension_funding',
  'fund_interest',
  'transfer_in',
  'other',
] as const;
export const SPENDING_KINDS = ['basic_pension', 'account_pension', 'account_pension_pool', 'funeral_grant', 'inheritance', 'refund', 'transfer_out', 'recovery'] as const;
/** Accounts that hold the fund's money or claims (assets) and what it owes (the pension payable). */
export const BALANCE_ACCOUNTS = ['income_bank', 'special', 'expenditure_bank', 'receivable', 'recoverable', 'payable'] as const satisfies readonly FundAccount[];

export interface StatementLine {
  readonly kind: string;
  readonly level: GovernmentLevel | '';
  readonly amount: Fen;
}

export interface AccountBalanceLine {
  readonly account: (typeof BALANCE_ACCOUNTS)[number];
  readonly kind: string;
  readonly level: GovernmentLevel | '';
  readonly balance: Fen;
}

export interface FundStatement {
  readonly countyCode: string;
  readonly fromMonth: string;
  readonly toMonth: string;
  /** 期初结余: the fund balance before `fromMonth`. */
  readonly openingBalance: Fen;
  /** Opening balances entered in the period for a county taken over from another system. */
  readonly openingEntered: Fen;
  /** Income by kind and level (positive), in INCOME_KINDS order, levels central → county. */
  readonly income: readonly StatementLine[];
  readonly incomeTotal: Fen;
  /** Spending by kind (recoveries negative), in SPENDING_KINDS order. */
  readonly spending: readonly StatementLine[];
  readonly spendingTotal: Fen;
  /** 本期收支结余. */
  readonly surplus: Fen;
  /** 期末滚存结余 = opening + entered + income − spending. */
  readonly closingBalance: Fen;
  /** Of the closing balance, what belongs to individual accounts (个人账户基金) and the rest (统筹). */
  readonly individualAccounts: Fen;
  readonly pooled: Fen;
  /** Balances at the end of `toMonth`: the three bank accounts, receivables by kind and level, recoverable, payable. */
  readonly accounts: readonly AccountBalanceLine[];
  /** Sum of `accounts` (assets less the payable): equal to `closingBalance` when the books agree. */
  readonly accountsTotal: Fen;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

function order<T extends string>(list: readonly T[], value: string): number {
  const i = (list as readonly string[]).indexOf(value);
  return i < 0 ? list.length : i;
}

const levelOrder = (l: string) => (l === '' ? -1 : order(GOVERNMENT_LEVELS, l));

/**
 * The statement of `fromMonth`…`toMonth` (inclusive) for one county. Throws RangeError for a malformed
 * month or a range that runs backwards (the HTTP layer checks first).
 */
export async function fundStatement(db: Kysely<DB>, countyCode: string, fromMonth: string, toMonth: string): Promise<FundStatement> {
  if (!MONTH.test(fromMonth) || !MONTH.test(toMonth) || fromMonth > toMonth) throw new RangeError(`bad statement period ${fromMonth}…${toMonth}`);
  const rows = await sql<{ account: FundAccount; kind: string; level: GovernmentLevel | ''; before: number; during: number }>`
    select account, kind, level,
           coalesce(sum(amount) filter (where month < ${fromMonth}), 0)::int8 as before,
           coalesce(sum(amount) filter (where month >= ${fromMonth}), 0)::int8 as during
    from fund_month
    where county_code = ${countyCode} and month <= ${toMonth}
    group by account, kind, level`.execute(db);
  let openingBalance = 0;
  let openingEntered = 0;
  let individualAccounts = 0;
  const income: StatementLine[] = [];
  const spending: StatementLine[] = [];
  const accounts: AccountBalanceLine[] = [];
  for (const r of rows.rows) {
    const before = Number(r.before);
    const during = Number(r.during);
    if (r.account === 'income' || r.account === 'spending' || r.account === 'opening') openingBalance -= before;
    if (r.account === 'opening') openingEntered -= during;
    if (r.account === 'income' && during !== 0) income.push({ kind: r.kind, level: r.level, amount: -during });
    if (r.account === 'spending' && during !== 0) spending.push({ kind: r.kind, level: r.level, amount: during });
    if (r.account === 'individual_accounts') individualAccounts -= before + during;
    if ((BALANCE_ACCOUNTS as readonly string[]).includes(r.account) && before + during !== 0) {
      accounts.push({ account: r.account as AccountBalanceLine['account'], kind: r.kind, level: r.level, balance: before + during });
    }
  }
  income.sort((a, b) => order(INCOME_KINDS, a.kind) - order(INCOME_KINDS, b.kind) || levelOrder(a.level) - levelOrder(b.level));
  spending.sort((a, b) => order(SPENDING_KINDS, a.kind) - order(SPENDING_KINDS, b.kind));
  accounts.sort((a, b) => order(BALANCE_ACCOUNTS, a.account) - order(BALANCE_ACCOUNTS, b.account) || a.kind.localeCompare(b.kind) || levelOrder(a.level) - levelOrder(b.level));
  const incomeTotal = income.reduce((s, l) => s + l.amount, 0);
  const spendingTotal = spending.reduce((s, l) => s + l.amount, 0);
  const closingBalance = openingBalance + openingEntered + incomeTotal - spendingTotal;
  return {
    countyCode,
    fromMonth,
    toMonth,
    openingBalance,
    openingEntered,
    income,
    incomeTotal,
    spending,
    spendingTotal,
    surplus: incomeTotal - spendingTotal,
    closingBalance,
    individualAccounts,
    pooled: closingBalance - individualAccounts,
    accounts,
    accountsTotal: accounts.reduce((s, a) => s + a.balance, 0),
  };
}

export interface Posting {
  readonly journalId: number;
  readonly postedOn: string;
  readonly journalKind: string;
  readonly reference: string | null;
  readonly memo: string | null;
  readonly recordedBy: string | null;
  readonly account: FundAccount;
  readonly kind: string;
  readonly level: string;
  readonly amount: Fen;
}

/**
 * The postings behind a statement line (drill-down): fund entries of `account` (and `kind`, `level` when
 * given) in the months, newest first, paged. Amounts as posted (debit positive).
 */
export async function listPostings(
  db: Kysely<DB>,
  f: {
    countyCode: string;
    fromMonth: string;
    toMonth: string;
    account?: FundAccount | undefined;
    kind?: string | undefined;
    level?: string | undefined;
    /** Only postings of journals of this kind (e.g. 'sweep'). */
    journalKind?: LedgerJournalKind | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: Posting[]; total: number; amount: Fen }> {
  const from = `${f.fromMonth}-01`;
  const to = sql<string>`(${`${f.toMonth}-01`}::date + interval '1 month')::date`;
  let q = db
    .selectFrom('fund_entry as e')
    .innerJoin('ledger_journal as j', (j) => j.onRef('j.county_code', '=', 'e.county_code').onRef('j.id', '=', 'e.journal_id'))
    .leftJoin('staff_user as u', 'u.id', 'j.recorded_by')
    .where('e.county_code', '=', f.countyCode)
    .where('e.posted_on', '>=', from)
    .where('e.posted_on', '<', to);
  if (f.account) q = q.where('e.account', '=', f.account);
  if (f.kind !== undefined) q = q.where('e.kind', '=', f.kind);
  if (f.level !== undefined) q = q.where('e.level', '=', f.level);
  if (f.journalKind !== undefined) q = q.where('j.kind', '=', f.journalKind);
  const [items, sum] = await Promise.all([
    q
      .select(['e.journal_id', 'e.posted_on', 'j.kind as journal_kind', 'j.reference', 'j.memo', 'u.display_name', 'e.account', 'e.kind', 'e.level', 'e.amount'])
      .orderBy('e.posted_on', 'desc')
      .orderBy('e.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
    q.select([sql<number>`count(*)::int8`.as('n'), sql<number>`coalesce(sum(e.amount), 0)::int8`.as('amount')]).executeTakeFirstOrThrow(),
  ]);
  return {
    items: items.map((r) => ({
      journalId: r.journal_id,
      postedOn: String(r.posted_on).slice(0, 10),
      journalKind: r.journal_kind,
      reference: r.reference,
      memo: r.memo,
      recordedBy: r.display_name ?? null,
      account: r.account,
      kind: r.kind,
      level: r.level,
      amount: r.amount,
    })),
    total: Number(sum.n),
    amount: Number(sum.amount),
  };
}

/** Balance of one fund account (all kinds and levels) at the end of `month`, from the monthly sums. */
export async function accountBalanceAt(db: Kysely<DB>, countyCode: string, account: FundAccount, month: string, kind?: string, level?: string): Promise<Fen> {
  let q = db.selectFrom('fund_month').select(sql<number>`coalesce(sum(amount), 0)::int8`.as('b')).where('county_code', '=', countyCode).where('account', '=', account).where('month', '<=', month);
  if (kind !== undefined) q = q.where('kind', '=', kind);
  if (level !== undefined) q = q.where('level', '=', level);
  return Number((await q.executeTakeFirstOrThrow()).b);
}
