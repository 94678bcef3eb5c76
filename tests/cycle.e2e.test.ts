// The monthly cycle (月度经办) in the browser, June 2026 on the business clock (XNB_TEST_CLOCK_FILE): the demo
// county's payrolls up to May are settled. 田家店村 (coord_shengcheng) submits on the 2nd, on time; a second
// village of 圣城街道 submits on the 4th, a day late, and shows red; the township office (clerk_shengcheng)
// reviews and submits on the 4th; the county generates and approves the payroll on the 8th, the finance
// bureau allocates on the 12th (a Friday) and the bank returns one failure on Monday the 15th — all on time.
// The director's board then shows every step.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, launchBrowser, modalOpened, newPage, SHOTS, signIn, startServer, type E2eServer } from './support/e2e.js';

const MONTH = '2026-06';
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });
const clockDir = mkdtempSync(join(tmpdir(), 'xnb-clock-'));
const clockFile = join(clockDir, 'now');
const at = (day: string) => writeFileSync(clockFile, `${day}T10:00:00+08:00`);

/** A signed-in API session (cookie and CSRF token) for the steps taken outside this page. */
async function apiSession(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body instanceof FormData || body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
    });
  return { call, json: async <T = any>(method: string, path: string, body?: unknown) => (await (await call(method, path, body)).json()) as T };
}

async function openCycle(page: Page): Promise<void> {
  await page.locator('.ant-menu-item', { hasText: '月度经办' }).click();
  await page.locator('.xnb-page-title', { hasText: '月度经办' }).waitFor();
  await page.getByTestId('cycle-table').waitFor();
}

const row = (page: Page, code: string) => page.getByTestId(`cycle-row-${code}`);

