// Collecting contributions in the browser: the township clerk collects a cash premium from the plan (the
// preview shows the split before it is recorded), a receipt number used twice is refused on its field,
// the account manager finds the payment in the ledger by its receipt and reverses it, and the resident
// record's account shows the reversal with the balance back where it was.
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../src/rules/index.js';
import { browserSuite, choose, newPage, SHOTS, signIn } from './support/e2e.js';

const RECEIPT = 'E2E-0001';
const yuan = (fen: number) => formatYuan(fen, 'zh-CN');

/** Opens 收款 on a row and picks the 500 yuan tier and cash with the given receipt number. */
async function fillCollect(page: Page, row: Locator, receipt: string): Promise<Locator> {
  await row.getByTestId('plan-collect').click();
  const dialog = page.locator('.ant-modal', { hasText: '收取保费' });
  await dialog.getByTestId('collect-modal').waitFor();
  const tier = dialog.getByTestId('collect-tier');
  await expect.poll(async () => (await tier.getAttribute('class')) ?? '').not.toContain('ant-select-disabled'); // the tiers of the date are in
  await choose(page, tier, /^500\.00 元$/);
  await expect.poll(() => tier.innerText()).toContain('500.00 元');
  await dialog.getByTestId('collect-channel').getByText('现金').click();
  await dialog.locator('#receiptNo').fill(receipt);
  return dialog;
}

/** Waits until the plan table shows only unpaid people. */
async function onlyUnpaid(page: Page): Promise<void> {
  const rows = page.locator('.ant-table-row');
  await expect.poll(async () => (await rows.count()) > 0 && (await rows.filter({ hasText: '已缴' }).count()) === 0).toBe(true);
}

