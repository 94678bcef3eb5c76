// Qualification certification over the real app: the states by due date, suspension of the overdue from
// the month after the due month (as the policy engine's certificationOutcome has it), the payroll skipping
// a suspended pension, and a later certification resuming it with the suspended months paid back.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '../src/http/clock.js';
import { certificationOutcome, NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';
import { setPaidThrough } from './support/pension-fixtures.js';

let t: TestApp;
let reviewer: Session;
let coord: Session;
const pensions: Record<string, number> = {};
let serial = 800;

async function pensioner(name: string, birth: string, village: string) {
  serial += 1;
  const r = await t.database.db
    .insertInto('resident')
    .values({ county_code: '370783', id_number: `370783${birth.replace(/-/g, '')}${serial}X`, name, sex: 'F', birth_date: birth, village_code: village, household_id: 1, relation: '母' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.database.db.insertInto('enrolment').values({ county_code: '370783', resident_id: r.id, village_code: village, identity: 'ordinary', first_month: '2010-01', payment_status: 'ended' }).execute();
}

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  coord = await t.signIn(t.users.village_coordinator);
  // Born before 1949-09: aged 60 at the scheme start, basic pension only (no account).
  await pensioner('甲', '1945-03-01', HOME.village);
  await pensioner('乙', '1946-04-01', HOME.village);
  await pensioner('丙', '1947-05-01', HOME.otherVillage);
  const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-01' }));
  expect(award.awarded).toBe(3);
  for (const p of (await json(await reviewer.get('/api/pensions'))).items) pensions[p.name] = p.id;
  const set = (name: string, values: Record<string, string>) => t.database.db.updateTable('pension').set(values).where('id', '=', pensions[name]!).execute();
  await set('甲', { last_certified_on: '2025-05-01' });
  await set('乙', { last_certified_on: '2025-07-01' });
  await set('丙', { last_certified_on: '2026-01-10' });
  await setPaidThrough(t.database.db, '2025-01', { ids: Object.values(pensions) });
});
afterAll(async () => {
  await t.close();
});

describe('certification states', () => {
  it('sorts pensioners by due date into overdue, due within 30 days and current', async () => {
    const body = await json(await reviewer.get('/api/pensions/certification?asOf=2026-06-15'));
    expect(body.summary).toEqual({ overdue: 1, dueSoon: 1, suspended: 0, current: 1 });
    expect(body.items.map((r: Record<string, string>) => [r.name, r.dueDate, r.state])).toEqual([
      ['甲', '2026-05-01', 'overdue'],
      ['乙', '2026-07-01', 'dueSoon'],
      ['丙', '2027-01-10', 'current'],
    ]);
    expect((await json(await reviewer.get('/api/pensions/certification?asOf=2026-06-15&state=overdue'))).items.map((r: { name: string }) => r.name)).toEqual(['甲']);
    expect((await json(await coord.get('/api/pensions/certification?asOf=2026-06-15'))).items.map((r: { name: string }) => r.name)).toEqual(['甲', '乙']);
  });

  it('exports the list to take on visits: the village only, the states in words, a column to fill in', async () => {
    const file = await coord.get('/api/pensions/certification/export.xlsx?asOf=2026-06-15');
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await file.arrayBuffer());
    const sheet = book.getWorksheet('资格认证')!;
    expect([2, 3].map((n) => [sheet.getRow(n).getCell(2).value, sheet.getRow(n).getCell(4).value])).toEqual([
      ['甲', '已逾期'],
      ['乙', '30 天内到期'],
    ]);
    expect(sheet.getRow(1).values).toContain('认证方式及日期（入户填写）');
    expect(String(sheet.getRow(4).getCell(1).value)).toBe('截至 2026-06-15：已逾期 1 人，30 天内到期 1 人，已暂停 0 人，正常 0 人');
  });
});

