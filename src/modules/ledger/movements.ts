/**
 * Movements of the fund's money between its accounts and with government (DOMAIN.md §8, 收支两条线), each
 * recorded by the role that does it, audited, and posted as one journal:
 * - 归集: the finance officer sweeps the income account (收入户) to the fiscal special account (财政专户) —
 *   every `fundSweep.intervalDays` days and to zero at month end (dated county parameter);
 * - 拨付: the finance bureau allocates a payroll's amount from the special account to the expenditure
 *   account (支出户), once per payroll;
 * - 财政补助到账: the finance officer records money that arrived from a level of government against what it owes;
 * - 利息收入: interest on the fund's deposits;
 * - 期初余额: for a county taken over from another system, the accounts' balances on the day, entered once with
 *   the declared total checked.
 * Also the subsidy request (基金申请) to each level for a period, from what the ledger says it owes.
 * Amounts in fen, dates as China-time ISO days, months `YYYY-MM`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { addMonths, formatYuan, GOVERNMENT_LEVELS, parameterAsOf, parseYuan, type Fen, type GovernmentLevel, type LocalizedText, type ParameterSet } from '../../rules/index.js';
import { appendAudit, type AuditActor } from '../audit/service.js';
import { assertPastDate } from '../plausibility.js';
import { postJournal } from './post.js';
import { accountBalanceAt } from './statements.js';

type Actor = AuditActor & { userId: number };

function amountOf(text: string, field: string): Fen {
  let fen: Fen;
  try {
    fen = parseYuan(text, field);
  } catch {
    throw new AppError('MONEY_FORMAT', 400, { field, params: { field, value: text } });
  }
  if (fen <= 0) throw new AppError('MONEY_FORMAT', 400, { field, params: { field, value: text } });
  return fen;
}

const yuanZh = (fen: Fen) => formatYuan(fen, 'zh-CN');

/** Sweeps `amount` (yuan text) of the income account to the special account on `on` (not after today). */
export async function recordSweep(db: Kysely<DB>, actor: Actor, countyCode: string, input: { amount: string; on: string; note?: string | undefined }, today: string): Promise<{ journalId: number; amount: Fen }> {
  assertPastDate(input.on, { field: 'on', today });
  const amount = amountOf(input.amount, 'amount');
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`fund:${countyCode}`}))`.execute(tx);
    const available = await accountBalanceAt(tx, countyCode, 'income_bank', '9999-12');
    if (amount > available) throw new AppError('FUND_INSUFFICIENT', 409, { field: 'amount', params: { account: { 'zh-CN': '收入户', en: 'income account' }, balance: yuanZh(available), amount: yuanZh(amount) } });
    const journalId = await postJournal(tx, { countyCode, kind: 'sweep', postedOn: input.on, reference: `sweep:${input.on}`, memo: input.note?.trim() || '收入户归集到财政专户', recordedBy: actor.userId }, [], [
      { account: 'special', amount },
      { account: 'income_bank', amount: -amount },
    ]);
    await appendAudit(tx, actor, { action: 'fund.sweep', entity: 'ledger_journal', entityId: String(journalId), regionCode: `${countyCode}000000`, after: { amount, on: input.on } });
    return { journalId, amount };
  });
}

/** Refuses (409 FUND_INSUFFICIENT) to move more than the special account holds now; takes the county's fund lock. */
async function assertSpecialHolds(tx: Kysely<DB>, countyCode: string, amount: Fen): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`fund:${countyCode}`}))`.execute(tx);
  const available = await accountBalanceAt(tx, countyCode, 'special', '9999-12');
  if (amount > available) throw new AppError('FUND_INSUFFICIENT', 409, { field: 'amount', params: { account: { 'zh-CN': '财政专户', en: 'fiscal special account' }, balance: yuanZh(available), amount: yuanZh(amount) } });
}

/**
 * The finance bureau allocates (拨付) money from the special account to the expenditure account on `on`:
 * for a payroll (`month`), its amount to pay (lines not withdrawn), once, after finance approved it; or, for
 * other spending (the heirs' payments, refunds), an `amount` with its `purpose`.
 */
