// The monthly cycle (月度经办) over the real app, October 2026: the 3rd and the 5th fall in the National Day
// holiday (1–7 October, 国务院办公厅关于2026年部分节假日安排的通知), so the village and township deadlines
// move to Thursday 8 October; the county's 10th is a make-up working Saturday and stays. Villages submit,
// are reopened and submit again; the township submits; the payroll goes in order; the county, finance and
// bank steps are read from the payroll and the ledger. The business clock is set by the test.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestClock } from '../src/http/clock.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { createUser } from '../src/modules/staff/service.js';
import { idCheckChar } from '../src/rules/index.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, PASSWORD, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let coord: Session;
let sibling: Session;
let clerk: Session;
let reviewer: Session;
let finance: Session;
let bureau: Session;
let bank: Session;
let supervisor: Session;

const at = (day: string) => setTestClock(`${day}T10:00:00+08:00`);
const id = (birth: string, seq: string) => `370783${birth}${seq}${idCheckChar(`370783${birth}${seq}`)}`;
const application = (idNumber: string, name: string) => ({ idNumber, name, villageCode: HOME.village, relation: '户主', phone: '13800000001', notFullTimeStudent: true, noOtherStatePension: true });
async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
const board = async (s: Session = supervisor, month = '2026-10') => json(await s.get(`/api/cycle/${month}`));
const village = (b: Record<string, any>, code: string) => b.townships.flatMap((t: any) => t.villages).find((v: any) => v.code === code);
const township = (b: Record<string, any>, code: string) => b.townships.find((t: any) => t.code === code);

beforeAll(async () => {
  at('2026-10-08');
  t = await createTestApp();
  await createUser(t.database.db, SYSTEM_ACTOR, { username: 't_sibling', displayName: '西关协办员', role: 'village_coordinator', regionCode: HOME.siblingVillage, password: PASSWORD });
  coord = await t.signIn(t.users.village_coordinator);
  sibling = await t.signIn('t_sibling');
  clerk = await t.signIn(t.users.township_clerk);
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  bureau = await t.signIn(t.users.finance_bureau);
  bank = await t.signIn(t.users.agent_bank);
  supervisor = await t.signIn(t.users.supervisor);
});
afterAll(async () => {
  setTestClock(null);
  await t.close();
});

describe('deadlines on the working-day calendar', () => {
  it('moves the 3rd and the 5th past the National Day holiday and keeps the make-up working Saturday', async () => {
    const b = await board();
    expect(b.deadlines).toMatchObject({
      village: { nominal: '2026-10-03', due: '2026-10-08', movedFor: { kind: 'holiday', name: '国庆节' } },
      township: { nominal: '2026-10-05', due: '2026-10-08' },
      county: { nominal: '2026-10-10', due: '2026-10-10' },
      finance: { due: '2026-10-15' },
      bankWorkingDays: 1,
    });
    expect(b.townships.map((x: any) => [x.name, x.villages.length])).toEqual([
      ['圣城街道', 2],
      ['田柳镇', 2],
    ]);
    expect(b.tally.villages).toEqual({ onTime: 0, late: 0, missing: 0, pending: 4 });
  });
});

describe('a village submits its month, counted from the data', () => {
  it('counts the applications and the changes recorded, and hands them on on time (the 8th, after the holiday)', async () => {
    expect((await coord.send('POST', '/api/enrolment/applications', application(id('19800515', '123'), '李明'))).status).toBe(200);
    expect((await coord.send('PATCH', '/api/residents/1/contact', { phone: '13900000009' })).status).toBe(200);
    const before = village(await board(coord), HOME.village);
    expect(before).toMatchObject({ state: 'open', timeliness: 'pending', counts: { applications: 1, changes: 1, deaths: 0, certifications: 0 } });
    const submitted = await json(await coord.send('POST', '/api/cycle/2026-10/submit'));
    expect(submitted).toMatchObject({ code: HOME.village, state: 'submitted', timeliness: 'onTime', firstSubmittedOn: '2026-10-08', counts: { applications: 1, changes: 1 } });
    const again = await coord.send('POST', '/api/cycle/2026-10/submit');
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({ code: 'CYCLE_ALREADY_SUBMITTED', field: 'month' });
  });

  it('takes what the village records after submitting into the next month', async () => {
    expect((await coord.send('POST', '/api/enrolment/applications', application(id('19810616', '135'), '王芳'))).status).toBe(200);
    expect(village(await board(), HOME.village).counts.applications).toBe(1);
    expect(village(await board(coord, '2026-11'), HOME.village).counts.applications).toBe(1);
    expect((await json(await coord.send('POST', '/api/cycle/2026-11/submit'))).code).toBe('CYCLE_MONTH_AHEAD');
  });

  it('shows a coordinator only their village, a supervisor every unit, and refuses the bank to submit', async () => {
    const own = await board(coord);
    expect(own.townships.map((x: any) => [x.code, x.villages.map((v: any) => v.code)])).toEqual([[HOME.township, [HOME.village]]]);
    expect((await coord.get(`/api/cycle/2026-10?regionCode=${HOME.otherTownship}`)).status).toBe(403);
    expect((await bank.send('POST', '/api/cycle/2026-10/submit')).status).toBe(403);
  });
});

