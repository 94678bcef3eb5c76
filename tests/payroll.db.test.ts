// The monthly payroll over the real app: generate (background job) → approve → bank file → bank return
// → the next month pays the failures again. Amounts worked out by hand from the national defaults
// (basic pension 123.00 from 2024, 143.00 from 2025, 163.00 from 2026, each month at its own floor; account
// pension = balance ÷ 139, drawn by source in proportion).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuePayroll, runPayrollJob } from '../src/modules/pensions/payroll.js';
import { SYSTEM_ACTOR } from '../src/modules/audit/service.js';
import { NATIONAL_PARAMETERS } from '../src/rules/index.js';
import { enrolledPerson, setPaidThrough } from './support/pension-fixtures.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let reviewer: Session;
let finance: Session;
let bank: Session;
let clerk: Session;
const ids: Record<string, number> = {};
const pensionIds: Record<string, number> = {};

async function person(name: string, birth: string, village: string, years: number, firstYear: number) {
  ids[name] = await enrolledPerson(t, { name, birth, village, years, firstYear, sex: 'M', bankAccount: `62284800${Object.keys(ids).length}0001` });
}

async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

function csvFile(text: string, name = 'return.csv') {
  const form = new FormData();
  form.append('file', new File([text], name, { type: 'text/csv' }));
  return form;
}

beforeAll(async () => {
  t = await createTestApp();
  reviewer = await t.signIn(t.users.benefit_reviewer);
  finance = await t.signIn(t.users.finance_officer);
  bank = await t.signIn(t.users.agent_bank);
  clerk = await t.signIn(t.users.township_clerk);
  // 甲: 55 at the scheme start, so 5 yearly premiums (2010–2014) meet his obligation; 650.00 in the account,
  // pension from 2014-07 (4.68 a month), paid by the earlier system to 2025-12.
  await person('甲', '1954-06-15', HOME.otherVillage, 5, 2010);
  // 乙: 1,950.00, 60 on 2025-10-20, paid from 2025-11 (14.03 a month), nothing paid yet.
  await person('乙', '1965-10-20', HOME.village, 15, 2010);
  // 丙: awarded, then suspended (not certified): not paid.
  await person('丙', '1949-01-05', HOME.village, 0, 2010);
  const award = await json(await reviewer.send('POST', '/api/pensions/award', { month: '2025-11' }));
  expect(award.awarded).toBe(3);
  for (const p of (await json(await reviewer.get('/api/pensions'))).items) pensionIds[p.name] = p.id;
  await setPaidThrough(t.database.db, '2025-12', { id: pensionIds.甲! });
  await t.database.db.updateTable('pension').set({ status: 'suspended', suspended_from: '2025-12', suspension_reason: 'certification' }).where('id', '=', pensionIds.丙!).execute();
});
afterAll(async () => {
  await t.close();
});

