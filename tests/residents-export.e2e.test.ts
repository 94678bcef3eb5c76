// The residents page exports its list to Excel: masked for everyone; the county director also gets 导出（完整身份证号码）
// beside the button, which a township clerk does not see.
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, newPage, signIn } from './support/e2e.js';

/** The ID number cells of a downloaded 居民档案 file. */
async function idNumbers(page: Page, click: () => Promise<void>): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  expect(download.suggestedFilename()).toBe('居民档案.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const sheet = book.getWorksheet('居民档案')!;
  const cells: string[] = [];
  sheet.eachRow((row, n) => {
    const v = row.getCell(5).value;
    if (n > 1 && v) cells.push(String(v));
  });
  return cells;
}

describe('the residents export in the browser', () => {
  const suite = browserSuite({ DEMO_RESIDENTS: '3000' });

  it('gives the director masked and full ID numbers, the clerk masked only', { timeout: 150_000 }, async () => {
    const director = await newPage(suite.browser, suite.errors);
    let page = director.page;
    await signIn(page, suite.server.base, 'director');
    await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    const masked = await idNumbers(page, () => page.getByTestId('residents-export').click());
    expect(masked.length).toBeGreaterThan(100);
    expect(masked.every((c) => /^\d{6}\*{8}\d{3}[\dX]$/.test(c))).toBe(true);
    await page.getByText('已下载 居民档案.xlsx').first().waitFor();
    await page.getByTestId('residents-export-more').click();
    const full = await idNumbers(page, () => page.getByTestId('residents-export-full').click());
    expect(full).toHaveLength(masked.length);
    expect(full.every((c) => /^\d{17}[\dX]$/.test(c))).toBe(true);
    await director.context.close();

    const clerk = await newPage(suite.browser, suite.errors);
    page = clerk.page;
    await signIn(page, suite.server.base, 'clerk_shengcheng');
    await page.locator('.ant-menu-item', { hasText: '居民档案' }).click();
    await page.getByTestId('residents-export').waitFor();
    expect(await page.getByTestId('residents-export-more').count()).toBe(0);
    const own = await idNumbers(page, () => page.getByTestId('residents-export').click());
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(masked.length);
    await clerk.context.close();
    expect(suite.errors).toEqual([]);
  });
});
