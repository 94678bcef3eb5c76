/**
 * What a pension's payroll lines actually paid, and withdrawing the lines the bank does not have yet
 * (issue 7, DOMAIN.md §5). A line the bank has not received (its payroll's bank file not downloaded) is
 * withdrawn (撤回) when the person may no longer be paid for its months — death, suspension, the employee
 * pension: its account debits are reversed by the same ledger kind, linked to the line, and the pension's
 * paid_through month goes back before the line, so a pension that resumes is paid those months again.
 * Once the bank has the file the line can only be recovered after it is settled as paid.
 *
 * The paid-through month lives in the narrow row pension_paid_through (migration 0025). A payroll chunk locks
 * those rows before it reads the pensions, so whoever withdraws lines or moves the month (death, suspension,
 * termination, resumption) locks the same row first (`lockPaidThrough`): it then waits for a chunk in progress
 * and sees its lines, or the chunk waits for it and sees the pension's new status.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { postLineWithdrawal, type StoredLine } from '../ledger/service.js';
import { addMonths, fenFromBigInt, monthRange, payPension, roundHalfUp, type AccountSource, type Fen, type ParameterSet } from '../../rules/index.js';

/**
 * Locks a pension's paid-through row (in the caller's transaction) and returns its month (YYYY-MM; null: nothing
 * paid yet). Call it before reading or withdrawing the pension's lines: it waits for a payroll chunk that is
 * paying the pension. Throws when the pension has no such row (it does not exist).
 */
export async function lockPaidThrough(tx: Kysely<DB>, countyCode: string, pensionId: number): Promise<string | null> {
  const row = await tx
    .selectFrom('pension_paid_through')
    .select('paid_through')
    .where('county_code', '=', countyCode)
    .where('pension_id', '=', pensionId)
    .forNoKeyUpdate()
    .executeTakeFirstOrThrow();
  return row.paid_through;
}

/** Sets a pension's paid-through month (YYYY-MM, or null) in the caller's transaction. */
export async function setPaidThrough(tx: Kysely<DB>, countyCode: string, pensionId: number, month: string | null): Promise<void> {
  await tx.updateTable('pension_paid_through').set({ paid_through: month }).where('county_code', '=', countyCode).where('pension_id', '=', pensionId).execute();
}

export interface WithdrawnLines {
  readonly lines: number;
  readonly amount: Fen;
  /** Account pension put back into the account. */
  readonly returnedToAccount: Fen;
}

/**
 * Withdraws the pension's lines not yet sent to the bank that pay any month from `fromMonth` on, and
 * cancels its failed, not yet repaid lines wholly from `fromMonth` on (nothing was paid; nothing is to be
 * repaid). In the caller's transaction. `today`: China date of the withdrawal.
 */