describe('generating a payroll', () => {
  it('pays each active pension the months not yet paid, and debits the account pension by source', async () => {
    const res = await reviewer.send('POST', '/api/payroll', { month: '2026-01' });
    expect(res.status).toBe(202);
    expect((await json(res)).status).toBe('generating');
    await t.jobs.idle();
    const payroll = await json(await reviewer.get('/api/payroll/2026-01'));
    expect(payroll.status).toBe('generated');
    expect(payroll.job.status).toBe('done');
    // 甲 2026-01: 163.00 + 4.68 = 167.68. 乙 2025-11, 2025-12 at 143.00 and 2026-01 at 163.00: 449.00 + 3 × 14.03
    // = 491.09. Basic 163.00 + 449.00 = 612.00; account 4.68 + 42.09 = 46.77; total 658.77.
    expect(payroll.totals).toMatchObject({ lines: 2, people: 2, months: 4, basicPension: 61200, fromAccount: 4677, fromPool: 0, amount: 65877, pending: 2 });
    expect(payroll.byTownship.map((r: { name: string; amount: number }) => [r.name, r.amount])).toEqual([
      ['圣城街道', 49109],
      ['田柳镇', 16768],
    ]);
    const lines = await json(await reviewer.get('/api/payroll/2026-01/lines'));
    expect(lines.items.map((l: Record<string, unknown>) => [l.name, l.fromMonth, l.toMonth, l.months, l.amount, l.hasBankAccount])).toEqual([
      ['乙', '2025-11', '2026-01', 3, 49109, true],
      ['甲', '2026-01', '2026-01', 1, 16768, true],
    ]);
    const basic = await t.database.db.selectFrom('pension_payment').select(['resident_id', 'basic_pension']).where('month', '=', '2026-01').orderBy('resident_id').execute();
    expect(basic).toEqual([
      { resident_id: ids.甲, basic_pension: 16300 },
      { resident_id: ids.乙, basic_pension: 14300 + 14300 + 16300 },
    ]);
    // 4.68 from 500.00 : 150.00 = 10 : 3 → 3.60 + 1.08. 乙: 10.79 + 3.24 each month (see pensions.db.test.ts).
    const debits = await t.database.db.selectFrom('account_entry').select(['resident_id', 'source', 'amount', 'posted_on']).where('kind', '=', 'pension').orderBy('resident_id').orderBy('source').execute();
    expect(debits).toEqual([
      { resident_id: ids.甲, source: 'governmentSubsidy', amount: -108, posted_on: '2026-01-01' },
      { resident_id: ids.甲, source: 'individual', amount: -360, posted_on: '2026-01-01' },
      { resident_id: ids.乙, source: 'governmentSubsidy', amount: -972, posted_on: '2026-01-01' },
      { resident_id: ids.乙, source: 'individual', amount: -3237, posted_on: '2026-01-01' },
    ]);
    const paidThrough = new Map((await t.database.db.selectFrom('pension_paid_through').select(['pension_id', 'paid_through']).execute()).map((p) => [p.pension_id, p.paid_through]));
    expect([pensionIds.甲, pensionIds.乙, pensionIds.丙].map((id) => paidThrough.get(id!))).toEqual(['2026-01', '2026-01', null]);
  });

  it('shows on the dashboard: pensioners, take-up base, monthly total, the latest payroll', async () => {
    const dashboard = await json(await reviewer.get('/api/dashboard'));
    // At this month's rates (2026) 甲 163.00 + 4.68 (awarded at 70.00 in 2015) and 乙 163.00 + 14.03; 丙 suspended; all three enrolled and over 60.
    expect(dashboard.pensions).toEqual({ recipients: 2, suspended: 1, monthlyTotal: 16768 + 17703, enrolledAtPensionAge: 3, certificationOverdue: 0, latestPayroll: { month: '2026-01', status: 'generated' } });
    expect((await json(await clerk.get('/api/dashboard'))).pensions).toMatchObject({ recipients: 1, suspended: 1, enrolledAtPensionAge: 2 });
  });

  it('is generated once per month, in order, not ahead of next month', async () => {
    expect((await json(await reviewer.send('POST', '/api/payroll', { month: '2026-01' }))).code).toBe('PAYROLL_EXISTS');
    expect((await json(await reviewer.send('POST', '/api/payroll', { month: '2025-12' }))).code).toBe('PAYROLL_ORDER');
    const early = await reviewer.send('POST', '/api/payroll', { month: '2099-01' });
    expect(early.status).toBe(409);
    expect(await json(early)).toMatchObject({ code: 'PAYROLL_TOO_EARLY', field: 'month' });
    expect((await finance.send('POST', '/api/payroll', { month: '2026-02' })).status).toBe(403);
  });

  it('shows a township only its own lines', async () => {
    const lines = await json(await clerk.get('/api/payroll/2026-01/lines'));
    expect(lines.items.map((l: { name: string }) => l.name)).toEqual(['乙']);
    expect((await json(await clerk.get('/api/payroll/2026-01'))).totals.amount).toBe(49109);
  });
});

