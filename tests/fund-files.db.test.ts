// The fund's files over the real app: the statement (基金收支表) as Excel and PDF, a subsidy request letter as
// PDF and Excel, and who may fetch them. Money comes from premiums posted through the ledger (two years of
// one person's), a sweep and deposit interest recorded through the API; the files must show what the JSON
// statement says. Then what the page relies on besides: the postings of one business (journalKind), the
// bureau's allocation of other spending and its refusal beyond the special account's balance, and a second
// request to a level for months already requested.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodText, yuanInWords } from '../src/modules/ledger/fund-pdf.js';
import { formatYuan } from '../src/rules/index.js';
import { enrolledPerson } from './support/pension-fixtures.js';
import { pdfText as readPdf } from './support/pdf-text.js';
import { createTestApp, HOME, type Session, type TestApp } from './support/test-app.js';

let t: TestApp;
let finance: Session;
const PERIOD = 'from=2025-01&to=2025-12';

beforeAll(async () => {
  t = await createTestApp();
  finance = await t.signIn(t.users.finance_officer);
  // Premiums of 100.00 + 30.00 subsidy in 2024 and 2025, by bank withholding.
  await enrolledPerson(t, { name: '基金甲', birth: '1975-04-04', village: HOME.village, years: 2, firstYear: 2024 });
  await enrolledPerson(t, { name: '基金乙', birth: '1978-08-08', village: HOME.siblingVillage, years: 1, firstYear: 2025, individual: 50000, subsidy: 6000 });
  expect((await finance.send('POST', '/api/fund/sweeps', { amount: '500.00', on: '2025-06-01' })).status).toBe(200);
  expect((await finance.send('POST', '/api/fund/interest', { amount: '1.23', on: '2025-07-01' })).status).toBe(200);
});
afterAll(async () => {
  await t.close();
});

// `any`: the API answers are checked field by field in the tests.
async function json<T = Record<string, any>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

async function workbook(res: Response): Promise<ExcelJS.Worksheet> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('spreadsheetml');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  return book.worksheets[0]!;
}

/** Column B of the row whose column A is `label`. */
function valueOf(sheet: ExcelJS.Worksheet, label: string): ExcelJS.CellValue {
  for (let i = 1; i <= sheet.rowCount; i++) {
    if (sheet.getRow(i).getCell(1).value === label) return sheet.getRow(i).getCell(2).value;
  }
  throw new Error(`no row ${label}`);
}
const fenOf = (v: ExcelJS.CellValue) => Math.round(Number(v) * 100);

async function pdfText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
  return readPdf(bytes).text;
}