export async function withdrawUnsentLines(tx: Kysely<DB>, countyCode: string, pensionId: number, fromMonth: string, reason: string, today: string): Promise<WithdrawnLines> {
  await lockPaidThrough(tx, countyCode, pensionId);
  const lines = await sql<StoredLine & { from_month: string; amount: number; repays: number | null }>`
    select l.id, l.kind, l.from_month, l.amount, l.repays, l.basic_pension, l.from_account, l.from_pool,
      l.funded_central, l.funded_provincial, l.funded_prefecture, l.funded_county
    from pension_payment l
    join payroll p on p.county_code = l.county_code and p.month = l.month
    where l.county_code = ${countyCode} and l.pension_id = ${pensionId}
      and ((l.status = 'pending' and p.bank_file_at is null and l.to_month >= ${fromMonth})
        or (l.status = 'failed' and l.repaid_in is null and l.from_month >= ${fromMonth}))
    order by l.id
    for update of l`.execute(tx);
  if (lines.rows.length === 0) return { lines: 0, amount: 0, returnedToAccount: 0 };
  const ids = lines.rows.map((l) => l.id);
  // Reverse what each line drew from the account (repay lines drew nothing: their original line did).
  const drawn = await tx
    .selectFrom('account_entry')
    .select(['resident_id', 'payment_id', 'source', sql<number>`sum(amount)::int8`.as('amount')])
    .where('county_code', '=', countyCode)
    .where('payment_id', 'in', ids)
    .groupBy(['resident_id', 'payment_id', 'source'])
    .having(sql`sum(amount)`, '<>', 0)
    .execute();
  await postLineWithdrawal(
    tx,
    countyCode,
    today,
    lines.rows,
    drawn.map((d) => ({ residentId: d.resident_id, paymentId: d.payment_id!, source: d.source as AccountSource, amount: -Number(d.amount) })),
    reason,
  );
  const returnedToAccount = -drawn.reduce((s, d) => s + Number(d.amount), 0);
  await tx.updateTable('pension_payment').set({ status: 'withdrawn', withdrawn_reason: reason.slice(0, 200), withdrawn_on: today, failure_reason: null }).where('county_code', '=', countyCode).where('id', 'in', ids).execute();
  // A withdrawn repayment leaves the failed line it repaid open again (a resumed pension repays it later).
  const repaid = lines.rows.filter((l) => l.kind === 'repay' && l.repays !== null).map((l) => l.repays!);
  if (repaid.length > 0) await tx.updateTable('pension_payment').set({ repaid_in: null }).where('county_code', '=', countyCode).where('id', 'in', repaid).where('status', '=', 'failed').execute();
  // The months of withdrawn regular lines are unpaid again.
  const regular = lines.rows.filter((l) => l.kind === 'regular').map((l) => l.from_month).sort();
  if (regular.length > 0) {
    const back = addMonths(regular[0]!, -1);
    await tx
      .updateTable('pension_paid_through')
      .set({ paid_through: back })
      .where('county_code', '=', countyCode)
      .where('pension_id', '=', pensionId)
      .where((eb) => eb.or([eb('paid_through', 'is', null), eb('paid_through', '>', back)]))
      .execute();
  }
  return { lines: ids.length, amount: lines.rows.reduce((s, l) => s + Number(l.amount), 0), returnedToAccount };
}

export interface OverpaidLine {
  readonly paymentId: number;
  /** The months of the line from `afterMonth` + 1 on. */
  readonly months: readonly string[];
  readonly basic: Fen;
  readonly account: Fen;
  /** Of `account`, what was drawn from the individual account (the rest the pool paid). */
  readonly fromAccount: Fen;
  /** The bank has the line but has not returned it yet. */
  readonly inFlight: boolean;
}

/**
 * The lines settled as paid (or with the bank, not yet returned) that paid months after `afterMonth`,
 * each with the amounts of those months: the whole line when all its months are after, else each month
 * at its own basic pension (policy engine: payPension) and the account pension fixed at award.
 */
export async function linesPaidAfter(
  tx: Kysely<DB>,
  countyCode: string,
  pension: { id: number; contribution_years: number; account_pension: number },
  afterMonth: string,
  params: ParameterSet,
): Promise<OverpaidLine[]> {
  const rows = await sql<{ id: number; from_month: string; to_month: string; months: number; basic_pension: number; from_account: number; from_pool: number; status: string }>`
    select l.id, l.from_month, l.to_month, l.months, l.basic_pension, l.from_account, l.from_pool, l.status
    from pension_payment l
    join payroll p on p.county_code = l.county_code and p.month = l.month
    where l.county_code = ${countyCode} and l.pension_id = ${pension.id} and l.to_month > ${afterMonth}
      and (l.status = 'paid' or (l.status = 'pending' and p.bank_file_at is not null))
    order by l.from_month, l.id`.execute(tx);
  return rows.rows.map((l) => {
    const inFlight = l.status === 'pending';
    if (l.from_month > afterMonth) {
      return {
        paymentId: l.id,
        months: monthRange(l.from_month, l.to_month),
        basic: Number(l.basic_pension),
        account: Number(l.from_account) + Number(l.from_pool),
        fromAccount: Number(l.from_account),
        inFlight,
      };
    }
    const months = monthRange(addMonths(afterMonth, 1), l.to_month);
    const pay = payPension({ months, contributionYears: pension.contribution_years, accountPension: 0, balances: {} }, params);
    const account = pension.account_pension * months.length;
    // The account part of these months came from the account in the line's proportion of account to pool.
    const lineAccount = Number(l.from_account) + Number(l.from_pool);
    const fromAccount = lineAccount === 0 ? 0 : fenFromBigInt(roundHalfUp(BigInt(account) * BigInt(l.from_account), BigInt(lineAccount)), 'fromAccount');
    return { paymentId: l.id, months, basic: pay.basicPension, account, fromAccount: Math.min(fromAccount, Number(l.from_account)), inFlight };
  });
}
