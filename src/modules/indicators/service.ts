/**
 * Management indicators (管理指标, DOMAIN.md §9, issue 12 part 1) as of any day, per village, township and county:
 * one set-based statement counts every village of the region, and townships and the county are sums of their
 * villages (so a county's figures are exactly the sum of what its rows show).
 *
 * Definitions (as of day D, year Y = D's year; the page shows them in words, web/src/pages/indicators):
 * - 应参保人数 (hukou): the year's imported hukou statistics (`hukou_statistic`), summed over the villages that have
 *   a row; null where no village of the region has one.
 * - 应参保人数 (registry): residents aged 16 and over on D, not a full-time student on D (`student_until`), not in the
 *   urban employee scheme on D (`employee_scheme_from`, or an enrolment ended for it), not dead or gone abroad
 *   (an enrolment ended for that on or before D).
 * - 参保人数 (enrolled) = payers + pensioners: enrolments open on D (first month on or before D's month, not ended
 *   on or before D).
 * - 领取待遇人数 (pensioners): enrolled people with a pension started by D's month and not stopped on or before D
 *   (a suspended pension still counts: the person is a pensioner whose payment waits).
 * - 缴费人员 (payers): enrolled and not a pensioner.
 * - 本年已缴费 (paid this year): payers with a premium for year Y paid on or before D (not reversed by D).
 * - 续保人数 (renewals): payers who paid for Y−1 and for Y by D; the renewal rate's base is the payers who paid for Y−1.
 * - 征缴金额 (collected): the individual premiums (个人缴费, fen) for year Y paid on or before D in the region.
 * - rates: `src/rules/indicators.ts` (integer arithmetic, tenths of a percent, half up).
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../errors/app-error.js';
import { addDays, indicatorRates, isIsoDate, regionLevelOf, regionScopePrefix, type IndicatorCounts, type IndicatorRates } from '../../rules/index.js';
import { maskIdNumber } from '../registry/service.js';

export type RegionLevel = 'county' | 'township' | 'village';

export interface RegionIndicators {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly counts: IndicatorCounts;
  readonly rates: IndicatorRates;
  /** Villages of the region with no hukou statistics for the year. */
  readonly hukouMissing: number;
  readonly villages: number;
}

export interface IndicatorTable {
  readonly asOf: string;
  readonly year: number;
  readonly region: { code: string; name: string; level: RegionLevel };
  /** The region's children (townships of a county, villages of a township; a village alone). */
  readonly rows: readonly RegionIndicators[];
  readonly total: RegionIndicators;
}

interface VillageRow {
  code: string;
  name: string;
  parent_code: string;
  hukou: number | null;
  registry: number;
  enrolled: number;
  pensioners: number;
  paid_this_year: number;
  renewal_base: number;
  renewals: number;
  enrolled_60_plus: number;
  collected: number;
  target_enrolled: number | null;
  target_collected: number | null;
}

/** The instant a day ends in China time (a reversal at or after it happened after the day). */
export function endOfChinaDay(day: string): Date {
  return new Date(`${addDays(day, 1)}T00:00:00+08:00`);
}

function checkDay(asOf: string): void {
  if (!isIsoDate(asOf)) throw new AppError('DATE_FORMAT', 400, { field: 'asOf', params: { field: 'asOf', value: asOf } });
}

