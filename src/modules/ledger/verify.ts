/**
 * `verify ledger` (issue 7): proves, per county, that the books agree with themselves. Each check is one
 * set-based query that returns the first mismatches (at most PROBLEM_LIMIT), so it runs on a province:
 * - every account's balance by source is the sum of its entries and is never negative;
 * - every posted contribution put exactly its credited amount in the ledger, and a reversed one nets to zero;
 * - every payroll line's account debits equal its account part (a withdrawn line's debits net to zero);
 *   every line's amount = basic + account + pool (also a table constraint);
 * - a settled payroll has no line left pending; its paid + failed + withdrawn lines are all its lines;
 *   the bank file total (lines not withdrawn) equals the payroll's total;
 * - every death / dual-benefit settlement left the account at zero, and its recovery equals the lines it
 *   names; no line the bank does not have still pays a stopped pension after it stopped;
 * - every interest posting equals the interest entries of that person and year;
 * - no line pays a month before the pension's start month;
 * - every journal's fund entries add up to zero, and its individual-account fund entry is the negative of its
 *   person entries (the 'legacy' journal: the entries from before the ledger);
 * - the balance tables (account_balance, fund_month) equal the sums of the entries;
 * - every payroll line's funding by level adds up to its basic pension;
 * - the fund statement of every year equals the sums of the postings (checked in verifyLedger).
 * Money in fen; no check reads the clock.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { fundStatement } from './statements.js';

export const PROBLEM_LIMIT = 20;

export interface LedgerProblem {
  readonly check: string;
  readonly countyCode: string;
  /** What is wrong, in English, with the ids to look at. */
  readonly detail: string;
}

export interface LedgerCheck {
  readonly name: string;
  /** What the check proves, in zh-CN and en. */
  readonly title: { readonly 'zh-CN': string; readonly en: string };
  readonly problems: readonly LedgerProblem[];
}

export interface LedgerVerification {
  readonly ok: boolean;
  readonly counties: readonly string[];
  readonly checks: readonly LedgerCheck[];
  /** Totals that were checked, for the report. */
  readonly totals: { readonly entries: number; readonly accounts: number; readonly lines: number; readonly settlements: number };
}

interface CheckSpec {
  readonly name: string;
  readonly title: LedgerCheck['title'];
  readonly query: (countyCode: string | null) => ReturnType<typeof sql<{ county_code: string; detail: string }>>;
}

const county = (c: string | null, column = 'county_code') => (c === null ? sql`true` : sql`${sql.ref(column)} = ${c}`);