export async function recordAllocation(
  db: Kysely<DB>,
  actor: Actor,
  countyCode: string,
  input: { month?: string | undefined; amount?: string | undefined; purpose?: string | undefined; on: string },
  today: string,
): Promise<{ journalId: number; amount: Fen }> {
  assertPastDate(input.on, { field: 'on', today });
  if (input.month === undefined) {
    const amount = amountOf(input.amount ?? '', 'amount');
    const purpose = input.purpose?.trim() || '其他待遇支出资金拨付';
    return db.transaction().execute(async (tx) => {
      await assertSpecialHolds(tx, countyCode, amount);
      const journalId = await postJournal(tx, { countyCode, kind: 'allocation', postedOn: input.on, reference: 'other', memo: purpose, recordedBy: actor.userId }, [], [
        { account: 'expenditure_bank', amount },
        { account: 'special', amount: -amount },
      ]);
      await appendAudit(tx, actor, { action: 'fund.allocate', entity: 'ledger_journal', entityId: String(journalId), regionCode: `${countyCode}000000`, after: { amount, on: input.on, purpose } });
      return { journalId, amount };
    });
  }
  const month = input.month;
  return db.transaction().execute(async (tx) => {
    const payroll = await tx.selectFrom('payroll').select(['status']).where('county_code', '=', countyCode).where('month', '=', month).forUpdate().executeTakeFirst();
    if (!payroll) throw new AppError('PAYROLL_NOT_FOUND', 404, { field: 'month', params: { month } });
    if (payroll.status !== 'approved' && payroll.status !== 'settled') throw new AppError('FUND_ALLOCATION_NOT_APPROVED', 409, { field: 'month', params: { month } });
    const done = await tx.selectFrom('ledger_journal').select('id').where('county_code', '=', countyCode).where('kind', '=', 'allocation').where('reference', '=', `payroll:${month}`).executeTakeFirst();
    if (done) throw new AppError('FUND_ALLOCATION_EXISTS', 409, { field: 'month', params: { month } });
    const total = await tx
      .selectFrom('pension_payment')
      .select(sql<number>`coalesce(sum(amount), 0)::int8`.as('amount'))
      .where('county_code', '=', countyCode)
      .where('month', '=', month)
      .where('status', '<>', 'withdrawn')
      .executeTakeFirstOrThrow();
    const amount = Number(total.amount);
    await assertSpecialHolds(tx, countyCode, amount);
    const journalId = await postJournal(tx, { countyCode, kind: 'allocation', postedOn: input.on, reference: `payroll:${month}`, memo: `${month} 待遇资金拨付`, recordedBy: actor.userId }, [], [
      { account: 'expenditure_bank', amount },
      { account: 'special', amount: -amount },
    ]);
    await appendAudit(tx, actor, { action: 'fund.allocate', entity: 'payroll', entityId: month, regionCode: `${countyCode}000000`, after: { amount, on: input.on } });
    return { journalId, amount };
  });
}