describe('approval, the bank file and the bank return', () => {
  it('lets the finance officer send a payroll back with a reason, and the reviewer submit it again', async () => {
    expect((await json(await finance.send('POST', '/api/payroll/2026-01/return', { reason: ' ' }))).code).toBe('PAYROLL_SEND_BACK_REASON');
    expect((await reviewer.send('POST', '/api/payroll/2026-01/return', { reason: '请核对' })).status).toBe(403);
    const returned = await json(await finance.send('POST', '/api/payroll/2026-01/return', { reason: '乙 的开始月份请再核对' }));
    expect(returned).toMatchObject({ status: 'returned', returnedReason: '乙 的开始月份请再核对', returnedBy: 'finance_officer' });
    // Nothing goes to the bank, and nothing is approved, while it is back with the reviewer.
    expect((await json(await bank.get('/api/payroll/2026-01/bank-file'))).code).toBe('PAYROLL_STATUS');
    expect((await json(await finance.send('POST', '/api/payroll/2026-01/approve'))).code).toBe('PAYROLL_STATUS');
    expect((await finance.send('POST', '/api/payroll/2026-01/resubmit')).status).toBe(403);
    const again = await json(await reviewer.send('POST', '/api/payroll/2026-01/resubmit'));
    expect(again).toMatchObject({ status: 'generated', returnedReason: '乙 的开始月份请再核对' });
    expect((await json(await reviewer.send('POST', '/api/payroll/2026-01/resubmit'))).code).toBe('PAYROLL_STATUS');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'after']).where('entity', '=', 'payroll').where('action', 'in', ['payroll.return', 'payroll.resubmit']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['payroll.return', 'payroll.resubmit']);
    expect(JSON.stringify(audit[0]!.after)).toContain('乙 的开始月份请再核对');
  });

  it('gives the bank its file only after the finance officer approves', async () => {
    const early = await bank.get('/api/payroll/2026-01/bank-file');
    expect(early.status).toBe(409);
    expect((await json(early)).code).toBe('PAYROLL_STATUS');
    expect((await reviewer.send('POST', '/api/payroll/2026-01/approve')).status).toBe(403);
    const approved = await json(await finance.send('POST', '/api/payroll/2026-01/approve'));
    expect(approved).toMatchObject({ status: 'approved', approvedBy: 'finance_officer' });
    expect((await json(await finance.send('POST', '/api/payroll/2026-01/approve'))).code).toBe('PAYROLL_STATUS');
    const file = await bank.get('/api/payroll/2026-01/bank-file');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    const text = await file.text();
    const rows = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('付款编号,姓名,公民身份号码,银行账号,金额（元）,发放月份,摘要');
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.includes('乙'))).toMatch(/,"?\t?37078319651020\d{3}X"?,.*,491\.09,2026-01,城乡居民养老金2025-11至2026-01$/);
    expect(rows.find((r) => r.includes('甲'))).toMatch(/,167\.68,2026-01,城乡居民养老金2026-01$/);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'payroll.bank_file').execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses a return file with a wrong row, naming each, and changes nothing', async () => {
    const lines = await json(await reviewer.get('/api/payroll/2026-01/lines'));
    const jia = lines.items.find((l: { name: string }) => l.name === '甲');
    const res = await bank.send('POST', '/api/payroll/2026-01/bank-return', csvFile(`付款编号,公民身份号码,失败原因\n999999,370783195406157011X,账户不存在\n${jia.id},110101195506150011,账户已销户\n`));
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [2, 'paymentId', 'PAYROLL_RETURN_UNKNOWN'],
      [3, 'idNumber', 'PAYROLL_RETURN_ID_MISMATCH'],
    ]);
    expect((await json(await reviewer.get('/api/payroll/2026-01'))).totals).toMatchObject({ pending: 2, paid: 0 });
  });

  it('settles: the listed payment failed, the rest paid; the same file again changes nothing', async () => {
    const lines = await json(await reviewer.get('/api/payroll/2026-01/lines'));
    const jia = lines.items.find((l: { name: string }) => l.name === '甲');
    const idNumber = (await t.database.db.selectFrom('resident').select('id_number').where('id', '=', ids.甲!).executeTakeFirstOrThrow()).id_number;
    const content = `付款编号,公民身份号码,失败原因\r\n${jia.id},${idNumber},账户已销户\r\n`;
    const settled = await json(await bank.send('POST', '/api/payroll/2026-01/bank-return', csvFile(content)));
    expect(settled).toEqual({ paid: 1, failed: 1, failedAmount: 16768, unchanged: false });
    expect(await json(await bank.send('POST', '/api/payroll/2026-01/bank-return', csvFile(content)))).toEqual({ paid: 1, failed: 1, failedAmount: 16768, unchanged: true });
    expect((await bank.send('POST', '/api/payroll/2026-01/bank-return', csvFile('付款编号,公民身份号码,失败原因\r\n'))).status).toBe(409);
    const after = await json(await reviewer.get('/api/payroll/2026-01/lines?status=failed'));
    expect(after.items.map((l: { name: string; failureReason: string }) => [l.name, l.failureReason])).toEqual([['甲', '账户已销户']]);
    expect((await json(await reviewer.get('/api/payroll/2026-01'))).status).toBe('settled');
  });

  it('pays the failed payment again with the next month', async () => {
    await reviewer.send('POST', '/api/payroll', { month: '2026-02' });
    await t.jobs.idle();
    const payroll = await json(await reviewer.get('/api/payroll/2026-02'));
    // 乙 163.00 + 14.03; 甲 163.00 + 4.68, and January's 167.68 again.
    expect(payroll.totals).toMatchObject({ lines: 3, people: 2, months: 2, amount: 17703 + 16768 + 16768, repayLines: 1, repayAmount: 16768 });
    const failed = await json(await reviewer.get('/api/payroll/2026-01/lines?status=failed'));
    expect(failed.items[0].repaidIn).toBe('2026-02');
    // No second debit for the repaid month: 甲's account pays 4.68 for February only.
    const { n } = await t.database.db
      .selectFrom('account_entry')
      .select((eb) => eb.fn.sum<number>('amount').as('n'))
      .where('kind', '=', 'pension')
      .where('resident_id', '=', ids.甲!)
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(-468 * 2);
    const history = await json(await reviewer.get(`/api/pensions/${pensionIds.甲}/payments`));
    expect(history.items.map((l: { month: string; kind: string }) => [l.month, l.kind])).toEqual([
      ['2026-02', 'regular'],
      ['2026-02', 'repay'],
      ['2026-01', 'regular'],
    ]);
  });

  it('exports the payment roll with a total row', async () => {
    const res = await reviewer.get('/api/payroll/2026-02/export');
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(11).value).toBe('发放金额');
    expect(sheet.rowCount).toBe(5);
    // 177.03 + 167.68 + 167.68.
    expect(sheet.getRow(5).getCell(11).value).toBe(512.39);
  });
});

