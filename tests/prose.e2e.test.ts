// What the demo county's staff and residents read in zh-CN, in the browser: the pension drawer with its
// explanation, the printed award form (rendered to an image), the calculator's result and the audit log
// contain no programme name and no English (tests/support/latin.ts). The pictures are kept under
// artifacts/issue10/. The audit log also filters by the actor's name and by action in words and links its
// Excel export with the filters.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latinWords } from './support/latin.js';
import { launchBrowser, modalOpened, newPage, REPO, signIn, startServer, type E2eServer } from './support/e2e.js';

const OUT = join(REPO, 'artifacts', 'issue10');

/** The visible text of a part of the page, which must read as Chinese. */
async function expectChinese(what: string, text: string): Promise<void> {
  expect(text.length, what).toBeGreaterThan(50);
  expect(latinWords(text), `${what}: ${text.slice(0, 400)}`).toEqual([]);
}

async function typeDate(page: Page, selector: string, value: string): Promise<void> {
  const input = page.locator(selector);
  await input.click();
  await input.fill(value);
  await input.press('Enter');
  await expect.poll(() => input.inputValue()).toBe(value);
}

describe('zh-CN pages and forms read as Chinese prose', () => {
  let server: E2eServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    server = await startServer({ DEMO_RESIDENTS: '3000' });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the pension drawer and the award form it prints', { timeout: 150_000 }, async () => {
    const { context, page } = await newPage(browser, errors);
    await signIn(page, server.base, 'reviewer');
    await page.locator('.ant-menu-item', { hasText: '待遇核定' }).click();
    await page.getByRole('tab', { name: '领取人员' }).click();
    const pensioners = page.getByRole('tabpanel', { name: '领取人员' });
    await expect.poll(() => pensioners.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await pensioners.locator('.ant-table-row').first().getByTestId('pensioner-detail').click();

    const drawer = page.getByRole('dialog', { name: /养老金核定/ });
    const detail = drawer.getByTestId('pension-detail');
    await detail.waitFor();
    await modalOpened(page.locator('.ant-drawer-open .ant-drawer-content-wrapper'));
    const steps = detail.getByTestId('pension-explanation');
    await expect.poll(() => steps.getByTestId('pension-citation').count()).toBeGreaterThan(2);
    await expect.poll(() => steps.innerText()).toContain('领取年龄 60 周岁');
    await expect.poll(() => steps.innerText()).toContain('《国务院关于开展新型农村社会养老保险试点的指导意见》');
    await expectChinese('pension drawer', await drawer.innerText());
    await expectChinese('pensioners', await pensioners.innerText());
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, 'pension-drawer.png') });
    await steps.getByTestId('pension-citation').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'pension-drawer-explanation.png') });

    // The award form, as the print button opens it.
    const href = await drawer.getByTestId('pension-print').getAttribute('href');
    expect(href).toMatch(/^\/api\/pensions\/\d+\/award\.pdf\?lang=zh-CN$/);
    const pdf = await page.request.get(`${server.base}${href}`);
    expect(pdf.status()).toBe(200);
    const file = join(OUT, 'award-form.pdf');
    writeFileSync(file, await pdf.body());
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('领取年龄 60 周岁');
    expect(text).toContain('核定人 赵审批');
    await expectChinese('award form', text);
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', file, join(OUT, 'award-form')]);
    await context.close();
    expect(errors).toEqual([]);
  });

  it('the calculator', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/calc?tab=benefit`);
    await typeDate(page, '#benefit_birthDate', '1964-03-15');
    await page.locator('#benefit_balances_individual').fill('3,200.00');
    await page.locator('#benefit_contributionYears').fill('15');
    await page.getByTestId('calc-submit').click();
    const explanation = page.getByTestId('calc-explanation');
    await expect.poll(() => explanation.getByTestId('calc-citation').count()).toBeGreaterThan(2);
    const text = await page.getByTestId('calc-result').innerText();
    expect(text).toContain('中央基础养老金最低标准 123.00 元/月');
    expect(text).toContain('《2024年政府工作报告》');
    // The whole page below its header (the language switch there names English in English).
    await expectChinese('calculator', await page.locator('main.xnb-calc-main').innerText());
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, 'calculator.png'), fullPage: true });
    await context.close();
    expect(errors).toEqual([]);
  });

  it('the audit log, filtered by actor and action in words', { timeout: 90_000 }, async () => {
    const { context, page } = await newPage(browser, errors);
    await signIn(page, server.base, 'director');
    await page.locator('.ant-menu-item', { hasText: '审计日志' }).click();
    await page.locator('.xnb-page-title', { hasText: '审计日志' }).waitFor();
    const table = page.locator('.ant-table');
    await expect.poll(() => table.locator('.ant-table-row').count()).toBeGreaterThan(0);

    await page.getByTestId('audit-filter-actor').fill('赵审批');
    // The action list is searched by its words.
    await page.getByTestId('audit-filter-action').click();
    await page.keyboard.type('批量核定');
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await expect.poll(() => options.allInnerTexts()).toEqual(['批量核定养老金待遇']);
    await options.first().click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(async () => (await table.getByTestId('audit-action').allInnerTexts()).join('|')).toMatch(/^批量核定养老金待遇(\|批量核定养老金待遇)*$/);
    expect(new Set(await table.getByTestId('audit-actor').allInnerTexts())).toEqual(new Set(['赵审批（待遇审批员）']));
    const href = await page.getByTestId('audit-export').getAttribute('href');
    expect(href).toBe(`/api/audit/export?actor=${encodeURIComponent('赵审批')}&action=pension.award_batch&lang=zh-CN`);
    const xlsx = await page.request.get(`${server.base}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');

    // The whole log, newest first: the export just written leads it.
    await page.getByRole('button', { name: /重\s*置/ }).click();
    await expect.poll(() => table.getByTestId('audit-action').first().innerText()).toBe('导出审计日志');
    await expect.poll(() => table.getByTestId('audit-actor').first().innerText()).toBe('张主任（中心主任）');
    await expectChinese('audit log', `${await page.locator('.xnb-filter').innerText()}\n${await table.innerText()}`);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, 'audit-log.png'), fullPage: true });
    await context.close();
    expect(errors).toEqual([]);
  });
});