describe('the fund statement files', () => {
  it('exports the statement to Excel with the figures of the JSON statement', async () => {
    const s = await json(await finance.get(`/api/fund/statement?${PERIOD}`));
    // 2025: 100.00 + 500.00 premiums and 1.23 interest; 2024's premium is brought forward.
    expect(s.income.find((l: { kind: string }) => l.kind === 'individual_bank').amount).toBe(60000);
    expect(s.income.find((l: { kind: string }) => l.kind === 'fund_interest').amount).toBe(123);
    expect(s.openingBalance).toBe(13000);
    expect(s.accountsTotal).toBe(s.closingBalance);

    const sheet = await workbook(await finance.get(`/api/fund/statement.xlsx?${PERIOD}`));
    expect(sheet.name).toBe('基金收支表');
    expect(sheet.getRow(1).getCell(1).value).toBe('寿光市城乡居民基本养老保险基金收支表');
    expect(String(sheet.getRow(2).getCell(1).value)).toContain('2025年度（2025-01 至 2025-12）');
    expect(fenOf(valueOf(sheet, '期初结余'))).toBe(s.openingBalance);
    expect(fenOf(valueOf(sheet, '个人缴费（银行代扣）'))).toBe(60000);
    expect(fenOf(valueOf(sheet, '利息收入'))).toBe(123);
    expect(fenOf(valueOf(sheet, '收入合计'))).toBe(s.incomeTotal);
    expect(fenOf(valueOf(sheet, '支出合计'))).toBe(s.spendingTotal);
    expect(fenOf(valueOf(sheet, '本期收支结余'))).toBe(s.surplus);
    expect(fenOf(valueOf(sheet, '期末滚存结余'))).toBe(s.closingBalance);
    expect(fenOf(valueOf(sheet, '其中：个人账户基金'))).toBe(s.individualAccounts);
    // The balances: the sweep moved 500.00 of the income account to the special account, which holds the interest too.
    expect(fenOf(valueOf(sheet, '财政专户'))).toBe(50123);
    expect(fenOf(valueOf(sheet, '收入户'))).toBe(10000 + 60000 - 50000);
    expect(fenOf(valueOf(sheet, '合计'))).toBe(s.accountsTotal);
    expect(valueOf(sheet, '与期末滚存结余一致')).toBe('是');
    // Amounts are numbers shown with two decimals.
    const row = sheet.getRows(1, sheet.rowCount)!.find((r) => r.getCell(1).value === '收入合计')!;
    expect(typeof row.getCell(2).value).toBe('number');
    expect(row.getCell(2).numFmt).toBe('#,##0.00');
  });

  it('prints the statement as an A4 PDF with its totals and the check', async () => {
    const s = await json(await finance.get(`/api/fund/statement?${PERIOD}`));
    const text = await pdfText(await finance.get(`/api/fund/statement.pdf?${PERIOD}`));
    expect(text).toContain('城乡居民基本养老保险基金收支表');
    expect(text).toContain('寿光市社会保险事业中心');
    expect(text).toMatch(new RegExp(`收入合计\\s+${formatYuan(s.incomeTotal, 'zh-CN')}`));
    expect(text).toMatch(new RegExp(`期末滚存结余\\s+${formatYuan(s.closingBalance, 'zh-CN')}`));
    expect(text).toContain('核对：账户余额合计与期末滚存结余一致');
    expect(text).toContain(`制表人：finance_officer`);
  });

  it('defaults to this year and refuses a period that runs backwards', async () => {
    const year = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4);
    const sheet = await workbook(await finance.get('/api/fund/statement.xlsx'));
    expect(String(sheet.getRow(2).getCell(1).value)).toContain(`${year}-01 至`);
    const backwards = await finance.get('/api/fund/statement.pdf?from=2025-06&to=2025-01');
    expect(backwards.status).toBe(400);
    expect((await json(backwards)).code).toBe('FUND_PERIOD');
  });
});

describe('the subsidy request letter', () => {
  it('prints and exports a request with its amounts by kind and in capital figures', async () => {
    const owed = await json(await finance.get(`/api/fund/subsidies?${PERIOD}`));
    const level = owed.levels.find((l: { accrued: number }) => l.accrued > 0);
    expect(level).toBeTruthy();
    const filed = await finance.send('POST', '/api/fund/subsidy-requests', { level: level.level, fromMonth: '2025-01', toMonth: '2025-12' });
    expect(filed.status).toBe(200);
    const r = await json(filed);
    expect(r.amount).toBe(level.accrued);

    const sheet = await workbook(await finance.get(`/api/fund/subsidy-requests/${r.id}.xlsx`));
    expect(String(sheet.getRow(1).getCell(1).value)).toMatch(/^城乡居民基本养老保险.+财政补助资金申请表$/);
    expect(valueOf(sheet, '申请编号')).toBe(String(r.id));
    expect(valueOf(sheet, '申请期间')).toBe('2025-01-01 至 2025-12-31');
    expect(fenOf(valueOf(sheet, '政府缴费补贴'))).toBe(r.contributionSubsidy);
    expect(fenOf(valueOf(sheet, '本次申请金额合计'))).toBe(r.amount);
    expect(fenOf(valueOf(sheet, '申请期间以前尚欠'))).toBe(r.outstandingBefore);
    expect(valueOf(sheet, '申请金额大写')).toBe(`人民币${yuanInWords(r.amount)}`);
    expect(valueOf(sheet, '经办人')).toBe('finance_officer');

    const text = await pdfText(await finance.get(`/api/fund/subsidy-requests/${r.id}.pdf`));
    expect(text).toContain('财政补助资金申请表');
    expect(text).toMatch(new RegExp(`本次申请金额合计\\s+${formatYuan(r.amount, 'zh-CN')}`));
    expect(text).toContain(`申请金额大写：人民币${yuanInWords(r.amount)}`);
    expect(text).toContain('经办人：finance_officer');
  });

  it('answers 404 for a request that does not exist and 400 for a file name that is not one', async () => {
    expect((await finance.get('/api/fund/subsidy-requests/999999.pdf')).status).toBe(404);
    expect((await finance.get('/api/fund/subsidy-requests/1.doc')).status).toBe(400);
    expect((await finance.get('/api/fund/subsidy-requests/abc.xlsx')).status).toBe(400);
  });
});

