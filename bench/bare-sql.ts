/**
 * What every bare-SQL copy of a ledger posting keeps besides its entries (bench/interest.ts, payroll.ts, ledger.ts):
 * the fund's monthly sums and the account balances, as two CTEs that follow a `fund` CTE (an insert into fund_entry
 * returning posted_on, account, kind, level, amount) and a `person` CTE (an insert into account_entry returning
 * resident_id, source, amount) in the same statement. Each bench states the rest of its bare statement in full.
 */
import { sql, type RawBuilder } from 'kysely';

/** `months as (…), balances as (…)` for county `county` (write `, ${bareBookkeeping(c)}` after the `fund` CTE). */
export function bareBookkeeping(county: string): RawBuilder<unknown> {
  return sql`months as (
      insert into fund_month (county_code, month, account, kind, level, amount)
      select ${county}, to_char(posted_on, 'YYYY-MM'), account, kind, level, sum(amount) from fund group by 2, 3, 4, 5
      on conflict (county_code, month, account, kind, level) do update set amount = fund_month.amount + excluded.amount
      returning 1
    ), balances as (
      insert into account_balance (county_code, resident_id, source, balance)
      select ${county}, resident_id, source, sum(amount) from person group by 1, 2, 3
      on conflict (county_code, resident_id, source) do update set balance = account_balance.balance + excluded.balance
      returning 1
    )`;
}
