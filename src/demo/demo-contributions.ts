/**
 * Contribution history for the demo county: the last three years and this year so far, paid through the
 * agent bank by most enrolled contributors, at the tiers people choose most. Everyone under the pension
 * age at the scheme start who reaches it by the year after next paid every year from the scheme start until
 * then, as the obligation of their category requires (国发〔2009〕32号 §七), so the pensioners and the award
 * cohort are real pensioners; a few missed a year and wait on the due list until they back-pay. The split of each
 * (year, tier, identity) is computed once by the policy engine and applied set-based in SQL, so the
 * demo's accounts follow the same rules as a recorded payment.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { deferConstraints } from './bulk-load.js';
import { postContributionsBulk } from '../modules/ledger/bulk.js';
import { computeYearlyContribution, ENROLMENT_IDENTITIES, parameterAsOf, type ParameterSet } from '../rules/index.js';

const TIERS = [10000, 20000, 30000, 50000, 100000] as const;

export interface DemoContributionSummary {
  readonly contributions: number;
  readonly entries: number;
}

export async function createDemoContributions(db: Kysely<DB>, countyCode: string, today: string, parameters: ParameterSet, schemeStartDate: string): Promise<DemoContributionSummary> {
  const thisYear = Number(today.slice(0, 4));
  const firstYear = Number(schemeStartDate.slice(0, 4));
  const years = Array.from({ length: thisYear - firstYear + 1 }, (_, i) => firstYear + i);
  // One row per (year, tier, identity), in that order: see the subscript k below.
  const table = { paid: [] as number[], paidOn: [] as string[], individual: [] as number[], hardship: [] as number[], subsidy: [] as number[] };
  for (const year of years) {
    // Collected in spring (the 2011 plan counts money received by 31 March); this year's so far.
    const spring = `${year}-03-15`;
    const paidOn = year === firstYear && schemeStartDate > spring ? schemeStartDate : year < thisYear ? spring : today < spring ? today : spring;
    const tiersOfYear = parameterAsOf(parameters, 'contributionTiers', paidOn).value;
    for (const tier of TIERS) {
      // A tier the year did not have (1,000 yuan before 2014) is paid at the highest tier below it.
      const paid = Math.max(...tiersOfYear.filter((t) => t <= tier));
      for (const identity of ENROLMENT_IDENTITIES) {
        const split = computeYearlyContribution({ year, paidOn, tier: paid, identity }, parameters);
        table.paid.push(paid);
        table.paidOn.push(paidOn);
        table.individual.push(split.individual);
        table.hardship.push(split.hardshipPayment);
        table.subsidy.push(split.governmentSubsidy);
      }
    }
  }
  return db.transaction().execute(async (tx) => {
    const clerk = await tx.selectFrom('staff_user').select('id').where('username', '=', 'accounts').executeTakeFirst();
    if (!clerk) return { contributions: 0, entries: 0 };
    const deferred = await deferConstraints(tx, ['contribution', 'account_entry']);
    // The split of row k (1-based) of `table` is looked up by array subscript: k from the year, the tier drawn and
    // the identity (a join on the computed tier would leave the planner guessing, as a nested loop over millions).
    const inserted = await sql`
      with due as (
        select e.county_code, e.resident_id, e.village_code, e.identity, y.year, draw.d,
               r.birth_date, (r.birth_date > ${schemeStartDate}::date - interval '60 years' and extract(year from r.birth_date)::int <= ${thisYear - 58}) as near_pension
        from enrolment e
        join resident r on r.county_code = e.county_code and r.id = e.resident_id
        cross join unnest(${years}::int[]) as y(year)
        -- The person's draw of the year, computed once (offset 0: not inlined into each of its references below).
        cross join lateral (select ('x' || substr(md5(r.id_number || y.year::text), 1, 6))::bit(24)::int % 1000 as d offset 0) draw
        where e.county_code = ${countyCode} and e.status = 'normal'
          and e.first_month <= y.year || '-12'
          and (
            (e.payment_status = 'paying' and y.year >= ${thisYear - 3})
            or (r.birth_date > ${schemeStartDate}::date - interval '60 years' and extract(year from r.birth_date)::int <= ${thisYear - 58}
                and (y.year < ${thisYear - 3} or e.payment_status = 'ended'))
          )
      ), chosen as (
        select due.*,
               ((year - ${firstYear}) * ${TIERS.length} + case when d % 100 < 55 then 0 when d % 100 < 75 then 1 when d % 100 < 87 then 2
                                                            when d % 100 < 97 then 3 else 4 end) * ${ENROLMENT_IDENTITIES.length}
                 + array_position(${[...ENROLMENT_IDENTITIES]}::text[], identity) as k
        from due
        where d < case when near_pension then 995 when year = ${thisYear} then 650 else 900 end
      ), split as (
        select c.*, (${table.paid}::int8[])[k] as paid_tier, (${table.paidOn}::date[])[k] as paid_on, (${table.individual}::int8[])[k] as individual,
               (${table.hardship}::int8[])[k] as hardship, (${table.subsidy}::int8[])[k] as subsidy
        from chosen c
      )
      insert into contribution (county_code, resident_id, village_code, year, kind, tier, identity, individual, hardship_payment,
        government_subsidy, collective_subsidy, sponsorship, total_credited, paid_on, channel, bank_reference, recorded_by)
      select county_code, resident_id, village_code, year, 'yearly', paid_tier, identity, individual, hardship, subsidy, 0, 0,
             individual + hardship + subsidy, paid_on, 'bank', 'ABC-DEMO-' || year, ${clerk.id}
      from split
      where paid_on < birth_date + interval '60 years'`.execute(tx);
    // Posted through the ledger: the person side by source and the fund side (income, what each level owes).
    const posted = await postContributionsBulk(tx, countyCode, parameters, 0);
    await deferred.restore();
    await sql`analyze contribution, account_entry`.execute(tx);
    return { contributions: Number(inserted.numAffectedRows ?? 0), entries: posted.entries };
  });
}