describe('reopening (退回重报)', () => {
  it('lets only the township above reopen a village, with a reason, audited; the village then submits again', async () => {
    expect((await json(await clerk.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.village, reason: ' ' }))).code).toBe('CYCLE_REOPEN_REASON');
    expect((await json(await reviewer.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.village, reason: '补报王芳的申请' }))).code).toBe('CYCLE_NOT_ABOVE');
    expect((await coord.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.village, reason: '补报' })).status).toBe(403);
    expect((await json(await clerk.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.siblingVillage, reason: '补报' }))).code).toBe('CYCLE_NOT_SUBMITTED');
    const reopened = await json(await clerk.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.village, reason: '补报王芳的申请' }));
    expect(reopened).toMatchObject({ state: 'reopened', reopenReason: '补报王芳的申请', reopenedBy: 'township_clerk', counts: { applications: 2 } });
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'cycle_submission').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['cycle.submit', 'cycle.reopen']);
    expect(JSON.stringify(audit[1]!.after)).toContain('补报王芳的申请');
    const resubmitted = await json(await coord.send('POST', '/api/cycle/2026-10/submit'));
    // The first day submitted stays: still on time.
    expect(resubmitted).toMatchObject({ state: 'submitted', timeliness: 'onTime', firstSubmittedOn: '2026-10-08', counts: { applications: 2, changes: 1 } });
    expect(village(await board(coord, '2026-11'), HOME.village).counts.applications).toBe(0);
  });

  it('closes the villages when the township submits, until the county reopens the township', async () => {
    const submitted = await json(await clerk.send('POST', '/api/cycle/2026-10/submit'));
    expect(submitted).toMatchObject({ code: HOME.township, state: 'submitted', timeliness: 'onTime', counts: { applications: 2, changes: 1 } });
    at('2026-10-09');
    expect(await json(await sibling.send('POST', '/api/cycle/2026-10/submit'))).toMatchObject({ code: 'CYCLE_CLOSED_ABOVE' });
    expect((await json(await clerk.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.village, reason: '再补报' }))).code).toBe('CYCLE_CLOSED_ABOVE');
    expect((await json(await reviewer.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.township, reason: '西关村未报' }))).state).toBe('reopened');
    const late = await json(await sibling.send('POST', '/api/cycle/2026-10/submit'));
    expect(late).toMatchObject({ code: HOME.siblingVillage, state: 'submitted', timeliness: 'late', firstSubmittedOn: '2026-10-09' });
    const again = await json(await clerk.send('POST', '/api/cycle/2026-10/submit'));
    expect(again).toMatchObject({ timeliness: 'onTime', firstSubmittedOn: '2026-10-08', submittedOn: '2026-10-09', villagesSubmitted: 2, villagesTotal: 2 });
    const b = await board();
    expect(b.tally.villages).toEqual({ onTime: 1, late: 1, missing: 2, pending: 0 });
    expect(township(b, HOME.otherTownship)).toMatchObject({ state: 'open', timeliness: 'missing', villagesSubmitted: 0, villagesTotal: 2 });
  });
});