/** Money from one level of government arrived in the special account on `on` (against what it owes). */
export async function recordSubsidyReceipt(
  db: Kysely<DB>,
  actor: Actor,
  countyCode: string,
  input: { level: GovernmentLevel; amount: string; on: string; document?: string | undefined },
  today: string,
): Promise<{ journalId: number; amount: Fen; outstanding: Fen }> {
  assertPastDate(input.on, { field: 'on', today });
  const amount = amountOf(input.amount, 'amount');
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`fund:${countyCode}`}))`.execute(tx);
    const owed = await accountBalanceAt(tx, countyCode, 'receivable', '9999-12', undefined, input.level);
    if (amount > owed) throw new AppError('FUND_RECEIPT_TOO_MUCH', 409, { field: 'amount', params: { level: LEVEL_LABELS[input.level], owed: yuanZh(owed), amount: yuanZh(amount) } });
    const document = input.document?.trim() || null;
    const journalId = await postJournal(
      tx,
      { countyCode, kind: 'subsidy_receipt', postedOn: input.on, reference: `subsidy:${input.level}`, memo: `${LEVEL_LABELS[input.level]['zh-CN']}补助资金到账${document ? `（${document}）` : ''}`, recordedBy: actor.userId },
      [],
      [
        { account: 'special', amount },
        { account: 'receivable', level: input.level, amount: -amount },
      ],
    );
    await appendAudit(tx, actor, { action: 'fund.subsidy_receipt', entity: 'ledger_journal', entityId: String(journalId), regionCode: `${countyCode}000000`, after: { level: input.level, amount, on: input.on, document } });
    return { journalId, amount, outstanding: owed - amount };
  });
}

/** Interest the bank paid on the fund's deposits in `account` (default the special account). */
export async function recordFundInterest(db: Kysely<DB>, actor: Actor, countyCode: string, input: { amount: string; on: string; account?: 'special' | 'income_bank' | 'expenditure_bank' | undefined }, today: string): Promise<{ journalId: number; amount: Fen }> {
  assertPastDate(input.on, { field: 'on', today });
  const amount = amountOf(input.amount, 'amount');
  const account = input.account ?? 'special';
  return db.transaction().execute(async (tx) => {
    const journalId = await postJournal(tx, { countyCode, kind: 'fund_interest', postedOn: input.on, reference: `interest:${account}`, memo: '基金存款利息收入', recordedBy: actor.userId }, [], [
      { account, amount },
      { account: 'income', kind: 'fund_interest', amount: -amount },
    ]);
    await appendAudit(tx, actor, { action: 'fund.interest', entity: 'ledger_journal', entityId: String(journalId), regionCode: `${countyCode}000000`, after: { amount, on: input.on, account } });
    return { journalId, amount };
  });
}

export interface OpeningBalanceInput {
  readonly on: string;
  readonly incomeBank: string;
  readonly special: string;
  readonly expenditureBank: string;
  /** What each level still owed on the day (yuan text, may be empty for 0). */
  readonly receivable: Partial<Record<GovernmentLevel, string>>;
  /** The fund balance the old system's report states: the entered accounts must add up to it. */
  readonly declaredTotal: string;
}

/**
 * Enters a migrated county's opening balances once. The accounts must add up to the declared total (the
 * Songpan report's mistake is refused here) and the total must cover the individual accounts taken over.
 */
export async function recordOpeningBalance(db: Kysely<DB>, actor: Actor, countyCode: string, input: OpeningBalanceInput, today: string): Promise<{ journalId: number; total: Fen }> {
  assertPastDate(input.on, { field: 'on', today });
  const fen = (text: string | undefined, field: string): Fen => {
    if (!text || !text.trim()) return 0;
    try {
      const v = parseYuan(text, field);
      if (v < 0) throw new Error('negative');
      return v;
    } catch {
      throw new AppError('MONEY_FORMAT', 400, { field, params: { field, value: text } });
    }
  };
  const parts = { income_bank: fen(input.incomeBank, 'incomeBank'), special: fen(input.special, 'special'), expenditure_bank: fen(input.expenditureBank, 'expenditureBank') };
  const receivable = Object.fromEntries(GOVERNMENT_LEVELS.map((l) => [l, fen(input.receivable[l], `receivable.${l}`)])) as Record<GovernmentLevel, Fen>;
  const declared = fen(input.declaredTotal, 'declaredTotal');
  const total = parts.income_bank + parts.special + parts.expenditure_bank + GOVERNMENT_LEVELS.reduce((s, l) => s + receivable[l], 0);
  if (total !== declared) throw new AppError('FUND_OPENING_MISMATCH', 400, { field: 'declaredTotal', params: { sum: yuanZh(total), declared: yuanZh(declared) } });
  return db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('ledger_journal').select('id').where('county_code', '=', countyCode).where('kind', '=', 'opening').executeTakeFirst();
    if (existing) throw new AppError('FUND_OPENING_EXISTS', 409, { field: 'on' });
    // The opening balance stands for the money before the books begin here: nothing may be posted before it.
    const earlier = await tx.selectFrom('ledger_journal').select(sql<string>`min(posted_on)::text`.as('on')).where('county_code', '=', countyCode).where('kind', '<>', 'legacy').where('posted_on', '<', input.on).executeTakeFirst();
    if (earlier?.on) throw new AppError('FUND_OPENING_AFTER_HISTORY', 409, { field: 'on', params: { on: input.on, first: earlier.on } });
    const individual = -(await accountBalanceAt(tx, countyCode, 'individual_accounts', '9999-12'));
    if (total < individual) throw new AppError('FUND_OPENING_BELOW_ACCOUNTS', 400, { field: 'declaredTotal', params: { total: yuanZh(total), accounts: yuanZh(individual) } });
    const journalId = await postJournal(tx, { countyCode, kind: 'opening', postedOn: input.on, reference: 'opening', memo: '系统启用期初余额', recordedBy: actor.userId }, [], [
      { account: 'income_bank', amount: parts.income_bank },
      { account: 'special', amount: parts.special },
      { account: 'expenditure_bank', amount: parts.expenditure_bank },
      ...GOVERNMENT_LEVELS.map((level) => ({ account: 'receivable' as const, level, amount: receivable[level] })),
      { account: 'opening', amount: -total },
    ]);
    await appendAudit(tx, actor, { action: 'fund.opening', entity: 'ledger_journal', entityId: String(journalId), regionCode: `${countyCode}000000`, after: { on: input.on, ...parts, receivable, total } });
    return { journalId, total };
  });
}

export const LEVEL_LABELS: Readonly<Record<GovernmentLevel, { 'zh-CN': string; en: string }>> = {
  central: { 'zh-CN': '中央财政', en: 'central finance' },
  provincial: { 'zh-CN': '省级财政', en: 'provincial finance' },
  prefecture: { 'zh-CN': '市级财政', en: 'prefecture finance' },
  county: { 'zh-CN': '县级财政', en: 'county finance' },
};

export interface LevelOwed {
  readonly level: GovernmentLevel;
  /** Accrued in the period by kind (net of reversals). */
  readonly contributionSubsidy: Fen;
  readonly hardshipPayment: Fen;
  readonly basicPensionFunding: Fen;
  readonly accrued: Fen;
  /** Received in the period. */
  readonly received: Fen;
  /** Still owed at the end of the period (all periods). */
  readonly outstanding: Fen;
}

/** What each level of government owes for `fromMonth`…`toMonth` and in all, from the ledger's receivables. */
export async function owedByLevel(db: Kysely<DB>, countyCode: string, fromMonth: string, toMonth: string): Promise<LevelOwed[]> {
  const rows = await sql<{ level: GovernmentLevel; kind: string; during: number; total: number }>`
    select level, kind,
           coalesce(sum(amount) filter (where month >= ${fromMonth}), 0)::int8 as during,
           sum(amount)::int8 as total
    from fund_month
    where county_code = ${countyCode} and account = 'receivable' and month <= ${toMonth} and level <> ''
    group by level, kind`.execute(db);
  return GOVERNMENT_LEVELS.map((level) => {
    const of = (kind: string) => Number(rows.rows.find((r) => r.level === level && r.kind === kind)?.during ?? 0);
    const received = 0 - of('') || 0;
    const outstanding = rows.rows.filter((r) => r.level === level).reduce((s, r) => s + Number(r.total), 0);
    const contributionSubsidy = of('contribution_subsidy');
    const hardshipPayment = of('hardship_payment');
    const basicPensionFunding = of('basic_pension_funding');
    return { level, contributionSubsidy, hardshipPayment, basicPensionFunding, accrued: contributionSubsidy + hardshipPayment + basicPensionFunding, received, outstanding };
  });
}

export interface SubsidyRequestRecord {
  readonly id: number;
  readonly level: GovernmentLevel;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly contributionSubsidy: Fen;
  readonly hardshipPayment: Fen;
  readonly basicPensionFunding: Fen;
  readonly amount: Fen;
  readonly outstandingBefore: Fen;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

/** Files a subsidy request (基金申请) to `level` for the months: what the ledger says it accrued in them. */
export async function createSubsidyRequest(db: Kysely<DB>, actor: Actor, countyCode: string, input: { level: GovernmentLevel; fromMonth: string; toMonth: string }): Promise<SubsidyRequestRecord> {
  if (input.fromMonth > input.toMonth) throw new AppError('FUND_PERIOD', 400, { field: 'fromMonth', params: { from: input.fromMonth, to: input.toMonth } });
  const id = await db.transaction().execute(async (tx) => {
    const owed = (await owedByLevel(tx, countyCode, input.fromMonth, input.toMonth)).find((o) => o.level === input.level)!;
    const before = (await owedByLevel(tx, countyCode, input.fromMonth, addMonths(input.fromMonth, -1))).find((o) => o.level === input.level)!;
    await sql`select pg_advisory_xact_lock(hashtext(${`subsidy-request:${countyCode}`}))`.execute(tx);
    const same = await tx
      .selectFrom('subsidy_request')
      .select('id')
      .where('county_code', '=', countyCode)
      .where('level', '=', input.level)
      .where('period_from', '<=', sql<string>`(${`${input.toMonth}-01`}::date + interval '1 month' - interval '1 day')::date`)
      .where('period_to', '>=', `${input.fromMonth}-01`)
      .executeTakeFirst();
    if (same) throw new AppError('FUND_REQUEST_OVERLAP', 409, { field: 'fromMonth', params: { id: same.id, level: LEVEL_LABELS[input.level] } });
    if (owed.accrued <= 0) throw new AppError('FUND_REQUEST_NOTHING', 409, { field: 'level', params: { level: LEVEL_LABELS[input.level], from: input.fromMonth, to: input.toMonth } });
    const row = await tx
      .insertInto('subsidy_request')
      .values({
        county_code: countyCode,
        level: input.level,
        period_from: `${input.fromMonth}-01`,
        period_to: sql<string>`(${`${input.toMonth}-01`}::date + interval '1 month' - interval '1 day')::date`,
        contribution_subsidy: owed.contributionSubsidy,
        hardship_payment: owed.hardshipPayment,
        basic_pension_funding: owed.basicPensionFunding,
        amount: owed.accrued,
        outstanding_before: before.outstanding,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, actor, { action: 'fund.subsidy_request', entity: 'subsidy_request', entityId: String(row.id), regionCode: `${countyCode}000000`, after: { ...input, amount: owed.accrued } });
    return row.id;
  });
  return getSubsidyRequest(db, countyCode, id);
}

/** One subsidy request of the county; throws FUND_REQUEST_NOT_FOUND (404). */
export async function getSubsidyRequest(db: Kysely<DB>, countyCode: string, id: number): Promise<SubsidyRequestRecord> {
  const found = await listSubsidyRequests(db, countyCode, id);
  if (found.length === 0) throw new AppError('FUND_REQUEST_NOT_FOUND', 404, { field: 'id', params: { id } });
  return found[0]!;
}

/** The county's subsidy requests, newest first (the 500 newest; or the one with `id`). */
export async function listSubsidyRequests(db: Kysely<DB>, countyCode: string, id?: number): Promise<SubsidyRequestRecord[]> {
  let q = db
    .selectFrom('subsidy_request as r')
    .leftJoin('staff_user as u', 'u.id', 'r.created_by')
    .selectAll('r')
    .select('u.display_name')
    .where('r.county_code', '=', countyCode);
  if (id !== undefined) q = q.where('r.id', '=', id);
  const rows = await q.orderBy('r.id', 'desc').limit(500).execute();
  return rows.map((r) => ({
    id: r.id,
    level: r.level,
    periodFrom: String(r.period_from).slice(0, 10),
    periodTo: String(r.period_to).slice(0, 10),
    contributionSubsidy: r.contribution_subsidy,
    hardshipPayment: r.hardship_payment,
    basicPensionFunding: r.basic_pension_funding,
    amount: r.amount,
    outstandingBefore: r.outstanding_before,
    createdBy: r.display_name ?? null,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export interface SweepStatus {
  readonly intervalDays: number;
  readonly zeroAtMonthEnd: boolean;
  readonly source: LocalizedText;
  /** The income account's balance now and the day of the last sweep. */
  readonly incomeBalance: Fen;
  readonly lastSweepOn: string | null;
  /** When money is waiting: the next day a sweep is due (last sweep + interval, or today when never swept); else null. */
  readonly nextDueOn: string | null;
  /** The last 12 month ends at which the income account was not zero although the rule wants it empty. */
  readonly monthEndsNotZero: readonly { month: string; balance: Fen }[];
}

/** The sweep rule in force today and whether the income account kept it. */
export async function sweepStatus(db: Kysely<DB>, countyCode: string, params: ParameterSet, today: string): Promise<SweepStatus> {
  const rule = parameterAsOf(params, 'fundSweep', today);
  const incomeBalance = await accountBalanceAt(db, countyCode, 'income_bank', '9999-12');
  const last = await db.selectFrom('ledger_journal').select(sql<string>`max(posted_on)::text`.as('on')).where('county_code', '=', countyCode).where('kind', '=', 'sweep').executeTakeFirst();
  const lastSweepOn = last?.on ?? null;
  let nextDueOn: string | null = null;
  if (incomeBalance > 0) {
    if (lastSweepOn) {
      const d = new Date(`${lastSweepOn}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + rule.value.intervalDays);
      nextDueOn = d.toISOString().slice(0, 10);
    } else nextDueOn = today;
  }
  const monthEndsNotZero: { month: string; balance: Fen }[] = [];
  if (rule.value.zeroAtMonthEnd) {
    // The balance at each of the last 12 month ends (months with no movement carry the balance before them).
    const current = today.slice(0, 7);
    const first = addMonths(current, -12);
    const movements = await sql<{ month: string; amount: number }>`
      select month, sum(amount)::int8 as amount from fund_month
      where county_code = ${countyCode} and account = 'income_bank' and month < ${current}
      group by month order by month`.execute(db);
    let balance = movements.rows.filter((m) => m.month < first).reduce((sum, m) => sum + Number(m.amount), 0);
    const byMonth = new Map(movements.rows.map((m) => [m.month, Number(m.amount)]));
    for (let m = first; m < current; m = addMonths(m, 1)) {
      balance += byMonth.get(m) ?? 0;
      if (balance !== 0) monthEndsNotZero.push({ month: m, balance });
    }
  }
  return { intervalDays: rule.value.intervalDays, zeroAtMonthEnd: rule.value.zeroAtMonthEnd, source: rule.citation.source, incomeBalance, lastSweepOn, nextDueOn, monthEndsNotZero };
}

