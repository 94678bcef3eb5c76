// Two resident pensions in two counties (重复领取, issue 7): the person keeps the first one awarded; the county
// with the later one sees it on its list, stops it from its start month, recovers the basic pension the bank
// paid (set off against the refund first) and refunds the account less the government subsidies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, OTHER_COUNTY, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
let bank: Session;
let coord: Session;
let pensionId = 0;
let residentId = 0;

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
function returnFile() {
  const form = new FormData();
  form.append('file', new File(['付款编号,公民身份号码,失败原因\n'], 'return.csv', { type: 'text/csv' }));
  return form;
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  bank = await t.signIn(t.users.agent_bank);
  coord = await t.signIn(t.users.village_coordinator);
  const db = t.database.db;
  // 吴某: 60 at the scheme start, 4 years of 100.00 + 30.00 here (寿光), and a pension in 青州 awarded in 2020.
  residentId = await enrolledPerson(t, { name: '吴某', birth: '1947-07-07', village: HOME.village, years: 4, firstYear: 2010, sex: 'M', bankAccount: '6228480099990001' });
  const r = await db.selectFrom('resident').selectAll().where('id', '=', residentId).executeTakeFirstOrThrow();
  const household = await db.insertInto('household').values({ county_code: '370781', village_code: OTHER_COUNTY.village, household_no: 'QZ-0001' }).returning('id').executeTakeFirstOrThrow();
  const other = await db
    .insertInto('resident')
    .values({ county_code: '370781', id_number: r.id_number, name: r.name, sex: r.sex, birth_date: r.birth_date, village_code: OTHER_COUNTY.village, household_id: household.id, relation: '户主' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('enrolment').values({ county_code: '370781', resident_id: other.id, village_code: OTHER_COUNTY.village, identity: 'ordinary', first_month: '2010-01', payment_status: 'ended' }).execute();
  const staff = await db.selectFrom('staff_user').select('id').where('username', '=', t.users.benefit_reviewer).executeTakeFirstOrThrow();
  await db
    .insertInto('pension')
    .values({
      county_code: '370781', resident_id: other.id, village_code: OTHER_COUNTY.village, pension_age_date: '2007-07-07', start_month: '2010-01', category: 'noContribution',
      contribution_years: 0, central_basic: 5500, local_top_up: 0, long_contribution_extra: 0, basic_pension: 5500, account_balance: 0, account_pension: 0, monthly_pension: 5500,
      balances: '{}', account_pension_by_source: '{}', explanation: '[]', awarded_by: staff.id, awarded_at: new Date('2020-05-01T00:00:00Z'),
    })
    .execute();
  // Here the pension is awarded now, paid from 2026-01 by the bank.
  pensionId = (await json(await reviewer.send('POST', '/api/pensions/award', { month: '2026-01', residentIds: [residentId] }))).pensionIds[0];
  await setPaidThrough(db, '2025-12', { id: pensionId });
  expect((await reviewer.send('POST', '/api/payroll', { month: '2026-01' })).status).toBe(202);
  await t.jobs.idle();
  expect((await finance.send('POST', '/api/payroll/2026-01/approve')).status).toBe(200);
  expect((await bank.get('/api/payroll/2026-01/bank-file')).status).toBe(200);
  expect((await bank.send('POST', '/api/payroll/2026-01/bank-return', returnFile())).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('two resident pensions in two counties', () => {
  it('are listed with the one to keep: the first awarded, in the other county', async () => {
    const list = await json(await reviewer.get('/api/pensions/duplicates'));
    expect(list.items).toEqual([expect.objectContaining({ pensionId, name: '吴某', otherCountyCode: '370781', otherCountyName: '青州市', otherStartMonth: '2010-01', keep: 'other' })]);
    expect(list.items[0].idNumberMasked).toMatch(/\*/);
    expect((await json(await coord.get('/api/pensions/duplicates'))).items).toHaveLength(1);
  });

  it('the later one is stopped from its start: the basic pension paid is recovered from the refund, the subsidies go back', async () => {
    expect((await coord.send('POST', `/api/pensions/${pensionId}/stop-duplicate`)).status).toBe(403);
    const res = await json(await reviewer.send('POST', `/api/pensions/${pensionId}/stop-duplicate`));
    expect(res.settlementId).toBeGreaterThan(0);
    const s = await t.database.db.selectFrom('death_settlement').selectAll().where('id', '=', res.settlementId).executeTakeFirstOrThrow();
    // Stopped from its own start (2010-01); the bank paid only January 2026 (163.00 basic); the account (4 × 130.00 less January's 520.00 ÷ 139 = 3.74) is refunded less 4 × 30.00 of subsidy.
    expect(s).toMatchObject({ kind: 'dual_benefit', other_benefit_from: '2010-01', overpaid_months: 1, basic_to_recover: 16300, account_to_recover: 0, recovered: 16300, recovery_status: 'recovered' });
    expect(s.inheritable + s.returned_to_pool).toBe(52000 - 374);
    const p = await t.database.db.selectFrom('pension').select(['status', 'stop_reason']).where('id', '=', pensionId).executeTakeFirstOrThrow();
    expect(p).toEqual({ status: 'stopped', stop_reason: 'dual_benefit' });
    const e = await t.database.db.selectFrom('enrolment').select(['status', 'termination_reason', 'termination_note']).where('county_code', '=', '370783').where('resident_id', '=', residentId).executeTakeFirstOrThrow();
    expect(e).toMatchObject({ status: 'terminated', termination_reason: 'other', termination_note: expect.stringContaining('青州市') });
    expect((await json(await reviewer.get('/api/pensions/duplicates'))).items).toEqual([]);
    expect((await verifyLedger(t.database.db, '370783')).ok).toBe(true);
  });
});
