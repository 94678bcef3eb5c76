// The pension starts the month after every condition is met (DOMAIN.md §5): the examples of issue 7 over the
// real app. A person enrolled today is never paid for the years before; a person who owes premiums is not
// eligible until they are paid, and the due list says why in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { addMonths, idCheckChar } from '../src/rules/index.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let clerk: Session;
let auditor: Session;
let reviewer: Session;
const id = (birth: string, seq: string) => `370783${birth}${seq}${idCheckChar(`370783${birth}${seq}`)}`;
const nextMonth = addMonths(chinaToday().slice(0, 7), 1);

beforeAll(async () => {
  t = await createTestApp();
  coord = await t.signIn(t.users.village_coordinator);
  clerk = await t.signIn(t.users.township_clerk);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  reviewer = await t.signIn(t.users.benefit_reviewer);
});
afterAll(async () => {
  await t.close();
});

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe('the start month follows the day every condition was met', () => {
  it('a person 60 at the scheme start who enrols today (even with a first month typed in 2010) starts next month, and the first payroll pays one month', async () => {
    const app = await json(
      await coord.send('POST', '/api/enrolment/applications', {
        idNumber: id('19400301', '214'),
        name: '赵老太',
        sex: 'F',
        villageCode: HOME.village,
        relation: '户主',
        phone: '13800000009',
        firstMonth: '2010-01',
        notFullTimeStudent: true,
        noOtherStatePension: true,
      }),
    );
    expect(app.id).toBeGreaterThan(0);
    expect((await clerk.send('POST', '/api/enrolment/applications/review', { ids: [app.id], approve: true })).status).toBe(200);
    const confirmed = await json(await auditor.send('POST', '/api/enrolment/applications/confirm', { ids: [app.id], approve: true }));
    expect(confirmed.approved).toBe(1);
    const due = await json(await reviewer.get(`/api/pensions/due?month=${nextMonth}&q=赵老太`));
    expect(due.items).toHaveLength(1);
    expect(due.items[0]).toMatchObject({ category: 'noContribution', startMonth: nextMonth, eligible: true, backPayRequired: 0, conditionsMetOn: chinaToday() });
    expect(due.items[0].reason['zh-CN']).toContain('不用缴费');
    // Not payable this month: an award for this month refuses her.
    const now = chinaToday().slice(0, 7);
    const early = await json(await reviewer.get(`/api/pensions/due?month=${now}&q=赵老太`));
    expect(early.items[0]).toMatchObject({ eligible: false, backPayRequired: 0 });
    const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [due.items[0].residentId] }));
    expect(award).toMatchObject({ awarded: 1 });
    const pension = await t.database.db.selectFrom('pension').select(['start_month']).where('id', '=', award.pensionIds[0]).executeTakeFirstOrThrow();
    expect(pension.start_month).toBe(nextMonth);
  });

  it('a person 59 at the scheme start who never paid is not eligible and is told to back-pay one year', async () => {
    await enrolledPerson(t, { name: '钱大叔', birth: '1950-06-10', village: HOME.village, years: 0, firstYear: 2010 });
    const due = await json(await reviewer.get(`/api/pensions/due?month=${nextMonth}&q=钱大叔`));
    expect(due.items[0]).toMatchObject({ category: 'transitional', eligible: false, backPayRequired: 1, conditionsMetOn: null });
    expect(due.items[0].reason['zh-CN']).toContain('还须补缴 1 年');
    expect(due.items[0].reason.en).toContain('must be back-paid');
    const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: nextMonth, residentIds: [due.items[0].residentId] }));
    expect(award.awarded).toBe(0);
    expect(award.refused[0].code).toBe('PENSION_BACKPAY_REQUIRED');
  });
});
