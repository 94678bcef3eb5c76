// 管理指标 in the browser on the demo county: the director reads the indicators of the county, drills into a
// township and from a figure to its people (the count in the cell is the list's total), sees the definitions; the
// enrolment auditor sets a village's target; the weekly report shows this Friday against last Friday with the
// year's chart, and its PDF is printed; the township clerk sees only his township.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserSuite, modalOpened, newPage, SHOTS, signIn } from './support/e2e.js';

const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000 });

describe('管理指标', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('indicators with drill-down, targets, the weekly report and its PDF', { timeout: 300_000 }, async () => {
    let { context, page } = await newPage(suite.browser, suite.errors);
    await signIn(page, suite.server.base, 'director');
    // The director's dashboard ranks the townships by participation and links to this page.
    const ranking = page.getByTestId('home-ranking');
    await expect.poll(async () => ranking.locator('tbody tr').count()).toBe(14);
    await page.getByTestId('home-trends').locator('canvas').waitFor();
    await page.waitForTimeout(500); // chart animation
    await page.screenshot({ path: join(SHOTS, 'director-home-zh.png'), fullPage: true });
    await page.locator('.ant-menu-item', { hasText: '管理指标' }).click();
    await page.locator('.xnb-page-title', { hasText: '管理指标' }).waitFor();
    const table = page.getByTestId('indicator-table');
    await poll(() => table.locator('tbody tr').count()).toBeGreaterThan(2);
    await poll(() => table.innerText()).toContain('合计');
    await poll(() => page.getByTestId('indicator-definitions').innerText()).toContain('参保人数 = 缴费人员 + 领取待遇人数');
    await page.screenshot({ path: join(SHOTS, 'indicators-county.png'), fullPage: true });

    // Into the first township, then from its enrolled count to the people.
    const first = table.locator('a[data-testid^="indicator-open-"]').first();
    const townshipCode = ((await first.getAttribute('data-testid')) ?? '').replace('indicator-open-', '');
    await first.click();
    await poll(() => page.locator(`[data-testid="drill-enrolled-${townshipCode}"]`).count()).toBe(1);
    const cell = page.getByTestId(`drill-enrolled-${townshipCode}`);
    const enrolled = (await cell.innerText()).replace(/,/g, '');
    expect(Number(enrolled)).toBeGreaterThan(0);
    await cell.click();
    await poll(() => page.getByTestId('indicator-people-total').innerText()).toBe(`共 ${enrolled} 人`);
    await poll(() => page.locator('[data-testid="indicator-people"] tbody tr').count()).toBeGreaterThan(5);
    await page.screenshot({ path: join(SHOTS, 'indicators-people.png'), fullPage: false });
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('indicator-back').click();
    await poll(() => page.locator('a[data-testid^="indicator-open-"]').count()).toBeGreaterThan(1);

    // The weekly report and its chart.
    await page.getByTestId('indicator-tab-weekly').click();
    await poll(() => page.getByTestId('weekly-summary').innerText()).toMatch(/截至 \d{4}-\d{2}-\d{2} 参保 [\d,]+ 人，距任务还差 [\d,]+ 人|截至 \d{4}-\d{2}-\d{2} 参保 [\d,]+ 人，已完成任务/);
    await page.getByTestId('weekly-chart').locator('canvas').first().waitFor();
    await page.waitForTimeout(800); // the chart's animation
    await page.screenshot({ path: join(SHOTS, 'indicators-weekly.png'), fullPage: true });
    const pdf = await page.evaluate(async () => {
      const r = await fetch('/api/indicators/weekly.pdf');
      return { status: r.status, type: r.headers.get('content-type'), bytes: Array.from(new Uint8Array(await r.arrayBuffer())) };
    });
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'xnb-weekly-'));
    writeFileSync(join(dir, 'weekly.pdf'), Buffer.from(pdf.bytes));
    try {
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', join(dir, 'weekly.pdf'), join(SHOTS, 'indicators-weekly-pdf')]);
    } catch {
      /* poppler-utils missing: the PDF itself was checked above */
    }
    rmSync(dir, { recursive: true, force: true });
    await context.close();

    // The enrolment auditor sets a village's target.
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'auditor');
    await page.goto(`${suite.server.base}/indicators?tab=targets`);
    const targets = page.getByTestId('target-table');
    await poll(() => targets.locator('tbody tr').count()).toBeGreaterThan(2);
    await targets.locator('.ant-table-row-expand-icon').first().click();
    const set = targets.locator('a[data-testid^="target-set-"]').nth(1);
    const villageCode = ((await set.getAttribute('data-testid')) ?? '').replace('target-set-', '');
    await set.click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '年任务' });
    await modalOpened(dialog);
    await dialog.locator('input').nth(0).fill('123');
    await dialog.locator('input').nth(1).fill('12,000.00');
    await page.getByTestId('target-save').click();
    await poll(() => targets.locator(`[data-row-key="${villageCode}"]`).innerText()).toMatch(/123[\s\S]*12,000\.00/);
    await page.screenshot({ path: join(SHOTS, 'indicators-targets.png'), fullPage: true });
    await context.close();

    // The township clerk sees his township's villages only.
    ({ context, page } = await newPage(suite.browser, suite.errors));
    await signIn(page, suite.server.base, 'clerk_tianliu');
    await page.locator('.ant-menu-item', { hasText: '管理指标' }).click();
    await poll(() => page.getByTestId('indicator-table').innerText()).toContain('合计');
    const codes = await page.locator('[data-testid^="drill-enrolled-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('drill-enrolled-', '')));
    expect(codes.length).toBeGreaterThan(1);
    expect(codes.every((c) => c.startsWith('370783106'))).toBe(true);
    await context.close();
    expect(suite.errors).toEqual([]);
    expect(existsSync(join(SHOTS, 'indicators-weekly.png'))).toBe(true);
  });
});
