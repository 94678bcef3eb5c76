/**
 * Posting many premiums at once (a county taken over with its history, the demo county, a bank's
 * withholding file): the same journals as `postContribution` would write, one per payment day, with the
 * person side written by set-based SQL and the fund side summed by payment day, channel and amounts.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ParameterSet } from '../../rules/index.js';
import { mergeFundPostings, UnbalancedJournalError, type FundPosting } from './post.js';
import { contributionFundPostings, type ContributionChannel } from './service.js';

/**
 * Posts every posted contribution of the county with an id above `idAbove` (in the caller's transaction); the
 * caller has just inserted them and none has ledger entries yet (a contribution that had would be posted twice:
 * `verify ledger` names it). Returns the number of contributions and person entries posted.
 */
export async function postContributionsBulk(tx: Kysely<DB>, countyCode: string, params: ParameterSet, idAbove: number): Promise<{ contributions: number; entries: number }> {
  const groups = await sql<{
    paid_on: string;
    channel: ContributionChannel;
    individual: number;
    hardship_payment: number;
    government_subsidy: number;
    collective_subsidy: number;
    sponsorship: number;
    n: number;
  }>`
    select paid_on::text as paid_on, channel, individual, hardship_payment, government_subsidy, collective_subsidy, sponsorship, count(*)::int as n
    from contribution c
    where c.county_code = ${countyCode} and c.id > ${idAbove} and c.status = 'posted'
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1`.execute(tx);
  if (groups.rows.length === 0) return { contributions: 0, entries: 0 };
  const byDay = new Map<string, FundPosting[]>();
  let contributions = 0;
  for (const g of groups.rows) {
    const one = contributionFundPostings(
      { id: 0, residentId: 0, year: 0, paidOn: g.paid_on, channel: g.channel, individual: g.individual, hardshipPayment: g.hardship_payment, governmentSubsidy: g.government_subsidy, collectiveSubsidy: g.collective_subsidy, sponsorship: g.sponsorship },
      params,
      1,
    );
    const total = g.individual + g.hardship_payment + g.government_subsidy + g.collective_subsidy + g.sponsorship;
    const rows = byDay.get(g.paid_on) ?? [];
    rows.push(...one.map((r) => ({ ...r, amount: r.amount * g.n })), { account: 'individual_accounts', amount: -total * g.n }, { account: 'earmark', amount: total * g.n });
    byDay.set(g.paid_on, rows);
    contributions += g.n;
  }
  const days = [...byDay.keys()];
  const journals = await tx
    .insertInto('ledger_journal')
    .values(days.map((d) => ({ county_code: countyCode, kind: 'contribution' as const, posted_on: d, reference: 'contribution:bulk', memo: '批量缴费入账' })))
    .returning(['id', 'posted_on'])
    .execute();
  const journalOf = new Map(journals.map((j) => [String(j.posted_on).slice(0, 10), j.id]));
  const fundRows = [];
  for (const [day, rows] of byDay) {
    const merged = mergeFundPostings(rows);
    const difference = merged.reduce((s, r) => s + r.amount, 0);
    if (difference !== 0) throw new UnbalancedJournalError({ countyCode, kind: 'contribution', postedOn: day, reference: 'contribution:bulk' }, difference);
    for (const r of merged) fundRows.push({ county_code: countyCode, journal_id: journalOf.get(day)!, posted_on: day, account: r.account, kind: r.kind, level: r.level, amount: r.amount });
  }
  for (let i = 0; i < fundRows.length; i += 2000) await tx.insertInto('fund_entry').values(fundRows.slice(i, i + 2000)).execute();
  await sql`
    insert into fund_month (county_code, month, account, kind, level, amount)
    select county_code, to_char(posted_on, 'YYYY-MM'), account, kind, level, sum(amount) from fund_entry
    where county_code = ${countyCode} and journal_id in (${sql.join(journals.map((j) => j.id))})
    group by 1, 2, 3, 4, 5
    on conflict (county_code, month, account, kind, level) do update set amount = fund_month.amount + excluded.amount`.execute(tx);
  const posted = await sql<{ n: number }>`
    with j as (
      select * from unnest(${days}::date[], ${days.map((d) => journalOf.get(d)!)}::int8[]) as j(day, id)
    ), added as (
      insert into account_entry (county_code, resident_id, posted_on, kind, source, amount, year, contribution_id, journal_id)
      select c.county_code, c.resident_id, c.paid_on, 'contribution', p.source, p.amount, c.year, c.id, j.id
      from contribution c
      join j on j.day = c.paid_on
      cross join lateral (values ('individual', c.individual), ('hardshipPayment', c.hardship_payment), ('governmentSubsidy', c.government_subsidy),
                                 ('collectiveSubsidy', c.collective_subsidy), ('sponsorship', c.sponsorship)) as p(source, amount)
      where c.county_code = ${countyCode} and c.id > ${idAbove} and c.status = 'posted' and p.amount > 0
      returning county_code, resident_id, source, amount
    ), balances as (
      insert into account_balance (county_code, resident_id, source, balance)
      select county_code, resident_id, source, sum(amount) from added group by 1, 2, 3
      on conflict (county_code, resident_id, source) do update set balance = account_balance.balance + excluded.balance
      returning 1
    )
    select (select count(*) from added)::int as n`.execute(tx);
  return { contributions, entries: posted.rows[0]?.n ?? 0 };
}
