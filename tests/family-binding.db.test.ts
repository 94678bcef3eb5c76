// 捆绑缴费 in the payroll (issue 7 part 5): while the rule is on (nationally until 2014-02-20, 国发〔2009〕32号 §七
// and the 2011 township plan), a parent who was 60 at the scheme start is not paid the basic pension for the
// months in which a child who paid last year has not paid this year by 31 March; the late payment resumes it
// from the month after and the stopped months are never paid back. Hand-computed: the 2012 floor is 55.00.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
const ids: Record<string, number> = {};

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
async function payroll(month: string) {
  expect((await reviewer.send('POST', '/api/payroll', { month })).status).toBe(202);
  await t.jobs.idle();
  expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
  const lines = await json(await reviewer.get(`/api/payroll/${month}/lines?pageSize=50`));
  return lines.items.find((l: { name: string }) => l.name === '王父');
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  const db = t.database.db;
  // 王父: 64 at the scheme start, head of household 1, no account. 王子: his son, paid 2010 and 2011 on 15 March.
  ids.父 = await enrolledPerson(t, { name: '王父', birth: '1945-03-01', village: HOME.village, years: 0, firstYear: 2010, sex: 'M' });
  ids.子 = await enrolledPerson(t, { name: '王子', birth: '1975-05-01', village: HOME.village, years: 2, firstYear: 2010, sex: 'M' });
  const household = (await db.selectFrom('resident').select('household_id').where('id', '=', ids.父!).executeTakeFirstOrThrow()).household_id;
  await db.updateTable('resident').set({ relation: '户主' }).where('id', '=', ids.父!).execute();
  await db.updateTable('resident').set({ relation: '子', household_id: household }).where('id', '=', ids.子!).execute();
  expect((await json(await reviewer.send('POST', '/api/pensions/award', { month: '2012-04', residentIds: [ids.父] }))).awarded).toBe(1);
  await setPaidThrough(db, '2012-03', { residentId: ids.父! });
});
afterAll(async () => {
  await t.close();
});

describe('family binding in the payroll', () => {
  it('withholds the basic pension of April 2012: the son paid 2011 but not 2012 by 31 March', async () => {
    const april = await payroll('2012-04');
    expect(april).toMatchObject({ months: 1, basicPension: 0, withheldBasic: 5500, amount: 0 });
    expect(april.withheldReason).toContain('王子');
    expect(april.withheldReason).toContain('2012-03-31');
    // The list of affected parents.
    const affected = await json(await reviewer.get('/api/payroll/2012-04/lines?withheld=yes'));
    expect(affected.items.map((l: { name: string }) => l.name)).toEqual(['王父']);
  });

  it('a late payment in May resumes the pension from June; April and May are never paid back', async () => {
    const staff = await t.database.db.selectFrom('staff_user').select('id').where('username', '=', t.users.account_manager).executeTakeFirstOrThrow();
    await t.database.db
      .insertInto('contribution')
      .values({ county_code: '370783', resident_id: ids.子!, village_code: HOME.village, year: 2012, kind: 'yearly', tier: 10000, identity: 'ordinary', individual: 10000, hardship_payment: 0, government_subsidy: 3000, collective_subsidy: 0, sponsorship: 0, total_credited: 13000, paid_on: '2012-05-20', channel: 'cash', receipt_no: 'SG-2012-0001', recorded_by: staff.id })
      .execute();
    expect(await payroll('2012-05')).toMatchObject({ basicPension: 0, withheldBasic: 5500 });
    expect(await payroll('2012-06')).toMatchObject({ months: 1, basicPension: 5500, withheldBasic: 0, amount: 5500, withheldReason: null });
  });

  it('is off from 2014-02-21 (国发〔2014〕8号 drops the condition)', async () => {
    await setPaidThrough(t.database.db, '2014-03', { residentId: ids.父! });
    // The son never paid 2014: no effect once the rule is off.
    expect(await payroll('2014-04')).toMatchObject({ basicPension: 5500, withheldBasic: 0 });
  });
});