/** Common CTEs: `people` (enrolled on D, with pensioner / paid flags) for a county and region prefix. */
function peopleCtes(countyCode: string, prefix: string, asOf: string) {
  const year = Number(asOf.slice(0, 4));
  const month = asOf.slice(0, 7);
  const cut = endOfChinaDay(asOf);
  return sql`
    pen as (
      select distinct resident_id from pension
      where county_code = ${countyCode} and start_month <= ${month} and (stopped_on is null or stopped_on > ${asOf}::date)
    ),
    paid as (
      select resident_id, bool_or(year = ${year}) as paid_now, bool_or(year = ${year - 1}) as paid_last
      from contribution
      where county_code = ${countyCode} and year in (${year}, ${year - 1}) and paid_on <= ${asOf}::date
        and (status = 'posted' or reversed_at >= ${cut})
      group by resident_id
    ),
    people as (
      select e.resident_id, e.village_code, r.birth_date <= ${asOf}::date - interval '60 years' as aged60,
             pen.resident_id is not null as pensioner, coalesce(paid.paid_now, false) as paid_now, coalesce(paid.paid_last, false) as paid_last
      from enrolment e
      join resident r on r.county_code = e.county_code and r.id = e.resident_id
      left join pen on pen.resident_id = e.resident_id
      left join paid on paid.resident_id = e.resident_id
      where e.county_code = ${countyCode} and e.village_code like ${`${prefix}%`} and e.first_month <= ${month}
        and (e.terminated_on is null or e.terminated_on > ${asOf}::date)
    ),
    registry as (
      select r.id as resident_id, r.village_code
      from resident r
      left join enrolment e on e.county_code = r.county_code and e.resident_id = r.id
      where r.county_code = ${countyCode} and r.village_code like ${`${prefix}%`}
        and r.birth_date <= ${asOf}::date - interval '16 years'
        and (r.student_until is null or r.student_until < ${asOf}::date)
        and (r.employee_scheme_from is null or r.employee_scheme_from > ${asOf}::date)
        and not (e.terminated_on is not null and e.terminated_on <= ${asOf}::date and e.termination_reason in ('death', 'abroad', 'employee_pension'))
    )`;
}

/** Every village of the region (county, township or village code) with its counts as of `asOf`. */
async function villageRows(db: Kysely<DB>, countyCode: string, regionCode: string, asOf: string): Promise<VillageRow[]> {
  const prefix = regionScopePrefix(regionCode);
  const year = Number(asOf.slice(0, 4));
  return withReportMemory(db, async (tx) => (await villageStatement(countyCode, prefix, year, asOf).execute(tx)).rows);
}

/**
 * Runs a report statement in its own transaction with `work_mem` raised for it alone (set local), so the hash
 * joins and aggregates over a county's people stay in memory instead of spilling to disk; inside a caller's
 * transaction it runs as it is.
 */
export async function withReportMemory<T>(db: Kysely<DB>, work: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(async (tx) => {
    await sql`set local work_mem = '64MB'`.execute(tx);
    return work(tx);
  });
}

function villageStatement(countyCode: string, prefix: string, year: number, asOf: string) {
  const cut = endOfChinaDay(asOf);
  return sql<VillageRow>`
    with ${peopleCtes(countyCode, prefix, asOf)},
    enrolled as (
      select village_code, count(*)::int as enrolled,
             count(*) filter (where pensioner)::int as pensioners,
             count(*) filter (where not pensioner and paid_now)::int as paid_this_year,
             count(*) filter (where not pensioner and paid_last)::int as renewal_base,
             count(*) filter (where not pensioner and paid_last and paid_now)::int as renewals,
             count(*) filter (where aged60)::int as enrolled_60_plus
      from people group by village_code
    ),
    reg as (select village_code, count(*)::int as registry from registry group by village_code),
    col as (
      select village_code, sum(individual)::int8 as collected from contribution
      where county_code = ${countyCode} and village_code like ${`${prefix}%`} and year = ${year} and paid_on <= ${asOf}::date
        and (status = 'posted' or reversed_at >= ${cut})
      group by village_code
    )
    select v.code, v.name, v.parent_code, h.should_enrol as hukou, coalesce(reg.registry, 0) as registry,
           coalesce(en.enrolled, 0) as enrolled, coalesce(en.pensioners, 0) as pensioners, coalesce(en.paid_this_year, 0) as paid_this_year,
           coalesce(en.renewal_base, 0) as renewal_base, coalesce(en.renewals, 0) as renewals, coalesce(en.enrolled_60_plus, 0) as enrolled_60_plus,
           coalesce(col.collected, 0)::int8 as collected, t.enrolled as target_enrolled, t.collected as target_collected
    from region v
    left join enrolled en on en.village_code = v.code
    left join reg on reg.village_code = v.code
    left join col on col.village_code = v.code
    left join hukou_statistic h on h.county_code = v.county_code and h.year = ${year} and h.village_code = v.code
    left join indicator_target t on t.county_code = v.county_code and t.year = ${year} and t.region_code = v.code
    where v.county_code = ${countyCode} and v.level = 'village' and v.code like ${`${prefix}%`}
    order by v.code`;
}