describe('suspension and resumption', () => {
  it('suspends the overdue from the month after the due month, as the engine says', async () => {
    await t.database.db.updateTable('pension').set({ last_certified_on: '2024-01-15' }).where('id', '=', pensions.甲!).execute();
    expect((await coord.send('POST', '/api/pensions/suspend-overdue', {})).status).toBe(403);
    // 甲 (due 2025-01-15) and 乙 (due 2026-07-01) are both past due today.
    const body = await json(await reviewer.send('POST', '/api/pensions/suspend-overdue', {}));
    expect(body.suspended).toBe(2);
    const p = await json(await reviewer.get(`/api/pensions/${pensions.甲}`));
    const engine = certificationOutcome({ lastCertifiedOn: '2024-01-15', asOf: chinaToday(), monthlyPension: p.monthlyPension }, NATIONAL_PARAMETERS);
    expect(engine.status).toBe('suspended');
    expect(p).toMatchObject({ status: 'suspended', suspendedFrom: engine.stoppedFromMonth });
    expect(p.suspendedFrom).toBe('2025-02');
    expect((await json(await reviewer.send('POST', '/api/pensions/suspend-overdue', {}))).suspended).toBe(0);
  });

  it('the payroll skips a suspended pension; certified again, the next payroll pays the months back', async () => {
    await reviewer.send('POST', '/api/payroll', { month: '2025-03' });
    await t.jobs.idle();
    const march = await json(await reviewer.get('/api/payroll/2025-03/lines'));
    expect(march.items.map((l: { name: string }) => l.name)).toEqual(['丙']);

    const today = chinaToday();
    const certified = await json(await coord.send('POST', '/api/pensions/certify', { pensionIds: [pensions.甲, pensions.丙], method: 'face' }));
    expect(certified).toMatchObject({ recorded: 1, resumed: 1 });
    expect(certified.refused).toEqual([{ pensionId: pensions.丙, name: String(pensions.丙), code: 'PENSION_NOT_FOUND', message: expect.any(String) }]);
    const p = await json(await reviewer.get(`/api/pensions/${pensions.甲}`));
    expect(p).toMatchObject({ status: 'active', suspendedFrom: null, lastCertifiedOn: today });
    const history = await json(await reviewer.get(`/api/pensions/${pensions.甲}/certifications`));
    expect(history.items).toEqual([{ id: expect.any(Number), certifiedOn: today, method: 'face', note: null, resumedFrom: '2025-02', recordedBy: 'village_coordinator' }]);

    // Payroll months go in order: March is approved before April is generated.
    const finance = await t.signIn(t.users.finance_officer);
    expect((await finance.send('POST', '/api/payroll/2025-03/approve')).status).toBe(200);
    expect((await reviewer.send('POST', '/api/payroll', { month: '2025-04' })).status).toBe(202);
    await t.jobs.idle();
    const april = await json(await reviewer.get('/api/payroll/2025-04/lines?q=甲'));
    // Paid through 2025-01 before the suspension: February to April at the 2025 floor of 143.00 each.
    expect(april.items.map((l: Record<string, unknown>) => [l.fromMonth, l.toMonth, l.months, l.amount])).toEqual([['2025-02', '2025-04', 3, 42900]]);
  });

  it('refuses a date in the future or before the last certification, naming the field or the person', async () => {
    const future = await coord.send('POST', '/api/pensions/certify', { pensionIds: [pensions.乙], method: 'visit', certifiedOn: '2999-01-01' });
    expect(future.status).toBe(400);
    expect(await json(future)).toMatchObject({ code: 'CERTIFICATION_DATE', field: 'certifiedOn' });
    const older = await json(await coord.send('POST', '/api/pensions/certify', { pensionIds: [pensions.乙], method: 'visit', certifiedOn: '2025-06-30' }));
    expect(older.refused.map((r: { code: string; message: string }) => [r.code, r.message])).toEqual([['CERTIFICATION_OLDER', '乙 已于 2025-07-01 认证，认证日期不能更早']]);
  });
});