describe('collecting contributions in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('collect → duplicate receipt refused → reverse in the ledger → the account shows it', { timeout: 150_000 }, async () => {
    const year = new Date().getFullYear();

    // The township clerk works through the unpaid people of the plan.
    const clerk = await newPage(suite.browser, suite.errors);
    let page = clerk.page;
    await signIn(page, suite.server.base, 'clerk_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '缴费征收' }).click();
    await page.locator('.xnb-page-title', { hasText: '缴费征收' }).waitFor();
    const summary = page.getByTestId('plan-summary');
    await expect.poll(() => summary.innerText()).toMatch(new RegExp(`${year} 年度应缴 [\\d,]+ 人，已缴 [\\d,]+ 人，已收 [\\d,]+\\.\\d\\d 元`));
    await page.getByTestId('plan-paid').getByText('未缴').click();
    await onlyUnpaid(page);

    // The first row, or the first ordinary one when the first belongs to a hardship group.
    const rows = page.locator('.ant-table-row');
    const first = rows.first();
    const row = (await first.innerText()).includes('普通参保人') ? first : rows.filter({ hasText: '普通参保人' }).first();
    const residentId = Number(await row.getAttribute('data-row-key'));
    const name = await row.getByTestId('plan-name').innerText();
    const before = (await (await page.request.get(`${suite.server.base}/api/residents/${residentId}/account`)).json()) as { total: number };

    const dialog = await fillCollect(page, row, RECEIPT);
    const preview = dialog.getByTestId('collect-preview');
    await expect.poll(() => preview.innerText()).toMatch(/个人缴费\s+500\.00/);
    await expect.poll(() => preview.innerText()).toMatch(/政府补贴\s+60\.00/);
    await expect.poll(() => dialog.getByTestId('collect-total').innerText()).toBe('560.00');
    await page.screenshot({ path: join(SHOTS, 'contributions-collect.png') });
    await dialog.getByTestId('collect-confirm').click();
    await page.getByText(`已收款：${name} ${year} 年度缴费 500.00 元，记入个人账户 560.00 元`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // The person leaves the unpaid list and shows as paid among everyone.
    await onlyUnpaid(page);
    await expect.poll(() => page.locator(`.ant-table-row[data-row-key="${residentId}"]`).count()).toBe(0);
    await page.getByTestId('plan-paid').getByText('全部').click();
    await page.getByTestId('plan-q').locator('input').fill(name);
    await page.getByTestId('plan-q').locator('input').press('Enter');
    const paidRow = page.locator(`.ant-table-row[data-row-key="${residentId}"]`);
    await expect.poll(() => paidRow.innerText()).toMatch(/已缴[\s\S]*500\.00[\s\S]*560\.00/);
    await expect.poll(() => paidRow.getByTestId('plan-collect').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'contributions-plan.png') });

    // The same receipt number on another person: refused, with the server's message on the receipt field.
    await page.getByTestId('plan-q').locator('input').fill('');
    await page.getByTestId('plan-q').locator('input').press('Enter');
    await page.getByTestId('plan-paid').getByText('未缴').click();
    await onlyUnpaid(page);
    const again = await fillCollect(page, rows.first(), RECEIPT);
    await again.getByTestId('collect-confirm').click();
    const receiptItem = again.locator('.ant-form-item', { has: page.locator('#receiptNo') });
    await expect.poll(() => receiptItem.locator('.ant-form-item-explain-error').innerText()).toContain(`票据号码 ${RECEIPT} 已使用`);
    await expect.poll(() => again.locator('.ant-form-item-explain-error').count()).toBe(1);
    await again.getByRole('button', { name: /取\s*消/ }).click();
    await clerk.context.close();

    // The account manager finds the payment by its receipt number and reverses it.
    const manager = await newPage(suite.browser, suite.errors);
    page = manager.page;
    await signIn(page, suite.server.base, 'accounts');
    await page.locator('.ant-menu-item', { hasText: '缴费征收' }).click();
    await page.getByRole('tab', { name: '征缴台账' }).click();
    const ledger = page.getByRole('tabpanel', { name: '征缴台账' }); // the plan tab stays mounted beside it
    const search = ledger.getByTestId('ledger-q').locator('input');
    await search.fill(RECEIPT);
    await search.press('Enter');
    const ledgerRow = ledger.locator('.ant-table-row', { hasText: RECEIPT });
    await expect.poll(() => ledger.locator('.ant-table-row').count()).toBe(1);
    await expect.poll(() => ledgerRow.innerText()).toMatch(new RegExp(`${name}[\\s\\S]*${year}[\\s\\S]*当年[\\s\\S]*500\\.00[\\s\\S]*560\\.00[\\s\\S]*现金[\\s\\S]*${RECEIPT}[\\s\\S]*已入账`));
    const totals = page.getByTestId('ledger-totals');
    await expect.poll(() => totals.innerText()).toMatch(/合计（已入账 1 笔）[\s\S]*政府补贴 60\.00[\s\S]*记账合计 560\.00 元/);
    // The Excel export carries the same filters.
    const exportHref = await ledger.getByTestId('ledger-export').getAttribute('href');
    expect(exportHref).toBe(`/api/contributions/export.xlsx?year=${year}&q=${RECEIPT}`);
    const xlsx = await page.request.get(`${suite.server.base}${exportHref}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    await ledgerRow.getByTestId('ledger-reverse').click();
    const reverse = page.locator('.ant-modal', { hasText: '冲正缴费记录' });
    await reverse.getByTestId('reverse-confirm').click();
    await expect.poll(() => reverse.locator('.ant-form-item-explain-error').innerText()).toContain('请填写冲正原因');
    await reverse.getByTestId('reverse-reason').fill('票据号录错，重新收款');
    await reverse.getByTestId('reverse-confirm').click();
    const reversedToast = page.getByText(`${name} 的缴费记录`);
    await reversedToast.waitFor();
    await reverse.waitFor({ state: 'hidden' });
    await expect.poll(() => ledgerRow.innerText()).toContain('已冲正');
    await expect.poll(() => ledgerRow.getByTestId('ledger-reverse').count()).toBe(0);
    await expect.poll(() => totals.innerText()).toMatch(/合计（已入账 0 笔）/);
    // The whole ledger of the year: the reversed payment is the newest, greyed, among the others.
    await search.fill('');
    await search.press('Enter');
    await expect.poll(() => ledger.locator('.ant-table-row').count()).toBeGreaterThan(1);
    await expect.poll(() => ledger.locator('.ant-table-row').first().innerText()).toMatch(new RegExp(`${name}[\\s\\S]*已冲正`));
    await page.mouse.move(0, 0);
    await reversedToast.waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(SHOTS, 'contributions-ledger.png') });

    // The resident record: the payment is reversed and the balance is what it was before it.
    await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
    await page.locator('.xnb-page-title', { hasText: '居民档案' }).waitFor();
    await page.locator('#q').fill(name);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.locator(`.ant-table-row[data-row-key="${residentId}"]`).getByTestId('resident-open').click();
    const account = page.getByTestId('resident-account');
    await expect.poll(() => account.getByTestId('account-total').innerText()).toBe(yuan(before.total));
    const reversedRow = account.locator('.ant-table-row', { hasText: '已冲正' });
    await expect.poll(() => reversedRow.innerText()).toMatch(new RegExp(`${year}[\\s\\S]*500\\.00[\\s\\S]*560\\.00`));
    await account.getByText(/记账明细/).click();
    const entries = account.getByTestId('account-entries');
    await expect.poll(() => entries.innerText()).toMatch(/冲正[\s\S]*个人缴费[\s\S]*-500\.00/);
    await expect.poll(() => entries.innerText()).toMatch(/冲正[\s\S]*政府补贴[\s\S]*-60\.00/);
    const print = account.getByTestId('account-print');
    expect(await print.getAttribute('href')).toBe(`/api/residents/${residentId}/account/statement.pdf`);
    expect(await print.getAttribute('target')).toBe('_blank');
    await account.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'resident-account.png') });
    await manager.context.close();
    expect(suite.errors).toEqual([]);
  });

  it('the demo coordinator collects a premium from someone of their own village', { timeout: 120_000 }, async () => {
    const year = new Date().getFullYear();
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'coord_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '缴费征收' }).click();
    const summary = page.getByTestId('plan-summary');
    // The coordinator's village has people who pay: the plan of the year is not empty.
    await expect.poll(() => summary.innerText()).toMatch(new RegExp(`${year} 年度应缴 [1-9][\\d,]* 人`));
    await page.getByTestId('plan-paid').getByText('未缴').click();
    await onlyUnpaid(page);
    const rows = page.locator('.ant-table-row');
    await expect.poll(() => rows.first().innerText()).toContain('田家店村');
    const row = rows.filter({ hasText: '普通参保人' }).first();
    const name = await row.getByTestId('plan-name').innerText();
    const dialog = await fillCollect(page, row, 'E2E-COORD-1');
    await expect.poll(() => dialog.getByTestId('collect-total').innerText()).toBe('560.00');
    await dialog.getByTestId('collect-confirm').click();
    await page.getByText(`已收款：${name} ${year} 年度缴费 500.00 元，记入个人账户 560.00 元`).waitFor();
    await page.screenshot({ path: join(SHOTS, 'contributions-coordinator.png') });
    // The list to take door to door: an Excel file of the village's unpaid people, with feedback while it is made.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    expect(download.suggestedFilename()).toBe(`${year}年度缴费征收计划.xlsx`);
    await page.getByText(`已下载 ${year}年度缴费征收计划.xlsx`).waitFor();
    await context.close();
  });

  it('the account manager sees the interest of every past year posted, and a year posted once', { timeout: 120_000 }, async () => {
    const { context, page } = await newPage(suite.browser, []);
    await signIn(page, suite.server.base, 'accounts');
    await page.locator('.ant-menu-item', { hasText: '账户计息' }).click();
    // The demo posted every year up to last year through the interest job.
    const last = String(new Date().getFullYear() - 1);
    const row = page.locator('[data-testid="interest-jobs"] .ant-table-row', { hasText: last }).first();
    await expect.poll(() => row.innerText(), { timeout: 60_000 }).toContain('已完成');
    await page.screenshot({ path: join(SHOTS, 'interest-job.png') });
    // Starting last year again is refused with the server's message.
    await page.getByTestId('interest-year').fill(last);
    await page.getByTestId('interest-start').click();
    // It asks first, naming the year and that posting cannot be undone.
    const confirm = page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: `${last} 年度利息` });
    await confirm.getByText('不能撤销', { exact: false }).waitFor();
    await confirm.getByTestId('interest-start-ok').click();
    await page.getByText(`${last} 年度计息任务已存在`).waitFor();
    await context.close();
  });
});
