/**
 * Enrolment state for the demo county, so the pages have something to show: most residents of 16 or
 * more are enrolled (deterministically, by a hash of the ID number), with a realistic share of hardship
 * identities, each paid to a bank card of their own; a few applications wait at each step of the workflow (and two
 * were sent back) in the coordinator's village of 圣城街道 for the demo accounts.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { deferConstraints } from './bulk-load.js';

/** The scheme started in Shouguang in December 2009 (seed: shouguang-township-extension.txt). */
const SCHEME_START_MONTH = '2009-12';

export interface DemoEnrolmentSummary {
  readonly enrolled: number;
  readonly applications: number;
}

/**
 * The Luhn check digit of the 18-digit `c.card`, as one SQL expression (no set-returning function per row):
 * from the right, every other digit starting with the rightmost is doubled (its digits summed).
 */
const LUHN_DIGIT = sql.raw(
  `((10 - (${Array.from({ length: 18 }, (_, k) => {
    const i = k + 1;
    const digit = `substr(c.card, ${i}, 1)::int`;
    return (18 - i) % 2 === 0 ? `(${digit} * 2 / 10 + ${digit} * 2 % 10)` : digit;
  }).join(' + ')}) % 10) % 10)::text`,
);

/**
 * Enrols most adults of the county (a new enrolment table: one statement, its secondary index and foreign keys
 * rebuilt after it, see ./bulk-load.ts), each with a bank card, and files the coordinator's applications. `today`: China date.
 */
export async function createDemoEnrolment(db: Kysely<DB>, countyCode: string, today: string): Promise<DemoEnrolmentSummary> {
  return db.transaction().execute(async (tx) => {
    const deferred = await deferConstraints(tx, ['enrolment']);
    // A number 0..999 per person from their ID number: the same people every time.
    const draw = sql`(('x' || substr(md5(r.id_number), 1, 6))::bit(24)::int % 1000)`;
    const enrolled = await sql<{ n: number }>`
      with chosen as (
        select r.county_code, r.id, r.village_code, r.birth_date, r.id_number, ${draw} as d
        from resident r
        where r.county_code = ${countyCode}
          and r.birth_date <= (${today}::date - interval '16 years')
      ), inserted as (
        insert into enrolment (county_code, resident_id, village_code, identity, status, payment_status, first_month, card_number, bank_account)
        select county_code, id, village_code,
          case when d < 6 then 'disabledGrade1' when d < 10 then 'disabledGrade2' when d < 30 then 'minimumLivingAllowance'
               when d < 38 then 'extremeHardship' when d < 45 then 'familyPlanningSupport' else 'ordinary' end,
          'normal',
          case when birth_date <= (${today}::date - interval '60 years') then 'ended' else 'paying' end,
          greatest(${SCHEME_START_MONTH}, to_char(birth_date + interval '16 years', 'YYYY-MM')),
          id_number, c.card || ${LUHN_DIGIT}
        from chosen
          -- Each enrolled person's pension is paid to their own bank card (农行 622848…, 19 digits with the Luhn check digit).
          -- (offset 0: computed once per person, not inlined into each of the check digit's 18 references.)
          cross join lateral (select '622848' || lpad(((('x' || substr(md5(id_number || 'card'), 1, 12))::bit(48)::int8) % 1000000000000)::text, 12, '0') as card offset 0) c
        -- The coordinator's village (the first of 圣城街道) has more people still to enrol: they wait in the workflow.
        where d < case when village_code = ${`${countyCode}001001`} then 800 else 880 end
        returning 1
      )
      select count(*)::int as n from inserted`.execute(tx);

    // The first village of 圣城街道 is the coordinator's: some of its people not yet enrolled wait in the workflow
    // (submitted by the coordinator, approved by the township, or sent back with a reason).
    const staff = new Map(
      (await tx.selectFrom('staff_user').select(['id', 'username']).where('username', 'in', ['coord_shengcheng', 'clerk_shengcheng']).execute()).map((u) => [u.username, u.id]),
    );
    const coordinator = staff.get('coord_shengcheng');
    const clerk = staff.get('clerk_shengcheng');
    let applications = 0;
    if (coordinator !== undefined && clerk !== undefined) {
      const inserted = await sql<{ n: number }>`
        with waiting as (
          select r.*, h.household_no, row_number() over (order by r.id) as k
          from resident r
          join household h on h.county_code = r.county_code and h.id = r.household_id
          where r.county_code = ${countyCode} and r.village_code = ${`${countyCode}001001`}
            and r.birth_date <= (${today}::date - interval '16 years')
            and not exists (select from enrolment e where e.county_code = r.county_code and e.resident_id = r.id)
        ), inserted as (
          insert into enrolment_application (county_code, status, id_number, name, sex, birth_date, ethnicity, village_code, household_no,
            relation, phone, address, identity, first_month, application_date, submitted_by, township_by, township_at, rejected_stage, reject_reason)
          select county_code, case when k <= 8 then 'submitted' when k <= 14 then 'township_approved' else 'rejected' end, id_number, name, sex, birth_date, ethnicity,
            village_code, household_no, relation, phone, address, 'ordinary', to_char(${today}::date, 'YYYY-MM'), ${today}::date,
            ${coordinator}, case when k <= 8 then null else ${clerk}::bigint end, case when k <= 8 then null else now() end,
            case when k > 14 then 'township' end,
            case when k > 14 then '已参加城镇职工基本养老保险，不属于参保范围（请核实后再报）' end
          from waiting where k <= 16
          returning 1
        )
        select count(*)::int as n from inserted`.execute(tx);
      applications = inserted.rows[0]?.n ?? 0;
    }
    await deferred.restore();
    await sql`analyze enrolment, enrolment_application`.execute(tx);
    return { enrolled: enrolled.rows[0]?.n ?? 0, applications };
  });
}
