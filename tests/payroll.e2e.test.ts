// The monthly payroll (待遇发放) in the browser. The demo county's pensions are paid up to last month (its
// payroll settled by the bank), so this month's payroll pays each of them one month. The benefit reviewer generates it (a background job
// followed on the page), the finance officer approves it, the agent bank takes the payment file (CSV with
// full ID numbers) and returns one payment as failed — a wrong payment number is refused first, naming
// its row — which settles the payroll; the pension's details then show the failed payment.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../src/rules/index.js';
import { browserSuite, choose, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const yuan = (fen: number) => formatYuan(fen, 'zh-CN');
const BANK_HEADER = '付款编号,姓名,公民身份号码,银行账号,金额（元）,发放月份,摘要';
/** expect.poll with room for a first, cold query of the embedded database (the default is one second). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

/** 'YYYY-MM' `offset` months from this one, in China (UTC+8) as the server counts months. */
function chinaMonth(offset: number): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** The rows of a CSV text (RFC 4180 quoting), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

interface Totals {
  lines: number;
  people: number;
  months: number;
  amount: number;
  failed: number;
  failedAmount: number;
}

/** Opens 待遇发放 from the menu and waits for the open month's panel. */
async function openPayroll(page: Page): Promise<void> {
  await page.locator('.ant-menu-item', { hasText: '待遇发放' }).click();
  await page.locator('.xnb-page-title', { hasText: '待遇发放' }).waitFor();
  await page.getByTestId('payroll-list').waitFor();
}

describe('the monthly payroll in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('is generated, approved, paid by the bank with one failure, and the failure shows on the pension', { timeout: 240_000 }, async () => {
    const month = chinaMonth(0);

    // ---- The benefit reviewer generates this month's payroll.
    let { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'reviewer');
    await openPayroll(page);
    // Last month's payroll (the demo's) went through the bank and is settled.
    await poll(() => page.getByTestId('payroll-list').innerText()).toMatch(new RegExp(`${chinaMonth(-1)}[\\s\\S]*已结算`));
    expect(await page.getByTestId('payroll-approve').count()).toBe(0);
    await page.getByTestId('payroll-generate').click();
    const generate = page.getByRole('dialog', { name: '生成发放批次' });
    await modalOpened(generate);
    // This month in China time by default.
    expect(await generate.locator('input#payroll-month').inputValue()).toBe(month);
    await generate.getByTestId('payroll-generate-ok').click();
    await generate.waitFor({ state: 'hidden' });
    await page.waitForURL(new RegExp(`/payroll\\?month=${month}$`));
    const detail = page.getByTestId('payroll-detail');
    await expect.poll(() => detail.getByTestId('payroll-status').innerText(), { timeout: 90_000 }).toBe('待审核');
    await poll(() => detail.getByTestId('payroll-progress').count()).toBe(0);

    const payroll = (await (await page.request.get(`${suite.server.base}/api/payroll/${month}`)).json()) as { status: string; job: { status: string; done: number; total: number }; totals: Totals };
    expect(payroll).toMatchObject({ status: 'generated', job: { status: 'done' } });
    const lines = payroll.totals.lines;
    expect(lines).toBeGreaterThan(0);
    expect(payroll.totals.amount).toBeGreaterThan(0);
    // Paid up to last month: one month each.
    expect(payroll.totals.months).toBe(lines);
    expect(payroll.totals.people).toBe(lines);
    expect(payroll.job.done).toBe(payroll.job.total);

    const totals = detail.getByTestId('payroll-totals');
    await poll(() => totals.innerText()).toMatch(new RegExp(`人数\\s*${lines.toLocaleString('en-US')}\\s*人[\\s\\S]*笔数\\s*${lines.toLocaleString('en-US')}\\s*笔[\\s\\S]*基础养老金[\\s\\S]*个人账户支付[\\s\\S]*基金垫付[\\s\\S]*合计\\s*${yuan(payroll.totals.amount).replace('.', '\\.')}\\s*元`));
    await poll(() => detail.getByTestId('payroll-notes').innerText()).toContain(`待发放 ${lines} 笔`);
    await poll(() => detail.getByTestId('payroll-lines-summary').innerText()).toBe(`共 ${lines.toLocaleString('en-US')} 笔，发放金额合计 ${yuan(payroll.totals.amount)} 元`);
    await poll(() => detail.locator('[data-testid="payroll-lines"] .ant-table-row').count()).toBe(20);
    const listRow = page.getByTestId('payroll-list').locator(`.ant-table-row[data-row-key="${month}"]`);
    await poll(() => listRow.innerText()).toMatch(new RegExp(`${month}[\\s\\S]*待审核[\\s\\S]*${yuan(payroll.totals.amount).replace('.', '\\.')}`));
    // The roll (Excel) with the filters of the lines.
    const exportHref = await detail.getByTestId('payroll-export').getAttribute('href');
    expect(exportHref).toBe(`/api/payroll/${month}/export`);
    const xlsx = await page.request.get(`${suite.server.base}${exportHref}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    // The reviewer neither approves nor handles the bank's files.
    expect(await detail.getByTestId('payroll-approve').count()).toBe(0);
    expect(await detail.getByTestId('payroll-bank-file').count()).toBe(0);
    // The totals by township add up.
    await detail.getByRole('tab', { name: '按乡镇（街道）汇总' }).click();
    await page.waitForURL(/view=townships/);
    await poll(() => detail.getByTestId('payroll-townships').locator('.ant-table-summary').innerText()).toContain(yuan(payroll.totals.amount));
    await detail.getByRole('tab', { name: '发放明细' }).click();
    await page.waitForURL(new RegExp(`/payroll\\?month=${month}$`));
    await poll(() => detail.getByRole('tabpanel', { name: '发放明细' }).isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'payroll-generated.png') });
    await context.close();

    // ---- The finance officer first sends it back with a reason; the reviewer submits it again.
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'finance');
    await openPayroll(page);
    let panel = page.getByTestId('payroll-detail');
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('待审核');
    await panel.getByTestId('payroll-send-back').click();
    const sendBack = page.locator('.ant-modal', { hasText: `退回 ${month} 发放批次` });
    await modalOpened(sendBack);
    expect(await sendBack.getByTestId('payroll-send-back-ok').isDisabled()).toBe(true);
    await sendBack.getByTestId('payroll-send-back-reason').fill('新增人员开始月份请再核对');
    await sendBack.getByTestId('payroll-send-back-ok').click();
    await page.getByText(`${month} 发放批次已退回待遇审批`).waitFor();
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('已退回');
    await poll(() => panel.getByTestId('payroll-sent-back').innerText()).toContain('新增人员开始月份请再核对');
    expect(await panel.getByTestId('payroll-approve').count()).toBe(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'payroll-sent-back.png') });
    await context.close();
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'reviewer');
    await openPayroll(page);
    panel = page.getByTestId('payroll-detail');
    await poll(() => panel.getByTestId('payroll-sent-back').innerText()).toContain('刘会计');
    await panel.getByTestId('payroll-resubmit').click();
    const resubmit = page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: '重新提交财务审核' });
    await modalOpened(resubmit);
    await resubmit.getByRole('button', { name: '重新提交审核' }).click();
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('待审核');
    await context.close();

    // ---- The finance officer approves it.
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'finance');
    await openPayroll(page);
    panel = page.getByTestId('payroll-detail');
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('待审核');
    expect(await page.getByTestId('payroll-generate').count()).toBe(0);
    await panel.getByTestId('payroll-approve').click();
    const confirm = page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: `审核通过 ${month} 发放批次？` });
    await modalOpened(confirm);
    await poll(() => confirm.innerText()).toContain(`共 ${lines.toLocaleString('en-US')} 笔，${yuan(payroll.totals.amount)} 元`);
    await confirm.getByRole('button', { name: '审核通过' }).click();
    await page.getByText(`${month} 发放批次已审核通过`).waitFor();
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('已审核');
    await poll(() => panel.getByTestId('payroll-steps').innerText()).toMatch(/财务审核\s*刘会计/);
    expect(await panel.getByTestId('payroll-approve').count()).toBe(0);
    await context.close();

    // ---- The agent bank takes the payment file, then returns one payment as failed.
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'bank');
    await openPayroll(page);
    panel = page.getByTestId('payroll-detail');
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('已审核');
    const bankHref = await panel.getByTestId('payroll-bank-file').getAttribute('href');
    expect(bankHref).toBe(`/api/payroll/${month}/bank-file`);
    const bankRes = await page.request.get(`${suite.server.base}${bankHref}`);
    expect(bankRes.status()).toBe(200);
    expect(bankRes.headers()['content-type']).toContain('text/csv');
    const csv = parseCsv(await bankRes.text()).filter((r) => r.some((c) => c !== ''));
    expect(csv[0]!.join(',')).toBe(BANK_HEADER);
    const data = csv.slice(1);
    expect(data).toHaveLength(lines);
    // ID number and account are text in Excel thanks to a tab inside the cell.
    const [paymentId, name, idCell, , amountYuan, paidMonth] = data[data.length - 1]!;
    const idNumber = idCell!.replace(/^\t/, '');
    expect(idNumber).toMatch(/^\d{17}[\dX]$/);
    expect(paidMonth).toBe(month);
    const failedFen = Math.round(Number(amountYuan) * 100);

    await panel.getByTestId('payroll-bank-return').click();
    const upload = page.getByRole('dialog', { name: `上传银行回盘：${month}` });
    await modalOpened(upload);
    const fileInput = upload.locator('input[type=file]');
    // A payment number not in the payroll: refused, naming row 2, nothing changed.
    await fileInput.setInputFiles({ name: 'return-wrong.csv', mimeType: 'text/csv', buffer: Buffer.from(`付款编号,公民身份号码,失败原因\r\n99999999,${idNumber},账户已销户\r\n`) });
    const rowErrors = upload.getByTestId('payroll-return-errors');
    await poll(() => rowErrors.locator('.ant-table-row').count()).toBe(1);
    await poll(() => rowErrors.locator('.ant-table-row').first().innerText()).toMatch(/^2\s+付款编号\s+付款编号“99999999”不在 \d{4}-\d\d 发放批次中$/);
    await poll(() => upload.getByTestId('payroll-return-outcome').innerText()).toContain('文件有 1 处错误，未导入任何数据');
    await page.screenshot({ path: join(SHOTS, 'payroll-return-suite.errors.png') });
    expect(((await (await page.request.get(`${suite.server.base}/api/payroll/${month}`)).json()) as { status: string }).status).toBe('approved');

    // The right file: that payment failed, all the others paid.
    await fileInput.setInputFiles({ name: 'return.csv', mimeType: 'text/csv', buffer: Buffer.from(`付款编号,公民身份号码,失败原因\r\n${paymentId},${idNumber},账户已销户\r\n`) });
    await poll(() => upload.getByTestId('payroll-return-outcome').innerText()).toContain(`已发放 ${(lines - 1).toLocaleString('en-US')} 笔，失败 1 笔 ${yuan(failedFen)} 元`);
    expect(await upload.getByTestId('payroll-return-errors').count()).toBe(0);
    await upload.getByTestId('payroll-return-close').click();
    await upload.waitFor({ state: 'hidden' });
    await poll(() => panel.getByTestId('payroll-status').innerText()).toBe('已结算');
    await poll(() => panel.getByTestId('payroll-failed').innerText()).toBe(`发放失败 1 笔 ${yuan(failedFen)} 元`);
    await poll(() => panel.getByTestId('payroll-notes').innerText()).toContain(`已发放 ${lines - 1} 笔`);
    await poll(() => page.getByTestId('payroll-list').locator(`.ant-table-row[data-row-key="${month}"]`).innerText()).toMatch(/已结算[\s\S]*\s1\s/);
    expect(await panel.getByTestId('payroll-bank-return').count()).toBe(0);
    // Only the failed payment, with its reason.
    await choose(page, panel.getByTestId('payroll-lines-status'), '发放失败');
    const lineRows = panel.locator('[data-testid="payroll-lines"] .ant-table-row');
    await poll(() => lineRows.count()).toBe(1);
    await poll(() => lineRows.first().innerText()).toMatch(new RegExp(`${paymentId}[\\s\\S]*${name}[\\s\\S]*${yuan(failedFen).replace('.', '\\.')}[\\s\\S]*发放失败[\\s\\S]*账户已销户`));
    await poll(() => panel.getByTestId('payroll-export').getAttribute('href')).toBe(`/api/payroll/${month}/export?status=failed`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'payroll-settled.png') });
    await context.close();

    // ---- The reviewer finds the failed payment in the pension's details.
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'reviewer');
    await page.locator('.ant-menu-item', { hasText: '待遇核定' }).click();
    await page.getByRole('tab', { name: '领取人员' }).click();
    const pensioners = page.getByRole('tabpanel', { name: '领取人员' });
    const search = pensioners.getByTestId('pensioners-q').locator('input');
    await search.fill(name!);
    await search.press('Enter');
    const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
    const pensioner = pensioners.locator('.ant-table-row', { hasText: masked });
    await pensioner.getByTestId('pensioner-detail').click();
    const drawer = page.getByRole('dialog', { name: /养老金核定/ });
    await drawer.getByTestId('pension-detail').waitFor();
    await modalOpened(page.locator('.ant-drawer-open .ant-drawer-content-wrapper'));
    const payments = drawer.getByTestId('pension-payments');
    await poll(() => payments.locator('.ant-table-row').count()).toBe(1);
    await poll(() => payments.locator('.ant-table-row').first().innerText()).toMatch(new RegExp(`^${month}\\s+${month}\\s+正常\\s+${yuan(failedFen).replace('.', '\\.')}\\s+发放失败\\s+账户已销户$`));
    await drawer.getByText('发放记录').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'payroll-pension-payments.png') });
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // The page in English (the layout with longer words).
    await openPayroll(page);
    await page.getByTestId('lang-switch').click();
    await page.locator('.xnb-page-title', { hasText: 'Payroll' }).waitFor();
    await poll(() => page.getByTestId('payroll-detail').getByTestId('payroll-status').innerText()).toBe('settled');
    await poll(() => page.getByTestId('payroll-failed').innerText()).toBe(`Failed: 1, ${yuan(failedFen)} yuan`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'payroll-settled-en.png') });
    await context.close();
    expect(suite.errors).toEqual([]);
  });
});
