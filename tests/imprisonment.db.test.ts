// Imprisonment (服刑, issue 7): the pension is suspended from the month the sentence began, the payroll lines the
// bank does not have are withdrawn, a certification does not resume it, and after release it resumes without
// the months inside (dated parameter imprisonmentBackPay, national default: no back pay).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
let coord: Session;
let pensionId = 0;

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
async function payroll(month: string) {
  expect((await reviewer.send('POST', '/api/payroll', { month })).status).toBe(202);
  await t.jobs.idle();
  expect((await finance.send('POST', `/api/payroll/${month}/approve`)).status).toBe(200);
  return (await json(await reviewer.get(`/api/payroll/${month}/lines?pageSize=50`))).items.find((l: { pensionId: number }) => l.pensionId === pensionId);
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  coord = await t.signIn(t.users.village_coordinator);
  const id = await enrolledPerson(t, { name: '周某', birth: '1946-04-04', village: HOME.village, years: 0, firstYear: 2010, sex: 'M' });
  pensionId = (await json(await reviewer.send('POST', '/api/pensions/award', { month: '2026-01', residentIds: [id] }))).pensionIds[0];
  await setPaidThrough(t.database.db, '2025-12', { id: pensionId });
});
afterAll(async () => {
  await t.close();
});

describe('imprisonment', () => {
  it('suspends from the month the sentence began and withdraws the unsent line', async () => {
    expect(await payroll('2026-01')).toMatchObject({ months: 1, status: 'pending' });
    const res = await reviewer.send('POST', `/api/pensions/${pensionId}/imprisonment`, { fromMonth: '2026-01', note: '判决书（2026）鲁0783刑初12号' });
    expect(res.status).toBe(200);
    expect((await json(await reviewer.get('/api/payroll/2026-01/lines?pageSize=50'))).items[0]).toMatchObject({ status: 'withdrawn', withdrawnReason: expect.stringContaining('服刑') });
    expect((await coord.send('POST', `/api/pensions/${pensionId}/imprisonment`, { fromMonth: '2026-01' })).status).toBe(403);
    expect((await reviewer.send('POST', `/api/pensions/${pensionId}/imprisonment`, { fromMonth: '2026-02' })).status).toBe(409);
  });

  it('a certification records but does not resume; no payroll pays it while suspended', async () => {
    const cert = await json(await coord.send('POST', '/api/pensions/certify', { pensionIds: [pensionId], method: 'visit' }));
    expect(cert).toMatchObject({ recorded: 1, resumed: 0 });
    expect(await payroll('2026-02')).toBeUndefined();
  });

  it('resumes after release from the month given, without the months inside', async () => {
    const res = await json(await reviewer.send('POST', `/api/pensions/${pensionId}/imprisonment`, { resumeFrom: '2026-04' }));
    expect(res).toMatchObject({ ok: true, skippedMonths: 3 });
    // April pays one month (2026 floor 163.00); January to March are never paid: the pension counts as paid through
    // March, so a March payroll would be empty and is refused.
    expect(await json(await reviewer.send('POST', '/api/payroll', { month: '2026-03' }))).toMatchObject({ code: 'PAYROLL_MONTH_COVERED', field: 'month' });
    expect(await payroll('2026-04')).toMatchObject({ fromMonth: '2026-04', toMonth: '2026-04', months: 1, basicPension: 16300 });
    const bad = await reviewer.send('POST', `/api/pensions/${pensionId}/imprisonment`, { resumeFrom: '2026-05' });
    expect(bad.status).toBe(409);
  });
});
