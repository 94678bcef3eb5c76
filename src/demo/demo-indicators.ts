/**
 * Management indicators for the demo county (issue 12): this year's hukou statistics per village (the registry's
 * should-enrol count give or take a few per cent, as the police figures never quite agree with the scheme's),
 * a few students and employee-scheme members marked in the registry, this year's targets (each village 90 % of its
 * hukou should-enrol, rounded up, and its premiums of the year — last year's before any — × 92–105 % as its
 * collection target, so that the yearly assessment at 31 March finds villages above and below their task; each
 * township the sum of its villages, as the county contracts them down — its collection target to the nearest
 * thousand yuan), and the Friday snapshots of the year (every fourth Friday from January, then the last four weeks)
 * so the weekly report and its chart show a year.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { takeSnapshot, fridayOnOrBefore } from '../modules/indicators/snapshots.js';
import { addDays } from '../rules/index.js';

export interface DemoIndicatorSummary {
  readonly hukouVillages: number;
  readonly targets: number;
  readonly snapshots: number;
}

export async function createDemoIndicators(db: Kysely<DB>, countyCode: string, today: string): Promise<DemoIndicatorSummary> {
  const year = Number(today.slice(0, 4));
  const staff = await db.selectFrom('staff_user').select('id').where('username', '=', 'auditor').executeTakeFirst();
  if (!staff) return { hukouVillages: 0, targets: 0, snapshots: 0 };
  const draw = sql`(('x' || substr(md5(r.id_number || 'ind'), 1, 6))::bit(24)::int % 1000)`;
  // Full-time students among the young adults not enrolled, and people in the employee scheme among those of working age.
  await sql`update resident r set student_until = ${`${year + 2}-07-01`}::date
    where r.county_code = ${countyCode} and r.birth_date > ${today}::date - interval '23 years' and r.birth_date <= ${today}::date - interval '16 years'
      and not exists (select 1 from enrolment e where e.county_code = r.county_code and e.resident_id = r.id) and ${draw} < 600`.execute(db);
  await sql`update resident r set employee_scheme_from = ${`${year - 5}-01-01`}::date
    where r.county_code = ${countyCode} and r.birth_date > ${today}::date - interval '55 years' and r.birth_date <= ${today}::date - interval '25 years'
      and not exists (select 1 from enrolment e where e.county_code = r.county_code and e.resident_id = r.id) and ${draw} < 500`.execute(db);
  const hukou = await sql<{ n: number }>`
    with adults as (
      select r.village_code, count(*) filter (where r.birth_date <= ${today}::date - interval '16 years'
               and (r.student_until is null or r.student_until < ${today}::date) and r.employee_scheme_from is null)::int as should,
             count(*)::int as population
      from resident r where r.county_code = ${countyCode} group by r.village_code
    ), inserted as (
      insert into hukou_statistic (county_code, year, village_code, population, should_enrol, file_name, imported_by)
      select ${countyCode}, ${year}, a.village_code,
             a.population + (('x' || substr(md5(a.village_code || 'pop'), 1, 4))::bit(16)::int % 40),
             greatest(0, least(a.population, a.should + (('x' || substr(md5(a.village_code), 1, 4))::bit(16)::int % 7) - 3)),
             ${`${year}年户籍统计（公安局）.xlsx`}, ${staff.id}
      from adults a
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from inserted`.execute(db);
  const villages = await sql<{ n: number }>`
    with inserted as (
      insert into indicator_target (county_code, year, region_code, level, enrolled, collected, set_by)
      select h.county_code, h.year, h.village_code, 'village', (h.should_enrol * 9 + 9) / 10,
             -- The collection target: the premiums the village was expected to bring in (this year's as collected, or
             -- last year's before any) × 92–105 %, in whole tens of yuan.
             (expected.amount * (92 + ('x' || substr(md5(h.village_code || 'task'), 1, 4))::bit(16)::int % 14) / 100 / 1000) * 1000,
             ${staff.id}
      from hukou_statistic h
      left join (select village_code, coalesce(sum(individual) filter (where year = ${year}), 0)::int8 as now,
                        coalesce(sum(individual) filter (where year = ${year - 1}), 0)::int8 as last
                 from contribution where county_code = ${countyCode} and year in (${year}, ${year - 1}) and status = 'posted' group by village_code) c on c.village_code = h.village_code
      cross join lateral (select case when coalesce(c.now, 0) > 0 then c.now else coalesce(c.last, 0) end as amount) expected
      where h.county_code = ${countyCode} and h.year = ${year}
      on conflict do nothing
      returning 1
    )
    select count(*)::int as n from inserted`.execute(db);
  await sql`insert into indicator_target (county_code, year, region_code, level, enrolled, collected, set_by)
    select ${countyCode}, ${year}, substr(region_code, 1, 9) || '000', 'township', sum(enrolled)::int, round(sum(collected) / 100000.0)::int8 * 100000, ${staff.id}
    from indicator_target where county_code = ${countyCode} and year = ${year} and level = 'village'
    group by substr(region_code, 1, 9)
    on conflict do nothing`.execute(db);
  const lastFriday = fridayOnOrBefore(addDays(today, -1));
  const days = new Set<string>();
  for (let d = fridayOnOrBefore(`${year}-01-31`); d <= lastFriday; d = addDays(d, 28)) days.add(d);
  for (let i = 0; i < 4; i++) days.add(addDays(lastFriday, -7 * i));
  for (const day of [...days].sort()) await takeSnapshot(db, countyCode, day);
  const townships = await db.selectFrom('indicator_target').select((eb) => eb.fn.countAll<number>().as('n')).where('county_code', '=', countyCode).where('year', '=', year).executeTakeFirstOrThrow();
  return { hukouVillages: hukou.rows[0]?.n ?? 0, targets: Number(townships.n), snapshots: days.size };
}
