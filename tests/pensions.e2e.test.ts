// The pension award (待遇核定) in the browser: the benefit reviewer opens the list of those due, moves the
// month ahead, keeps the eligible ones, awards the first; the person then appears among the pensioners,
// whose details show the amounts and the steps (account pension = balance ÷ 139) and link the printable
// award form; the resident record shows the pension. The county director sees the lists but cannot award.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../src/rules/index.js';
import { browserSuite, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const yuan = (fen: number) => formatYuan(fen, 'zh-CN');

/** 'YYYY-MM' `offset` months from this one, in China (UTC+8) as the server counts months. */
function chinaMonth(offset: number): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + offset;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

interface DueRow {
  residentId: number;
  name: string;
  idNumberMasked: string;
  startMonth: string;
  monthlyPension: number;
  eligible: boolean;
}

/** Opens 待遇核定 from the menu and waits for the rows of the list due for award. */
async function openPensions(page: Page): Promise<void> {
  await page.locator('.ant-menu-item', { hasText: '待遇核定' }).click();
  await page.locator('.xnb-page-title', { hasText: '待遇核定' }).waitFor();
  await expect.poll(() => page.getByRole('tabpanel', { name: '到龄待核定' }).locator('.ant-table-row').count()).toBeGreaterThan(0);
}

describe('pension award in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('the reviewer awards an eligible person, who then draws a pension with its explanation and form', { timeout: 150_000 }, async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'reviewer');
    await openPensions(page);
    const due = page.getByRole('tabpanel', { name: '到龄待核定' });
    const summary = due.getByTestId('due-summary');
    // By default: the pensions starting next month or earlier.
    await expect.poll(() => summary.innerText()).toMatch(new RegExp(`${chinaMonth(1)} 及以前到龄未核定 [\\d,]+ 人，可核定 [\\d,]+ 人，月养老金合计 [\\d,]+\\.\\d\\d 元`));
    await expect.poll(() => due.getByTestId('pension-award').isDisabled()).toBe(true);

    // Three months ahead, the eligible ones only.
    const month = chinaMonth(3);
    const monthInput = due.locator('input#due-month');
    await monthInput.click();
    await monthInput.fill(month);
    await monthInput.press('Enter');
    await expect.poll(() => summary.innerText()).toContain(`${month} 及以前到龄未核定`);
    await due.getByTestId('due-eligible-filter').getByText('可核定').click();
    const rows = due.locator('.ant-table-row');
    await expect.poll(async () => (await rows.count()) > 0 && (await rows.filter({ hasText: '需补缴' }).count()) === 0).toBe(true);

    // The first eligible row, and what the server says it would pay.
    const row = rows.first();
    const residentId = Number(await row.getAttribute('data-row-key'));
    const list = (await (await page.request.get(`${suite.server.base}/api/pensions/due?month=${month}&eligible=yes&pageSize=100`)).json()) as { items: DueRow[] };
    const person = list.items.find((r) => r.residentId === residentId)!;
    expect(person, 'the first row is in the list the API gives').toBeTruthy();
    expect(person.eligible).toBe(true);
    await expect.poll(() => row.innerText()).toMatch(new RegExp(`${person.name}[\\s\\S]*${person.startMonth}[\\s\\S]*${yuan(person.monthlyPension).replace('.', '\\.')}[\\s\\S]*可核定`));
    await row.getByRole('checkbox').check();
    await expect.poll(() => due.getByText('已选 1 人').isVisible()).toBe(true);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'pensions-due.png') });
    // The Excel export carries the filters.
    const exportHref = await due.getByTestId('due-export').getAttribute('href');
    expect(exportHref).toBe(`/api/pensions/due/export?month=${month}&eligible=yes`);
    const xlsx = await page.request.get(`${suite.server.base}${exportHref}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    await due.getByTestId('pension-award').click();
    const awardConfirm = page.locator('.ant-popover:not(.ant-popover-hidden)', { hasText: '核定所选 1 人的养老金待遇' });
    await awardConfirm.getByText('核定后即纳入发放', { exact: false }).waitFor();
    await awardConfirm.getByTestId('pension-award-ok').click();
    const awardedToast = page.getByText(`已核定 1 人，月养老金合计 ${yuan(person.monthlyPension)} 元`);
    await awardedToast.waitFor();
    // The person leaves the list of those due.
    await expect.poll(() => due.locator(`.ant-table-row[data-row-key="${residentId}"]`).count()).toBe(0);
    await expect.poll(() => due.getByText('已选 0 人').isVisible()).toBe(true);

    // Among the pensioners.
    await page.getByRole('tab', { name: '领取人员' }).click();
    const pensioners = page.getByRole('tabpanel', { name: '领取人员' });
    await expect.poll(() => pensioners.getByTestId('pensioners-summary').innerText()).toMatch(/领取人员 [\d,]+ 人，月发放合计 [\d,]+\.\d\d 元/);
    const search = pensioners.getByTestId('pensioners-q').locator('input');
    await search.fill(person.name);
    await search.press('Enter');
    const pensionerRow = pensioners.locator('.ant-table-row', { hasText: person.idNumberMasked });
    await expect.poll(() => pensionerRow.innerText()).toMatch(new RegExp(`${person.name}[\\s\\S]*${person.startMonth}[\\s\\S]*${yuan(person.monthlyPension).replace('.', '\\.')}[\\s\\S]*正常[\\s\\S]*赵审批`));
    await awardedToast.waitFor({ state: 'hidden' }); // not over the drawer's title in the screenshot
    await pensionerRow.getByTestId('pensioner-detail').click();

    // The details: amounts, the account by source, the explanation, the printable form.
    const drawer = page.getByRole('dialog', { name: /养老金核定/ });
    const detail = drawer.getByTestId('pension-detail');
    await detail.waitFor();
    await modalOpened(page.locator('.ant-drawer-open .ant-drawer-content-wrapper')); // slid in, for the screenshot
    await expect.poll(() => detail.getByTestId('pension-monthly').innerText()).toMatch(new RegExp(`月养老金\\s*${yuan(person.monthlyPension).replace('.', '\\.')}\\s*元/月`));
    await expect.poll(() => detail.getByTestId('pension-parts').innerText()).toMatch(/中央基础养老金[\s\S]*地方提高部分[\s\S]*长缴多得加发[\s\S]*基础养老金[\s\S]*个人账户储存额[\s\S]*个人账户养老金/);
    const steps = detail.getByTestId('pension-explanation');
    await expect.poll(() => steps.locator('.xnb-calc-step', { hasText: '÷ 139' }).count()).toBe(1);
    await expect.poll(() => steps.locator('.xnb-calc-step').last().innerText()).toContain(`${yuan(person.monthlyPension)} 元`);
    // Each amount rests on a cited policy parameter (named, with its document).
    await expect.poll(() => steps.getByTestId('pension-citation').count()).toBeGreaterThan(2);
    await expect.poll(() => steps.innerText()).toContain('中央基础养老金');
    await page.screenshot({ path: join(SHOTS, 'pensions-detail.png') });
    await steps.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'pensions-detail-steps.png') });
    const print = drawer.getByTestId('pension-print');
    const pdfHref = await print.getAttribute('href');
    expect(pdfHref).toMatch(/^\/api\/pensions\/\d+\/award\.pdf\?lang=zh-CN$/);
    expect(await print.getAttribute('target')).toBe('_blank');
    const pdf = await page.request.get(`${suite.server.base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // The resident record shows the pension.
    await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
    await page.locator('.xnb-page-title', { hasText: '居民档案' }).waitFor();
    await page.locator('#q').fill(person.name);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.locator(`.ant-table-row[data-row-key="${residentId}"]`).getByTestId('resident-open').click();
    await expect
      .poll(() => page.getByTestId('resident-pension').innerText())
      .toContain(`养老金：正常领取，${person.startMonth} 起，每月 ${yuan(person.monthlyPension)} 元`);
    await context.close();
    expect(suite.errors).toEqual([]);
  });

  it('the county director sees the lists but cannot award', { timeout: 90_000 }, async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'director');
    await openPensions(page);
    const due = page.getByRole('tabpanel', { name: '到龄待核定' });
    await expect.poll(() => due.getByTestId('due-summary').innerText()).toMatch(/到龄未核定 [\d,]+ 人/);
    expect(await due.getByTestId('pension-award').count()).toBe(0);
    expect(await due.locator('.ant-table-row').first().getByRole('checkbox').count()).toBe(0);
    await page.getByRole('tab', { name: '领取人员' }).click();
    const pensioners = page.getByRole('tabpanel', { name: '领取人员' });
    await expect.poll(() => pensioners.getByTestId('pensioners-summary').innerText()).toMatch(/领取人员 [\d,]+ 人/);
    expect(await page.getByTestId('pension-award').count()).toBe(0);
    await context.close();
    expect(suite.errors).toEqual([]);
  });
});