describe('who may see the fund', () => {
  it('refuses the village coordinator and lets the director, the bureau and the supervisor read', async () => {
    const coord = await t.signIn(t.users.village_coordinator);
    for (const path of ['/api/fund/statement', `/api/fund/statement.xlsx?${PERIOD}`, `/api/fund/statement.pdf?${PERIOD}`, '/api/fund/subsidy-requests/1.pdf']) {
      const res = await coord.get(path);
      expect(res.status, path).toBe(403);
      expect((await json(res)).code).toBe('FORBIDDEN');
    }
    for (const role of ['county_director', 'finance_bureau', 'supervisor'] as const) {
      const s = await t.signIn(t.users[role]);
      expect((await s.get(`/api/fund/statement.xlsx?${PERIOD}`)).status, role).toBe(200);
    }
  });
});

describe('the postings of one business', () => {
  it('lists only the sweeps of the special account when asked for journalKind=sweep', async () => {
    const all = await json(await finance.get('/api/fund/postings?from=2000-01&to=2025-12&account=special&pageSize=50'));
    expect(new Set(all.items.map((p: { journalKind: string }) => p.journalKind))).toEqual(new Set(['sweep', 'fund_interest']));
    const sweeps = await json(await finance.get('/api/fund/postings?from=2000-01&to=2025-12&account=special&journalKind=sweep'));
    expect(sweeps).toMatchObject({ total: 1, amount: 50000 });
    expect(sweeps.items[0]).toMatchObject({ journalKind: 'sweep', postedOn: '2025-06-01', account: 'special', amount: 50000, recordedBy: 'finance_officer' });
    // Both sides of the sweep without an account; a business that is not one is refused.
    const sides = await json(await finance.get('/api/fund/postings?from=2025-06&to=2025-06&journalKind=sweep'));
    expect(sides.items.map((p: { account: string }) => p.account).sort()).toEqual(['income_bank', 'special']);
    expect(sides.amount).toBe(0);
    expect((await finance.get('/api/fund/postings?from=2025-01&to=2025-12&journalKind=bogus')).status).toBe(400);
  });
});