describe('one month through the board', () => {
  let server: E2eServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    at('2026-06-01');
    server = await startServer({ DEMO_RESIDENTS: '3000', XNB_TEST_CLOCK_FILE: clockFile });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(clockDir, { recursive: true, force: true });
  });

  it('a village on time, one late in red, the township, the county, finance and the bank', { timeout: 300_000 }, async () => {
    const clerkApi = await apiSession(server.base, 'clerk_shengcheng');
    const township = (await clerkApi.json('GET', `/api/cycle/${MONTH}`)).townships[0];
    const [first, second] = township.villages as { code: string; name: string }[];
    const admin = await apiSession(server.base, 'admin');
    expect((await admin.call('POST', '/api/users', { username: 'coord_second', displayName: '郑协办员', role: 'village_coordinator', regionCode: second!.code, password: DEMO_PASSWORD })).status).toBe(200);

    // ---- 2 June: 田家店村 submits, with the counts it hands on in the confirmation.
    at('2026-06-02');
    let { context, page } = await newPage(browser, errors);
    await signIn(page, server.base, 'coord_shengcheng');
    await openCycle(page);
    await poll(() => page.getByTestId('cycle-month').locator('input').inputValue()).toBe(MONTH);
    await poll(() => row(page, first!.code).innerText()).toContain('未报送');
    await page.getByTestId('cycle-submit').click();
    const confirm = page.locator('.ant-popconfirm');
    await poll(() => confirm.innerText()).toMatch(/报送 2026-06 本村月度经办：新参保申请 \d+ 件，变更 \d+ 件，死亡 \d+ 件，资格认证 \d+ 件/);
    await confirm.getByRole('button', { name: '确认报送' }).click();
    await poll(() => row(page, first!.code).innerText()).toMatch(/已报送[\s\S]*按时[\s\S]*2026-06-03[\s\S]*2026-06-02/);
    await poll(() => page.getByTestId('cycle-submit').innerText()).toBe('本月已报送');
    await page.screenshot({ path: join(SHOTS, 'cycle-village-submitted.png'), fullPage: true });
    await context.close();

    // ---- 4 June: the second village submits a day late.
    at('2026-06-04');
    ({ context, page } = await newPage(browser, errors));
    await signIn(page, server.base, 'coord_second');
    await openCycle(page);
    await page.getByTestId('cycle-submit').click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: '确认报送' }).click();
    await poll(() => row(page, second!.code).innerText()).toMatch(/已报送[\s\S]*逾期[\s\S]*2026-06-04/);
    await context.close();

    // ---- 4 June: the township office sees both, the late one in red, and submits (due the 5th).
    ({ context, page } = await newPage(browser, errors));
    await signIn(page, server.base, 'clerk_shengcheng');
    await openCycle(page);
    await poll(() => row(page, second!.code).getAttribute('class')).toContain('xnb-cycle-late');
    expect(await row(page, second!.code).getByTestId('timeliness-late').evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { color: string } }).getComputedStyle(e).color)).toMatch(/rgb\(2\d\d, \d{1,2}, \d{1,2}\)/);
    expect(await row(page, first!.code).getAttribute('class')).not.toContain('xnb-cycle-late');
    await page.screenshot({ path: join(SHOTS, 'cycle-township-late-village.png'), fullPage: true });
    await page.getByTestId('cycle-submit').click();
    const townshipConfirm = page.locator('.ant-popconfirm');
    await poll(() => townshipConfirm.innerText()).toMatch(new RegExp(`已报送 2/${township.villages.length} 个村`));
    await townshipConfirm.getByRole('button', { name: '确认报送' }).click();
    await poll(() => row(page, township.code).innerText()).toMatch(/已报送[\s\S]*按时/);
    await context.close();

    // ---- 8 June: the county generates and approves; 12 June the bureau allocates; 15 June the bank returns one failure.
    at('2026-06-08');
    const reviewer = await apiSession(server.base, 'reviewer');
    expect((await reviewer.call('POST', '/api/payroll', { month: MONTH })).status).toBe(202);
    await expect.poll(async () => (await reviewer.json('GET', `/api/payroll/${MONTH}`)).status, { timeout: 90_000 }).toBe('generated');
    const finance = await apiSession(server.base, 'finance');
    expect((await finance.call('POST', `/api/payroll/${MONTH}/approve`)).status).toBe(200);
    at('2026-06-12');
    const bureau = await apiSession(server.base, 'bureau');
    const allocation = await bureau.call('POST', '/api/fund/allocations', { month: MONTH, on: '2026-06-12' });
    expect(allocation.status, await allocation.clone().text()).toBe(200);
    at('2026-06-15');
    const bank = await apiSession(server.base, 'bank');
    const file = await (await bank.call('GET', `/api/payroll/${MONTH}/bank-file`)).text();
    const [id, , idNumber] = file.replace(/^\uFEFF/, '').split('\r\n')[1]!.split(',');
    const form = new FormData();
    form.append('file', new File([`付款编号,公民身份号码,失败原因\n${id},${idNumber!.replace(/\s/g, '')},账户已冻结\n`], 'return.csv', { type: 'text/csv' }));
    const settled = await bank.call('POST', `/api/payroll/${MONTH}/bank-return`, form);
    expect(settled.status, await settled.clone().text()).toBe(200);

    // ---- The director's board: every step, on time, the late village still red.
    ({ context, page } = await newPage(browser, errors));
    await signIn(page, server.base, 'director');
    await openCycle(page);
    const steps = page.getByTestId('cycle-steps');
    await poll(() => steps.innerText()).toMatch(/县级审核报财政[\s\S]*截止 2026-06-10[\s\S]*完成 2026-06-08[\s\S]*按时/);
    await poll(() => steps.innerText()).toMatch(/财政拨付银行[\s\S]*截止 2026-06-15[\s\S]*完成 2026-06-12[\s\S]*按时/);
    await poll(() => steps.innerText()).toMatch(/银行发放[\s\S]*截止 2026-06-15[\s\S]*完成 2026-06-15[\s\S]*回盘失败 1 笔[\s\S]*按时/);
    await page.locator(`[data-row-key="${township.code}"] .ant-table-row-expand-icon`).click();
    await poll(() => row(page, second!.code).getAttribute('class')).toContain('xnb-cycle-late');
    // Townships that never submitted are missing (past the 5th), in red.
    await poll(() => page.getByTestId('cycle-table').innerText()).toContain('逾期未报');
    await page.screenshot({ path: join(SHOTS, 'cycle-director-board.png'), fullPage: true });
    const summary = await page.request.get(`${server.base}/api/cycle/${MONTH}/summary.xlsx`);
    expect(summary.status()).toBe(200);
    expect(decodeURIComponent(summary.headers()['content-disposition'] ?? '')).toContain('截至2026-06-12');
    // The director only looks: no submit or reopen buttons.
    expect(await page.getByTestId('cycle-submit').count()).toBe(0);
    expect(await page.locator('[data-testid^="cycle-reopen-"]').count()).toBe(0);
    await context.close();
    expect(errors).toEqual([]);
  });
});
