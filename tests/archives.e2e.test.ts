// Archives (档案管理) in the browser on the demo county: the archivist finds a record in the catalogue, uploads a scan,
// lends it and sees the register with the demo's overdue loan in red; a second lending of the same record is refused;
// the township clerk sees their township's records only and no archivist's buttons.
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, modalOpened, newPage, SHOTS, signIn, startServer, type E2eServer } from './support/e2e.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc00000000301010018dd8db40000000049454e44ae426082', 'hex');

describe('archives in the browser', () => {
  let server: E2eServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    server = await startServer({ DEMO_RESIDENTS: '3000' });
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the archivist searches the catalogue, uploads a scan, lends a record and keeps the register', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(browser, errors);
    await signIn(page, server.base, 'archivist');
    await page.locator('.ant-menu-item', { hasText: '档案管理' }).click();
    await page.locator('.xnb-page-title', { hasText: '档案管理' }).waitFor();
    await page.getByTestId('archive-open').first().waitFor();
    const summary = await page.getByTestId('archive-summary').innerText();
    expect(summary).toMatch(/共 \d+ 件：参保登记 \d+，待遇核定 \d+/);
    await page.screenshot({ path: join(SHOTS, 'archives-catalogue.png') });

    // The death records: one of them is the demo's overdue loan, shown in red on the list.
    await page.getByTestId('archive-category').click();
    await page.locator('.ant-select-item-option', { hasText: '死亡' }).click();
    await page.locator('.xnb-archive-overdue').first().waitFor();
    expect(await page.locator('.xnb-archive-overdue').count()).toBe(1);

    // An award record: upload a scan, lend it.
    await page.getByTestId('archive-category').click();
    await page.locator('.ant-select-item-option', { hasText: '待遇核定' }).click();
    await expect.poll(() => page.locator('.xnb-archive-overdue').count()).toBe(0);
    const free = page.locator('tr', { has: page.getByText('在库') }).getByTestId('archive-open').first();
    const fileNo = (await free.innerText()).trim();
    expect(fileNo).toMatch(/^370783-\d{4}-DY-\d{6}$/);
    await free.click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByTestId('archive-drawer').waitFor();
    const chooser = page.waitForEvent('filechooser');
    await drawer.getByTestId('archive-upload').click();
    await (await chooser).setFiles({ name: '待遇核定表.png', mimeType: 'image/png', buffer: PNG });
    await drawer.getByTestId('archive-document').filter({ hasText: '待遇核定表.png' }).waitFor();
    await drawer.getByTestId('archive-lend').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '借出登记' });
    await modalOpened(dialog);
    await dialog.getByTestId('lend-borrower').fill('王会计');
    await dialog.getByTestId('lend-purpose').fill('核对待遇核定表');
    await dialog.getByTestId('archive-lend-ok').click();
    await page.locator('.ant-message', { hasText: `已登记借出 ${fileNo}` }).waitFor();
    await drawer.locator('td', { hasText: '王会计' }).first().waitFor();
    expect(await drawer.getByTestId('archive-lend').isDisabled()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'archives-drawer.png') });
    // The scan downloads with the bytes uploaded.
    const href = await drawer.getByTestId('archive-document').first().getAttribute('href');
    const down = await page.request.get(`${server.base}${href}`);
    expect(down.headers()['content-type']).toBe('image/png');
    expect(Buffer.from(await down.body()).equals(PNG)).toBe(true);
    // The same record lent again through the API is refused.
    const csrf = await page.evaluate(async () => ((await (await fetch('/api/auth/me')).json()) as { csrfToken: string }).csrfToken);
    const recordId = Number(/\/api\/archives\/(\d+)\//.exec(href!)![1]);
    const again = await page.request.post(`${server.base}/api/archives/loans`, { headers: { 'x-csrf-token': csrf }, data: { recordId, borrower: '另一人', purpose: '查阅', dueOn: '2099-01-01' } });
    expect(again.status()).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('ARCHIVE_ON_LOAN');
    await page.keyboard.press('Escape');

    // The register: five loans (the demo's four and this one), two out on time, one overdue in red.
    await page.getByTestId('tab-loans').click();
    await expect.poll(async () => (await page.getByTestId('loan-summary').innerText()).replace(/\s+/g, '')).toContain('共5次借阅；借出未还3件，其中逾期1件');
    await page.getByTestId('loan-overdue').first().waitFor();
    expect(await page.getByTestId('loan-overdue').count()).toBe(1);
    expect(await page.getByTestId('loan-overdue').evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color)).toBe('rgb(207, 19, 34)');
    await page.screenshot({ path: join(SHOTS, 'archives-loans.png') });
    await context.close();
    expect(errors).toEqual([]);
  });

  it('the township clerk sees their township only and cannot lend or upload', { timeout: 90_000 }, async () => {
    const { context, page } = await newPage(browser, errors);
    await signIn(page, server.base, 'clerk_shengcheng');
    await page.goto(`${server.base}/archives`);
    await page.getByTestId('archive-open').first().waitFor();
    const fileNos = await page.getByTestId('archive-open').allInnerTexts();
    expect(fileNos.every((f) => !f.includes('-FF-'))).toBe(true);
    await page.getByTestId('archive-open').first().click();
    await page.locator('.ant-drawer-open').getByTestId('archive-drawer').waitFor();
    expect(await page.getByTestId('archive-lend').count()).toBe(0);
    expect(await page.getByTestId('archive-upload').count()).toBe(0);
    await page.keyboard.press('Escape');
    // 居民档案 → the person's records (一人一档): the count on the record equals the records listed.
    const first = ((await (await page.request.get(`${server.base}/api/archives?category=award&pageSize=1`)).json()) as { items: { name: string; idNumberMasked: string }[] }).items[0]!;
    await page.goto(`${server.base}/residents`);
    await page.getByTestId('residents-q').locator('input').fill(first.name);
    await page.getByTestId('residents-q').locator('input').press('Enter');
    await page.locator('tr', { hasText: first.idNumberMasked }).getByTestId('resident-open').click();
    const link = page.getByTestId('resident-archives');
    await link.waitFor();
    const count = Number(/(\d+)/.exec(await link.innerText())![1]);
    expect(count).toBeGreaterThan(0);
    await link.click();
    await page.getByTestId('archive-person-filter').waitFor();
    await expect.poll(() => page.getByTestId('archive-open').count()).toBe(count);
    // In English: the titles worded from the record's kind.
    await page.getByTestId('lang-switch').click();
    await page.locator('.xnb-page-title', { hasText: 'Archives' }).waitFor();
    await expect.poll(async () => (await page.getByTestId('archive-summary').innerText()).replace(/\s+/g, ' ')).toMatch(/records: enrolment \d+, award \d+/);
    await page.getByText(/^(Enrolment|Pension award|Death and settlement|Pension suspended): /).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'archives-en.png') });
    await context.close();
    expect(errors).toEqual([]);
  });
});
