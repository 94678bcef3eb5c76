/**
 * The dashboard's monthly trends for a region: people enrolled and pensioners at each month's end, premiums
 * collected and pensions paid in each month. Each series is one grouped scan of its table (months before the window
 * folded into one opening group), so the cost does not grow with the number of months shown.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { addMonths, lastDayOf, type Fen } from '../../rules/index.js';

export interface TrendMonth {
  /** YYYY-MM. */
  readonly month: string;
  /** Enrolments begun by the month (first month on or before it) and not ended by its last day (参保人数，月末). */
  readonly enrolled: number;
  /** Pensions started by the month and not stopped by its last day, suspended ones included (领取待遇人数，月末). */
  readonly pensioners: number;
  /** Individual premiums (个人缴费) of contributions paid in the month and not reversed, fen. */
  readonly collected: Fen;
  /** People who paid in the month. */
  readonly payers: number;
  /** Pension payments the bank paid for the payroll of the month, fen. */
  readonly paid: Fen;
}

/**
 * The `months` months ending with `lastMonth` (YYYY-MM, China time), oldest first, for the villages under
 * `scopePrefix` (a region code's significant digits) of `countyCode`. Amounts in fen. Throws nothing of its own.
 */
export async function monthlyTrends(db: Kysely<DB>, countyCode: string, scopePrefix: string, lastMonth: string, months = 12): Promise<TrendMonth[]> {
  const first = addMonths(lastMonth, -(months - 1));
  const window = Array.from({ length: months }, (_, i) => addMonths(first, i));
  const like = `${scopePrefix}%`;
  const firstDay = `${first}-01`;
  const lastDay = lastDayOf(lastMonth);
  // Each query counts, per month of the window, what happened in it; events before the window are folded into ''.
  const [starts, ends, pensionStarts, pensionStops, collected, paid] = await Promise.all([
    sql<{ m: string; n: number }>`select case when first_month < ${first} then '' else first_month end as m, count(*)::int8 as n
      from enrolment where county_code = ${countyCode} and village_code like ${like} and first_month <= ${lastMonth} group by 1`.execute(db),
    sql<{ m: string; n: number }>`select case when terminated_on < ${firstDay}::date then '' else to_char(terminated_on, 'YYYY-MM') end as m, count(*)::int8 as n
      from enrolment where county_code = ${countyCode} and village_code like ${like} and first_month <= ${lastMonth} and terminated_on <= ${lastDay}::date group by 1`.execute(db),
    sql<{ m: string; n: number }>`select case when start_month < ${first} then '' else start_month end as m, count(*)::int8 as n
      from pension where county_code = ${countyCode} and village_code like ${like} and start_month <= ${lastMonth} group by 1`.execute(db),
    sql<{ m: string; n: number }>`select case when stopped_on < ${firstDay}::date then '' else to_char(stopped_on, 'YYYY-MM') end as m, count(*)::int8 as n
      from pension where county_code = ${countyCode} and village_code like ${like} and start_month <= ${lastMonth} and stopped_on <= ${lastDay}::date group by 1`.execute(db),
    sql<{ m: string; amount: number; payers: number }>`select to_char(paid_on, 'YYYY-MM') as m, coalesce(sum(individual), 0)::int8 as amount, count(distinct resident_id)::int8 as payers
      from contribution where county_code = ${countyCode} and village_code like ${like} and status = 'posted'
        and paid_on between ${firstDay}::date and ${lastDay}::date group by 1`.execute(db),
    sql<{ m: string; amount: number }>`select month as m, coalesce(sum(amount), 0)::int8 as amount
      from pension_payment where county_code = ${countyCode} and village_code like ${like} and status = 'paid'
        and month between ${first} and ${lastMonth} group by 1`.execute(db),
  ]);
  const byMonth = (rows: readonly { m: string; n: number }[]) => new Map(rows.map((r) => [r.m.trim(), Number(r.n)]));
  const [s, e, ps, pe] = [starts.rows, ends.rows, pensionStarts.rows, pensionStops.rows].map(byMonth) as [Map<string, number>, Map<string, number>, Map<string, number>, Map<string, number>];
  const c = new Map(collected.rows.map((r) => [r.m, r]));
  const p = new Map(paid.rows.map((r) => [r.m, Number(r.amount)]));
  let enrolled = (s.get('') ?? 0) - (e.get('') ?? 0);
  let pensioners = (ps.get('') ?? 0) - (pe.get('') ?? 0);
  return window.map((month) => {
    enrolled += (s.get(month) ?? 0) - (e.get(month) ?? 0);
    pensioners += (ps.get(month) ?? 0) - (pe.get(month) ?? 0);
    return { month, enrolled, pensioners, collected: Number(c.get(month)?.amount ?? 0), payers: Number(c.get(month)?.payers ?? 0), paid: p.get(month) ?? 0 };
  });
}