describe('allocations of other spending', () => {
  it('moves an amount for other spending to the expenditure account, which the statement then shows', async () => {
    const bureau = await t.signIn(t.users.finance_bureau);
    const res = await bureau.send('POST', '/api/fund/allocations', { amount: '200.00', purpose: '个人账户余额继承支付', on: '2026-01-15' });
    expect(res.status).toBe(200);
    expect((await json(res)).amount).toBe(20000);

    const s = await json(await bureau.get('/api/fund/statement?from=2026-01&to=2026-01'));
    const balance = (account: string) => s.accounts.filter((a: { account: string }) => a.account === account).reduce((sum: number, a: { balance: number }) => sum + a.balance, 0);
    expect(balance('expenditure_bank')).toBe(20000);
    expect(balance('special')).toBe(50123 - 20000);
    expect(s.accountsTotal).toBe(s.closingBalance);

    // The page's list of them: the year's allocation postings to the expenditure account.
    const listed = await json(await bureau.get('/api/fund/postings?from=2026-01&to=2026-12&account=expenditure_bank&journalKind=allocation'));
    expect(listed).toMatchObject({ total: 1, amount: 20000 });
    expect(listed.items[0]).toMatchObject({ postedOn: '2026-01-15', journalKind: 'allocation', reference: 'other', memo: '个人账户余额继承支付', recordedBy: 'finance_bureau', amount: 20000 });
  });

  it('refuses more than the special account holds, saying how much it holds, and records nothing', async () => {
    const bureau = await t.signIn(t.users.finance_bureau);
    const res = await bureau.send('POST', '/api/fund/allocations', { amount: '301.24', purpose: '退费', on: '2026-01-20' });
    expect(res.status).toBe(409);
    const body = await json(res);
    expect(body).toMatchObject({ code: 'FUND_INSUFFICIENT', field: 'amount' });
    expect(body.message).toBe('财政专户余额 301.23 元，不足 301.24 元');
    const en = await json(await bureau.send('POST', '/api/fund/allocations', { amount: '301.24', on: '2026-01-20' }, { 'Accept-Language': 'en' }));
    expect(en.message).toBe('The fiscal special account holds 301.23 yuan, less than 301.24');
    const listed = await json(await bureau.get('/api/fund/postings?from=2026-01&to=2026-12&account=expenditure_bank&journalKind=allocation'));
    expect(listed.total).toBe(1);
    // The finance officer may not allocate at all.
    expect((await finance.send('POST', '/api/fund/allocations', { amount: '1.00', purpose: '退费', on: '2026-01-20' })).status).toBe(403);
  });
});

describe('a second request for the same months', () => {
  it('refuses a request to the same level overlapping months already requested, naming the first', async () => {
    const owed = await json(await finance.get('/api/fund/subsidies?from=2024-01&to=2024-12'));
    const level = owed.levels.find((l: { accrued: number }) => l.accrued > 0).level as string;
    const first = await finance.send('POST', '/api/fund/subsidy-requests', { level, fromMonth: '2024-01', toMonth: '2024-12' });
    expect(first.status).toBe(200);
    const id = (await json(first)).id as number;

    const again = await finance.send('POST', '/api/fund/subsidy-requests', { level, fromMonth: '2024-06', toMonth: '2024-08' });
    expect(again.status).toBe(409);
    const body = await json(again);
    expect(body.code).toBe('FUND_REQUEST_OVERLAP');
    expect(body.message).toContain(`编号 ${id}`);
    // Another level for the same months is not the same request.
    const other = owed.levels.find((l: { level: string }) => l.level !== level).level as string;
    const elsewhere = await finance.send('POST', '/api/fund/subsidy-requests', { level: other, fromMonth: '2024-01', toMonth: '2024-12' });
    expect((await json(elsewhere)).code).not.toBe('FUND_REQUEST_OVERLAP');
    // The files of a request that does not exist: 404 with its own code.
    const missing = await finance.get('/api/fund/subsidy-requests/999999.xlsx');
    expect(missing.status).toBe(404);
    expect((await json(missing)).code).toBe('FUND_REQUEST_NOT_FOUND');
  });
});

describe('amounts in words and periods', () => {
  it('writes amounts in capital figures as a cheque does', () => {
    expect(yuanInWords(0)).toBe('零元整');
    expect(yuanInWords(1234560)).toBe('壹万贰仟叁佰肆拾伍元陆角整');
    expect(yuanInWords(10001)).toBe('壹佰元零壹分');
    expect(yuanInWords(100000001)).toBe('壹佰万元零壹分');
    expect(yuanInWords(1000010000)).toBe('壹仟万零壹佰元整');
    expect(yuanInWords(20000000000)).toBe('贰亿元整');
    expect(yuanInWords(5)).toBe('伍分');
  });

  it('names a year, a month or a run of months', () => {
    expect(periodText('2025-01', '2025-12')).toBe('2025年度');
    expect(periodText('2025-11', '2025-11')).toBe('2025年11月');
    expect(periodText('2025-01', '2025-06')).toBe('2025年1月至2025年6月');
  });
});