const CHECKS: readonly CheckSpec[] = [
  {
    name: 'account-balance',
    title: { 'zh-CN': '个人账户各来源余额不为负', en: 'no account balance by source is negative' },
    query: (c) => sql`
      select county_code, 'resident ' || resident_id || ' source ' || source || ' balance ' || sum(amount) || ' fen' as detail
      from account_entry where ${county(c)}
      group by county_code, resident_id, source having sum(amount) < 0
      order by county_code, resident_id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'contribution-entries',
    title: { 'zh-CN': '每笔缴费记账金额等于入账合计（冲正后为零）', en: 'each contribution is in the ledger at its credited amount (zero once reversed)' },
    query: (c) => sql`
      select x.county_code, 'contribution ' || x.id || ' (' || x.status || ') credited ' || x.total_credited || ', ledger ' || coalesce(e.amount, 0) as detail
      from contribution x
      left join (select county_code, contribution_id, sum(amount) as amount from account_entry
                 where contribution_id is not null and kind in ('contribution', 'reversal') and ${county(c)}
                 group by county_code, contribution_id) e on e.county_code = x.county_code and e.contribution_id = x.id
      where ${county(c, 'x.county_code')}
        and coalesce(e.amount, 0) <> case when x.status = 'posted' then x.total_credited else 0 end
      order by x.county_code, x.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'payroll-line-debits',
    title: { 'zh-CN': '每笔发放明细的个人账户支出等于其账户部分（撤回后为零）', en: "each payroll line's account debits equal its account part (zero once withdrawn)" },
    query: (c) => sql`
      select l.county_code, 'payment ' || l.id || ' (' || l.month || ', ' || l.status || ') from account ' || l.from_account || ', ledger ' || coalesce(-e.amount, 0) as detail
      from pension_payment l
      left join (select county_code, payment_id, sum(amount) as amount from account_entry
                 where payment_id is not null and ${county(c)} group by county_code, payment_id) e
        on e.county_code = l.county_code and e.payment_id = l.id
      where ${county(c, 'l.county_code')} and l.kind = 'regular'
        and coalesce(-e.amount, 0) <> case when l.status = 'withdrawn' then 0 else l.from_account end
      order by l.county_code, l.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'payroll-settled',
    title: { 'zh-CN': '已结算的发放月份：已发放 + 失败 + 撤回 = 全部明细，无待发放', en: 'a settled payroll: paid + failed + withdrawn = all lines, none pending' },
    query: (c) => sql`
      select p.county_code, 'payroll ' || p.month || ': ' || count(l.id) filter (where l.status = 'pending') || ' lines still pending' as detail
      from payroll p join pension_payment l on l.county_code = p.county_code and l.month = p.month
      where ${county(c, 'p.county_code')} and p.status = 'settled'
      group by p.county_code, p.month having count(l.id) filter (where l.status = 'pending') > 0
      order by p.county_code, p.month limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'payroll-line-amount',
    title: { 'zh-CN': '发放金额 = 基础养老金 + 账户支付 + 基金垫付；起始月不早于待遇起始月', en: 'line amount = basic + account + pool; no month before the start month' },
    query: (c) => sql`
      select l.county_code, 'payment ' || l.id || ' (' || l.month || ') pays from ' || l.from_month || ', pension ' || p.id || ' starts ' || p.start_month || ', amount ' || l.amount as detail
      from pension_payment l join pension p on p.county_code = l.county_code and p.id = l.pension_id
      where ${county(c, 'l.county_code')} and l.status <> 'withdrawn'
        and (l.amount <> l.basic_pension + l.from_account + l.from_pool or l.from_month < p.start_month)
      order by l.county_code, l.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'stopped-not-paid',
    title: { 'zh-CN': '终止领取后，银行未收到的明细不再发放', en: 'no line the bank does not have pays a stopped pension after it stopped' },
    query: (c) => sql`
      select l.county_code, 'payment ' || l.id || ' (' || l.month || ') to ' || l.to_month || ' still pending for pension ' || p.id || ' stopped on ' || p.stopped_on as detail
      from pension_payment l
      join pension p on p.county_code = l.county_code and p.id = l.pension_id
      join payroll r on r.county_code = l.county_code and r.month = l.month
      where ${county(c, 'l.county_code')} and p.status = 'stopped' and l.status = 'pending' and r.bank_file_at is null
        and l.to_month > to_char(p.stopped_on, 'YYYY-MM')
      order by l.county_code, l.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'settlement-account-zero',
    title: { 'zh-CN': '死亡（重复领取）结算后个人账户为零，余额 = 继承（退还）+ 转入统筹', en: 'a death or dual-benefit settlement leaves the account at zero; balance = heirs (refund) + pool' },
    query: (c) => sql`
      select d.county_code, 'settlement ' || d.id || ' resident ' || d.resident_id || ': account now ' || coalesce(e.amount, 0) || ', balance ' || d.balance || ' = ' || d.inheritable || ' + ' || d.returned_to_pool as detail
      from death_settlement d
      left join (select county_code, resident_id, sum(amount) as amount from account_entry where ${county(c)} group by county_code, resident_id) e
        on e.county_code = d.county_code and e.resident_id = d.resident_id
      where ${county(c, 'd.county_code')} and (coalesce(e.amount, 0) <> 0 or d.balance <> d.inheritable + d.returned_to_pool)
      order by d.county_code, d.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'settlement-recovery',
    title: { 'zh-CN': '应追回金额等于结算所列银行已发放明细之和', en: 'the amount to recover equals the paid lines the settlement names' },
    query: (c) => sql`
      select d.county_code, 'settlement ' || d.id || ': to recover ' || d.amount_to_recover || ', lines named ' || coalesce(x.total, 0) as detail
      from death_settlement d
      left join lateral (select sum((l->>'basic')::int8 + (l->>'account')::int8) as total from jsonb_array_elements(d.overpaid_lines) l) x on true
      where ${county(c, 'd.county_code')} and jsonb_array_length(d.overpaid_lines) > 0 and d.amount_to_recover <> coalesce(x.total, 0)
      order by d.county_code, d.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'interest-postings',
    title: { 'zh-CN': '每年结息记录等于当年利息入账', en: "each interest posting equals that year's interest entries" },
    query: (c) => sql`
      select coalesce(i.county_code, e.county_code) as county_code,
             'resident ' || coalesce(i.resident_id, e.resident_id) || ' year ' || coalesce(i.year, e.year) || ': posting ' || coalesce(i.amount, 0) || ', entries ' || coalesce(e.amount, 0) as detail
      from (select county_code, resident_id, year, amount from interest_posting where ${county(c)}) i
      full join (select county_code, resident_id, year, sum(amount) as amount from account_entry where kind = 'interest' and ${county(c)} group by county_code, resident_id, year) e
        on e.county_code = i.county_code and e.resident_id = i.resident_id and e.year = i.year
      where coalesce(i.amount, 0) <> coalesce(e.amount, 0)
      order by 1 limit ${PROBLEM_LIMIT}`,
  },
  {
    // What foreign keys checked one row at a time before migration 0026, in one pass over the entries.
    name: 'entry-references',
    title: { 'zh-CN': '每条个人账户记录的人员、凭证和缴费都存在', en: "each account entry's resident, journal and contribution exist" },
    query: (c) => sql`
      select a.county_code, 'entry ' || a.id || ': ' ||
             concat_ws(', ', case when r.id is null then 'no resident ' || a.resident_id end,
                             case when a.journal_id is not null and j.id is null then 'no journal ' || a.journal_id end,
                             case when a.contribution_id is not null and x.id is null then 'no contribution ' || a.contribution_id end) as detail
      from account_entry a
      left join resident r on r.county_code = a.county_code and r.id = a.resident_id
      left join ledger_journal j on a.journal_id is not null and j.county_code = a.county_code and j.id = a.journal_id
      left join contribution x on a.contribution_id is not null and x.county_code = a.county_code and x.id = a.contribution_id
      where ${county(c, 'a.county_code')}
        and (r.id is null or (a.journal_id is not null and j.id is null) or (a.contribution_id is not null and x.id is null))
      order by 1, a.id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'journal-balances',
    title: { 'zh-CN': '每笔凭证借贷平衡', en: "each journal's fund entries add up to zero" },
    query: (c) => sql`
      select county_code, 'journal ' || journal_id || ' is off by ' || sum(amount) || ' fen' as detail
      from fund_entry where ${county(c)}
      group by county_code, journal_id having sum(amount) <> 0
      order by 1, journal_id limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'journal-person-side',
    title: { 'zh-CN': '每笔凭证的个人账户基金等于其个人账户记录', en: "each journal's individual-account fund entry mirrors its person entries" },
    query: (c) => sql`
      with person as (
        select a.county_code, coalesce(a.journal_id, j.id) as journal_id, sum(a.amount) as amount
        from account_entry a
        left join ledger_journal j on a.journal_id is null and j.county_code = a.county_code and j.kind = 'legacy'
        where ${county(c, 'a.county_code')}
        group by 1, 2
      ), fund as (
        select county_code, journal_id, sum(amount) as amount from fund_entry
        where account = 'individual_accounts' and ${county(c)} group by 1, 2
      )
      select coalesce(p.county_code, f.county_code) as county_code,
             'journal ' || coalesce(p.journal_id, f.journal_id) || ': person entries ' || coalesce(p.amount, 0) || ', individual-account fund ' || coalesce(-f.amount, 0) as detail
      from person p full join fund f on f.county_code = p.county_code and f.journal_id = p.journal_id
      where coalesce(p.amount, 0) <> coalesce(-f.amount, 0)
      order by 1 limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'account-balance-table',
    title: { 'zh-CN': '个人账户余额表等于明细合计', en: 'the account balance table equals the sums of the entries' },
    query: (c) => sql`
      select coalesce(b.county_code, e.county_code) as county_code,
             'resident ' || coalesce(b.resident_id, e.resident_id) || ' ' || coalesce(b.source, e.source) || ': table ' || coalesce(b.balance, 0) || ', entries ' || coalesce(e.amount, 0) as detail
      from (select * from account_balance where ${county(c)}) b
      full join (select county_code, resident_id, source, sum(amount) as amount from account_entry where ${county(c)} group by 1, 2, 3) e
        on e.county_code = b.county_code and e.resident_id = b.resident_id and e.source = b.source
      where coalesce(b.balance, 0) <> coalesce(e.amount, 0)
      order by 1 limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'fund-month-table',
    title: { 'zh-CN': '基金各账户月度发生额等于凭证合计', en: "each fund account's monthly sums equal its movements" },
    query: (c) => sql`
      select coalesce(b.county_code, e.county_code) as county_code,
             coalesce(b.month, e.month) || ' ' || coalesce(b.account, e.account) || ' ' || coalesce(b.kind, e.kind) || ' ' || coalesce(b.level, e.level) || ': monthly sum ' || coalesce(b.amount, 0) || ', movements ' || coalesce(e.amount, 0) as detail
      from (select * from fund_month where ${county(c)}) b
      full join (select county_code, to_char(posted_on, 'YYYY-MM') as month, account, kind, level, sum(amount) as amount from fund_entry where ${county(c)} group by 1, 2, 3, 4, 5) e
        on e.county_code = b.county_code and e.month = b.month and e.account = b.account and e.kind = b.kind and e.level = b.level
      where coalesce(b.amount, 0) <> coalesce(e.amount, 0)
      order by 1 limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'individual-accounts-fund',
    title: { 'zh-CN': '个人账户合计等于基金的个人账户基金', en: "the person balances add up to the fund's individual-account fund" },
    query: (c) => sql`
      select coalesce(p.county_code, f.county_code) as county_code,
             'person balances ' || coalesce(p.amount, 0) || ', individual-account fund ' || coalesce(-f.balance, 0) as detail
      from (select county_code, sum(balance) as amount from account_balance where ${county(c)} group by 1) p
      full join (select county_code, sum(amount) as balance from fund_month where account = 'individual_accounts' and ${county(c)} group by 1) f on f.county_code = p.county_code
      where coalesce(p.amount, 0) <> coalesce(-f.balance, 0)
      order by 1 limit ${PROBLEM_LIMIT}`,
  },
  {
    name: 'payroll-line-funding',
    title: { 'zh-CN': '每笔发放的各级财政负担合计等于基础养老金', en: "each payroll line's funding by level adds up to its basic pension" },
    query: (c) => sql`
      select county_code, 'payment ' || id || ': basic ' || basic_pension || ', funded ' || (funded_central + funded_provincial + funded_prefecture + funded_county) as detail
      from pension_payment
      where ${county(c)} and kind = 'regular'
        and funded_central + funded_provincial + funded_prefecture + funded_county not in (0, basic_pension)
      order by 1, id limit ${PROBLEM_LIMIT}`,
  },
];

/**
 * Runs every check over one county (`countyCode`, 6 digits) or all counties (null). Read-only; never throws
 * for a mismatch — it is reported in `checks[].problems`.
 */
export async function verifyLedger(db: Kysely<DB>, countyCode: string | null = null): Promise<LedgerVerification> {
  const checks: LedgerCheck[] = [];
  for (const spec of CHECKS) {
    const rows = await spec.query(countyCode).execute(db);
    checks.push({ name: spec.name, title: spec.title, problems: rows.rows.map((r) => ({ check: spec.name, countyCode: String(r.county_code).trim(), detail: r.detail })) });
  }
  checks.push(await statementCheck(db, countyCode));
  const totals = await sql<{ entries: number; accounts: number; lines: number; settlements: number; counties: string[] }>`
    select (select count(*) from account_entry where ${county(countyCode)})::int8 as entries,
           (select count(distinct resident_id) from account_entry where ${county(countyCode)})::int8 as accounts,
           (select count(*) from pension_payment where ${county(countyCode)})::int8 as lines,
           (select count(*) from death_settlement where ${county(countyCode)})::int8 as settlements,
           array(select distinct trim(county_code) from region where ${county(countyCode)} order by 1) as counties`.execute(db);
  const t = totals.rows[0]!;
  return {
    ok: checks.every((c) => c.problems.length === 0),
    counties: t.counties,
    checks,
    totals: { entries: Number(t.entries), accounts: Number(t.accounts), lines: Number(t.lines), settlements: Number(t.settlements) },
  };
}

/**
 * Every year's fund statement (from the monthly sums) equals the postings summed directly (income, spending,
 * closing balance) and its account balances add up to its closing balance.
 */
async function statementCheck(db: Kysely<DB>, countyCode: string | null): Promise<LedgerCheck> {
  const name = 'fund-statement';
  const title = { 'zh-CN': '各年度基金收支表等于凭证合计，账户余额合计等于滚存结余', en: "each year's fund statement equals the postings and its accounts add up to the closing balance" };
  const years = await sql<{ county_code: string; year: number; income: number; spending: number; closing: number }>`
    with y as (
      select county_code, extract(year from posted_on)::int as year,
             coalesce(-sum(amount) filter (where account = 'income'), 0)::int8 as income,
             coalesce(sum(amount) filter (where account = 'spending'), 0)::int8 as spending,
             coalesce(-sum(amount) filter (where account in ('income', 'spending', 'opening')), 0)::int8 as flow
      from fund_entry where ${county(countyCode)}
      group by 1, 2
    )
    select county_code, year, income, spending, sum(flow) over (partition by county_code order by year)::int8 as closing
    from y order by 1, 2`.execute(db);
  const problems: LedgerProblem[] = [];
  for (const y of years.rows) {
    if (problems.length >= PROBLEM_LIMIT) break;
    const code = String(y.county_code).trim();
    const s = await fundStatement(db, code, `${y.year}-01`, `${y.year}-12`);
    const wrong: string[] = [];
    if (s.incomeTotal !== Number(y.income)) wrong.push(`income ${s.incomeTotal} vs postings ${y.income}`);
    if (s.spendingTotal !== Number(y.spending)) wrong.push(`spending ${s.spendingTotal} vs postings ${y.spending}`);
    if (s.closingBalance !== Number(y.closing)) wrong.push(`closing ${s.closingBalance} vs postings ${y.closing}`);
    if (s.accountsTotal !== s.closingBalance) wrong.push(`accounts add up to ${s.accountsTotal}, closing balance ${s.closingBalance}`);
    if (wrong.length > 0) problems.push({ check: name, countyCode: code, detail: `${y.year}: ${wrong.join('; ')}` });
  }
  return { name, title, problems };
}
