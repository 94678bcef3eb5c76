// Village publicity (村级公示) in the browser: the township clerk posts this year's contributions list for every village
// of the township, opens one, records a villager's objection against a line, and prints the board's PDF; the village
// coordinator sees their own village's list.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, choose, modalOpened, newPage, REPO, SHOTS, signIn } from './support/e2e.js';

describe('village publicity in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('the clerk posts a list, records an objection and prints it', { timeout: 180_000 }, async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'clerk_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '村级公示' }).click();
    await page.locator('.xnb-page-title', { hasText: '村级公示' }).waitFor();
    await page.getByTestId('publicity-create').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '发布公示' });
    await modalOpened(dialog);
    await choose(page, dialog.getByTestId('publicity-kind'), '缴费公示');
    await dialog.getByTestId('publicity-create-ok').click();
    // The answer itself is awaited (and shown when it is an error): a lost message alone would say nothing of why.
    const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/publicity' && r.request().method() === 'POST');
    await page.getByTestId('publicity-create-confirm').click();
    const answer = await posted;
    expect(answer.status(), await answer.text()).toBe(201);
    await page.locator('.ant-message', { hasText: '已发布' }).waitFor();
    await page.getByTestId('publicity-open').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'publicity-list.png') });

    await page.getByTestId('publicity-open').first().click();
    const drawer = page.locator('.ant-drawer-open');
    await drawer.getByTestId('publicity-lines').locator('tbody tr').first().waitFor();
    const firstName = (await drawer.getByTestId('publicity-lines').locator('tbody tr').first().locator('td').nth(1).innerText()).trim();
    await drawer.getByTestId('publicity-object').first().click();
    const objection = page.locator('.ant-modal').filter({ hasText: '登记对' });
    await modalOpened(objection);
    await objection.getByTestId('objection-raised-by').fill('村民王某');
    await objection.getByTestId('objection-content').fill('反映缴费档次与收据不符');
    await objection.getByTestId('objection-ok').click();
    await drawer.getByTestId('publicity-objections').locator('tbody tr', { hasText: '村民王某' }).waitFor();
    await expect(drawer.getByTestId('publicity-objections').locator('tbody tr', { hasText: firstName }).count()).resolves.toBe(1);
    await page.screenshot({ path: join(SHOTS, 'publicity-drawer.png') });

    const href = await drawer.getByTestId('publicity-print').getAttribute('href');
    expect(href).toMatch(/^\/api\/publicity\/\d+\/board\.pdf$/);
    const pdf = await page.request.get(`${suite.server.base}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    mkdirSync(join(REPO, 'artifacts', 'issue11'), { recursive: true });
    writeFileSync(join(REPO, 'artifacts', 'issue11', 'e2e-board.pdf'), await pdf.body());
    await context.close();
    expect(suite.errors).toEqual([]);
  });

  it('the village coordinator reads their own village\'s list and cannot post one', { timeout: 60_000 }, async () => {
    const { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'coord_shengcheng');
    await page.goto(`${suite.server.base}/publicity`);
    await page.getByTestId('publicity-open').first().waitFor();
    const villages = await page.getByTestId('publicity-open').allInnerTexts();
    expect(new Set(villages).size).toBe(1);
    expect(await page.getByTestId('publicity-create').count()).toBe(0);
    await context.close();
  });
});
