import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connection.js';
import { openTestDatabase } from '../db/testing.js';
import { computeYearlyContribution, NATIONAL_PARAMETERS, type EnrolmentIdentity } from '../rules/index.js';
import { createDemoContributions, type DemoContributionSummary } from './demo-contributions.js';
import { createDemoEnrolment, type DemoEnrolmentSummary } from './demo-enrolment.js';
import { createDemoStaff } from './demo-staff.js';
import { generateDemoCounty } from './generate.js';

const TODAY = '2026-11-22';
let database: Database;
let summary: DemoEnrolmentSummary;
let paid: DemoContributionSummary;
beforeAll(async () => {
  database = await openTestDatabase();
  await generateDemoCounty(database.db, { residents: 3000, villages: 20 });
  await createDemoStaff(database.db);
  summary = await createDemoEnrolment(database.db, '370783', TODAY);
  paid = await createDemoContributions(database.db, '370783', TODAY, NATIONAL_PARAMETERS);
}, 60_000);
afterAll(async () => {
  await database.close();
});

describe('demo enrolment', () => {
  it('enrols most people of 16 or more outside the coordinator’s village, none younger', async () => {
    const { rows } = await sql<{ eligible: number; enrolled: number; young: number; inFirstVillage: number; wrongPayment: number }>`
      select
        (select count(*)::int from resident where birth_date <= ${TODAY}::date - interval '16 years' and village_code <> '370783001001') as eligible,
        (select count(*)::int from enrolment) as enrolled,
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where r.birth_date > ${TODAY}::date - interval '16 years') as young,
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where r.village_code = '370783001001') as "inFirstVillage",
        (select count(*)::int from enrolment e join resident r on r.county_code = e.county_code and r.id = e.resident_id
          where (e.payment_status = 'ended') <> (r.birth_date <= ${TODAY}::date - interval '60 years')) as "wrongPayment"`.execute(database.db);
    const r = rows[0]!;
    expect(summary.enrolled).toBe(r.enrolled);
    expect(r.enrolled / r.eligible).toBeGreaterThan(0.83);
    expect(r.enrolled / r.eligible).toBeLessThan(0.93);
    expect([r.young, r.inFirstVillage, r.wrongPayment]).toEqual([0, 0, 0]);
  });

  it('leaves applications waiting at each step for the demo accounts', async () => {
    expect(summary.applications).toBe(14);
    const byStatus = await database.db.selectFrom('enrolment_application').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').orderBy('status').execute();
    expect(byStatus.map((s) => [s.status, Number(s.n)])).toEqual([
      ['submitted', 8],
      ['township_approved', 6],
    ]);
  });
});

describe('demo contributions', () => {
  it('are paid by enrolled contributors only, once a year, each split as the policy engine splits it', async () => {
    expect(paid.contributions).toBeGreaterThan(1000);
    const rows = await database.db
      .selectFrom('contribution as c')
      .innerJoin('enrolment as e', (j) => j.onRef('e.county_code', '=', 'c.county_code').onRef('e.resident_id', '=', 'c.resident_id'))
      .select(['c.year', 'c.tier', 'c.identity', 'c.paid_on', 'c.individual', 'c.hardship_payment', 'c.government_subsidy', 'c.total_credited', 'e.payment_status'])
      .execute();
    expect(rows.length).toBe(paid.contributions);
    expect(rows.every((r) => r.payment_status === 'paying')).toBe(true);
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.year}|${r.tier}|${r.identity}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const split = computeYearlyContribution({ year: r.year, paidOn: r.paid_on, tier: r.tier, identity: r.identity as EnrolmentIdentity }, NATIONAL_PARAMETERS);
      expect([r.individual, r.hardship_payment, r.government_subsidy, r.total_credited], key).toEqual([split.individual, split.hardshipPayment, split.governmentSubsidy, split.totalCredited]);
    }
    expect(seen.size).toBeGreaterThan(10);
  });

  it('put exactly their amounts in the ledger', async () => {
    const { rows } = await sql<{ contributions: number; entries: number; mismatched: number }>`
      select (select coalesce(sum(total_credited), 0)::int8 from contribution) as contributions,
             (select coalesce(sum(amount), 0)::int8 from account_entry) as entries,
             (select count(*)::int from contribution c
               where c.total_credited <> (select coalesce(sum(a.amount), 0) from account_entry a where a.county_code = c.county_code and a.contribution_id = c.id)) as mismatched`.execute(database.db);
    expect(rows[0]!.mismatched).toBe(0);
    expect(rows[0]!.entries).toBe(rows[0]!.contributions);
    expect(paid.entries).toBeGreaterThan(paid.contributions);
  });
});
