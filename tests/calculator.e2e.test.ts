// Browser test of the public policy calculator (/calc) against the real server: no sign-in, the
// national defaults and a county override file (寿光市 370783, copied from the example), the
// explanation in both languages, a server error on its field, and a one-page A4 print; then the
// contribution obligation (缴费义务) tab.
// Starts `tsx src/cli.ts serve` without demo data, drives Chromium with playwright-core,
// and saves screenshots to artifacts/screenshots/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfPages } from './support/pdf-text.js';
import { launchBrowser, REPO as repo, SHOTS as shots, startServer, type E2eServer } from './support/e2e.js';

/** Turns the printed PDF into a picture for a look, where poppler-utils is installed. */
const PDFTOPPM = '/usr/bin/pdftoppm';

/** Types a date into an antd DatePicker (replacing what is there) and confirms it. */
async function typeDate(page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(value);
}

/** The form item (label, control and messages) holding the control with this id. */
const formItem = (page: Page, id: string) => page.locator('.ant-form-item').filter({ has: page.locator(`#${id}`) });

describe('policy calculator', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let paramsDir = '';
  let base = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // Files named *.example.json are skipped by the loader: the copy makes 寿光市 a scope.
    paramsDir = mkdtempSync(join(tmpdir(), 'xnb-calc-params-'));
    copyFileSync(join(repo, 'params', 'county-370783.json'), join(paramsDir, 'county-370783.json'));
    server = await startServer({ LOAD_DEMO: 'false', PARAMS_DIR: paramsDir });
    base = server.base;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (paramsDir) rmSync(paramsDir, { recursive: true, force: true });
  });

  it('works out a pension without signing in, explains it in both languages, and prints on one A4 page', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // The login page links to the calculator; no session is needed to open it.
    await page.goto(`${base}/login`);
    await page.getByTestId('login-calc').click();
    await page.waitForURL(/\/calc$/);
    await page.getByTestId('calc-sign-in').waitFor();

    // 待遇测算 under the national defaults: 1,390.00 ÷ 139 = 10.00; 55.00 + 10.00 = 65.00.
    await page.getByTestId('calc-tab-benefit').click();
    await page.waitForURL(/tab=benefit/);
    await expect.poll(() => formItem(page, 'benefit_scope').innerText()).toContain('全国默认参数');
    await typeDate(page, '#benefit_birthDate', '1950-03-15');
    await page.locator('#benefit_balances_individual').fill('1,390.00');
    await page.getByTestId('calc-submit').click();
    const result = page.getByTestId('calc-result');
    await result.waitFor();
    await expect.poll(() => page.getByTestId('calc-monthly-pension').innerText()).toContain('65.00');
    expect(await page.getByTestId('calc-basic-pension').innerText()).toContain('55.00');
    expect(await page.getByTestId('calc-account-pension').innerText()).toContain('10.00');
    expect(await page.getByTestId('calc-scope-used').innerText()).toContain('全国默认参数');
    const explanation = page.getByTestId('calc-explanation');
    const zhText = await explanation.innerText();
    expect(zhText).toContain('÷ 139');
    expect(zhText).toContain('国发〔2009〕32号');
    expect(zhText).toContain('国家'); // the layer each parameter comes from
    expect(await explanation.locator('li.xnb-calc-step').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: join(shots, 'calculator-benefit.png'), fullPage: true });

    // English: the same steps, in English; then back to Chinese.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => explanation.innerText()).toContain('account pension = balance 1,390.00 ÷ 139 = 10.00');
    await page.getByTestId('calc-tab-benefit').getByText('Pension award').waitFor();
    await page.screenshot({ path: join(shots, 'calculator-benefit-en.png'), fullPage: true });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => explanation.innerText()).toContain('个人账户养老金 = 账户储存额 1,390.00 元 ÷ 139');

    // An amount with three decimals: the server's message appears under that field, and no result.
    await page.locator('#benefit_balances_individual').fill('12.345');
    await page.getByTestId('calc-submit').click();
    const fieldError = formItem(page, 'benefit_balances_individual').locator('.ant-form-item-explain-error');
    await expect.poll(() => fieldError.innerText()).toContain('两位小数');
    await expect.poll(() => result.count()).toBe(0);
    await page.waitForTimeout(400); // the message's entry animation
    await page.screenshot({ path: join(shots, 'calculator-field-error.png') });

    // 寿光市 (county file): top-up 10.00 and 2 years × 1.00 long-contribution extra over the
    // 2026 central floor of 163.00; 20,000.00 ÷ 139 = 143.88 → 175.00 + 143.88 = 318.88.
    await page.locator('#benefit_scope').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '寿光市' }).click();
    await expect.poll(() => formItem(page, 'benefit_scope').innerText()).toContain('寿光市');
    await typeDate(page, '#benefit_birthDate', '1966-03-05');
    await page.locator('#benefit_balances_individual').fill('20,000.00');
    // Changing the value takes the server's message away.
    await expect.poll(() => fieldError.count()).toBe(0);
    await page.locator('#benefit_contributionYears').fill('17');
    await page.getByTestId('calc-submit').click();
    await result.waitFor();
    await expect.poll(() => page.getByTestId('calc-monthly-pension').innerText()).toContain('318.88');
    expect(await page.getByTestId('calc-basic-pension').innerText()).toContain('175.00');
    expect(await page.getByTestId('calc-account-pension').innerText()).toContain('143.88');
    expect(await page.getByTestId('calc-scope-used').innerText()).toContain('寿光市');
    const countyText = await explanation.innerText();
    expect(countyText).toContain('县'); // the county layer is cited
    expect(countyText).toContain('2.00');
    await page.screenshot({ path: join(shots, 'calculator-county.png'), fullPage: true });

    // Print: only the title, the inputs, the key figures and the steps, on one A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('calc-submit').isVisible()).toBe(false);
    expect(await page.getByTestId('calc-form').isVisible()).toBe(false);
    expect(await page.getByTestId('calc-tab-benefit').isVisible()).toBe(false);
    expect(await page.getByTestId('lang-switch').isVisible()).toBe(false);
    expect(await page.getByTestId('calc-print-button').isVisible()).toBe(false);
    const printable = page.getByTestId('calc-print');
    expect(await printable.isVisible()).toBe(true);
    const printText = await printable.innerText();
    expect(printText).toContain('政策测算结果');
    expect(printText).toContain('寿光市');
    expect(printText).toContain('1966-03-05'); // the inputs table
    expect(printText).toContain('318.88');
    await page.screenshot({ path: join(shots, 'calculator-print.png'), fullPage: true });
    const pdf = join(shots, 'calculator-print.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    expect(pdfPages(readFileSync(pdf))).toBe(1);
    if (existsSync(PDFTOPPM)) execFileSync(PDFTOPPM, ['-png', '-r', '60', '-singlefile', pdf, join(shots, 'calculator-print-pdf')]);
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByTestId('calc-submit').isVisible()).toBe(true);

    await context.close();
    expect(pageErrors).toEqual([]);
  });

  it('says whether a resident must pay, for how many more years and how many years may be back-paid now', async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    // 缴费义务 is the second tab, right after 缴费计算.
    await page.goto(`${base}/calc`);
    const tabs = page.locator('.xnb-calc-tabs .ant-tabs-tab');
    await expect.poll(() => tabs.nth(1).innerText()).toBe('缴费义务');
    expect(await tabs.nth(0).innerText()).toBe('缴费计算');
    await page.getByTestId('calc-tab-obligation').click();
    await page.waitForURL(/tab=obligation/);
    // Defaults: the scheme start date the server will use, today as the day asked, no years credited.
    expect(await page.locator('#obligation_schemeStartDate').getAttribute('placeholder')).toBe('默认 2009-09-01');
    expect(await page.locator('#obligation_asOf').inputValue()).toBe(new Date().toLocaleDateString('sv-SE'));
    expect(await page.locator('#obligation_yearsCredited').inputValue()).toBe('0');
    expect(await page.locator('#obligation_currentYearPaid').isChecked()).toBe(false);

    // A day asked before the scheme started: the server's message goes under 测算基准日.
    await typeDate(page, '#obligation_birthDate', '1955-06-01');
    await typeDate(page, '#obligation_schemeStartDate', '2009-12-01');
    await typeDate(page, '#obligation_asOf', '2009-01-01');
    await page.getByTestId('calc-submit').click();
    const asOfError = formItem(page, 'obligation_asOf').locator('.ant-form-item-explain-error');
    await expect.poll(() => asOfError.count()).toBe(1);
    expect(await page.getByTestId('calc-result').count()).toBe(0);

    // Born 1955-06-01, scheme from 2009-12-01: 54 at the start, 6 years to 60 → fewer than 15 years.
    // On 2012-03-01 (aged 56) with 2 years credited: this year's and the years at 57, 58, 59 are
    // still to pay (4), so 15 − 2 − 4 = 9 years may be back-paid now and none must be.
    await typeDate(page, '#obligation_asOf', '2012-03-01');
    await expect.poll(() => asOfError.count()).toBe(0);
    await page.locator('#obligation_yearsCredited').fill('2');
    await page.getByTestId('calc-submit').click();
    const result = page.locator('[data-testid="calc-result"][data-kind="obligation"]');
    await result.waitFor();
    await expect.poll(() => page.getByTestId('calc-obligation-category').innerText()).toContain('不足15年可补缴');
    expect(await page.getByTestId('calc-obligation-category').innerText()).toContain('制度实施时 54 岁，距领取年龄 6 年');
    expect(await page.getByTestId('calc-yearly-remaining').innerText()).toMatch(/^今后按年缴费\s+4\s*年$/);
    expect(await page.getByTestId('calc-back-pay-allowed').innerText()).toMatch(/^现可补缴\s+9\s*年$/);
    expect(await page.getByTestId('calc-back-pay-required').innerText()).toMatch(/^现须补缴\s+0\s*年$/);
    const explanation = page.getByTestId('calc-explanation');
    const zhText = await explanation.innerText();
    expect(zhText).toContain('制度实施时 54 岁，距领取年龄 60 岁还有 6 年');
    expect(zhText).toContain('已缴费 2 年，今后还应按年缴费 4 年');
    expect(zhText).toContain('现可补缴 9 年');
    expect(zhText).toContain('国发〔2009〕32号');
    expect(zhText).not.toContain('元'); // counts of years, no money
    expect(await page.getByTestId('calc-scope-used').innerText()).toContain('全国默认参数');
    await page.waitForTimeout(400); // the submit button's loading animation
    await page.screenshot({ path: join(shots, 'calculator-obligation.png'), fullPage: true });

    // English: the category and the steps in English; then back to Chinese.
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('calc-obligation-category').innerText()).toContain('Under 15 years to go: may back-pay');
    expect(await page.getByTestId('calc-back-pay-allowed').innerText()).toMatch(/^May back-pay now\s+9\s*years$/);
    expect(await explanation.innerText()).toContain('9 years may be back-paid now');
    await page.screenshot({ path: join(shots, 'calculator-obligation-en.png'), fullPage: true });
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('calc-obligation-category').innerText()).toContain('不足15年可补缴');

    // Print: the inputs as the server took them, the figures and the steps, on one A4 page.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('calc-form').isVisible()).toBe(false);
    const printable = page.getByTestId('calc-print');
    const printText = await printable.innerText();
    expect(printText).toContain('政策测算结果');
    expect(printText).toContain('缴费义务');
    expect(printText).toContain('1955-06-01');
    expect(printText).toContain('2012-03-01');
    expect(printText).toMatch(/已缴费年限\s+2 年/);
    expect(printText).toMatch(/本年度已缴费\s+否/);
    expect(printText).toContain('不足15年可补缴');
    await page.screenshot({ path: join(shots, 'calculator-obligation-print.png'), fullPage: true });
    const pdf = join(shots, 'calculator-obligation-print.pdf');
    await page.pdf({ path: pdf, format: 'A4' });
    expect(pdfPages(readFileSync(pdf))).toBe(1);
    if (existsSync(PDFTOPPM)) execFileSync(PDFTOPPM, ['-png', '-r', '60', '-singlefile', pdf, join(shots, 'calculator-obligation-print-pdf')]);
    await page.emulateMedia({ media: 'screen' });

    // The other two categories. Born 1940: 69 at the start, pays nothing.
    const category = page.getByTestId('calc-obligation-category');
    await typeDate(page, '#obligation_birthDate', '1940-01-01');
    await page.getByTestId('calc-submit').click();
    await expect.poll(() => category.innerText()).toContain('60岁以上不缴费');
    expect(await category.innerText()).toContain('制度实施时 69 岁');
    expect(await page.getByTestId('calc-yearly-remaining').innerText()).toMatch(/\s0\s*年$/);
    expect(await page.getByTestId('calc-back-pay-allowed').innerText()).toMatch(/\s0\s*年$/);
    // Born 1980: 29 at the start, must reach 15 years; on 2012-03-01 (aged 32) with 2 years credited,
    // 28 yearly payments are still to make and the 1 year missed (3 elapsed − 2) may be back-paid.
    await typeDate(page, '#obligation_birthDate', '1980-01-01');
    await page.getByTestId('calc-submit').click();
    await expect.poll(() => category.innerText()).toContain('须缴满15年');
    expect(await page.getByTestId('calc-yearly-remaining').innerText()).toMatch(/\s28\s*年$/);
    expect(await page.getByTestId('calc-back-pay-allowed').innerText()).toMatch(/\s1\s*年$/);
    expect(await page.getByTestId('calc-back-pay-required').innerText()).toMatch(/\s0\s*年$/);

    await context.close();
    expect(errors).toEqual([]);
  });
});