/**
 * 月度经办: the days a payroll's money moved, as the ledger has them — the finance bureau's allocation (拨付,
 * its posting day and amount in fen) and the bank's payment (银行发放, the day its return was settled).
 * Nulls for a step not done yet.
 */
export async function payrollMoneyDays(db: Kysely<DB>, countyCode: string, month: string): Promise<{ allocatedOn: string | null; allocatedAmount: Fen; paidOn: string | null }> {
  const rows = await db
    .selectFrom('ledger_journal as j')
    .leftJoin('fund_entry as e', (join) => join.onRef('e.county_code', '=', 'j.county_code').onRef('e.journal_id', '=', 'j.id').on('e.account', '=', 'expenditure_bank'))
    .select(['j.kind', sql<string>`min(j.posted_on)::text`.as('on'), sql<number>`coalesce(sum(e.amount) filter (where e.amount > 0), 0)::int8`.as('amount')])
    .where('j.county_code', '=', countyCode)
    .where('j.reference', '=', `payroll:${month}`)
    .where('j.kind', 'in', ['allocation', 'bank_settlement'])
    .groupBy('j.kind')
    .execute();
  const allocation = rows.find((r) => r.kind === 'allocation');
  const paid = rows.find((r) => r.kind === 'bank_settlement');
  return { allocatedOn: allocation?.on ?? null, allocatedAmount: Number(allocation?.amount ?? 0), paidOn: paid?.on ?? null };
}