describe('payroll months in order, and the county, finance and bank steps', () => {
  it('refuses a month already paid through and a month before the previous is approved', async () => {
    // 乙: 1,950.00 in the account, 60 on 2025-10-20, pension from 2025-11, paid through 2026-09 by the earlier system.
    const resident = await enrolledPerson(t, { name: '乙', birth: '1965-10-20', village: HOME.village, years: 15, firstYear: 2010, sex: 'M', bankAccount: '6228480000000001' });
    expect((await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-11' }))).awarded).toBe(1);
    await setPaidThrough(t.database.db, '2026-09', { residentId: resident });
    const covered = await reviewer.send('POST', '/api/payroll', { month: '2026-09' });
    expect(covered.status).toBe(409);
    expect(await json(covered)).toMatchObject({ code: 'PAYROLL_MONTH_COVERED', field: 'month', message: '待遇已发放至 2026-09，2026-09 已发放过，不能再生成（生成出来也是空的）' });
    expect((await reviewer.send('POST', '/api/payroll', { month: '2026-10' })).status).toBe(202);
    await t.jobs.idle();
    const next = await reviewer.send('POST', '/api/payroll', { month: '2026-11' }, { 'accept-language': 'en' });
    expect(await json(next)).toMatchObject({ code: 'PAYROLL_PREVIOUS_NOT_APPROVED', message: 'The previous payroll (2026-10) is awaiting approval; it must be approved before 2026-11 can be generated' });
    // Once the county generated the payroll, the township's month is closed to reopening.
    expect((await json(await reviewer.send('POST', '/api/cycle/2026-10/reopen', { unitCode: HOME.township, reason: '再改' }))).code).toBe('CYCLE_CLOSED_ABOVE');
  });

  it('reads approval, allocation and the bank return from the payroll and the ledger, each against its deadline', async () => {
    let b = await board();
    expect(b.county).toMatchObject({ timeliness: 'pending', due: '2026-10-10', doneOn: null, payroll: { status: 'generated', lines: 1, newPensioners: 0, amount: 16300 + 1403 } });
    expect((await finance.send('POST', '/api/payroll/2026-10/approve')).status).toBe(200);
    expect((await finance.send('POST', '/api/fund/sweeps', { amount: '1000.00', on: '2026-10-09' })).status).toBe(200);
    at('2026-10-16');
    expect((await bureau.send('POST', '/api/fund/allocations', { month: '2026-10', on: '2026-10-16' })).status).toBe(200);
    b = await board();
    expect(b.county).toMatchObject({ timeliness: 'onTime', doneOn: '2026-10-09' });
    expect(b.finance).toMatchObject({ timeliness: 'late', due: '2026-10-15', doneOn: '2026-10-16', amount: 17703 });
    // Allocated on a Friday: the bank has until Monday.
    expect(b.bank).toMatchObject({ timeliness: 'pending', due: '2026-10-19', doneOn: null });
    at('2026-10-19');
    const form = new FormData();
    form.append('file', new File(['付款编号,公民身份号码,失败原因\n'], 'return.csv', { type: 'text/csv' }));
    expect((await bank.send('POST', '/api/payroll/2026-10/bank-return', form)).status).toBe(200);
    b = await board();
    expect(b.bank).toMatchObject({ timeliness: 'onTime', doneOn: '2026-10-19', failed: 0 });
  });
});

describe('the Friday summary', () => {
  it('is the board as it stood on the Friday, late units in red', async () => {
    const res = await supervisor.get('/api/cycle/2026-10/summary.xlsx?asOf=2026-10-10');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('月度经办周报-2026-10-截至2026-10-09.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('月度经办周报')!;
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row) => rows.set(`${row.getCell(1).text}/${row.getCell(2).text}`, row));
    expect(sheet.getCell('A2').text).toContain('截至 2026-10-09（周五）');
    const east = rows.get('圣城街道/东关村')!;
    const west = rows.get('圣城街道/西关村')!;
    expect([east.getCell(4).text, east.getCell(6).text, east.getCell(8).value]).toEqual(['2026-10-08', '按时', 2]);
    expect([west.getCell(4).text, west.getCell(6).text]).toEqual(['2026-10-09', '逾期']);
    expect(west.getCell(6).font?.color?.argb).toBe('FFC00000');
    expect(rows.get('田柳镇/田柳村')!.getCell(6).text).toBe('逾期未报');
    // On that Friday the allocation (the 16th) had not happened yet.
    expect(rows.get('财政拨付银行/')!.getCell(5).text).toBe('未完成');
  });
});