describe('a generation that stops', () => {
  it('resumes where it stopped and pays nobody twice', async () => {
    await t.jobs.idle();
    // Payroll months go in order: February is approved before March is generated.
    expect((await finance.send('POST', '/api/payroll/2026-02/approve')).status).toBe(200);
    const payroll = await queuePayroll(t.database.db, SYSTEM_ACTOR, '370783', '2026-03', '2026-03-05');
    let chunks = 0;
    await expect(
      runPayrollJob(t.database.db, payroll.jobId, NATIONAL_PARAMETERS, {
        chunkSize: 1,
        onProgress: (done) => {
          if (done > 0 && ++chunks === 1) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    const stopped = await t.database.db.selectFrom('job').select(['status', 'done']).where('id', '=', payroll.jobId).executeTakeFirstOrThrow();
    expect(stopped).toEqual({ status: 'failed', done: 1 });
    // Asking for the month again gives the same payroll back to resume.
    expect((await queuePayroll(t.database.db, SYSTEM_ACTOR, '370783', '2026-03', '2026-03-05')).jobId).toBe(payroll.jobId);
    const job = await runPayrollJob(t.database.db, payroll.jobId, NATIONAL_PARAMETERS, { chunkSize: 1 });
    expect(job.status).toBe('done');
    const lines = await t.database.db.selectFrom('pension_payment').select(['pension_id', 'amount']).where('month', '=', '2026-03').orderBy('pension_id').execute();
    expect(lines.map((l) => l.amount)).toEqual([16768, 17703]);
  });

  it('stops between chunks when the server stops, and the next start goes on after them', async () => {
    expect((await finance.send('POST', '/api/payroll/2026-03/approve')).status).toBe(200);
    const payroll = await queuePayroll(t.database.db, SYSTEM_ACTOR, '370783', '2026-04', '2026-04-05');
    // The server's JobRunner asks before each chunk; here it says stop after the first.
    let asked = 0;
    const paused = await runPayrollJob(t.database.db, payroll.jobId, NATIONAL_PARAMETERS, { chunkSize: 1, shouldStop: () => ++asked > 1 });
    expect(paused).toMatchObject({ status: 'running', done: 1, total: 2 });
    const lines = () => t.database.db.selectFrom('pension_payment').select(['pension_id', 'amount']).where('month', '=', '2026-04').orderBy('pension_id').execute();
    expect(await lines()).toHaveLength(1);
    expect((await t.database.db.selectFrom('payroll').select('status').where('month', '=', '2026-04').executeTakeFirstOrThrow()).status).toBe('generating');
    const job = await runPayrollJob(t.database.db, payroll.jobId, NATIONAL_PARAMETERS, { chunkSize: 1 });
    expect(job).toMatchObject({ status: 'done', done: 2, total: 2 });
    expect((await lines()).map((l) => l.amount)).toEqual([16768, 17703]);
  });
});
