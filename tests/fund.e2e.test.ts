// The fund page (基金财务) in the browser on the demo county: the finance officer opens this year's statement,
// sees the balance carried forward and that the account balances agree with it, opens the postings behind a
// line, records the bank's interest on the income account, then sweeps the whole income account to the fiscal
// special account, which the statement then shows. The finance bureau then allocates other spending from the
// special account: more than it holds is refused with the server's message, an amount it holds is listed.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../src/rules/index.js';
import { browserSuite, choose, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const yuan = (fen: number) => formatYuan(fen, 'zh-CN');
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

interface Statement {
  closingBalance: number;
  accountsTotal: number;
  income: { kind: string; level: string; amount: number }[];
  accounts: { account: string; balance: number }[];
}

describe('the fund page in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('shows the statement with its check and drill-down, and records a sweep', async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'finance');
    await page.locator('.ant-menu-item', { hasText: '基金财务' }).click();
    await page.locator('.xnb-page-title', { hasText: '基金财务' }).waitFor();
    await page.waitForURL(/\/fund$/);

    const api = async () => (await (await page.request.get(`${suite.server.base}/api/fund/statement`)).json()) as Statement;
    const before = await api();
    expect(before.accountsTotal).toBe(before.closingBalance);
    const statement = page.getByTestId('fund-statement');
    const closing = statement.locator('.ant-table-row', { hasText: '期末滚存结余' });
    await poll(() => closing.innerText()).toContain(yuan(before.closingBalance));
    await poll(() => page.getByTestId('fund-check').innerText()).toBe('与滚存结余一致');
    await poll(() => page.getByTestId('fund-accounts').locator('.ant-table-row', { hasText: '合计' }).innerText()).toContain(yuan(before.accountsTotal));
    // The files of the period.
    expect(await page.getByTestId('fund-export').getAttribute('href')).toMatch(/^\/api\/fund\/statement\.xlsx\?from=\d{4}-01&to=\d{4}-\d{2}$/);
    expect(await page.getByTestId('fund-print').getAttribute('href')).toMatch(/^\/api\/fund\/statement\.pdf\?/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'fund-statement.png'), fullPage: true });

    // The postings behind the premiums withheld by the bank add up to the line.
    const bank = before.income.filter((l) => l.kind === 'individual_bank').reduce((s, l) => s + l.amount, 0);
    expect(bank).toBeGreaterThan(0);
    await page.getByTestId('fund-line-income:individual_bank').click();
    const drawer = page.getByTestId('fund-postings');
    await poll(() => drawer.getByTestId('fund-postings-summary').innerText()).toMatch(new RegExp(`共 [\\d,]+ 笔，合计 ${yuan(bank).replace('.', '\\.')} 元`));
    await poll(() => drawer.locator('.ant-table-row').first().innerText()).toContain('缴费入账');
    await page.screenshot({ path: join(SHOTS, 'fund-postings.png') });
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });

    // Interest paid on the income account, then the sweep: the whole income account by default, today, confirmed.
    await page.getByRole('tab', { name: '资金归集' }).click();
    await page.waitForURL(/tab=sweep/);
    const status = (await (await page.request.get(`${suite.server.base}/api/fund/sweep`)).json()) as { incomeBalance: number };
    await poll(() => page.getByTestId('fund-income-balance').innerText()).toBe(yuan(status.incomeBalance));
    await page.getByTestId('fund-interest-amount').fill('12.34');
    await choose(page, page.getByTestId('fund-interest-account'), '收入户');
    await page.getByTestId('fund-interest-submit').click();
    await page.locator('.ant-popconfirm', { hasText: '登记收入户利息收入 12.34 元' }).waitFor();
    await page.getByTestId('fund-interest-submit-confirm').click();
    const income = status.incomeBalance + 1234;
    await poll(() => page.getByTestId('fund-income-balance').innerText()).toBe(yuan(income));
    await poll(() => page.getByTestId('fund-sweep-amount').inputValue()).toBe(yuan(income));
    await page.getByTestId('fund-sweep-submit').click();
    await page.locator('.ant-popconfirm', { hasText: `将 ${yuan(income)} 元从收入户归集到财政专户` }).waitFor();
    await page.getByTestId('fund-sweep-submit-confirm').click();
    await poll(() => page.getByTestId('fund-income-balance').innerText()).toBe('0.00');
    await poll(() => page.getByTestId('fund-movements').locator('.ant-table-row').first().innerText()).toMatch(new RegExp(`收入户归集[\\s\\S]*刘会计[\\s\\S]*${yuan(income).replace('.', '\\.')}`));
    await page.mouse.move(0, 0);
    await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: join(SHOTS, 'fund-sweep.png'), fullPage: true });

    // Back on the statement the money sits in the special account and the books still agree.
    await page.getByRole('tab', { name: '收支表' }).click();
    const specialBefore = before.accounts.filter((a) => a.account === 'special').reduce((s, a) => s + a.balance, 0);
    const special = page.getByTestId('fund-accounts').locator('.ant-table-row', { hasText: '财政专户' });
    await poll(() => special.innerText()).toContain(yuan(specialBefore + income));
    await poll(() => page.getByTestId('fund-check').innerText()).toBe('与滚存结余一致');
    // The interest is income of the period: the balance carried forward grew by it.
    const after = await api();
    expect(after.closingBalance).toBe(before.closingBalance + 1234);
    expect(after.accountsTotal).toBe(after.closingBalance);
    await context.close();
    expect(suite.errors).toEqual([]);
  });

  it('lets the finance bureau allocate other spending up to what the special account holds', async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'bureau');
    await page.goto(`${suite.server.base}/fund?tab=allocations`);
    const statement = (await (await page.request.get(`${suite.server.base}/api/fund/statement`)).json()) as Statement;
    const special = statement.accounts.filter((a) => a.account === 'special').reduce((s, a) => s + a.balance, 0);
    expect(special).toBeGreaterThan(10000);
    await poll(() => page.getByTestId('fund-special-balance').innerText()).toBe(yuan(special));

    // One fen more than the account holds: flagged as typed, and refused by the server with its message.
    await page.getByTestId('fund-other').click();
    const dialog = page.locator('.ant-modal', { hasText: '其他支出拨付' });
    await modalOpened(dialog);
    await poll(() => dialog.getByTestId('fund-other-available').innerText()).toContain(yuan(special));
    await dialog.getByTestId('fund-other-amount').fill(yuan(special + 1));
    await dialog.getByTestId('fund-other-purpose').locator('input').fill('个人账户余额继承支付');
    // The purpose's suggestions close before the button is pressed (they would cover it).
    await dialog.locator('.ant-modal-title').click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    await poll(() => dialog.locator('.ant-form-item-explain').first().innerText()).toContain(`超过财政专户当前余额 ${yuan(special)} 元`);
    await dialog.getByTestId('fund-other-submit').click();
    await page.getByTestId('fund-other-submit-confirm').click();
    await poll(() => dialog.innerText()).toContain(`财政专户余额 ${yuan(special)} 元，不足 ${yuan(special + 1)} 元`);

    // 100.00 is allocated once confirmed: listed under the payrolls, taken from the balance.
    await dialog.getByTestId('fund-other-amount').fill('100');
    await dialog.getByTestId('fund-other-submit').click();
    await page.locator('.ant-popconfirm', { hasText: '将 100.00 元从财政专户拨付到支出户，用于“个人账户余额继承支付”' }).waitFor();
    await page.getByTestId('fund-other-submit-confirm').click();
    await dialog.waitFor({ state: 'hidden' });
    await poll(() => page.getByTestId('fund-special-balance').innerText()).toBe(yuan(special - 10000));
    await poll(() => page.getByTestId('fund-other-list').locator('.ant-table-row').first().innerText()).toMatch(/个人账户余额继承支付[\s\S]*财政局社保科[\s\S]*100\.00/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SHOTS, 'fund-allocations.png'), fullPage: true });
    await context.close();
    expect(suite.errors).toEqual([]);
  });
});
