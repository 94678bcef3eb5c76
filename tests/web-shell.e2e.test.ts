// Browser test of the web shell against the real server (fresh data dir, demo county 寿光市 370783).
// Starts `tsx src/cli.ts serve` as a child process, drives Chromium with playwright-core,
// and saves screenshots to artifacts/screenshots/.
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { confirmPopconfirm, launchBrowser, newPage as openPage, SHOTS as shots, startServer, type E2eServer } from './support/e2e.js';

const PASSWORD = 'Demo@2024';
const TOWNSHIP = '370783001000'; // 圣城街道
const CLERK = 'clerk_shengcheng';

interface RegionNode {
  code: string;
  name: string;
  level: 'county' | 'township' | 'village';
  children?: RegionNode[];
}

/** Signs in through the API (not the UI) and returns the region tree the user sees. */
async function apiTree(base: string, username: string): Promise<RegionNode> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(login.status, `API login as ${username}`).toBe(200);
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? ''])
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(`${base}/api/regions/tree`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { root: RegionNode }).root;
}

async function login(page: Page, base: string, username: string, shot?: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  if (shot) await page.screenshot({ path: join(shots, shot) });
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
}

describe('web shell', () => {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  let base = '';
  const pageErrors: string[] = [];
  /** Anything the Content-Security-Policy refused, on any page of this file. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    server = await startServer({ DEMO_RESIDENTS: '3000' });
    base = server.base;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await openPage(browser!, pageErrors);
    opened.page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    return opened;
  }

  it('township clerk sees only their own villages, in Chinese then English', async () => {
    const county = await apiTree(base, 'admin');
    const township = county.children?.find((t) => t.code === TOWNSHIP);
    expect(township, 'demo county has 圣城街道').toBeTruthy();
    const ownVillages = new Set((township!.children ?? []).map((v) => v.code));
    const otherVillages = (county.children ?? []).filter((t) => t.code !== TOWNSHIP).flatMap((t) => t.children ?? []);
    expect(ownVillages.size).toBeGreaterThan(0);
    expect(otherVillages.length).toBeGreaterThan(0);

    const { context, page } = await newPage();
    await login(page, base, CLERK, 'login-zh.png');
    await expect.poll(() => page.getByTestId('home-stats').isVisible()).toBe(true);
    await page.getByTestId('home-region').getByText(TOWNSHIP).waitFor();
    // The 12-month trend and this month's cycle for the township (the demo's villages have submitted or not).
    await page.getByTestId('home-trends').locator('canvas').waitFor();
    await expect.poll(() => page.getByTestId('home-cycle').textContent()).toContain('村逾期未报');
    await page.waitForTimeout(600); // chart animation
    await page.screenshot({ path: join(shots, 'clerk-home-zh.png'), fullPage: true });

    // Only the menu entries the township clerk's permissions allow.
    const menu = page.locator('.xnb-menu');
    await expect.poll(() => menu.locator('.ant-menu-item').allInnerTexts()).toEqual(['首页', '区划', '参保登记', '缴费征收', '待遇核定', '资格认证', '死亡结算', '村级公示', '月度经办', '管理指标', '待遇发放', '数据比对', '居民档案', '档案管理']);

    await menu.getByText('区划').click();
    await page.waitForURL(/\/regions$/);
    const tree = page.getByTestId('region-tree');
    await tree.locator(`[data-code="${TOWNSHIP}"]`).waitFor();
    await tree.locator('[data-level="village"]').first().waitFor();
    const shown = await tree.locator('[data-code]').evaluateAll((els) => els.map((e) => ({ code: e.getAttribute('data-code'), level: e.getAttribute('data-level') })));
    const shownVillages = shown.filter((n) => n.level === 'village').map((n) => n.code);
    expect(new Set(shownVillages)).toEqual(ownVillages);
    expect(shown.filter((n) => n.level !== 'village').map((n) => n.code)).toEqual([TOWNSHIP]);
    const treeText = await tree.innerText();
    for (const v of otherVillages.slice(0, 50)) expect(treeText).not.toContain(v.code);
    expect(treeText).not.toContain('370783000000');
    await page.getByTestId('region-detail').getByText(TOWNSHIP).waitFor();
    await page.screenshot({ path: join(shots, 'clerk-regions-zh.png'), fullPage: true });

    // Picking a village shows its details.
    const firstVillage = [...ownVillages][0]!;
    await tree.locator(`[data-code="${firstVillage}"]`).click();
    await page.getByTestId('region-detail').getByText(firstVillage).waitFor();

    // English, and it is remembered across a reload.
    await page.getByTestId('lang-switch').click();
    await menu.getByText('Regions').waitFor();
    await page.getByText('Region details').waitFor();
    await expect.poll(() => page.getByTestId('current-user').innerText()).toContain('Township clerk');
    await page.screenshot({ path: join(shots, 'clerk-regions-en.png'), fullPage: true });
    await page.reload();
    await menu.getByText('Regions').waitFor();
    await page.getByText('Administrative regions').waitFor();

    // Residents list is limited to the township too (ID numbers masked).
    await menu.getByText('Residents').click();
    await page.locator('.ant-table-row').first().waitFor();
    const ids = await page.locator('.ant-table-row td:nth-child(2)').allInnerTexts();
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    await page.screenshot({ path: join(shots, 'clerk-residents-en.png') });

    // Sign out (a state-changing request carrying the CSRF token) goes back to the login page.
    await page.getByTestId('logout').click();
    await confirmPopconfirm(page);
    await page.waitForURL(/\/login/);
    await page.getByTestId('login-submit').waitFor();
    await context.close();
  });

  it('a wrong password shows the server message; admin pages render', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/login`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('wrong-password-1');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').getByText('用户名或密码错误').waitFor();

    await login(page, base, 'admin');
    const menu = page.locator('.xnb-menu');
    await menu.getByText('用户管理').click();
    await page.locator('.ant-table-row').first().waitFor();
    await page.screenshot({ path: join(shots, 'admin-users-zh.png') });
    // Create a user whose username is taken: the server's message appears under the field it names.
    await page.getByTestId('user-create').click();
    const form = page.getByTestId('user-form');
    await form.waitFor();
    await form.locator('#username').fill('admin');
    await form.locator('#displayName').fill('测试用户');
    await form.locator('#role').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '乡镇社保所经办员' }).click();
    await form.locator('#regionCode').click();
    await page.locator('.ant-select-tree-node-content-wrapper').filter({ hasText: '圣城街道' }).click();
    await form.locator('#password').fill('Qingzhou-Road-58');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await form.locator('.ant-form-item-explain-error').getByText('admin').waitFor();
    await page.screenshot({ path: join(shots, 'admin-user-form-zh.png') });
    await page.locator('.ant-modal-footer .ant-btn').first().click();
    await menu.getByText('区划').click();
    await page.getByTestId('region-import').waitFor();
    await page.screenshot({ path: join(shots, 'admin-regions-zh.png') });
    // A file with 250 bad rows: the first 200 are listed, and the dialog says how many there are.
    const badRows = Array.from({ length: 250 }, (_, i) => `3707831${String(i).padStart(4, '0')},坏代码`);
    await page
      .getByTestId('region-import')
      .locator('input[type=file]')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`区划代码,名称\r\n${badRows.join('\r\n')}\r\n`) });
    await page.getByTestId('import-more-errors').getByText('共 250 处错误，下表列出前 200 处', { exact: false }).waitFor();
    await context.close();

    const director = await newPage();
    await login(director.page, base, 'director');
    await director.page.locator('.xnb-menu').getByText('审计日志').click();
    await director.page.locator('.ant-table-row').first().waitFor();
    // user.create rows carry an `after` snapshot: expand one to see the JSON. The demo's fund history
    // (sweeps since 2009) fills the first pages, so filter by the action first.
    // The action is chosen by its words.
    await director.page.getByTestId('audit-filter-action').click();
    await director.page.keyboard.type('新增用户');
    await director.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '新增用户' }).first().click();
    await director.page.locator('.xnb-filter button[type="submit"]').click();
    await director.page.locator('.ant-table-row', { hasText: '新增用户' }).first().locator('.ant-table-row-expand-icon').click();
    await director.page.getByTestId('audit-diff').getByText('"username"').first().waitFor();
    await director.page.screenshot({ path: join(shots, 'director-audit-zh.png') });
    await director.page.getByTestId('audit-verify').click();
    await director.page.getByTestId('audit-verify-result').getByText('日志链完整').waitFor();
    await director.page.waitForTimeout(400); // dialog animation
    await director.page.screenshot({ path: join(shots, 'director-audit-verify-zh.png') });
    await director.context.close();

    expect(pageErrors).toEqual([]);
  });

  it('a user changes their own password from the user menu; their other session ends', async () => {
    const other = await newPage();
    await login(other.page, base, 'archivist');
    const { context, page } = await newPage();
    await login(page, base, 'archivist');
    const form = page.getByTestId('own-password-form');
    // On a busy machine the user menu's opening animation can swallow the click on its item: open it again until
    // the form shows (a second click on the user's name while the menu is open closes it; the next turn opens it).
    await vi.waitFor(async () => {
      if (!(await form.isVisible())) {
        await page.getByTestId('current-user').click();
        await page.getByTestId('menu-change-password').click({ timeout: 5_000 });
      }
      await form.waitFor({ timeout: 5_000 });
    }, { timeout: 60_000, interval: 200 });
    await form.getByTestId('own-password-current').fill(PASSWORD);
    await form.getByTestId('own-password-new').fill('password1');
    await form.getByTestId('own-password-confirm').fill('password1');
    await page.getByTestId('own-password-ok').click();
    await form.locator('.ant-form-item-explain-error').getByText('密码过于常见').waitFor();
    await page.screenshot({ path: join(shots, 'own-password-refused-zh.png') });
    await form.getByTestId('own-password-new').fill('Shouguang-Veg-2031');
    await form.getByTestId('own-password-confirm').fill('Shouguang-Veg-2031');
    await page.getByTestId('own-password-ok').click();
    await page.getByText('密码已修改').waitFor();
    await form.waitFor({ state: 'detached' });
    // Still signed in here; the other browser is sent to the login page on its next request.
    await page.locator('.xnb-menu').getByText('首页').click();
    await page.getByTestId('current-user').waitFor();
    await other.page.reload();
    await other.page.waitForURL(/\/login/);
    await other.context.close();
    await context.close();
    const again = await newPage();
    await login(again.page, base, 'archivist', undefined, 'Shouguang-Veg-2031');
    await again.context.close();
    expect(pageErrors).toEqual([]);
  });

  it('the Content-Security-Policy refused nothing the app needed', () => {
    expect(cspViolations).toEqual([]);
  });
});
