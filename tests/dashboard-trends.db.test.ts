// The dashboard's monthly trends, worked by hand: people enrolled and pensioners at each month's end, premiums
// collected and pensions paid in the month, for the county and for a township; and this month's late and missing
// units of the monthly cycle for those who see it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestClock } from '../src/http/clock.js';
import { indicatorTable } from '../src/modules/indicators/service.js';
import { monthlyTrends } from '../src/modules/regions/trends.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type TestApp } from './support/test-app.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  // 甲 pays 100.00 in March 2024, 2025 and 2026; 乙 (the other township) in March 2026.
  await enrolledPerson(t, { name: '缴费甲', birth: '1980-05-01', village: HOME.village, years: 3, firstYear: 2024 });
  await enrolledPerson(t, { name: '缴费乙', birth: '1981-05-01', village: HOME.otherVillage, years: 1, firstYear: 2026 });
  // 丙 enrolled from February 2026 (no premium yet); 丁 left the scheme on 10 March 2026.
  const c = await enrolledPerson(t, { name: '新保丙', birth: '1990-01-01', village: HOME.siblingVillage, years: 0, firstYear: 2026 });
  await db.updateTable('enrolment').set({ first_month: '2026-02' }).where('resident_id', '=', c).execute();
  const d = await enrolledPerson(t, { name: '退保丁', birth: '1985-01-01', village: HOME.village, years: 1, firstYear: 2020 });
  await db.updateTable('enrolment').set({ status: 'terminated', payment_status: 'ended', terminated_on: '2026-03-10', termination_reason: 'other' }).where('resident_id', '=', d).execute();
  // 戊, 60 in January 2026 after 15 years of premiums, draws a pension from February; the bank paid 123.45 of March's payroll.
  const p = await enrolledPerson(t, { name: '领取戊', birth: '1966-01-15', village: HOME.village, years: 15, firstYear: 2011 });
  const reviewer = await t.signIn(t.users.benefit_reviewer);
  const award = await reviewer.send('POST', '/api/pensions/award', { month: '2026-02', residentIds: [p] });
  expect(award.status).toBe(200);
  const pension = await db.selectFrom('pension').select(['id', 'start_month']).where('resident_id', '=', p).executeTakeFirstOrThrow();
  expect(pension.start_month).toBe('2026-02');
  // The payment alone is what the trend reads; its payroll stands in for one generated, approved and settled.
  const job = await db.insertInto('job').values({ county_code: '370783', kind: 'payroll', period: '2026-03', status: 'done', result: JSON.stringify({}) }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('payroll').values({ county_code: '370783', month: '2026-03', status: 'settled', job_id: job.id }).execute();
  await db
    .insertInto('pension_payment')
    .values({ county_code: '370783', month: '2026-03', pension_id: pension.id, resident_id: p, village_code: HOME.village, from_month: '2026-03', to_month: '2026-03', months: 1, basic_pension: 12345, from_account: 0, from_pool: 0, amount: 12345, status: 'paid' })
    .execute();
});
afterAll(async () => {
  setTestClock(null);
  await t.close();
});

describe('monthly trends', () => {
  it('counts the county month by month as worked by hand', async () => {
    const months = await monthlyTrends(t.database.db, '370783', '370783', '2026-04', 4);
    expect(months).toEqual([
      { month: '2026-01', enrolled: 4, pensioners: 0, collected: 0, payers: 0, paid: 0 },
      { month: '2026-02', enrolled: 5, pensioners: 1, collected: 0, payers: 0, paid: 0 },
      { month: '2026-03', enrolled: 4, pensioners: 1, collected: 20000, payers: 2, paid: 12345 },
      { month: '2026-04', enrolled: 4, pensioners: 1, collected: 0, payers: 0, paid: 0 },
    ]);
  });

  it('keeps to the township asked for', async () => {
    const months = await monthlyTrends(t.database.db, '370783', '370783001', '2026-04', 4);
    expect(months.map((m) => [m.month, m.enrolled, m.collected, m.payers])).toEqual([
      ['2026-01', 3, 0, 0],
      ['2026-02', 4, 0, 0],
      ['2026-03', 3, 10000, 1],
      ['2026-04', 3, 0, 0],
    ]);
  });

  it('leaves out a reversed premium', async () => {
    // 甲's 2025 premium reversed (recorded in error): March 2025 collects only 戊's.
    const row = await t.database.db.selectFrom('contribution').innerJoin('resident', 'resident.id', 'contribution.resident_id').select('contribution.id').where('resident.name', '=', '缴费甲').where('year', '=', 2025).executeTakeFirstOrThrow();
    const manager = await t.signIn(t.users.account_manager);
    expect((await manager.send('POST', `/api/contributions/${row.id}/reverse`, { reason: '重复录入' })).status).toBe(200);
    const months = await monthlyTrends(t.database.db, '370783', '370783', '2025-03', 1);
    expect(months).toEqual([{ month: '2025-03', enrolled: 4, pensioners: 0, collected: 10000, payers: 1, paid: 0 }]);
  });

  it('answers GET /api/dashboard/trends up to this month, with the monthly cycle for those who see it', async () => {
    setTestClock('2026-04-15T10:00:00+08:00');
    const director = await t.signIn(t.users.county_director);
    const res = await director.get('/api/dashboard/trends?months=4');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { months: { month: string; enrolled: number; paid: number }[]; cycle?: { month: string; villages: Record<string, number>; townships: Record<string, number> } };
    expect(body.months.map((m) => [m.month, m.enrolled, m.paid])).toEqual([
      ['2026-01', 4, 0],
      ['2026-02', 5, 0],
      ['2026-03', 4, 12345],
      ['2026-04', 4, 0],
    ]);
    // On 15 April no village (deadline the 3rd) and no township (the 5th) has submitted April.
    expect(body.cycle).toEqual({ month: '2026-04', villages: { onTime: 0, late: 0, missing: 4, pending: 0 }, townships: { onTime: 0, late: 0, missing: 2, pending: 0 } });

    // The townships ranked by participation today, as the indicators page has them.
    const ranking = (body as unknown as { ranking?: { code: string; name: string; participation: number | null }[] }).ranking;
    const table = await indicatorTable(t.database.db, '370783', '370783000000', '2026-04-15');
    expect(ranking?.map((r) => r.name).sort()).toEqual(['圣城街道', '田柳镇'].sort());
    for (const r of ranking!) {
      const row = table.rows.find((x) => x.code === r.code)!;
      expect(r.participation).toBe(row.rates.participationHukou ?? row.rates.participationRegistry);
    }
    expect(ranking![0]!.participation!).toBeGreaterThanOrEqual(ranking![1]!.participation!);

    const coordinator = await t.signIn(t.users.village_coordinator);
    const own = (await (await coordinator.get('/api/dashboard/trends?months=4')).json()) as { months: { enrolled: number }[]; cycle?: { villages: Record<string, number> } };
    expect(own.months.map((m) => m.enrolled)).toEqual([3, 3, 2, 2]); // 甲, 丁 (left in March) and 戊 in the coordinator's village
    expect(own.cycle?.villages.missing).toBe(1);
    expect((own as { ranking?: unknown }).ranking).toBeUndefined(); // a village has no townships to rank

    const admin = await t.signIn(t.users.system_admin);
    const noCycle = (await (await admin.get('/api/dashboard/trends?months=4')).json()) as { cycle?: unknown };
    expect(noCycle.cycle).toBeUndefined();
    expect((await director.get('/api/dashboard/trends?months=1')).status).toBe(400);
  });
});
