// A death settles the months up to the death that no payment covers (DOMAIN.md §5: payable up to and including
// the month of death): here a line of three months' arrears the bank did not have is withdrawn by the death, and
// its two months before the death are paid to the heirs with the settlement. Figures by hand: 2025's floor is
// 143.00; the account 5 × (100.00 + 30.00) = 650.00 gives 650.00 ÷ 139 = 4.676… → 4.68 a month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
let auditor: Session;
let residentId = 0;

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  auditor = await t.signIn(t.users.county_enrolment_auditor);
  residentId = await enrolledPerson(t, { name: '郑某', birth: '1948-02-02', village: HOME.village, years: 5, firstYear: 2010, sex: 'M' });
  const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2026-01', residentIds: [residentId] }));
  await setPaidThrough(t.database.db, '2025-10', { id: award.pensionIds[0] });
  expect((await reviewer.send('POST', '/api/payroll', { month: '2026-01' })).status).toBe(202);
  await t.jobs.idle();
  expect((await finance.send('POST', '/api/payroll/2026-01/approve')).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

describe('a death inside unsent arrears', () => {
  it('withdraws the line and pays the months up to the death to the heirs', async () => {
    const line = (await json(await reviewer.get('/api/payroll/2026-01/lines'))).items[0];
    expect(line).toMatchObject({ fromMonth: '2025-11', toMonth: '2026-01', months: 3 });
    const res = await json(await auditor.send('POST', `/api/residents/${residentId}/terminate-enrolment`, { reason: 'death', on: '2025-12-15' }));
    const death = await json(await reviewer.get(`/api/deaths/${res.death.id}`));
    // November and December: 2 × (143.00 + 4.68) = 295.36; nothing paid after the death.
    expect(death).toMatchObject({ arrearsMonths: 2, arrearsToHeirs: 29536, amountToRecover: 0, balance: 65000 - 936, inheritable: 65000 - 936 });
    expect(death.payableToHeirs).toBe(65000 - 936 + 29536);
    expect(death.explanation.map((s: { key: string }) => s.key)).toContain('death.arrears');
    expect((await json(await reviewer.get('/api/payroll/2026-01/lines'))).items[0]).toMatchObject({ status: 'withdrawn' });
    const ledger = await verifyLedger(t.database.db, '370783');
    expect(ledger.checks.filter((c) => c.problems.length > 0)).toEqual([]);
  });
});