function counts(rows: readonly VillageRow[], target: { enrolled: number | null; collected: number | null } | undefined): IndicatorCounts & { hukouMissing: number } {
  let hukou = 0;
  let hukouMissing = 0;
  const sum = (f: (r: VillageRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  for (const r of rows) {
    if (r.hukou === null) hukouMissing++;
    else hukou += r.hukou;
  }
  const enrolled = sum((r) => r.enrolled);
  const pensioners = sum((r) => r.pensioners);
  // A region's own target (a township's set by the county) wins; else the sum of its villages' where any is set.
  const villageTargets = rows.filter((r) => r.target_enrolled !== null);
  const villageCollectTargets = rows.filter((r) => r.target_collected !== null);
  return {
    shouldEnrolHukou: rows.length > 0 && hukouMissing === rows.length ? null : hukou,
    shouldEnrolRegistry: sum((r) => r.registry),
    enrolled,
    payers: enrolled - pensioners,
    paidThisYear: sum((r) => r.paid_this_year),
    renewals: sum((r) => r.renewals),
    renewalBase: sum((r) => r.renewal_base),
    pensioners,
    enrolled60Plus: sum((r) => r.enrolled_60_plus),
    collected: sum((r) => r.collected),
    targetEnrolled: target?.enrolled ?? (villageTargets.length > 0 ? villageTargets.reduce((s, r) => s + r.target_enrolled!, 0) : null),
    targetCollected: target?.collected ?? (villageCollectTargets.length > 0 ? villageCollectTargets.reduce((s, r) => s + r.target_collected!, 0) : null),
    hukouMissing,
  };
}

function regionIndicators(code: string, name: string, level: RegionLevel, rows: readonly VillageRow[], target?: { enrolled: number | null; collected: number | null }): RegionIndicators {
  const { hukouMissing, ...c } = counts(rows, target);
  return { code, name, level, counts: c, rates: indicatorRates(c), hukouMissing, villages: rows.length };
}

/** The targets set for the townships (and the county row, never set: the sum of its townships) of a year. */
async function ownTargets(db: Kysely<DB>, countyCode: string, year: number): Promise<Map<string, { enrolled: number | null; collected: number | null }>> {
  const rows = await db.selectFrom('indicator_target').select(['region_code', 'enrolled', 'collected']).where('county_code', '=', countyCode).where('year', '=', year).where('level', '=', 'township').execute();
  return new Map(rows.map((r) => [r.region_code, { enrolled: r.enrolled, collected: r.collected }]));
}

/**
 * The indicators of `regionCode` (within `countyCode`) as of `asOf` (China day): a row per child region and the
 * region's total. 400 DATE_FORMAT for a malformed day, 404 REGION_NOT_FOUND for an unknown region.
 */
export async function indicatorTable(db: Kysely<DB>, countyCode: string, regionCode: string, asOf: string): Promise<IndicatorTable> {
  const { villageRows: _counted, ...table } = await tableOf(db, countyCode, regionCode, asOf);
  return table;
}

/** The table and the village rows it was made of. */
async function tableOf(db: Kysely<DB>, countyCode: string, regionCode: string, asOf: string): Promise<IndicatorTable & { villageRows: VillageRow[] }> {
  checkDay(asOf);
  const level = regionLevelOf(regionCode);
  const region = await db.selectFrom('region').select(['code', 'name', 'level']).where('code', '=', regionCode).executeTakeFirst();
  if (!region || !level) throw new AppError('REGION_NOT_FOUND', 404, { params: { region: regionCode } });
  const year = Number(asOf.slice(0, 4));
  const [villages, targets] = await Promise.all([villageRows(db, countyCode, regionCode, asOf), ownTargets(db, countyCode, year)]);
  let rows: RegionIndicators[];
  let townshipTargetSum: { enrolled: number | null; collected: number | null } | undefined;
  if (level === 'county') {
    const townships = await db.selectFrom('region').select(['code', 'name']).where('county_code', '=', countyCode).where('level', '=', 'township').orderBy('code').execute();
    rows = townships.map((t) => regionIndicators(t.code, t.name, 'township', villages.filter((v) => v.parent_code === t.code), targets.get(t.code)));
    // The county's task is the sum of what it gave its townships.
    const set = rows.filter((r) => r.counts.targetEnrolled !== null);
    const setCollected = rows.filter((r) => r.counts.targetCollected !== null);
    townshipTargetSum = {
      enrolled: set.length > 0 ? set.reduce((s, r) => s + r.counts.targetEnrolled!, 0) : null,
      collected: setCollected.length > 0 ? setCollected.reduce((s, r) => s + r.counts.targetCollected!, 0) : null,
    };
  } else {
    rows = villages.map((v) => regionIndicators(v.code, v.name, 'village', [v]));
  }
  const total = regionIndicators(region.code, region.name, level, villages, level === 'township' ? targets.get(region.code) : townshipTargetSum);
  return { asOf, year, region: { code: region.code, name: region.name, level }, rows, total, villageRows: villages };
}

/**
 * Every region of a county as of a day from one statement: the county, each township and each village (what a
 * Friday snapshot keeps).
 */
export async function everyRegionIndicators(db: Kysely<DB>, countyCode: string, asOf: string): Promise<RegionIndicators[]> {
  checkDay(asOf);
  const top = await tableOf(db, countyCode, `${countyCode}000000`, asOf);
  return [top.total, ...top.rows, ...top.villageRows.map((v) => regionIndicators(v.code, v.name, 'village', [v]))];
}

export const DRILL_FIGURES = ['shouldEnrolRegistry', 'notEnrolled', 'enrolled', 'payers', 'paidThisYear', 'renewalBase', 'renewals', 'notRenewed', 'pensioners', 'enrolled60Plus', 'collected'] as const;
export type DrillFigure = (typeof DRILL_FIGURES)[number];

export interface DrillPerson {
  readonly residentId: number;
  readonly name: string;
  readonly idNumberMasked: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly villageCode: string;
  readonly villageName: string;
  readonly enrolled: boolean;
  readonly pensioner: boolean;
  readonly paidThisYear: boolean;
  readonly paidLastYear: boolean;
  /** For `collected`: the person's individual premiums of the year paid by the day (fen). */
  readonly amount: number | null;
}

const FIGURE_WHERE: Readonly<Record<Exclude<DrillFigure, 'shouldEnrolRegistry' | 'notEnrolled' | 'collected'>, ReturnType<typeof sql>>> = {
  enrolled: sql`true`,
  payers: sql`not p.pensioner`,
  paidThisYear: sql`not p.pensioner and p.paid_now`,
  renewalBase: sql`not p.pensioner and p.paid_last`,
  renewals: sql`not p.pensioner and p.paid_last and p.paid_now`,
  notRenewed: sql`not p.pensioner and p.paid_last and not p.paid_now`,
  pensioners: sql`p.pensioner`,
  enrolled60Plus: sql`p.aged60`,
};

/**
 * The people behind one figure of a region as of a day (each figure's count in `indicatorTable` is the `total`
 * here), ordered by village and name, a page at a time. `notEnrolled`: should enrol (registry) but not enrolled on
 * the day; `notRenewed`: paid last year, not yet this year. ID numbers masked.
 */
export async function drillDown(
  db: Kysely<DB>,
  countyCode: string,
  regionCode: string,
  asOf: string,
  figure: DrillFigure,
  page: number,
  pageSize: number,
): Promise<{ items: DrillPerson[]; total: number; amount: number | null }> {
  checkDay(asOf);
  const prefix = regionScopePrefix(regionCode);
  const year = Number(asOf.slice(0, 4));
  const cut = endOfChinaDay(asOf);
  let chosen;
  if (figure === 'shouldEnrolRegistry' || figure === 'notEnrolled') {
    chosen = sql`select g.resident_id, p.resident_id is not null as enrolled, coalesce(p.pensioner, false) as pensioner, coalesce(p.paid_now, false) as paid_now,
                        coalesce(p.paid_last, false) as paid_last, null::int8 as amount
                 from registry g left join people p on p.resident_id = g.resident_id
                 ${figure === 'notEnrolled' ? sql`where p.resident_id is null` : sql``}`;
  } else if (figure === 'collected') {
    chosen = sql`select c.resident_id, p.resident_id is not null as enrolled, coalesce(p.pensioner, false) as pensioner, true as paid_now,
                        coalesce(p.paid_last, false) as paid_last, sum(c.individual)::int8 as amount
                 from contribution c left join people p on p.resident_id = c.resident_id
                 where c.county_code = ${countyCode} and c.village_code like ${`${prefix}%`} and c.year = ${year} and c.paid_on <= ${asOf}::date
                   and (c.status = 'posted' or c.reversed_at >= ${cut})
                 group by c.resident_id, p.resident_id, p.pensioner, p.paid_last`;
  } else {
    chosen = sql`select p.resident_id, true as enrolled, p.pensioner, p.paid_now, p.paid_last, null::int8 as amount from people p where ${FIGURE_WHERE[figure]}`;
  }
  const statement = sql<{
    resident_id: number;
    name: string;
    id_number: string;
    sex: 'M' | 'F';
    birth_date: string;
    village_code: string;
    village_name: string;
    enrolled: boolean;
    pensioner: boolean;
    paid_now: boolean;
    paid_last: boolean;
    amount: number | null;
    total: number;
    total_amount: number | null;
  }>`
    with ${peopleCtes(countyCode, prefix, asOf)},
    chosen as (${chosen})
    select x.resident_id, r.name, r.id_number, r.sex, r.birth_date, r.village_code, v.name as village_name, x.enrolled, x.pensioner, x.paid_now, x.paid_last, x.amount,
           (count(*) over ())::int as total, (sum(x.amount) over ())::int8 as total_amount
    from chosen x
    join resident r on r.county_code = ${countyCode} and r.id = x.resident_id
    join region v on v.code = r.village_code
    order by r.village_code, r.name, r.id
    limit ${pageSize} offset ${(page - 1) * pageSize}`;
  const result = await withReportMemory(db, (tx) => statement.execute(tx));
  let total = result.rows[0]?.total ?? 0;
  let amount = result.rows[0]?.total_amount ?? null;
  if (result.rows.length === 0 && page > 1) {
    // Past the last page: the count still answers.
    const again = await drillDown(db, countyCode, regionCode, asOf, figure, 1, 1);
    total = again.total;
    amount = again.amount;
  }
  return {
    items: result.rows.map((r) => ({
      residentId: r.resident_id,
      name: r.name,
      idNumberMasked: maskIdNumber(r.id_number),
      sex: r.sex,
      birthDate: r.birth_date,
      villageCode: r.village_code,
      villageName: r.village_name,
      enrolled: r.enrolled,
      pensioner: r.pensioner,
      paidThisYear: r.paid_now,
      paidLastYear: r.paid_last,
      amount: r.amount,
    })),
    total,
    amount: figure === 'collected' ? (amount ?? 0) : null,
  };
}
